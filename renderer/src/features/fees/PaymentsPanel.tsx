import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { formatTenge } from '../../../../electron/core/vocabulary/money';
import { PaymentDialog } from './PaymentDialog';

const NUMBER = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

/** The payments dated in the month, newest first, and a button to record one. */
export function PaymentsPanel({ month, canWrite }: { month: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [adding, setAdding] = useState(false);
  const payments = useQuery({
    queryKey: ['fees', 'payments', month],
    queryFn: () => call('fees.payments', { month }),
  });
  const rows = payments.data ?? [];
  return (
    <Stack>
      {canWrite && (
        <Group justify="flex-end">
          <Button onClick={() => setAdding(true)}>{t('fees.payment.record')}</Button>
        </Group>
      )}
      {payments.error && <Alert color="red">{errorText(payments.error)}</Alert>}
      <Table striped highlightOnHover data-testid="fee-payments">
        <Table.Thead>
          <Table.Tr>
            <Table.Th>{t('fees.payment.date')}</Table.Th>
            <Table.Th>{t('fees.child')}</Table.Th>
            <Table.Th>{t('fees.payment.receiptNumber')}</Table.Th>
            <Table.Th style={NUMBER}>{t('fees.payment.amount')}</Table.Th>
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => (
            <Table.Tr key={row.id}>
              <Table.Td>{formatDate(row.date)}</Table.Td>
              <Table.Td>{fullName(row)}</Table.Td>
              <Table.Td>{row.receiptNumber}</Table.Td>
              <Table.Td style={NUMBER}>{formatTenge(row.amount)}</Table.Td>
            </Table.Tr>
          ))}
        </Table.Tbody>
        {rows.length > 0 && (
          <Table.Tfoot>
            <Table.Tr>
              <Table.Th colSpan={3}>{t('fees.total', { count: rows.length })}</Table.Th>
              <Table.Th style={NUMBER}>
                {formatTenge(rows.reduce((sum, row) => sum + row.amount, 0))}
              </Table.Th>
            </Table.Tr>
          </Table.Tfoot>
        )}
      </Table>
      {payments.data && rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('fees.payment.empty')}
        </Text>
      )}
      <PaymentDialog opened={adding} target={null} onClose={() => setAdding(false)} />
    </Stack>
  );
}
