import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Group, Stack, Table, Text } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate, formatDateTime } from '../../lib/dates';
import { fullName } from '../../lib/names';
import { formatTenge } from '../../../../electron/core/vocabulary/money';
import { PaymentDialog } from './PaymentDialog';
import { CancelPaymentDialog, type CancelTarget } from './CancelPaymentDialog';
import { NUMBER, TotalFoot } from './TotalFoot';

/** The payments dated in the month, newest first, and a button to record one. */
export function PaymentsPanel({ month, canWrite }: { month: string; canWrite: boolean }) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const [adding, setAdding] = useState(false);
  // The payment stays named while the dialog closes (its fade-out), so `cancelOpen` is apart.
  const [cancelling, setCancelling] = useState<CancelTarget | null>(null);
  const [cancelOpen, setCancelOpen] = useState(false);
  const payments = useQuery({
    queryKey: ['fees', 'payments', month],
    queryFn: () => call('fees.payments', { month }),
  });
  const rows = payments.data ?? [];
  const standing = rows.filter((row) => row.cancelledAt === null);
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
            <Table.Th />
          </Table.Tr>
        </Table.Thead>
        <Table.Tbody>
          {rows.map((row) => {
            const cancelled = row.cancelledAt !== null;
            const struck = cancelled ? ({ textDecoration: 'line-through' } as const) : undefined;
            return (
              <Table.Tr key={row.id} c={cancelled ? 'dimmed' : undefined} data-testid="payment-row">
                <Table.Td style={struck}>{formatDate(row.date)}</Table.Td>
                <Table.Td>
                  {fullName(row)}
                  {cancelled && (
                    <Text size="xs" c="red.7" data-testid="payment-cancelled">
                      {t('fees.cancelPayment.marked', {
                        at: formatDateTime(row.cancelledAt),
                        by: row.cancelledByName ?? '—',
                        reason: row.cancelReason ?? '',
                      })}
                    </Text>
                  )}
                </Table.Td>
                <Table.Td style={struck}>{row.receiptNumber}</Table.Td>
                <Table.Td style={{ ...NUMBER, ...struck }}>{formatTenge(row.amount)}</Table.Td>
                <Table.Td>
                  {canWrite && !cancelled && (
                    <Button
                      size="compact-xs"
                      variant="subtle"
                      color="red"
                      onClick={() => {
                        setCancelling({
                          paymentId: row.id,
                          name: fullName(row),
                          date: row.date,
                          amount: row.amount,
                          receiptNumber: row.receiptNumber,
                        });
                        setCancelOpen(true);
                      }}
                    >
                      {t('fees.cancelPayment.action')}
                    </Button>
                  )}
                </Table.Td>
              </Table.Tr>
            );
          })}
        </Table.Tbody>
        {rows.length > 0 && (
          <TotalFoot
            span={3}
            count={standing.length}
            total={standing.reduce((sum, row) => sum + row.amount, 0)}
            actions
          />
        )}
      </Table>
      {payments.data && rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('fees.payment.empty')}
        </Text>
      )}
      <PaymentDialog opened={adding} target={null} onClose={() => setAdding(false)} />
      <CancelPaymentDialog
        opened={cancelOpen}
        target={cancelling}
        onClose={() => setCancelOpen(false)}
      />
    </Stack>
  );
}
