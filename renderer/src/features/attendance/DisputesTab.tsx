import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Loader, Table, Text } from '@mantine/core';
import { call } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { fullName } from '../../lib/names';
import { formatDateTime } from '../../lib/dates';
import type { MethodOutput } from '../../../../electron/core/api';
import { MONTH_NAMES } from '../../../../electron/core/vocabulary/months';
import { languageOf } from './marks';

export type Dispute = MethodOutput<'attendance.disputes'>[number];

/** The director's inbox: each child-month a parent disputed, with the comment and a link to it. */
export function DisputesTab({ onOpen }: { onOpen: (dispute: Dispute) => void }) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  const months = MONTH_NAMES[languageOf(i18n.language)];
  const disputes = useQuery({
    queryKey: ['attendance', 'disputes'],
    queryFn: () => call('attendance.disputes', {}),
    staleTime: 0,
  });
  if (disputes.isLoading) return <Loader size="sm" />;
  if (disputes.error)
    return (
      <Alert color="red" role="alert">
        {errorText(disputes.error)}
      </Alert>
    );
  if (!disputes.data?.length) return <Text c="dimmed">{t('attendance.disputes.none')}</Text>;
  return (
    <Table withTableBorder data-testid="disputes">
      <Table.Thead>
        <Table.Tr>
          <Table.Th>{t('attendance.child')}</Table.Th>
          <Table.Th>{t('attendance.group')}</Table.Th>
          <Table.Th>{t('attendance.month')}</Table.Th>
          <Table.Th>{t('attendance.disputes.comment')}</Table.Th>
          <Table.Th>{t('attendance.disputes.at')}</Table.Th>
          <Table.Th />
        </Table.Tr>
      </Table.Thead>
      <Table.Tbody>
        {disputes.data.map((dispute) => {
          const [year, month] = dispute.month.split('-').map(Number) as [number, number];
          return (
            <Table.Tr key={`${dispute.childId}-${dispute.month}`} data-testid="dispute">
              <Table.Td>{fullName(dispute)}</Table.Td>
              <Table.Td>{dispute.groupName}</Table.Td>
              <Table.Td>
                {months[month - 1]} {year}
              </Table.Td>
              <Table.Td>{dispute.comment}</Table.Td>
              <Table.Td>{formatDateTime(dispute.at)}</Table.Td>
              <Table.Td>
                <Button size="compact-sm" variant="light" onClick={() => onOpen(dispute)}>
                  {t('attendance.disputes.open')}
                </Button>
              </Table.Td>
            </Table.Tr>
          );
        })}
      </Table.Tbody>
    </Table>
  );
}
