import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { AppShell, Button, Group, NavLink, Text, Title } from '@mantine/core';
import { useSession } from './session';
import { LanguageSwitch } from './LanguageSwitch';
import { ChildrenPage } from '../features/children/ChildrenPage';
import { ContractsPage } from '../features/contracts/ContractsPage';
import { StaffPage } from '../features/staff/StaffPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { PortalPage } from '../features/sync/PortalPage';
import { SyncStatusBar } from '../features/sync/SyncStatusBar';
import type { StaffRole } from '../../../electron/core/api';

type Page = 'children' | 'contracts' | 'portal' | 'staff' | 'settings' | 'audit';

/** Navigation by role: only pages whose core methods the role may call are offered. */
const PAGES_BY_ROLE: Record<StaffRole, Page[]> = {
  director: ['children', 'contracts', 'portal', 'staff', 'settings', 'audit'],
  methodist: ['children', 'portal'],
  teacher: ['children', 'portal'],
  nurse: ['children', 'portal'],
  accountant: ['children', 'contracts', 'portal'],
};

const PAGE_VIEWS: Record<Page, () => React.JSX.Element> = {
  children: ChildrenPage,
  contracts: ContractsPage,
  portal: PortalPage,
  staff: StaffPage,
  settings: SettingsPage,
  audit: AuditPage,
};

export function AppLayout() {
  const { t } = useTranslation();
  const { session, lock, signOut } = useSession();
  const pages = PAGES_BY_ROLE[session.role];
  const [page, setPage] = useState<Page>('children');
  const View = PAGE_VIEWS[pages.includes(page) ? page : 'children'];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'xs' }} padding="md">
      <AppShell.Header>
        <Group h="100%" px="md" justify="space-between">
          <Title order={4}>{t('app.name')}</Title>
          <Group>
            <SyncStatusBar />
            <Text size="sm" data-testid="signed-in-as">
              {session.displayName} · {t(`roles.${session.role}`)}
            </Text>
            <LanguageSwitch />
            <Button size="xs" variant="default" onClick={lock}>
              {t('nav.lock')}
            </Button>
            <Button size="xs" variant="default" onClick={signOut}>
              {t('nav.signOut')}
            </Button>
          </Group>
        </Group>
      </AppShell.Header>
      <AppShell.Navbar p="xs" aria-label="navigation">
        {pages.map((name) => (
          <NavLink
            key={name}
            label={t(`nav.${name}`)}
            active={page === name}
            onClick={() => setPage(name)}
            component="button"
          />
        ))}
      </AppShell.Navbar>
      <AppShell.Main>
        {View === PortalPage ? (
          <PortalPage onOpenContracts={() => setPage('contracts')} />
        ) : (
          <View />
        )}
      </AppShell.Main>
    </AppShell>
  );
}
