import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { ActionIcon, AppShell, Group, NavLink, Text, Title, Tooltip } from '@mantine/core';
import { useSession } from './session';
import { LanguageSwitch } from './LanguageSwitch';
import { ChildrenPage } from '../features/children/ChildrenPage';
import { HealthTab } from '../features/health/HealthTab';
import { ContractsPage } from '../features/contracts/ContractsPage';
import { StaffPage } from '../features/staff/StaffPage';
import { SettingsPage } from '../features/settings/SettingsPage';
import { AuditPage } from '../features/audit/AuditPage';
import { FeesPage } from '../features/fees/FeesPage';
import { AttendancePage } from '../features/attendance/AttendancePage';
import { PortalPage } from '../features/sync/PortalPage';
import { SyncStatusBar } from '../features/sync/SyncStatusBar';
import { ReportsPage } from '../features/reports/ReportsPage';
import { ChildPage } from '../features/children/ChildPage';
import { pagesFor, type Page } from './pages';
import { useConfirmLeave } from '../lib/leaveGuard';

/** The children's files, with the health feature's tab on a child's page. */
function ChildrenWithHealth() {
  return (
    <ChildrenPage
      healthTab={({ id, sex, birthDate }) => <HealthTab childId={id} child={{ sex, birthDate }} />}
    />
  );
}

/** Reports, whose to-do and list rows open a child's record (with its health tab) in place. */
function ReportsWithChildren() {
  return (
    <ReportsPage
      childView={(childId, onBack) => (
        <ChildPage
          childId={childId}
          onBack={onBack}
          backTo="reports"
          healthTab={({ id, sex, birthDate }) => (
            <HealthTab childId={id} child={{ sex, birthDate }} />
          )}
        />
      )}
    />
  );
}

const PAGE_VIEWS: Record<Page, () => React.JSX.Element> = {
  children: ChildrenWithHealth,
  attendance: AttendancePage,
  contracts: ContractsPage,
  fees: FeesPage,
  reports: ReportsWithChildren,
  portal: PortalPage,
  staff: StaffPage,
  settings: SettingsPage,
  audit: AuditPage,
};

export function AppLayout() {
  const { t } = useTranslation();
  const { session, lock, signOut } = useSession();
  const pages = pagesFor(session.role);
  const [page, setPageNow] = useState<Page>('children');
  // A screen with unsaved work (the register's marks) is asked before it is left.
  const [leave, leaveDialog] = useConfirmLeave();
  const setPage = (next: Page) => leave(() => setPageNow(next));
  const View = PAGE_VIEWS[pages.includes(page) ? page : 'children'];
  return (
    <AppShell header={{ height: 56 }} navbar={{ width: 220, breakpoint: 'xs' }} padding="md">
      <AppShell.Header>
        {/* One line that never overflows (1024 px and up, kk and ru): below 1200 px the title
            gives way (the window's title has the name), a long name is cut with its whole text
            in a tooltip, lock and sign-out are icons with their names as tooltips. */}
        <Group
          h="100%"
          px="md"
          justify="space-between"
          wrap="nowrap"
          gap="sm"
          data-testid="app-bar"
        >
          <Title order={4} visibleFrom="lg" style={{ whiteSpace: 'nowrap' }}>
            {t('app.name')}
          </Title>
          <Group gap="xs" wrap="nowrap" ml="auto" style={{ minWidth: 0, flexShrink: 0 }}>
            <SyncStatusBar />
            <Tooltip label={`${session.displayName} · ${t(`roles.${session.role}`)}`} withArrow>
              <Text size="sm" truncate="end" maw={150} data-testid="signed-in-as" tabIndex={0}>
                {session.displayName} · {t(`roles.${session.role}`)}
              </Text>
            </Tooltip>
            <LanguageSwitch />
            <Tooltip label={t('nav.lock')} withArrow>
              <ActionIcon
                variant="default"
                size="lg"
                onClick={() => leave(lock)}
                aria-label={t('nav.lock')}
              >
                <LockIcon />
              </ActionIcon>
            </Tooltip>
            <Tooltip label={t('nav.signOut')} withArrow>
              <ActionIcon
                variant="default"
                size="lg"
                onClick={() => leave(signOut)}
                aria-label={t('nav.signOut')}
              >
                <SignOutIcon />
              </ActionIcon>
            </Tooltip>
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
        {leaveDialog}
        {View === PortalPage ? (
          <PortalPage onOpenContracts={() => setPage('contracts')} />
        ) : View === FeesPage ? (
          <FeesPage
            onOpenTimesheet={pages.includes('attendance') ? () => setPage('attendance') : undefined}
          />
        ) : (
          <View />
        )}
      </AppShell.Main>
    </AppShell>
  );
}

const ICON = {
  width: 16,
  height: 16,
  viewBox: '0 0 24 24',
  fill: 'none',
  stroke: 'currentColor',
  strokeWidth: 2,
  strokeLinecap: 'round',
  strokeLinejoin: 'round',
  'aria-hidden': true,
} as const;

function LockIcon() {
  return (
    <svg {...ICON}>
      <rect x="5" y="11" width="14" height="10" rx="2" />
      <path d="M8 11V7a4 4 0 0 1 8 0v4" />
    </svg>
  );
}

function SignOutIcon() {
  return (
    <svg {...ICON}>
      <path d="M9 21H5a2 2 0 0 1-2-2V5a2 2 0 0 1 2-2h4" />
      <path d="M16 17l5-5-5-5M21 12H9" />
    </svg>
  );
}
