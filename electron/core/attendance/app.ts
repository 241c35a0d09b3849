import { eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import type { ReadableStore } from '../../../db/connection';
import { groups, staffAccounts, staffGroups } from '../../../db/schema';
import { assertGroupInScope, scopedGroupIds } from '../auth/group-scope';
import type { Session } from '../auth/session';
import { Id } from '../children/fields';
import { AppError, InvalidInput } from '../errors/app-error';
import { method } from '../registry/method';
import { readOrgSettings } from '../settings/org-settings';
import { TextLine } from '../text/human-text';
import {
  certificateMarks,
  closedMonthsAmong,
  certificateWindow,
  closeGroupMonth,
  disputedMonths,
  groupRoster,
  groupsWithMarks,
  localDateTime,
  marksOf,
  marksOnDates,
  removeMarksOnDates,
  monthState,
  monthTimesheet,
  presentOn,
  readCalendar,
  readDayCodes,
  reopenGroupMonth,
  valueOf,
  writeCalendar,
  writeGroupDay,
} from './attendance-record';
import {
  calendarSettings,
  closure,
  datedHoliday,
  dayInfo,
  dayTransfer,
  isoDate,
  isoMonth,
  monthDays,
  monthOf,
  type CalendarSettings,
  type IsoDate,
  type IsoMonth,
} from './calendar';
import type { Language } from './codes';
import { DayMarked, FutureDay, MonthClosed } from './errors';
import { renderTimesheetPdf, type TimesheetPdfGroup } from './timesheet-pdf';
import {
  certificatesNeeded,
  markValue,
  type Actor,
  type ChildMonth,
  type Mark,
  type MarkValue,
} from './timesheet';

/**
 * The daily register, the month's timesheet and its closing, the calendar and the director's
 * inbox of disputed months. Teachers work with their own groups only (another group answers
 * groupNotFound); the director and the methodist with every group.
 */

const GroupNotFound = () => new AppError('groupNotFound');

function groupName(store: ReadableStore, groupId: string): string {
  const group = store.db
    .select({ name: groups.name })
    .from(groups)
    .where(eq(groups.id, groupId))
    .get();
  if (!group) throw GroupNotFound();
  return group.name;
}

/** The group, if it exists and the session may work with it (else groupNotFound). */
function checkGroup(store: ReadableStore, session: Session | null, groupId: string): string {
  const name = groupName(store, groupId);
  assertGroupInScope(store, session, groupId);
  return name;
}

/**
 * A correction's reason when the calendar made a marked day of a reopened month a day off:
 * in both languages, as the register's screen and the printed timesheet show it.
 */
export const CALENDAR_CHANGE_REASON =
  'Күнтізбе өзгерді: күн демалыс болды / Календарь изменён: день стал нерабочим';

function actorOf(session: Session | null): Actor {
  return { staffId: session!.accountId, role: session!.role };
}

function staffNames(store: ReadableStore, ids: readonly string[]): Map<string, string> {
  const unique = [...new Set(ids)];
  if (!unique.length) return new Map();
  return new Map(
    store.db
      .select({ id: staffAccounts.id, name: staffAccounts.displayName })
      .from(staffAccounts)
      .where(inArray(staffAccounts.id, unique))
      .all()
      .map((row) => [row.id, row.name]),
  );
}

/** Every working day from `from` to `to`, in order (across months). */
function workingDaysBetween(from: IsoDate, to: IsoDate, settings: CalendarSettings): IsoDate[] {
  const days: IsoDate[] = [];
  let month = monthOf(from);
  while (month <= monthOf(to)) {
    const [year, number] = month.split('-').map(Number) as [number, number];
    for (const day of monthDays(year, number, settings))
      if (day.working && day.date >= from && day.date <= to) days.push(day.date);
    month = number === 12 ? `${year + 1}-01` : `${year}-${String(number + 1).padStart(2, '0')}`;
  }
  return days;
}

/** A group's day as the register shows it. */
function readDay(store: ReadableStore, groupId: string, date: IsoDate) {
  const month = monthOf(date);
  const calendar = readCalendar(store);
  const roster = groupRoster(store, groupId, month).filter((child) => presentOn(child, date));
  const ids = roster.map((child) => child.id);
  const today = new Map(marksOf(store, ids, date, date).map((m) => [m.childId, m]));
  // A child not marked yet is present once the day is opened: the certificate is asked then.
  const effective: Mark[] = [
    ...certificateMarks(store, ids, date),
    ...ids.map((childId) => today.get(childId) ?? { childId, date, status: 'present' as const }),
  ];
  const day = dayInfo(date, calendar);
  const due = day.working
    ? new Set(
        certificatesNeeded(effective, workingDaysBetween(certificateWindow(date), date, calendar))
          .filter((entry) => entry.returnDate === date)
          .map((entry) => entry.childId),
      )
    : new Set<string>();
  return {
    date,
    day,
    monthStatus: monthState(store, groupId, month).status,
    codes: readDayCodes(store),
    children: roster.map((child) => {
      const stored = today.get(child.id);
      return {
        childId: child.id,
        lastName: child.lastName,
        firstName: child.firstName,
        patronymic: child.patronymic,
        mark: stored ? valueOf(stored) : (null as MarkValue | null),
        certificateDue: due.has(child.id),
      };
    }),
  };
}

/** A group's month as the grid shows it. */
function readMonth(store: ReadableStore, groupId: string, month: IsoMonth) {
  const sheet = monthTimesheet(store, groupId, month);
  const names = staffNames(store, [
    ...sheet.state.history.map((event) => event.by),
    ...sheet.corrections.map((correction) => correction.by),
  ]);
  const rows = sheet.timesheet.rows.map((row, index) => {
    const child = sheet.children[index]!;
    return {
      childId: row.childId,
      lastName: child.lastName,
      firstName: child.firstName,
      patronymic: child.patronymic,
      iin: child.iin,
      cells: row.cells,
      totals: row.totals,
      parent: sheet.state.children[row.childId] ?? ({ status: 'pending' } as ChildMonth),
    };
  });
  return {
    month,
    days: sheet.timesheet.days,
    rows,
    dayTotals: sheet.timesheet.dayTotals,
    totals: sheet.timesheet.totals,
    state: {
      status: sheet.state.status,
      history: sheet.state.history.map((event) => ({
        ...event,
        byName: names.get(event.by) ?? null,
      })),
    },
    corrections: sheet.corrections.map((correction) => ({
      ...correction,
      byName: names.get(correction.by) ?? null,
    })),
    codes: readDayCodes(store),
  };
}

function readCalendarYear(store: ReadableStore, year: number) {
  const settings = readCalendar(store);
  return {
    year,
    settings,
    days: Array.from({ length: 12 }, (_, i) => monthDays(year, i + 1, settings)).flat(),
  };
}

const Year = z.number().int().min(2000).max(2100);
const GroupMonth = z.object({ groupId: Id, month: isoMonth }).strict();

/** The timesheet's file name: the month and, for one group, its name (no child's data). */
function pdfFileName(month: IsoMonth, group: string | null): string {
  const safe = group?.replace(/[\\/:*?"<>|\s]+/g, '-').replace(/^-+|-+$/g, '');
  return `timesheet-${month}${safe ? `-${safe}` : ''}.pdf`;
}

export const attendanceMethods = {
  /** A group's day in the register: its children (Kazakh order), their marks, the codes. */
  'attendance.day': method({
    input: z.object({ groupId: Id, date: isoDate }).strict(),
    access: 'attendance.read',
    kind: 'read',
    entity: 'attendance',
    handler: (ctx, { groupId, date }) => {
      checkGroup(ctx.store(), ctx.session, groupId);
      return readDay(ctx.store(), groupId, date);
    },
  }),

  /**
   * Saves a group's day, every mark given, in one transaction; returns the day as stored.
   * Refused, nothing saved: a non-working day, a closed month, a child not in the group that
   * day. After a reopening each change is a correction (its reason: `reason`, else the
   * reopening's).
   */
  'attendance.saveDay': method({
    input: z
      .object({
        groupId: Id,
        date: isoDate,
        marks: z
          .array(z.object({ childId: Id, value: markValue }).strict())
          .min(1)
          .max(300),
        reason: TextLine(500, 1).optional(),
      })
      .strict(),
    access: 'attendance.write',
    kind: 'write',
    entity: 'attendance',
    syncs: 'attendance',
    handler: (ctx, { groupId, date, marks, reason }) => {
      checkGroup(ctx.store(), ctx.session, groupId);
      const at = localDateTime(ctx.now());
      // Today may be marked, a later day not: it has not happened yet.
      if (date > at.slice(0, 10)) throw FutureDay({ date });
      ctx.transact(groupId, (store) =>
        writeGroupDay(store, {
          groupId,
          date,
          marks,
          actor: actorOf(ctx.session),
          at,
          ...(reason === undefined ? {} : { reason }),
        }),
      );
      return readDay(ctx.store(), groupId, date);
    },
  }),

  /** A group's month: the timesheet grid, the parents' answers, the history and corrections. */
  'attendance.month': method({
    input: GroupMonth,
    access: 'attendance.read',
    kind: 'read',
    entity: 'attendance',
    handler: (ctx, { groupId, month }) => {
      checkGroup(ctx.store(), ctx.session, groupId);
      return readMonth(ctx.store(), groupId, month);
    },
  }),

  /** The director closes a group's month (over, every working day marked): the register locks. */
  'attendance.closeMonth': method({
    input: GroupMonth,
    access: 'attendance.close',
    kind: 'write',
    entity: 'attendance',
    syncs: 'attendance',
    handler: (ctx, { groupId, month }) => {
      checkGroup(ctx.store(), ctx.session, groupId);
      ctx.transact(groupId, (store) =>
        closeGroupMonth(store, {
          groupId,
          month,
          actor: actorOf(ctx.session),
          at: localDateTime(ctx.now()),
        }),
      );
      return readMonth(ctx.store(), groupId, month);
    },
  }),

  /** The director reopens a closed month with a reason: every change after it is a correction. */
  'attendance.reopenMonth': method({
    input: GroupMonth.extend({ reason: TextLine(500, 1) }).strict(),
    access: 'attendance.close',
    kind: 'write',
    entity: 'attendance',
    syncs: 'attendance',
    handler: (ctx, { groupId, month, reason }) => {
      checkGroup(ctx.store(), ctx.session, groupId);
      ctx.transact(groupId, (store) =>
        reopenGroupMonth(store, {
          groupId,
          month,
          reason,
          actor: actorOf(ctx.session),
          at: localDateTime(ctx.now()),
        }),
      );
      return readMonth(ctx.store(), groupId, month);
    },
  }),

  /**
   * The timesheet as an A4 landscape PDF: one group, or (groupId null) every group with marks
   * that month the session may see. It lists children with their IINs: audited.
   */
  'attendance.timesheetPdf': method({
    input: z
      .object({
        groupId: Id.nullable(),
        month: isoMonth,
        language: z.enum(['kk', 'ru', 'both']),
      })
      .strict(),
    access: 'attendance.read',
    kind: 'sensitiveRead',
    entity: 'attendance',
    handler: async (ctx, { groupId, month, language }) => {
      const store = ctx.store();
      let ids: string[];
      if (groupId !== null) {
        checkGroup(store, ctx.session, groupId);
        ids = [groupId];
      } else {
        const scope = scopedGroupIds(store, ctx.session);
        ids = groupsWithMarks(store, month).filter((id) => !scope || scope.includes(id));
        if (!ids.length) throw InvalidInput(['groupId']);
      }
      const org = readOrgSettings(store);
      const groupsToPrint = ids.map((id): TimesheetPdfGroup => {
        const sheet = monthTimesheet(store, id, month);
        const names = staffNames(
          store,
          sheet.corrections.map((c) => c.by),
        );
        const teacher = store.db
          .select({ name: staffAccounts.displayName })
          .from(staffGroups)
          .innerJoin(staffAccounts, eq(staffAccounts.id, staffGroups.accountId))
          .where(eq(staffGroups.groupId, id))
          .get();
        return {
          organisation: language === 'ru' && org.nameRu ? org.nameRu : org.nameKk,
          groupName: groupName(store, id),
          month,
          children: sheet.children,
          timesheet: sheet.timesheet,
          ...(sheet.state.history.length
            ? {
                confirmations: Object.fromEntries(
                  Object.entries(sheet.state.children).map(([child, answer]) => [
                    child,
                    answer.status,
                  ]),
                ),
              }
            : {}),
          corrections: sheet.corrections,
          staffNames: Object.fromEntries(names),
          ...(teacher ? { teacherName: teacher.name } : {}),
          ...(org.directorName ? { directorName: org.directorName } : {}),
        };
      });
      const languages: Language[] = language === 'both' ? ['kk', 'ru'] : [language];
      const pdf = await renderTimesheetPdf({
        groups: groupsToPrint,
        languages,
        template: readDayCodes(store),
      });
      // The group, and every child whose IIN leaves the app in the file (as fees.export does).
      for (const id of ids) ctx.auditRead(id);
      for (const group of groupsToPrint)
        for (const child of group.children) ctx.auditRead(child.id);
      return {
        fileName: pdfFileName(month, groupId === null ? null : groupsToPrint[0]!.groupName),
        pdfBase64: Buffer.from(pdf).toString('base64'),
      };
    },
  }),

  /** A year's calendar: the settings and every day with its kind. */
  'attendance.calendar': method({
    input: z.object({ year: Year }).strict(),
    access: 'attendance.read',
    kind: 'read',
    entity: 'attendance',
    handler: (ctx, { year }) => readCalendarYear(ctx.store(), year),
  }),

  /**
   * The director sets a year's transfers, closures or dated holidays (Kurban ait): each list
   * given replaces that year's, the others stay.
   */
  'attendance.setCalendar': method({
    input: z
      .object({
        year: Year,
        transfers: z.array(dayTransfer).max(100).optional(),
        closures: z.array(closure).max(100).optional(),
        extraHolidays: z.array(datedHoliday).max(50).optional(),
        /**
         * The director confirmed that the marks on working days becoming days off go: the
         * total the refusal (attendanceDayMarked, naming every such day and its marks) showed.
         * Without it, or when the marks counted now differ (a mark made since), refused again.
         */
        removeMarks: z.number().int().min(1).max(1_000_000).optional(),
      })
      .strict(),
    access: 'attendance.close',
    kind: 'write',
    entity: 'attendance',
    syncs: 'attendance',
    handler: (ctx, { year, transfers, closures, extraHolidays, removeMarks }) => {
      const inYear = (date: string | undefined) =>
        date === undefined || date.startsWith(`${year}-`);
      const outside = [
        ...(transfers ?? []).flatMap((t, i) =>
          inYear(t.dayOff) && inYear(t.workingDay) ? [] : [`transfers.${i}`],
        ),
        ...(closures ?? []).flatMap((c, i) =>
          inYear(c.from) && inYear(c.to) ? [] : [`closures.${i}`],
        ),
        ...(extraHolidays ?? []).flatMap((h, i) => (inYear(h.date) ? [] : [`extraHolidays.${i}`])),
      ];
      if (outside.length) throw InvalidInput(outside);
      ctx.transact(null, (store) => {
        const current = readCalendar(store);
        const year_ = (date: string | undefined) => date?.startsWith(`${year}-`) ?? false;
        const next = calendarSettings.parse({
          ...current,
          transfers: transfers
            ? [
                ...current.transfers.filter((t) => !year_(t.dayOff) && !year_(t.workingDay)),
                ...transfers,
              ]
            : current.transfers,
          closures: closures
            ? [...current.closures.filter((c) => !year_(c.from) && !year_(c.to)), ...closures]
            : current.closures,
          extraHolidays: extraHolidays
            ? [...current.extraHolidays.filter((h) => !year_(h.date)), ...extraHolidays]
            : current.extraHolidays,
        });
        // A closed month's timesheet does not change without a trace: a day of it that would
        // become a day off (or a working day) waits until the director reopens the month.
        const changedDays = Array.from({ length: 12 }, (_, i) => monthDays(year, i + 1, current))
          .flat()
          .filter((day) => dayInfo(day.date, next).working !== day.working);
        const changed = new Set(changedDays.map((day) => monthOf(day.date)));
        const closed = closedMonthsAmong(store, [...changed]);
        if (closed.length) throw MonthClosed({ month: closed[0]! });
        // A marked working day of an open month does not become a day off under its marks
        // (the timesheet would count them, the portal's copy would be refused on the pull):
        // refused, naming every such day and how many marks it holds, unless the director
        // confirmed removing exactly that many (a closure decided after the teacher marked;
        // counted again here, so a mark made since the refusal is not removed unseen): then
        // they go in this transaction, as corrections in a reopened month, and the portal
        // loses them too.
        const dates = changedDays.filter((day) => day.working).map((day) => day.date);
        const marked = marksOnDates(store, dates);
        const total = marked.reduce((sum, day) => sum + day.marks, 0);
        if (marked.length && removeMarks !== total) throw DayMarked(marked);
        if (marked.length)
          removeMarksOnDates(store, {
            dates,
            actor: actorOf(ctx.session),
            at: localDateTime(ctx.now()),
            reason: CALENDAR_CHANGE_REASON,
          });
        writeCalendar(store, next);
      });
      return readCalendarYear(ctx.store(), year);
    },
  }),

  /** The director's inbox: child-months a parent disputed through the portal. */
  'attendance.disputes': method({
    input: z.object({}).strict(),
    access: 'attendance.close',
    kind: 'read',
    entity: 'attendance',
    handler: (ctx) => disputedMonths(ctx.store()),
  }),
};
