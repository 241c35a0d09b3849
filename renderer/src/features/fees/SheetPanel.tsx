import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Alert, Button, Group, Stack, Table, Text, Title } from '@mantine/core';
import { call, CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { fullName } from '../../lib/names';
import { formatTenge } from '../../../../electron/core/vocabulary/money';
import type { MethodOutput } from '../../../../electron/core/api';
import { monthLabel } from './months';
import { ExportButtons } from './ExportButtons';
import { usePrivilegeCategories } from './categories';
import { PaymentDialog, type PaymentTarget } from './PaymentDialog';
import { NUMBER } from './TotalFoot';

/**
 * The month's fee sheet, per group and per child, from the closed timesheet: charged days,
 * the charge before and after reductions, what was paid in the month and what is left. A
 * month not closed yet says so and leads to the timesheet instead.
 */
export function SheetPanel({
  month,
  groupId,
  canWrite,
  onOpenTimesheet,
  onOpenSettings,
}: {
  month: string;
  groupId: string;
  canWrite: boolean;
  onOpenTimesheet?: () => void;
  onOpenSettings: () => void;
}) {
  const { t, i18n } = useTranslation();
  const errorText = useErrorText();
  // The child stays named while the dialog closes (its fade-out), so `open` is apart.
  const [paying, setPaying] = useState<PaymentTarget | null>(null);
  const [open, setOpen] = useState(false);
  const sheet = useQuery({
    queryKey: ['fees', 'sheet', month, groupId],
    queryFn: () => call('fees.sheet', { month, ...(groupId && { groupId }) }),
    retry: false,
  });
  const code = sheet.error instanceof CoreError ? sheet.error.code : null;
  const timesheetLink = onOpenTimesheet && (
    <Button size="xs" variant="light" onClick={onOpenTimesheet}>
      {t('fees.sheet.openTimesheet')}
    </Button>
  );

  if (code === 'attendanceMonthNotClosed')
    return (
      <Alert color="yellow" title={t('fees.sheet.notClosedTitle')} data-testid="fees-not-closed">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">
            {t('fees.sheet.notClosed', { month: monthLabel(month, i18n.language) })}
          </Text>
          {timesheetLink}
        </Stack>
      </Alert>
    );
  if (code === 'feesNotSet')
    return (
      <Alert color="yellow" data-testid="fees-not-set">
        <Stack gap="xs" align="flex-start">
          <Text size="sm">{errorText(sheet.error)}</Text>
          <Button size="xs" variant="light" onClick={onOpenSettings}>
            {t('fees.sheet.openSettings')}
          </Button>
        </Stack>
      </Alert>
    );
  const data = sheet.error ? undefined : sheet.data;

  return (
    <Stack>
      <Group justify="space-between">
        <Text c="dimmed" size="sm" maw={560}>
          {t('fees.sheet.hint')}
        </Text>
        <ExportButtons month={month} kind="sheet" groupId={groupId} disabled={!data} />
      </Group>
      {sheet.error && <Alert color="red">{errorText(sheet.error)}</Alert>}
      {data && data.openGroups.length > 0 && (
        <Alert color="yellow" data-testid="fees-open-groups">
          <Stack gap="xs" align="flex-start">
            <Text size="sm">
              {t('fees.sheet.openGroups', {
                month: monthLabel(month, i18n.language),
                groups: data.openGroups.map((g) => g.groupName).join(', '),
              })}
            </Text>
            {timesheetLink}
          </Stack>
        </Alert>
      )}
      {data?.groups.map((group) => (
        <GroupSheet
          key={group.groupId}
          group={group}
          canWrite={canWrite}
          onPay={(row) => {
            setPaying({ childId: row.childId, name: fullName(row), month });
            setOpen(true);
          }}
        />
      ))}
      {data && data.groups.length > 1 && (
        <Group justify="flex-end" gap="xl" data-testid="fee-grand-total">
          <Text fw={600}>{t('fees.sheet.grandTotal')}</Text>
          <Text>
            {t('fees.sheet.charged')}: <b>{formatTenge(data.total)}</b>
          </Text>
          <Text>
            {t('fees.paid')}: <b>{formatTenge(data.paid)}</b>
          </Text>
          <Text>
            {t('fees.left')}: <b>{formatTenge(data.total - data.paid)}</b>
          </Text>
        </Group>
      )}
      <PaymentDialog opened={open} target={paying} onClose={() => setOpen(false)} />
    </Stack>
  );
}

type SheetGroup = MethodOutput<'fees.sheet'>['groups'][number];
type SheetRow = SheetGroup['rows'][number];

function GroupSheet({
  group,
  canWrite,
  onPay,
}: {
  group: SheetGroup;
  canWrite: boolean;
  onPay: (row: SheetRow) => void;
}) {
  const { t } = useTranslation();
  const { categoryName } = usePrivilegeCategories();
  const sum = (pick: (row: SheetRow) => number) =>
    group.rows.reduce((total, row) => total + pick(row), 0);
  return (
    <Stack gap="xs" data-testid={`fee-group-${group.groupName}`}>
      <Title order={4}>{group.groupName}</Title>
      {/* Wide on a narrow window: the table scrolls, never the page. */}
      <Table.ScrollContainer minWidth={880}>
        <Table striped highlightOnHover data-testid="fee-sheet">
          <Table.Thead>
            <Table.Tr>
              <Table.Th w={40}>№</Table.Th>
              <Table.Th>{t('fees.child')}</Table.Th>
              <Table.Th style={NUMBER}>{t('fees.sheet.days')}</Table.Th>
              <Table.Th style={NUMBER}>{t('fees.sheet.base')}</Table.Th>
              <Table.Th>{t('fees.sheet.reductions')}</Table.Th>
              <Table.Th style={NUMBER}>{t('fees.sheet.charged')}</Table.Th>
              <Table.Th style={NUMBER}>{t('fees.paid')}</Table.Th>
              <Table.Th style={NUMBER}>{t('fees.left')}</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Thead>
          <Table.Tbody>
            {group.rows.map((row, index) => {
              const left = row.amount - row.paid;
              return (
                <Table.Tr key={row.childId} data-testid="fee-row">
                  <Table.Td>{index + 1}</Table.Td>
                  <Table.Td>{fullName(row)}</Table.Td>
                  <Table.Td style={NUMBER}>
                    {row.chargedDays} / {row.workingDays}
                  </Table.Td>
                  <Table.Td style={NUMBER}>{formatTenge(row.base)}</Table.Td>
                  <Table.Td>
                    {row.reductions.length
                      ? row.reductions
                          .map(
                            (r) =>
                              `${categoryName(r.categoryCode)}: −${r.percent} % (${formatTenge(r.amount)})`,
                          )
                          .join('; ')
                      : '—'}
                  </Table.Td>
                  <Table.Td style={NUMBER} fw={600}>
                    {formatTenge(row.amount)}
                  </Table.Td>
                  <Table.Td style={NUMBER} data-testid="fee-paid">
                    {formatTenge(row.paid)}
                  </Table.Td>
                  <Table.Td
                    style={NUMBER}
                    c={left > 0 ? 'red.7' : left < 0 ? 'teal.8' : undefined}
                    data-testid="fee-left"
                  >
                    {formatTenge(left)}
                  </Table.Td>
                  {canWrite && (
                    <Table.Td>
                      <Button size="compact-xs" variant="subtle" onClick={() => onPay(row)}>
                        {t('fees.payment.record')}
                      </Button>
                    </Table.Td>
                  )}
                </Table.Tr>
              );
            })}
          </Table.Tbody>
          <Table.Tfoot>
            <Table.Tr data-testid="fee-total">
              <Table.Th colSpan={3}>{t('fees.total', { count: group.rows.length })}</Table.Th>
              <Table.Th style={NUMBER}>{formatTenge(sum((row) => row.base))}</Table.Th>
              <Table.Th />
              <Table.Th style={NUMBER}>{formatTenge(group.total)}</Table.Th>
              <Table.Th style={NUMBER}>{formatTenge(group.paid)}</Table.Th>
              <Table.Th style={NUMBER}>{formatTenge(group.total - group.paid)}</Table.Th>
              {canWrite && <Table.Th />}
            </Table.Tr>
          </Table.Tfoot>
        </Table>
      </Table.ScrollContainer>
      {group.rows.length === 0 && (
        <Text c="dimmed" ta="center">
          {t('fees.sheet.empty')}
        </Text>
      )}
    </Stack>
  );
}
