import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Badge, Stack, Table, Text, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDateTime } from '../../lib/dates';
import { useEntityLabel, useFieldLabel } from '../../lib/fieldLabels';
import { SYNC_KEYS } from './useSyncStatus';

/**
 * Changes the portal sent that this kindergarten's rules refused (an invalid IIN, a status the
 * child cannot reach from its status here): not applied here; per row what it means and what
 * to do. A row leaves the list by itself when the portal sends a version that keeps the rules.
 */
export function RejectedPulls() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const entityLabel = useEntityLabel();
  const fieldLabel = useFieldLabel();
  const rejected = useQuery({
    // Under the rejected changes' key: refreshed with them after every sync.
    queryKey: [...SYNC_KEYS.rejected, 'pulls'],
    queryFn: () => call('sync.rejectedPulls', undefined),
  });
  return (
    <Stack>
      <Title order={3}>{t('sync.rejectedPullsTitle')}</Title>
      <Text size="sm" c="dimmed">
        {t('sync.rejectedPullsHint')}
      </Text>
      {rejected.error && <Alert color="red">{errorText(rejected.error)}</Alert>}
      {rejected.data?.length === 0 && <Text c="dimmed">{t('sync.rejectedPullsNone')}</Text>}
      {!!rejected.data?.length && (
        <Table striped fz="sm" data-testid="rejected-pulls-table">
          <Table.Thead>
            <Table.Tr>
              <Table.Th>{t('sync.rejectedAt')}</Table.Th>
              <Table.Th>{t('sync.rejectedEntity')}</Table.Th>
              <Table.Th>{t('sync.rejectedSubject')}</Table.Th>
              <Table.Th>{t('sync.rejectedFields')}</Table.Th>
              <Table.Th>{t('sync.rejectedReason')}</Table.Th>
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {rejected.data.map((row) => (
              <Table.Tr key={`${row.entity}:${row.entityId}`} data-reason={row.reason}>
                <Table.Td>{formatDateTime(row.at)}</Table.Td>
                <Table.Td>
                  <Badge variant="light" styles={{ label: { overflow: 'visible' } }}>
                    {entityLabel(row.entity)}
                  </Badge>
                </Table.Td>
                <Table.Td data-testid="rejected-pull-subject">
                  {row.childId && (
                    <Text size="sm" fw={600}>
                      {row.childName ?? t('sync.rejectedNameHidden')}
                    </Text>
                  )}
                  {row.record && <Text size="sm">{row.record}</Text>}
                  {!row.childId && !row.record && '—'}
                </Table.Td>
                <Table.Td data-testid="rejected-pull-fields">
                  {row.fields.map((field) => fieldLabel(row.entity, field)).join(', ') || '—'}
                </Table.Td>
                <Table.Td>
                  <Stack gap={4}>
                    <Text size="sm" fw={600} data-testid="rejected-pull-meaning">
                      {t(`sync.pullRejection.${row.reason}.meaning`)}
                    </Text>
                    <Text size="sm">{t(`sync.pullRejection.${row.reason}.todo`)}</Text>
                  </Stack>
                </Table.Td>
              </Table.Tr>
            ))}
          </Table.Tbody>
        </Table>
      )}
    </Stack>
  );
}
