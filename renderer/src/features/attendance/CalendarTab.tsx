import { useState, type ReactNode } from 'react';
import { useTranslation } from 'react-i18next';
import { useQuery, useQueryClient } from '@tanstack/react-query';
import {
  ActionIcon,
  Alert,
  Button,
  Group,
  List,
  Loader,
  NativeSelect,
  Paper,
  SimpleGrid,
  Stack,
  Text,
  TextInput,
  Title,
  Tooltip,
} from '@mantine/core';
import { notifications } from '@mantine/notifications';
import { call, CoreError } from '../../lib/api';
import { useErrorText } from '../../lib/errors';
import { formatDate } from '../../lib/dates';
import { ConfirmChanges } from '../../components/ConfirmChanges';
import { DateField } from '../../components/DateField';
import { useSession } from '../../app/session';
import type { MethodInput, MethodOutput } from '../../../../electron/core/api';
import { roleMay } from '../../../../electron/core/auth/permissions';
import { MONTH_NAMES } from '../../../../electron/core/vocabulary/months';
import { languageOf } from './marks';

type Calendar = MethodOutput<'attendance.calendar'>;
type Day = Calendar['days'][number];
type Changes = Omit<MethodInput<'attendance.setCalendar'>, 'year'>;
type Transfer = NonNullable<Changes['transfers']>[number];
type Closure = NonNullable<Changes['closures']>[number];
type DatedHoliday = NonNullable<Changes['extraHolidays']>[number];

/** Kurban ait moves with the lunar calendar: the director gives its date each year. */
const KURBAN_AIT = 'kurbanAit';

const KIND_COLOR: Record<Day['kind'], string | undefined> = {
  working: undefined,
  weekend: 'gray.2',
  holiday: 'red.2',
  holidayDayOff: 'red.1',
  transferredDayOff: 'orange.2',
  transferredWorkingDay: 'blue.1',
  closure: 'grape.2',
};

/** Monday first, as calendars in Kazakhstan print. */
const WEEK = [1, 2, 3, 4, 5, 6, 0];

/**
 * The year's working days: Kazakhstan's public holidays preset, the government's transfers
 * and the kindergarten's closure days, which the director edits; the others read.
 */
export function CalendarTab() {
  const { t, i18n } = useTranslation();
  const language = languageOf(i18n.language);
  const errorText = useErrorText();
  const { session } = useSession();
  const edits = roleMay(session.role, 'attendance.close');
  const [year, setYear] = useState(new Date().getFullYear());
  const calendar = useQuery({
    queryKey: ['attendance', 'calendar', year],
    queryFn: () => call('attendance.calendar', { year }),
    staleTime: 0,
  });
  const now = new Date().getFullYear();
  const years = Array.from({ length: 5 }, (_, i) => now + 1 - i);
  const byMonth = new Map<number, Day[]>();
  for (const day of calendar.data?.days ?? []) {
    const month = Number(day.date.slice(5, 7));
    byMonth.set(month, [...(byMonth.get(month) ?? []), day]);
  }
  const months = MONTH_NAMES[language];
  const weekdays = t('attendance.weekdaysShort').split(',');

  return (
    <Stack>
      <Group align="end">
        <NativeSelect
          label={t('attendance.year')}
          value={String(year)}
          onChange={(event) => setYear(Number(event.currentTarget.value))}
          data={years.map(String)}
          data-testid="calendar-year"
        />
      </Group>
      {calendar.isLoading && <Loader size="sm" />}
      {calendar.error && (
        <Alert color="red" role="alert">
          {errorText(calendar.error)}
        </Alert>
      )}
      {calendar.data && (
        <>
          <SimpleGrid cols={{ base: 2, md: 3, lg: 4 }} data-testid="calendar">
            {months.map((name, index) => {
              const days = byMonth.get(index + 1) ?? [];
              const lead = days.length ? WEEK.indexOf(days[0]!.weekday) : 0;
              return (
                <Paper key={name} withBorder p="xs">
                  <Text fw={600} size="sm" ta="center">
                    {name}
                  </Text>
                  <div style={{ display: 'grid', gridTemplateColumns: 'repeat(7, 1fr)', gap: 2 }}>
                    {WEEK.map((weekday) => (
                      <Text key={weekday} size="xs" c="dimmed" ta="center">
                        {weekdays[weekday]}
                      </Text>
                    ))}
                    {Array.from({ length: lead }, (_, i) => (
                      <span key={`lead-${i}`} />
                    ))}
                    {days.map((day) => {
                      const title = [
                        t(`attendance.dayKinds.${day.kind}`),
                        day.holiday ? t(`attendance.holidays.${day.holiday}`) : '',
                      ]
                        .filter(Boolean)
                        .join(': ');
                      return (
                        <Tooltip key={day.date} label={title} withArrow openDelay={200}>
                          <Text
                            size="xs"
                            ta="center"
                            bg={KIND_COLOR[day.kind]}
                            fw={day.working ? 400 : 600}
                            data-date={day.date}
                            data-kind={day.kind}
                            aria-label={`${day.day} ${name}: ${title}`}
                          >
                            {day.day}
                          </Text>
                        </Tooltip>
                      );
                    })}
                  </div>
                </Paper>
              );
            })}
          </SimpleGrid>
          <Group gap="md">
            {(Object.keys(KIND_COLOR) as Day['kind'][]).map((kind) => (
              <Group key={kind} gap={4}>
                <div
                  style={{
                    width: 14,
                    height: 14,
                    border: '1px solid #ccc',
                    background: KIND_COLOR[kind]
                      ? `var(--mantine-color-${KIND_COLOR[kind]!.replace('.', '-')})`
                      : undefined,
                  }}
                />
                <Text size="xs">{t(`attendance.dayKinds.${kind}`)}</Text>
              </Group>
            ))}
          </Group>
          <CalendarEditor key={year} year={year} calendar={calendar.data} edits={edits} />
        </>
      )}
    </Stack>
  );
}

const inYear = (year: number, ...dates: (string | undefined)[]) =>
  dates.some((date) => date?.startsWith(`${year}-`));

/** The year's transfers and closure days: the director changes them, the others read them. */
function CalendarEditor({
  year,
  calendar,
  edits,
}: {
  year: number;
  calendar: Calendar;
  edits: boolean;
}) {
  const { t } = useTranslation();
  const errorText = useErrorText();
  const queryClient = useQueryClient();
  const [transfers, setTransfers] = useState<Transfer[]>(() =>
    calendar.settings.transfers.filter((x) => inYear(year, x.dayOff, x.workingDay)),
  );
  const [closures, setClosures] = useState<Closure[]>(() =>
    calendar.settings.closures.filter((x) => inYear(year, x.from, x.to)),
  );
  // Kurban ait's dates are edited here; any other dated holiday of the year is kept as it is.
  const [kurban, setKurban] = useState<string[]>(() =>
    calendar.settings.extraHolidays
      .filter((x) => x.key === KURBAN_AIT && inYear(year, x.date))
      .map((x) => x.date),
  );
  const otherHolidays = calendar.settings.extraHolidays.filter(
    (x) => x.key !== KURBAN_AIT && inYear(year, x.date),
  );
  const [busy, setBusy] = useState(false);
  const [failure, setFailure] = useState<unknown>(null);
  // Marked working days would become days off: the core named each with its marks and the
  // total; the director confirms that exactly these go, and the calendar is sent again with
  // that total (a mark made meanwhile makes the core refuse again, with the new numbers).
  const [marked, setMarked] = useState<{
    days: { date: string; marks: number }[];
    total: number;
  } | null>(null);
  const markedDays = (error: unknown) => {
    if (!(error instanceof CoreError) || error.code !== 'attendanceDayMarked') return null;
    const dates = [error.params.dates ?? []].flat().map(String);
    const counts = [error.params.counts ?? []].flat().map(Number);
    return {
      days: dates.map((date, i) => ({ date, marks: counts[i] ?? 0 })),
      total: Number(error.params.total),
    };
  };

  const send = async (removeMarks: number | null) => {
    const extraHolidays: DatedHoliday[] = [
      ...otherHolidays,
      ...kurban.map((date) => ({ key: KURBAN_AIT, date, religious: true })),
    ];
    await call('attendance.setCalendar', {
      year,
      transfers,
      closures,
      extraHolidays,
      ...(removeMarks !== null ? { removeMarks } : {}),
    });
    notifications.show({ color: 'teal', message: t('attendance.calendar.saved') });
    await queryClient.invalidateQueries({ queryKey: ['attendance'] });
  };

  const save = async () => {
    setBusy(true);
    setFailure(null);
    try {
      await send(null);
    } catch (error) {
      const days = markedDays(error);
      if (days) setMarked(days);
      else setFailure(error);
    } finally {
      setBusy(false);
    }
  };

  return (
    <Stack gap="xs" data-testid="calendar-editor">
      <CalendarRows
        title={t('attendance.calendar.transfers')}
        hint={t('attendance.calendar.transfersHint')}
        addLabel={t('attendance.calendar.addTransfer')}
        testId="transfer"
        rows={transfers}
        blank={{}}
        edits={edits}
        onChange={setTransfers}
        fields={(transfer, replace) => (
          <>
            <DateField
              label={t('attendance.calendar.dayOff')}
              value={transfer.dayOff ?? ''}
              disabled={!edits}
              onChange={(dayOff) => replace({ ...transfer, dayOff: dayOff || undefined })}
            />
            <DateField
              label={t('attendance.calendar.workingDay')}
              value={transfer.workingDay ?? ''}
              disabled={!edits}
              onChange={(workingDay) =>
                replace({ ...transfer, workingDay: workingDay || undefined })
              }
            />
          </>
        )}
      />
      <CalendarRows
        title={t('attendance.calendar.closures')}
        addLabel={t('attendance.calendar.addClosure')}
        testId="closure"
        rows={closures}
        blank={{ from: '', to: '', note: '' }}
        edits={edits}
        onChange={setClosures}
        fields={(closure, replace) => (
          <>
            <DateField
              label={t('attendance.calendar.from')}
              value={closure.from}
              disabled={!edits}
              onChange={(from) => replace({ ...closure, from })}
            />
            <DateField
              label={t('attendance.calendar.to')}
              value={closure.to}
              disabled={!edits}
              onChange={(to) => replace({ ...closure, to })}
            />
            <TextInput
              label={t('attendance.calendar.note')}
              value={closure.note ?? ''}
              maxLength={200}
              disabled={!edits}
              onChange={(event) => replace({ ...closure, note: event.currentTarget.value })}
            />
          </>
        )}
      />
      <CalendarRows
        title={t('attendance.holidays.kurbanAit')}
        hint={t('attendance.calendar.kurbanHint')}
        addLabel={t('attendance.calendar.addKurban')}
        testId="kurban-ait"
        rows={kurban}
        blank=""
        edits={edits}
        onChange={setKurban}
        fields={(date, replace) => (
          <DateField
            label={t('attendance.calendar.date')}
            value={date}
            disabled={!edits}
            onChange={replace}
          />
        )}
      />
      {failure !== null && (
        <Alert color="red" role="alert">
          {errorText(failure)}
        </Alert>
      )}
      {edits && (
        <Group>
          <Button loading={busy} onClick={() => void save()} data-testid="calendar-save">
            {t('attendance.calendar.save')}
          </Button>
        </Group>
      )}
      <ConfirmChanges
        opened={marked !== null}
        title={t('attendance.calendar.removeMarksTitle')}
        intro={marked ? t('attendance.calendar.removeMarksIntro', { total: marked.total }) : ''}
        changes={[]}
        color="red"
        confirmLabel={t('attendance.calendar.removeMarks')}
        onConfirm={async () => {
          try {
            await send(marked?.total ?? null);
          } catch (error) {
            // The count changed since: the dialog shows the new days and total, and the refusal.
            const days = markedDays(error);
            if (days) setMarked(days);
            throw error;
          }
        }}
        onClose={() => setMarked(null)}
      >
        <List size="sm" data-testid="calendar-marked-days">
          {marked?.days.map((day) => (
            <List.Item key={day.date}>
              {formatDate(day.date)} — {day.marks}
            </List.Item>
          ))}
        </List>
      </ConfirmChanges>
    </Stack>
  );
}

/**
 * One titled list of the calendar editor (transfers, closure days, Kurban ait): each row's
 * fields with a remove button, and an add button, while the year is editable.
 */
function CalendarRows<T>({
  title,
  hint,
  addLabel,
  testId,
  rows,
  blank,
  edits,
  onChange,
  fields,
}: {
  title: string;
  hint?: string;
  addLabel: string;
  testId: string;
  rows: T[];
  blank: T;
  edits: boolean;
  onChange: (rows: T[]) => void;
  fields: (row: T, replace: (next: T) => void) => ReactNode;
}) {
  const { t } = useTranslation();
  return (
    <>
      <Title order={4}>{title}</Title>
      {hint !== undefined && (
        <Text size="xs" c="dimmed">
          {hint}
        </Text>
      )}
      {rows.length === 0 && <Text size="sm">{t('attendance.calendar.none')}</Text>}
      {rows.map((row, index) => (
        <Group key={index} align="end" data-testid={testId}>
          {fields(row, (next) => onChange(rows.map((item, i) => (i === index ? next : item))))}
          {edits && (
            <ActionIcon
              variant="subtle"
              color="red"
              size="lg"
              aria-label={t('attendance.calendar.remove')}
              onClick={() => onChange(rows.filter((_, i) => i !== index))}
            >
              ×
            </ActionIcon>
          )}
        </Group>
      ))}
      {edits && (
        <Group>
          <Button variant="default" size="xs" onClick={() => onChange([...rows, blank])}>
            {addLabel}
          </Button>
        </Group>
      )}
    </>
  );
}
