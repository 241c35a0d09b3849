import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Checkbox,
  Group,
  List,
  Loader,
  NativeSelect,
  ScrollArea,
  Stack,
  Text,
} from '@mantine/core';
import { call } from '../../lib/api';
import { fullName } from '../../lib/names';
import { dateFieldError } from '../../components/DateField';
import { useContractErrorText } from './contract-errors';
import { useContractFieldName } from './MissingList';
import { useSaveContractsPdf } from './save-pdf';
import type { MethodOutput } from '../../../../electron/core/api';

type Result = MethodOutput<'contracts.createForGroup'>;

/**
 * Drafts for a group's enrolled children in one action: every child is ticked, any can be
 * unticked. The result names the children whose data is incomplete, with what is missing, and
 * those skipped because they already have a contract for the term.
 */
export function GroupContractsForm({
  termFrom,
  termUntil,
  dates,
  onTried,
  onClose,
}: {
  termFrom: string;
  termUntil: string;
  /** The term's two date fields, shared with the one-child form. */
  dates: React.ReactNode;
  /** After the first try, what is wrong with a date shows on it. */
  onTried: () => void;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const fieldName = useContractFieldName();
  const savePdf = useSaveContractsPdf();
  const queryClient = useQueryClient();
  const [groupId, setGroupId] = useState('');
  const [unticked, setUnticked] = useState<Set<string>>(new Set());
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [result, setResult] = useState<Result | null>(null);

  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const members = useQuery({
    queryKey: ['children', 'enrolled', groupId],
    queryFn: () => call('children.list', { groupId, status: 'enrolled', limit: 500 }),
    enabled: !!groupId,
  });
  const rows = members.data?.rows ?? [];
  const chosen = rows.filter((child) => !unticked.has(child.id)).map((child) => child.id);
  const toggle = (id: string) =>
    setUnticked((previous) => {
      const next = new Set(previous);
      if (!next.delete(id)) next.add(id);
      return next;
    });

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    onTried();
    if (!chosen.length || dateFieldError(termFrom) || dateFieldError(termUntil)) return;
    setFailure(null);
    setSaving(true);
    try {
      setResult(await call('contracts.createForGroup', { childIds: chosen, termFrom, termUntil }));
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  if (result)
    return (
      <Stack data-testid="group-result">
        <Alert color={result.created.length ? 'green' : 'gray'} data-testid="group-created">
          {result.created.length
            ? t('contracts.forGroup.resultCreated', { count: result.created.length })
            : t('contracts.forGroup.resultNone')}
          {result.created.length > 0 && (
            <List size="sm" mt={4}>
              {result.created.map((c) => (
                <List.Item key={c.id}>{`№ ${c.number} — ${c.name}`}</List.Item>
              ))}
            </List>
          )}
        </Alert>
        {result.incomplete.length > 0 && (
          <Alert
            color="orange"
            title={t('contracts.forGroup.incompleteTitle', { count: result.incomplete.length })}
            data-testid="group-incomplete"
          >
            <Stack gap={4}>
              <List size="sm">
                {result.incomplete.map((c) => (
                  <List.Item key={c.childId} data-child={c.childId}>
                    <Text size="sm" fw={600} span>
                      {c.name}
                    </Text>
                    {': '}
                    {c.missing.map(fieldName).join('; ')}
                  </List.Item>
                ))}
              </List>
              <Text size="sm">{t('contracts.forGroup.incompleteHint')}</Text>
            </Stack>
          </Alert>
        )}
        {result.skipped.length > 0 && (
          <Alert
            color="gray"
            title={t('contracts.forGroup.skippedTitle', { count: result.skipped.length })}
            data-testid="group-skipped"
          >
            <List size="sm">
              {result.skipped.map((c) => (
                <List.Item key={c.childId}>
                  {`${c.name} — ${
                    c.reason === 'hasContract'
                      ? t('contracts.forGroup.hasContract', { number: c.number })
                      : t('contracts.forGroup.notEnrolled')
                  }`}
                </List.Item>
              ))}
            </List>
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('contracts.close')}
          </Button>
          {result.created.length > 0 && (
            <Button onClick={() => void savePdf(result.created.map((c) => c.id))}>
              {t('contracts.forGroup.saveCreatedPdf')}
            </Button>
          )}
        </Group>
      </Stack>
    );

  return (
    <form onSubmit={submit} noValidate>
      <Stack>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <NativeSelect
          label={t('contracts.forGroup.groupLabel')}
          value={groupId}
          data-autofocus
          onChange={(event) => {
            setGroupId(event.currentTarget.value);
            setUnticked(new Set());
          }}
          data={[
            { value: '', label: t('contracts.forGroup.groupPlaceholder'), disabled: true },
            ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
          ]}
        />
        {groupId && members.isFetching && <Loader size="sm" />}
        {groupId && members.data && rows.length === 0 && (
          <Alert color="gray">{t('contracts.forGroup.noChildren')}</Alert>
        )}
        {rows.length > 0 && (
          <Stack gap={4}>
            <Checkbox
              label={t('contracts.forGroup.selectAll')}
              checked={chosen.length === rows.length}
              indeterminate={chosen.length > 0 && chosen.length < rows.length}
              onChange={() =>
                setUnticked(
                  chosen.length === rows.length ? new Set(rows.map((c) => c.id)) : new Set(),
                )
              }
            />
            <ScrollArea.Autosize mah={220} type="auto">
              <Stack
                gap={6}
                pl="md"
                data-testid="group-children"
                aria-label={t('contracts.forGroup.children')}
              >
                {rows.map((child) => (
                  <Checkbox
                    key={child.id}
                    label={fullName(child)}
                    checked={!unticked.has(child.id)}
                    onChange={() => toggle(child.id)}
                  />
                ))}
              </Stack>
            </ScrollArea.Autosize>
          </Stack>
        )}
        {dates}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose}>
            {t('contracts.cancel')}
          </Button>
          <Button type="submit" loading={saving} disabled={!chosen.length}>
            {t('contracts.forGroup.createDrafts', { count: chosen.length })}
          </Button>
        </Group>
      </Stack>
    </form>
  );
}
