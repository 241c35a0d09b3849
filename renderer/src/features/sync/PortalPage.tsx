import { useTranslation } from 'react-i18next';
import { useState } from 'react';
import { Badge, Group, Stack, Tabs, Title } from '@mantine/core';
import { useSession } from '../../app/session';
import { managesSync, runsSync } from './access';
import { ConnectPanel } from './ConnectPanel';
import { ConflictInbox } from './ConflictInbox';
import { NoticesFeed } from './NoticesFeed';
import { ReferralsInbox } from './ReferralsInbox';
import { RejectedList } from './RejectedList';
import { RejectedPulls } from './RejectedPulls';
import { useSyncStatus } from './useSyncStatus';

type Tab = 'connection' | 'referrals' | 'conflicts' | 'rejected' | 'notices';

const count = (n: number | undefined, color: string) =>
  n ? (
    <Badge size="sm" color={color} variant="filled" circle>
      {n}
    </Badge>
  ) : null;

/**
 * The portal page. The director connects the device and works the inboxes (referrals,
 * conflicts, rejected changes); every role reads the rules-change notices.
 */
export function PortalPage({ onOpenContracts }: { onOpenContracts?: () => void } = {}) {
  const { t } = useTranslation();
  const { session } = useSession();
  const status = useSyncStatus();
  const manages = managesSync(session.role);
  const runs = runsSync(session.role);
  const tabs: Tab[] = manages
    ? ['connection', 'referrals', 'conflicts', 'rejected', 'notices']
    : ['notices'];
  const [tab, setTab] = useState<Tab>(
    status.data && !status.data.enrolled ? 'connection' : tabs[0]!,
  );
  const active = tabs.includes(tab) ? tab : tabs[0]!;
  return (
    <Stack>
      <Title order={2}>{t('portal.title')}</Title>
      <Tabs value={active} onChange={(value) => value && setTab(value as Tab)} keepMounted={false}>
        <Tabs.List>
          {tabs.map((name) => (
            <Tabs.Tab key={name} value={name}>
              <Group gap={6} wrap="nowrap">
                {t(`portal.tabs.${name}`)}
                {name === 'conflicts' && count(status.data?.conflicts, 'red')}
                {name === 'rejected' &&
                  count((status.data?.rejected ?? 0) + (status.data?.rejectedPulls ?? 0), 'orange')}
              </Group>
            </Tabs.Tab>
          ))}
        </Tabs.List>
        <Tabs.Panel value="connection" pt="md">
          <ConnectPanel status={status.data} />
        </Tabs.Panel>
        <Tabs.Panel value="referrals" pt="md">
          <ReferralsInbox canAccept={manages} onOpenContracts={onOpenContracts} />
        </Tabs.Panel>
        <Tabs.Panel value="conflicts" pt="md">
          <ConflictInbox canResolve={manages} />
        </Tabs.Panel>
        <Tabs.Panel value="rejected" pt="md">
          {runs && (
            <Stack gap="xl">
              <RejectedList />
              <RejectedPulls />
            </Stack>
          )}
        </Tabs.Panel>
        <Tabs.Panel value="notices" pt="md">
          <NoticesFeed />
        </Tabs.Panel>
      </Tabs>
    </Stack>
  );
}
