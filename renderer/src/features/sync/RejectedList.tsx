import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Badge, Button, Group, Modal, Stack, Table, Text, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/dates';
import { useEntityLabel, useFieldLabel } from '../../lib/fieldLabels';
import { SYNC_KEYS } from './useSyncStatus';
import type { MethodOutput } from '../../../../electron/core/api';

type Rejected = MethodOutput<'sync.rejected'>[number];
type Action = 'resend' | 'dismiss';

/** The confirmation for one action on one row; the call runs here, with its busy state. */
function ConfirmAction({
  row,
  action,
  fields,
  onClose,
}: {
  row: Rejected;
  action: Action;
  fields: string;
  onClose: () => void;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<string | null>(null);

  const confirm = async () => {
    setBusy(true);
    setFailure(null);
    try {
      if (action === 'resend') await call('sync.resendRejected', { mutationId: row.mutationId });
      else await call('sync.dismissRejected', { mutationId: row.mutationId });
      notifications.show({
        color: 'teal',
        message: t(action === 'resend' ? 'sync.resent' : 'sync.dismissed'),
      });
      await Promise.all([
        queryClient.invalidateQueries({ queryKey: SYNC_KEYS.rejected }),
        queryClient.invalidateQueries({ queryKey: SYNC_KEYS.status }),
      ]);
      onClose();
    } catch (error) {
      setFailure(errorText(error));
    } finally {
      setBusy(false);
    }
  };

  return (
    <Modal
      opened
      onClose={() => !busy && onClose()}
      title={t(action === 'resend' ? 'sync.resendTitle' : 'sync.dismissTitle')}
    >
      <Stack>
        <Text size="sm">
          {action === 'resend' ? t('sync.resendBody', { fields }) : t('sync.dismissBody')}
        </Text>
        {failure && (
          <Alert color="red" role="alert">
            {failure}
          </Alert>
        )}
        <Group justify="flex-end">
          <Button variant="default" onClick={onClose} disabled={busy}>
            {t('sync.confirmCancel')}
          </Button>
          <Button
            color={action === 'dismiss' ? 'orange' : undefined}
            loading={busy}
            onClick={() => void confirm()}
            data-autofocus
          >
            {t(action === 'resend' ? 'sync.resend' : 'sync.dismiss')}
          </Button>
        </Group>
      </Stack>
    </Modal>
  );
}

/**
 * Changes the portal refused: per row what it means and what to do (translated from the
 * reason code), the portal's own text below it, and the two actions, each confirmed.
 */
export function RejectedList() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [pending, setPending] = useState<{ row: Rejected; action: Action } | null>(null);
  const rejected = useQuery({
    queryKey: SYNC_KEYS.rejected,
    queryFn: () => call('sync.rejected', undefined),
  });
  const entityLabel = useEntityLabel();
  const fieldLabel = useFieldLabel();
  const fieldsText = (row: Rejected) =>
    row.fields.map((field) => fieldLabel(row.entity, field)).join(', ') || '—';
  return (
    <Stack>
      <Title order={3}>{t('sync.rejectedTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('sync.rejectedHint')}
      </Text>
      {rejected.error && <Alert color="red">{errorText(rejected.error)}</Alert>}
      {rejected.data?.length === 0 && <Text c="dimmed">{t('sync.rejectedNone')}</Text>}
      {!!rejected.data?.length && (
        <Table striped fz="sm" data-testid="rejected-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.rejectedAt')}</Table.Th>
              <Table.Th>{t('sync.rejectedEntity')}</Table.Th>
              <Table.Th>{t('sync.rejectedSubject')}</Table.Th>
              <Table.Th>{t('sync.rejectedFields')}</Table.Th>
              <Table.Th>{t('sync.rejectedReason')}</Table.Th>
              <Table.Th>{t('sync.rejectedActions')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rejected.data.map((row) => (
              <Table.Tr key={row.mutationId} data-reason={row.reason}>
                <Table.Td>{formatDateTime(row.at)}</Table.Td>
                <Table.Td>
                  <Badge
                    variant="light"
                    color={row.op === 'delete' ? 'red' : 'blue'}
                    // A narrow column must not cut the entity's name to "ЖОЛ…".
                    styles={{ label: { overflow: 'visible' } }}
                  >
                    {entityLabel(row.entity)}
                  </Badge>{' '}
                  {row.op === 'delete' && t('sync.opDelete')}
                </Table.Td>
                <Table.Td data-testid="rejected-subject">
                  {row.childId && (
                    <Text size="sm" fw={600}>
                      {row.childName ?? t('sync.rejectedNameHidden')}
                    </Text>
                  )}
                  {row.record && <Text size="sm">{row.record}</Text>}
                  {!row.childId && !row.record && '—'}
                </Table.Td>
                <Table.Td data-testid="rejected-fields">{fieldsText(row)}</Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Text size="sm" fw={600} data-testid="rejected-meaning">
                      {t(`sync.rejection.${row.reason}.meaning`)}
                    </Text>
                    <Text size="sm" data-testid="rejected-todo">
                      {t(`sync.rejection.${row.reason}.todo`)}
                    </Text>
                    <Text size="xs" c="dimmed" data-testid="rejected-portal-text">
                      {row.problem
                        ? t('sync.rejectedPortalText', { text: row.problem })
                        : t('sync.rejectedNoReason')}
                    </Text>
                  </Stack>
                </Table.Td>
                <Table.Td>
                  <Stack gap="xs">
                    {row.resendable && (
                      <Button
                        size="xs"
                        variant="light"
                        onClick={() => setPending({ row, action: 'resend' })}
                      >
                        {t('sync.resend')}
                      </Button>
                    )}
                    <Button
                      size="xs"
                      variant="light"
                      color="orange"
                      onClick={() => setPending({ row, action: 'dismiss' })}
                    >
                      {t('sync.dismiss')}
                    </Button>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
      {pending && (
        <ConfirmAction
          row={pending.row}
          action={pending.action}
          fields={fieldsText(pending.row)}
          onClose={() => setPending(null)}
        />
      )}
    </Stack>
  );
}
