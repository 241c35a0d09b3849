import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery } from '@tanstack/react-query';
import { Group, NativeSelect, Stack, Tabs, Title } from '@mantine/core';
import { call } from '../../lib/api';
import { useSession } from '../../app/session';
import { roleMay } from '../../../../electron/core/auth/permissions';
import { monthOptions, previousMonth } from './months';
import { SheetPanel } from './SheetPanel';
import { PaymentsPanel } from './PaymentsPanel';
import { DebtorsPanel } from './DebtorsPanel';
import { ReductionsPanel } from './ReductionsPanel';
import { FeeSettingsPanel } from './FeeSettingsPanel';

/**
 * Parental fees for the accountant and the director: the month's fee sheet from the closed
 * timesheet, payments, balances and debtors, reductions by privileged category, the settings.
 * `onOpenTimesheet` leads to the attendance timesheet when the month is not closed yet.
 */
export function FeesPage({ onOpenTimesheet }: { onOpenTimesheet?: () => void } = {}) {
  const { t, i18n } = useTranslation();
  const { session } = useSession();
  const canWrite = roleMay(session.role, 'fees.write');
  const [tab, setTab] = useState<string | null>('sheet');
  const [month, setMonth] = useState(previousMonth());
  const [groupId, setGroupId] = useState('');
  const groups = useQuery({ queryKey: ['groups'], queryFn: () => call('groups.list', undefined) });
  const byMonth = tab === 'sheet' || tab === 'payments' || tab === 'debtors';
  return (
    <Stack>
      <Group justify="space-between" align="flex-end">
        <Title order={2}>{t('fees.title')}</Title>
        {byMonth && (
          <Group align="flex-end">
            <NativeSelect
              label={t('fees.month')}
              value={month}
              onChange={(event) => setMonth(event.currentTarget.value)}
              data={monthOptions(i18n.language)}
              data-testid="fees-month"
            />
            {tab === 'sheet' && (
              <NativeSelect
                label={t('fees.group')}
                value={groupId}
                onChange={(event) => setGroupId(event.currentTarget.value)}
                data={[
                  { value: '', label: t('fees.allGroups') },
                  ...(groups.data ?? []).map((g) => ({ value: g.id, label: g.name })),
                ]}
                data-testid="fees-group"
              />
            )}
          </Group>
        )}
      </Group>
      <Tabs value={tab} onChange={setTab} keepMounted={false}>
        <Tabs.List>
          <Tabs.Tab value="sheet">{t('fees.tabs.sheet')}</Tabs.Tab>
          <Tabs.Tab value="payments">{t('fees.tabs.payments')}</Tabs.Tab>
          <Tabs.Tab value="debtors">{t('fees.tabs.debtors')}</Tabs.Tab>
          <Tabs.Tab value="reductions">{t('fees.tabs.reductions')}</Tabs.Tab>
          <Tabs.Tab value="settings">{t('fees.tabs.settings')}</Tabs.Tab>
        </Tabs.List>
        <Tabs.Panel value="sheet" pt="md">
          <SheetPanel
            month={month}
            groupId={groupId}
            canWrite={canWrite}
            onOpenTimesheet={onOpenTimesheet}
            onOpenSettings={() => setTab('settings')}
          />
        </Tabs.Panel>
        <Tabs.Panel value="payments" pt="md">
          <PaymentsPanel month={month} canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="debtors" pt="md">
          <DebtorsPanel month={month} />
        </Tabs.Panel>
        <Tabs.Panel value="reductions" pt="md">
          <ReductionsPanel canWrite={canWrite} />
        </Tabs.Panel>
        <Tabs.Panel value="settings" pt="md">
          <FeeSettingsPanel canWrite={canWrite} />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
