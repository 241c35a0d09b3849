import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Group, Modal, Stack, Text } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { RejectedTable, useFieldsText } from './RejectedTable';
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
  const [pending, setPending] = useState<{ row: Rejected; action: Action } | null>(null);
  const rejected = useQuery({
    queryKey: SYNC_KEYS.rejected,
    queryFn: () => call('sync.rejected', undefined),
  });
  const fieldsText = useFieldsText();
  return (
    <>
      <RejectedTable
        title={t('sync.rejectedTitle')}
        hint={t('sync.rejectedHint')}
        none={t('sync.rejectedNone')}
        rows={rejected.data}
        error={rejected.error}
        tableTestId="rejected-table"
        testId="rejected"
        reasons="sync.rejection"
        rowKey={(row) => row.mutationId}
        entity={(row) => ({
          color: row.op === 'delete' ? 'red' : 'blue',
          after: <> {row.op === 'delete' && t('sync.opDelete')}</>,
        })}
        note={(row) => (
          <Text size="xs" c="dimmed" data-testid="rejected-portal-text">
            {row.problem
              ? t('sync.rejectedPortalText', { text: row.problem })
              : t('sync.rejectedNoReason')}
          </Text>
        )}
        actions={{
          title: t('sync.rejectedActions'),
          cell: (row) => (
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
          ),
        }}
      />
      {pending && (
        <ConfirmAction
          row={pending.row}
          action={pending.action}
          fields={fieldsText(pending.row)}
          onClose={() => setPending(null)}
        />
      )}
    </>
  );
}
