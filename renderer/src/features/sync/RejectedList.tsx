import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/dates';
import { SYNC_KEYS } from './useSyncStatus';

/** Changes the portal refused, with the portal's own reason; they block nothing else. */
export function RejectedList() {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const rejected = useQuery({
    queryKey: SYNC_KEYS.rejected,
    queryFn: () => call('sync.rejected', undefined),
  });
  const entityLabel = (entity: string) =>
    i18n.exists(`entities.${entity}`) ? t(`entities.${entity}`) : t('conflicts.record');
  const fieldLabel = (field: string) =>
    i18n.exists(`child.fields.${field}`) ? t(`child.fields.${field}`) : field;
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
              <Table.Th>{t('sync.rejectedFields')}</Table.Th>
              <Table.Th>{t('sync.rejectedReason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rejected.data.map((row) => (
              <Table.Tr key={row.mutationId}>
                <Table.Td>{formatDateTime(row.at)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" color={row.op === 'delete' ? 'red' : 'blue'}>
                    {entityLabel(row.entity)}
                  </Badge>{' '}
                  {row.op === 'delete' && t('sync.opDelete')}
                </Table.Td>
                <Table.Td>{row.fields.map(fieldLabel).join(', ') || '—'}</Table.Td>
                <Table.Td>{row.problem || t('sync.rejectedNoReason')}</Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
