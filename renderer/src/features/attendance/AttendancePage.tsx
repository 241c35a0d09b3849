import { useState } from 'react';
import { useTranslation } from 'react-i18next';
import { Stack, Tabs, Text, Title } from '@mantine/core';
import { useSession } from '../../app/session';
import { today } from '../../lib/dates';
import { roleMay } from '../../../../electron/core/auth/permissions';
import { RegisterTab } from './RegisterTab';
import { MonthTab } from './MonthTab';
import { CalendarTab } from './CalendarTab';
import { DisputesTab } from './DisputesTab';
import { useAttendanceGroups } from './GroupSelect';

type Tab = 'register' | 'month' | 'calendar' | 'disputes';

/**
 * Attendance: the daily register, a group's month (the timesheet), the calendar of working
 * days and, for the director, the parents' disputes. The group, the day and the month chosen
 * are shared by the tabs, so a dispute opens its child's month.
 */
export function AttendancePage() {
  const { t } = useTranslation();
  const { session } = useSession();
  const [tab, setTab] = useState<Tab>('register');
  const [chosenGroup, setGroupId] = useState('');
  // A teacher with one group finds it chosen.
  const groups = useAttendanceGroups();
  const groupId = chosenGroup || (groups.data?.length === 1 ? groups.data[0]!.id : '');
  const [date, setDate] = useState(today());
  const [month, setMonth] = useState(today().slice(0, 7));
  const [focusChild, setFocusChild] = useState<string | null>(null);
  const director = roleMay(session.role, 'attendance.close');
  return (
    <Stack>
      <Title order={2}>{t('attendance.title')}</Title>
      {groups.data?.length === 0 && (
        <Text c="dimmed" data-testid="attendance-no-groups">
          {t('attendance.noGroups')}
        </Text>
      )}
      <Tabs value={tab} onChange={(value) => setTab((value as Tab | null) ?? 'register')}>
        <Tabs.List>
          <Tabs.Tab value="register">{t('attendance.tabs.register')}</Tabs.Tab>
          <Tabs.Tab value="month">{t('attendance.tabs.month')}</Tabs.Tab>
          <Tabs.Tab value="calendar">{t('attendance.tabs.calendar')}</Tabs.Tab>
          {director && <Tabs.Tab value="disputes">{t('attendance.tabs.disputes')}</Tabs.Tab>}
        </Tabs.List>
        <Tabs.Panel value="register" pt="md">
          {/* Kept mounted: marks not saved yet survive a look at the month. */}
          <Stack>
            <RegisterTab
              groupId={groupId}
              onGroup={setGroupId}
              date={date}
              onDate={setDate}
              visible={tab === 'register'}
            />
          </Stack>
        </Tabs.Panel>
        <Tabs.Panel value="month" pt="md">
          {tab === 'month' && (
            <MonthTab
              groupId={groupId}
              onGroup={setGroupId}
              month={month}
              onMonth={setMonth}
              focusChild={focusChild}
            />
          )}
        </Tabs.Panel>
        <Tabs.Panel value="calendar" pt="md">
          {tab === 'calendar' && <CalendarTab />}
        </Tabs.Panel>
        {director && (
          <Tabs.Panel value="disputes" pt="md">
            {tab === 'disputes' && (
              <DisputesTab
                onOpen={(dispute) => {
                  setGroupId(dispute.groupId);
                  setMonth(dispute.month);
                  setFocusChild(dispute.childId);
                  setTab('month');
                }}
              />
            )}
          </Tabs.Panel>
        )}
      </Tabs>
    </Stack>
  );
}
