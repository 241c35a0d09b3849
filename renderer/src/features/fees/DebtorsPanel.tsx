import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Group, Stack, Table, Text } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { fullName } from '../../lib/names';
import { formatTenge } from '../../../../electron/core/vocabulary/money';
import { ExportButtons } from './ExportButtons';
import { NUMBER, TotalFoot } from './TotalFoot';

/** Who owes what by the end of the month (charges through it, payments dated up to it). */
export function DebtorsPanel({ month }: { month: string }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const debtors = useQuery({
    queryKey: ['fees', 'debtors', month],
    queryFn: () => call('fees.debtors', { month }),
    retry: false,
  });
  const rows = debtors.data ?? [];
  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm">
          {t('fees.debtors.hint')}
        </Text>
        <ExportButtons month={month} kind="debtors" disabled={!rows.length} />
      </Group>
      {debtors.error && <Alert color="red">{errorText(debtors.error)}</Alert>}
      <Table striped highlightOnHover data-testid="fee-debtors">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fees.child')}</Table.Th>
            <Table.Th>{t('fees.group')}</Table.Th>
            <Table.Th style={NUMBER}>{t('fees.debtors.charged')}</Table.Th>
            <Table.Th style={NUMBER}>{t('fees.paid')}</Table.Th>
            <Table.Th style={NUMBER}>{t('fees.debtors.debt')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.childId}>
              <Table.Td>{fullName(row)}</Table.Td>
              <Table.Td>{row.groupName ?? '—'}</Table.Td>
              <Table.Td style={NUMBER}>{formatTenge(row.charged)}</Table.Td>
              <Table.Td style={NUMBER}>{formatTenge(row.paid)}</Table.Td>
              <Table.Td style={NUMBER} fw={600} c="red.7">
                {formatTenge(row.balance)}
              </Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        {rows.length > 0 && (
          <TotalFoot
            span={4}
            count={rows.length}
            total={rows.reduce((sum, row) => sum + row.balance, 0)}
          />
        )}
      </Table>
      {debtors.data && rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('fees.debtors.empty')}
        </Text>
      )}
    </Stack>
  );
}
