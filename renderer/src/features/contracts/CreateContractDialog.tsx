import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  Alert,
  Button,
  Group,
  Loader,
  Modal,
  NativeSelect,
  SegmentedControl,
  Select,
  Stack,
  TextInput,
} from '@mantine/core';
import { call, CoreError } from '../../lib/api';
import { useContractErrorText } from './contract-errors';
import { today } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { MissingList } from './MissingList';
import { DateField, dateFieldError } from '../../components/DateField';
import { GroupContractsForm } from './GroupContractsForm';

/** The end of the school year the term starts in: 31 May. */
function schoolYearEnd(from: string): string {
  const year = Number(from.slice(0, 4)) + (Number(from.slice(5, 7)) >= 6 ? 1 : 0);
  return `${year}-05-31`;
}

export interface CreatedContract {
  id: string;
  number: string;
  missing: string[];
}

/**
 * A draft from an enrolled child and one of their representatives; the core fills in the rest
 * from the personal file and lists what is still missing before it can be printed.
 */
export function CreateContractDialog({
  opened,
  onClose,
  onPreview,
}: {
  opened: boolean;
  onClose: () => void;
  onPreview: (contract: { id: string; number: string }) => void;
}) {
  const { t } = useTranslation();
  const errorText = useContractErrorText();
  const queryClient = useQueryClient();
  const [childId, setChildId] = useState<string | null>(null);
  const [representativeId, setRepresentativeId] = useState('');
  const [termFrom, setTermFrom] = useState(today());
  const [termUntil, setTermUntil] = useState(schoolYearEnd(today()));
  const [payerBank, setPayerBank] = useState('');
  const [payerIban, setPayerIban] = useState('');
  const [invalid, setInvalid] = useState<string[]>([]);
  // After the first try, what is wrong with a date shows on it as it is typed.
  const [tried, setTried] = useState(false);
  const termFromError = tried ? dateFieldError(termFrom) : null;
  const termUntilError = tried ? dateFieldError(termUntil) : null;
  const [failure, setFailure] = useState<string | null>(null);
  const [saving, setSaving] = useState(false);
  const [created, setCreated] = useState<CreatedContract | null>(null);
  const [mode, setMode] = useState<'one' | 'group'>('one');

  const enrolled = useQuery({
    queryKey: ['children', 'enrolled'],
    queryFn: () => call('children.list', { status: 'enrolled', limit: 500 }),
    enabled: opened,
  });
  const file = useQuery({
    queryKey: ['contractChildFile', childId],
    queryFn: () => call('children.get', { childId: childId! }),
    enabled: opened && !!childId,
  });
  const representatives = file.data?.representatives ?? [];

  const close = () => {
    setChildId(null);
    setRepresentativeId('');
    setCreated(null);
    setFailure(null);
    setInvalid([]);
    setTried(false);
    setPayerBank('');
    setPayerIban('');
    onClose();
  };

  const chooseChild = (id: string | null) => {
    setChildId(id);
    setRepresentativeId('');
  };
  // Pre-select the primary representative once the file has loaded.
  const primary = representatives.find((rep) => rep.isPrimary) ?? representatives[0];
  const chosenRepresentative = representativeId || primary?.id || '';

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    if (!childId || !chosenRepresentative) return;
    setFailure(null);
    setInvalid([]);
    setTried(true);
    if (dateFieldError(termFrom) || dateFieldError(termUntil)) return;
    setSaving(true);
    try {
      const result = await call('contracts.create', {
        childId,
        representativeId: chosenRepresentative,
        termFrom,
        termUntil,
        payerBank: payerBank.trim() || null,
        payerIban: payerIban.trim() || null,
      });
      setCreated(result);
      await queryClient.invalidateQueries({ queryKey: ['contracts'] });
    } catch (error) {
      if (error instanceof CoreError && error.code === 'invalidInput')
        setInvalid(([] as string[]).concat((error.params.fields as string[]) ?? []));
      setFailure(errorText(error));
    } finally {
      setSaving(false);
    }
  };

  const termFields = (
    <Group grow>
      <DateField
        label={t('contracts.termFrom')}
        value={termFrom}
        required
        error={
          termFromError ? t(termFromError) : invalid.includes('termFrom') && t('validation.date')
        }
        onChange={(value) => {
          setTermFrom(value);
          // A whole date moves the end to the end of its school year.
          if (!dateFieldError(value)) setTermUntil(schoolYearEnd(value));
        }}
      />
      <DateField
        label={t('contracts.termUntil')}
        value={termUntil}
        required
        error={
          termUntilError
            ? t(termUntilError)
            : invalid.includes('termUntil') && t('contracts.termUntilBeforeFrom')
        }
        onChange={setTermUntil}
      />
    </Group>
  );

  return (
    <Modal opened={opened} onClose={close} title={t('contracts.create')} size="lg">
      {!created && (
        <SegmentedControl
          mb="md"
          fullWidth
          value={mode}
          onChange={(value) => setMode(value as 'one' | 'group')}
          data={[
            { value: 'one', label: t('contracts.forGroup.modeOne') },
            { value: 'group', label: t('contracts.forGroup.modeGroup') },
          ]}
        />
      )}
      {mode === 'group' && !created ? (
        <GroupContractsForm
          termFrom={termFrom}
          termUntil={termUntil}
          dates={termFields}
          onTried={() => setTried(true)}
          onClose={close}
        />
      ) : created ? (
        <Stack>
          <Alert color="green">{t('contracts.created', { number: created.number })}</Alert>
          <MissingList fields={created.missing} />
          <Group justify="flex-end">
            <Button variant="default" onClick={close}>
              {t('contracts.close')}
            </Button>
            <Button
              disabled={created.missing.length > 0}
              onClick={() => {
                onPreview(created);
                close();
              }}
            >
              {t('contracts.preview')}
            </Button>
          </Group>
        </Stack>
      ) : (
        <form onSubmit={submit} noValidate>
          <Stack>
            {failure && (
              <Alert color="red" role="alert">
                {failure}
              </Alert>
            )}
            <Select
              label={t('contracts.childLabel')}
              placeholder={t('contracts.childPlaceholder')}
              data-autofocus
              searchable
              clearable
              nothingFoundMessage={t('contracts.empty')}
              value={childId}
              onChange={chooseChild}
              data={(enrolled.data?.rows ?? []).map((child) => ({
                value: child.id,
                label: `${fullName(child)} · ${child.iin}`,
              }))}
            />
            {file.error && <Alert color="red">{errorText(file.error)}</Alert>}
            {childId && file.data && representatives.length === 0 && (
              <Alert color="orange">{t('contracts.noRepresentatives')}</Alert>
            )}
            {representatives.length > 0 && (
              <NativeSelect
                label={t('contracts.representative')}
                value={chosenRepresentative}
                onChange={(event) => setRepresentativeId(event.currentTarget.value)}
                data={representatives.map((rep) => ({
                  value: rep.id,
                  label: [
                    fullName(rep),
                    `(${t(`contracts.relations.${rep.relation}`)}${rep.isPrimary ? `, ${t('contracts.primary')}` : ''})`,
                  ].join(' '),
                }))}
              />
            )}
            {termFields}
            <Group grow>
              <TextInput
                label={t('contracts.payerBank')}
                value={payerBank}
                onChange={(event) => setPayerBank(event.currentTarget.value)}
              />
              <TextInput
                label={t('contracts.payerIban')}
                value={payerIban}
                error={invalid.includes('payerIban') ? t('contracts.payerIbanInvalid') : undefined}
                onChange={(event) => setPayerIban(event.currentTarget.value)}
              />
            </Group>
            {file.isFetching && <Loader size="sm" />}
            <Group justify="flex-end">
              <Button variant="default" onClick={close}>
                {t('contracts.cancel')}
              </Button>
              <Button type="submit" loading={saving} disabled={!childId || !chosenRepresentative}>
                {t('contracts.create')}
              </Button>
            </Group>
          </Stack>
        </form>
      )}
    </Modal>
  );
}
