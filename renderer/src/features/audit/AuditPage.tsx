import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Stack, Table, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';

export function AuditPage() {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const audit = useQuery({
    queryKey: ['audit'],
    queryFn: () => call('audit.list', { limit: 200 }),
  });
  const staff = useQuery({ queryKey: ['staff'], queryFn: () => call('staff.list', undefined) });
  const { i18n } = useTranslation();
  /** A translated name; a code from a newer core without one yet shows as it is. */
  const label = (group: string, key: string, fallback: string) =>
    i18n.exists(`${group}.${key}`) ? t(`${group}.${key}`) : fallback;
  const nameOf = (id: string | null) =>
    staff.data?.find((account) => account.id === id)?.displayName ?? id ?? '—';
  return (
    <Stack>
      <Title order={2}>{t('audit.title')}</Title>
      {audit.error && <Alert color="red">{errorText(audit.error)}</Alert>}
      <Table striped fz="sm">
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
          {audit.data?.map((row) => (
            <Table.Tr key={row.seq}>
              <Table.Td>{new Date(row.at).toLocaleString()}</Table.Td>
              <Table.Td>{nameOf(row.actorId)}</Table.Td>
              <Table.Td>{label('actions', row.action.replace('.', '_'), row.action)}</Table.Td>
              <Table.Td>{label('entities', row.entity, row.entity)}</Table.Td>
              <Table.Td>{t(`audit.${row.outcome}`)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
      </Table>
    </Stack>
  );
}
