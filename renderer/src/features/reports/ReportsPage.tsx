import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Stack, Tabs, Title } from '@mantine/core';
import { useSession } from '../../app/session';
import { OverviewTab } from './OverviewTab';
import { ListsTab } from './ListsTab';
import { StatsTab } from './StatsTab';
import { reportTabs, type ReportTab as Tab } from './report-tabs';

/** How a child's record is shown from here (the app puts the health tab in, as on Children). */
export type ChildView = (childId: string, onBack: () => void) => React.JSX.Element;

/**
 * Reports (issue 15): the overview (numbers, charts, to-do lists), lists of children and the
 * anonymised statistics export. A to-do or list row opens the child's record in place; Back
 * returns to the same tab.
 */
export function ReportsPage({ childView }: { childView: ChildView }) {
  const { t } = useTranslation();
  const { session } = useSession();
  const tabs = reportTabs(session.role);
  const [tab, setTab] = useState<Tab>(tabs[0] ?? 'lists');
  const [openChild, setOpenChild] = useState<string | null>(null);
  if (openChild) return childView(openChild, () => setOpenChild(null));
  return (
    <Stack>
      <Title order={2}>{t('reportsOverview.title')}</Title>
      <Tabs value={tab} onChange={(next) => next && setTab(next as Tab)} keepMounted={false}>
        <Tabs.List>
          {tabs.map((name) => (
            <Tabs.Tab key={name} value={name}>
              {t(`reportsOverview.tabs.${name}`)}
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="overview" pt="md">
          <OverviewTab onOpenChild={setOpenChild} />
        </Tabs.Panel>
        <Tabs.Panel value="lists" pt="md">
          <ListsTab onOpenChild={setOpenChild} />
        </Tabs.Panel>
        <Tabs.Panel value="stats" pt="md">
          <StatsTab />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
