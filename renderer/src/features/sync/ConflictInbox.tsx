import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Card, Group, SimpleGrid, Stack, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/dates';
import { ConfirmChanges } from '../../components/ConfirmChanges';
import { SYNC_KEYS } from './useSyncStatus';
import type { MethodOutput } from '../../../../electron/core/api';

type Conflict = MethodOutput<'conflicts.list'>[number];

/** A field's name in the UI language: the children's form labels where they exist. */
function useFieldLabel() {
  const { t, i18n } = useTranslation();
  return (entity: string, field: string) => {
    const candidates =
      entity === 'representative'
        ? [`child.rep.${field}`, `child.fields.${field}`]
        : [`child.fields.${field}`, `child.rep.${field}`, `child.${field}`];
    candidates.push(`conflicts.fields.${field}`);
    const key = candidates.find((k) => i18n.exists(k) && typeof t(k) === 'string');
    return key ? t(key) : t('conflicts.fields.other', { field });
  };
}

/** A synced value as people read it: group names, statuses, dates; empty as a dash. */
function useValueText() {
  const { t, i18n } = useTranslation();
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  return (field: string, value: unknown): string => {
    if (value === null || value === undefined || value === '') return t('conflicts.empty');
    if (field === 'groupId' && typeof value === 'string')
      return groups.data?.find((g) => g.id === value)?.name ?? t('conflicts.otherGroup');
    if (field === 'status' && typeof value === 'string') {
      for (const key of [`children.statuses.${value}`, `referrals.statuses.${value}`])
        if (i18n.exists(key)) return t(key);
    }
    if (field === 'sex' && typeof value === 'string' && i18n.exists(`child.sex.${value}`))
      return t(`child.sex.${value}`);
    if (typeof value === 'boolean') return t(value ? 'conflicts.yes' : 'conflicts.no');
    if (typeof value === 'string' || typeof value === 'number') return String(value);
    return JSON.stringify(value);
  };
}

function ConflictCard({ conflict, canResolve }: { conflict: Conflict; canResolve: boolean }) {
  const { t, i18n } = useTranslation();
  const queryClient = useQueryClient();
  const fieldLabel = useFieldLabel();
  const valueText = useValueText();
  const [busy, setBusy] = useState<'local' | 'server' | null>(null);
  /** The answer chosen, waiting for confirmation. */
  const [choosing, setChoosing] = useState<'local' | 'server' | null>(null);
  // children.get is an audited opening of the child's file: read once for the card, not again
  // after every background sync (which refreshes everything under ['children']).
  const child = useQuery({
    queryKey: ['conflictSubject', conflict.entityId],
    queryFn: () => call('children.get', { childId: conflict.entityId }),
    enabled: conflict.entity === 'child',
    retry: false,
    staleTime: Infinity,
  });
  const subject =
    conflict.entity === 'child' && child.data
      ? `${child.data.child.lastName} ${child.data.child.firstName}`
      : null;
  const entityLabel = i18n.exists(`entities.${conflict.entity}`)
    ? t(`entities.${conflict.entity}`)
    : t('conflicts.record');
  const field =
    conflict.field === 'deleted'
      ? t('conflicts.deletion')
      : fieldLabel(conflict.entity, conflict.field);

  const localText =
    conflict.field === 'deleted'
      ? t('conflicts.deletedHere')
      : valueText(
          conflict.field,
          conflict.changedHere ? conflict.currentValue : conflict.localValue,
        );
  const serverText =
    conflict.field === 'deleted'
      ? t('conflicts.keptOnPortal')
      : valueText(conflict.field, conflict.serverValue);
  /** What the chosen answer changes: ours goes to the portal, or the portal's comes here. */
  const answerChanges = (choice: 'local' | 'server') =>
    choice === 'local'
      ? [{ label: `${field} · ${t('conflicts.atPortal')}`, from: serverText, to: localText }]
      : [{ label: `${field} · ${t('conflicts.atHere')}`, from: localText, to: serverText }];

  const resolve = async (choice: 'local' | 'server') => {
    // A refusal is shown in the confirmation dialog, which stays open.
    setBusy(choice);
    try {
      await call('conflicts.resolve', { conflictId: conflict.id, choice });
      notifications.show({
        color: 'teal',
        message: t(choice === 'local' ? 'conflicts.keptOurs' : 'conflicts.tookPortal'),
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: SYNC_KEYS.conflicts }),
        queryClient.invalidateQueries({ queryKey: SYNC_KEYS.status }),
        queryClient.invalidateQueries({ queryKey: ['children'] }),
      ]);
    } finally {
      setBusy(null);
    }
  };

  return (
    <Card withBorder padding="md" data-testid="conflict" aria-label={`${entityLabel}: ${field}`}>
      <Stack gap="sm">
        <Group justify="space-between">
          <Group gap="xs">
            <Badge variant="light">{entityLabel}</Badge>
            {subject && <Text fw={600}>{subject}</Text>}
            <Text>· {field}</Text>
          </Group>
          <Text size="xs" c="dimmed">
            {formatDateTime(conflict.createdAt)}
          </Text>
        </Group>
        <SimpleGrid cols={2}>
          <Card withBorder bg="var(--mantine-color-blue-light)" data-testid="conflict-local">
            <Text size="xs" c="dimmed">
              {t('conflicts.local')}
            </Text>
            <Text fw={600}>
              {conflict.field === 'deleted'
                ? t('conflicts.deletedHere')
                : valueText(
                    conflict.field,
                    conflict.changedHere ? conflict.currentValue : conflict.localValue,
                  )}
            </Text>
            {conflict.changedHere && (
              <Text size="xs" c="dimmed" data-testid="conflict-local-then">
                {t('conflicts.atConflict', {
                  value: valueText(conflict.field, conflict.localValue),
                })}
              </Text>
            )}
          </Card>
          <Card withBorder bg="var(--mantine-color-orange-light)" data-testid="conflict-server">
            <Text size="xs" c="dimmed">
              {t('conflicts.server')}
            </Text>
            <Text fw={600}>
              {conflict.field === 'deleted'
                ? t('conflicts.keptOnPortal')
                : valueText(conflict.field, conflict.serverValue)}
            </Text>
          </Card>
        </SimpleGrid>
        {canResolve && (
          <SimpleGrid cols={conflict.serverChoice ? 2 : 1}>
            <Button
              variant="light"
              loading={busy === 'local'}
              disabled={busy !== null}
              onClick={() => setChoosing('local')}
            >
              {t('conflicts.keepOurs')}
            </Button>
            {conflict.serverChoice && (
              <Button
                variant="light"
                color="orange"
                loading={busy === 'server'}
                disabled={busy !== null}
                onClick={() => setChoosing('server')}
              >
                {t('conflicts.takePortal')}
              </Button>
            )}
          </SimpleGrid>
        )}
      </Stack>
      <ConfirmChanges
        opened={!!choosing}
        title={t('conflicts.confirmTitle')}
        intro={[entityLabel, subject].filter(Boolean).join(': ')}
        changes={choosing ? answerChanges(choosing) : []}
        confirmLabel={choosing === 'server' ? t('conflicts.takePortal') : t('conflicts.keepOurs')}
        color={choosing === 'server' ? 'orange' : 'blue'}
        onConfirm={() => resolve(choosing!)}
        onClose={() => setChoosing(null)}
      />
    </Card>
  );
}

/** Fields changed on both sides: both values side by side, a person chooses; the core audits it. */
export function ConflictInbox({ canResolve }: { canResolve: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const conflicts = useQuery({
    queryKey: SYNC_KEYS.conflicts,
    queryFn: () => call('conflicts.list', undefined),
  });
  return (
    <Stack>
      <Title order={3}>{t('conflicts.title')}</Title>
      <Text size="sm" c="dimmed">
        {t('conflicts.hint')}
      </Text>
      {conflicts.error && <Alert color="red">{errorText(conflicts.error)}</Alert>}
      {conflicts.data?.length === 0 && <Text c="dimmed">{t('conflicts.none')}</Text>}
      {conflicts.data?.map((conflict) => (
        <ConflictCard key={conflict.id} conflict={conflict} canResolve={canResolve} />
      ))}
    </Stack>
  );
}
