import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Table, Text } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { useSession } from '../../app/session';
import { formatDateTime } from '../../lib/dates';

/** Everything done with this child's file, newest first: the audit trail for one child. */
export function HistoryTab({ childId }: { childId: string }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const { session } = useSession();
  const history = useQuery({
    queryKey: ['history', childId],
    queryFn: () => call('children.history', { childId }),
  });
  // Staff names are the director's to see; others see their own name and "a staff member".
  const staff = useQuery({
    queryKey: ['staff'],
    queryFn: () => call('staff.list', undefined),
    enabled: session.role === 'director',
  });
  const nameOf = (id: string | null) =>
    id === session.accountId
      ? session.displayName
      : (staff.data?.find((account) => account.id === id)?.displayName ??
        t('child.history.someone'));
  const label = (group: string, key: string) =>
    i18n.exists(`${group}.${key}`) ? t(`${group}.${key}`) : key;
  if (history.error)
    return (
      <Alert color="red" role="alert">
        {errorText(history.error)}
      </Alert>
    );
  if (history.data?.length === 0) return <Text c="dimmed">{t('child.history.none')}</Text>;
  return (
    <Table striped fz="sm" data-testid="child-history">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('audit.at')}</Table.Th>
          <Table.Th>{t('audit.actor')}</Table.Th>
          <Table.Th>{t('audit.action')}</Table.Th>
          <Table.Th>{t('audit.entity')}</Table.Th>
          <Table.Th>{t('audit.outcome')}</Table.Th>
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {history.data?.map((row) => (
          <Table.Tr key={row.seq}>
            <Table.Td>{formatDateTime(row.at)}</Table.Td>
            <Table.Td>{nameOf(row.actorId)}</Table.Td>
            <Table.Td>{label('actions', row.action.replace('.', '_'))}</Table.Td>
            <Table.Td>{label('entities', row.entity)}</Table.Td>
            <Table.Td>{t(`audit.${row.outcome}`)}</Table.Td>
          </Table.Tr>
        ))}
      </Table.Tbody>
    </Table>
  );
}
