import { useTranslation } from 'react-i18next';
import { Table } from '@mantine/core';
import { formatTenge } from '../../../../electron/core/vocabulary/money';

/** A column of sums in tenge: right-aligned, on one line. */
export const NUMBER = { textAlign: 'right', whiteSpace: 'nowrap' } as const;

/**
 * A fee list's footer: how many rows count (over the first `span` columns) and their sum in
 * tenge, then an empty cell under a trailing action column if the table has one.
 */
export function TotalFoot({
  span,
  count,
  total,
  actions = false,
}: {
  span: number;
  count: number;
  total: number;
  actions?: boolean;
}) {
  const { t } = useTranslation();
  return (
    <Table.Tfoot>
      <Table.Tr>
        <Table.Th colSpan={span}>{t('fees.total', { count })}</Table.Th>
        <Table.Th style={NUMBER}>{formatTenge(total)}</Table.Th>
        {actions && <Table.Th />}
      </Table.Tr>
    </Table.Tfoot>
  );
}
