import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQueryClient } from '@tanstack/react-query';
import { Alert, Button, Code, Group, Stack, Table, Text, TextInput, Title } from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call, CoreError } from '../../lib/api';
import { formatDateTime } from '../../lib/dates';
import { SYNC_KEYS, useSyncErrorText, type SyncStatus } from './useSyncStatus';

/** The refused fields of an invalid enrolment, by name; a code the portal refused is the code's. */
function refused(error: unknown): string[] {
  if (error instanceof CoreError && error.code === 'enrollmentCodeWrong') return ['enrollmentCode'];
  if (!(error instanceof CoreError) || error.code !== 'invalidInput') return [];
  return ([] as string[]).concat((error.params.fields as string[] | undefined) ?? []);
}

/** Connects this computer to the portal: its URL and the operator's enrolment code. */
export function ConnectPanel({ status }: { status: SyncStatus | undefined }) {
  const { t } = useTranslation();
  const queryClient = useQueryClient();
  const syncErrorText = useSyncErrorText();
  const [portalUrl, setPortalUrl] = useState('');
  const [enrollmentCode, setCode] = useState('');
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  const [reconnect, setReconnect] = useState(false);

  const submit = async (event: React.FormEvent) => {
    event.preventDefault();
    setFailure(null);
    setBusy(true);
    try {
      await call('sync.enroll', { portalUrl, enrollmentCode });
      setCode('');
      setReconnect(false);
      notifications.show({ color: 'teal', message: t('portal.connected') });
      await queryClient.invalidateQueries({ queryKey: SYNC_KEYS.status });
    } catch (error) {
      setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  const fields = refused(failure);
  const showForm = !status?.enrolled || reconnect;
  return (
    <Stack maw={640}>
      <Title order={3}>{t('portal.connection')}</Title>
      {status?.enrolled && (
        <Table variant="vertical" withTableBorder data-testid="portal-connection">
          <Table.Tbody>
            <Table.Tr>
              <Table.Th w={220}>{t('portal.url')}</Table.Th>
              <Table.Td>
                <Code>{status.portalUrl}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('portal.deviceId')}</Table.Th>
              <Table.Td>
                <Code>{status.deviceId}</Code>
              </Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('portal.lastSuccess')}</Table.Th>
              <Table.Td>{formatDateTime(status.lastSuccessAt)}</Table.Td>
            </Table.Tr>
            <Table.Tr>
              <Table.Th>{t('portal.lastAttempt')}</Table.Th>
              <Table.Td>{formatDateTime(status.lastAttemptAt)}</Table.Td>
            </Table.Tr>
          </Table.Tbody>
        </Table>
      )}
      {status?.enrolled && !reconnect && (
        <Group>
          <Button variant="default" onClick={() => setReconnect(true)}>
            {t('portal.reconnect')}
          </Button>
        </Group>
      )}
      {showForm && (
        <form onSubmit={(event) => void submit(event)} aria-label={t('portal.connectTitle')}>
          <Stack>
            <Text size="sm">{t('portal.connectHint')}</Text>
            {failure !== null && fields.length === 0 && (
              <Alert color="red" role="alert">
                {syncErrorText(failure)}
              </Alert>
            )}
            <TextInput
              label={t('portal.url')}
              placeholder="https://portal.example.kz"
              value={portalUrl}
              onChange={(e) => setPortalUrl(e.currentTarget.value)}
              error={fields.includes('portalUrl') ? t('portal.invalidUrl') : undefined}
              required
              data-autofocus
            />
            <TextInput
              label={t('portal.code')}
              value={enrollmentCode}
              onChange={(e) => setCode(e.currentTarget.value)}
              error={
                fields.includes('enrollmentCode')
                  ? t(
                      failure instanceof CoreError && failure.code === 'enrollmentCodeWrong'
                        ? 'errors.enrollmentCodeWrong'
                        : 'portal.invalidCode',
                    )
                  : undefined
              }
              required
              autoComplete="off"
            />
            <Group>
              <Button type="submit" loading={busy}>
                {t('portal.connect')}
              </Button>
              {reconnect && (
                <Button variant="default" onClick={() => setReconnect(false)}>
                  {t('portal.cancel')}
                </Button>
              )}
            </Group>
          </Stack>
        </form>
      )}
    </Stack>
  );
}
