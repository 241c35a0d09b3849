import { randomUUID } from 'node:crypto';
import type { ReadableStore, Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import { InvalidInput } from '../errors/app-error';
import { noteChange } from '../registry/record-changes';
import type {
  HeldField,
  PortalIds,
  PortalPull,
  PullOutcome,
  RecordType,
} from '../sync/record-types';
import {
  addDays,
  calendarSettings,
  DEFAULT_CALENDAR,
  lastDateOfMonth,
  monthDays,
  monthOf,
  validateMarkDate,
  type CalendarSettings,
  type IsoDate,
  type IsoMonth,
} from './calendar';
import { DEFAULT_DAY_CODES, dayCodeTemplate, type DayCodeTemplate } from './codes';
import { ChildNotInGroup, MonthClosed, NotAbsenceDocument } from './errors';
import {
  applyMonthAction,
  buildTimesheet,
  DEFAULT_CERTIFICATE_RULE,
  markValue,
  openMonth,
  type Actor,
  type ChildMonth,
  type ChildMonthStatus,
  type Correction,
  type Mark,
  type MarkValue,
  type MonthEvent,
  type MonthState,
  type Timesheet,
  type TimesheetChild,
} from './timesheet';

/**
 * The attendance record: the only code that reads or writes the attendance tables
 * (db/schema/attendance.ts) and the attendance settings (calendar, day codes), besides the
 * seeder's bulk insert. The portal knows one `attendance` record per child and month (its
 * marks, whether the group's month is closed, how many corrections it had, and what the
 * parent said); the kindergarten creates it, the parent's answer comes back through the pull.
 *
 * A child's month belongs to one group: the one it was first marked in that month. A child is
 * in a group's register on a date from its enrolment date (`enrolledOn`) to its leaving date
 * (`leftOn`), while its file is in that group.
 */

// ---- settings ---------------------------------------------------------------------------

const CALENDAR_KEY = 'attendanceCalendar';
const DAY_CODES_KEY = 'attendanceDayCodes';

/** The last parsed value of each setting by its stored text: a save parses it once. */
const parsedSettings = new Map<string, { text: string; value: unknown }>();

function readSetting<T>(
  store: ReadableStore,
  key: string,
  parse: (value: unknown) => T,
  otherwise: T,
): T {
  const text = statement(store, 'SELECT value FROM settings WHERE key = ?').pluck().get(key) as
    string | undefined;
  if (text === undefined) return otherwise;
  const memo = parsedSettings.get(key);
  if (memo?.text === text) return memo.value as T;
  let value: T;
  try {
    value = parse(JSON.parse(text));
  } catch {
    // An unreadable setting (written by hand, an older app): the default stands.
    value = otherwise;
  }
  parsedSettings.set(key, { text, value });
  return value;
}

function writeSetting(store: Store, key: string, value: unknown): void {
  statement(
    store,
    'INSERT INTO settings (key, value) VALUES (?, ?) ON CONFLICT (key) DO UPDATE SET value = excluded.value',
  ).run(key, JSON.stringify(value));
}

/** The working-day calendar (holidays, transfers, closures); Kazakhstan's preset by default. */
export function readCalendar(store: ReadableStore): CalendarSettings {
  return readSetting(store, CALENDAR_KEY, (v) => calendarSettings.parse(v), DEFAULT_CALENDAR);
}

export function writeCalendar(store: Store, settings: CalendarSettings): void {
  writeSetting(store, CALENDAR_KEY, calendarSettings.parse(settings));
}

/** The timesheet's day codes and which reasons are valid; the default template otherwise. */
export function readDayCodes(store: ReadableStore): DayCodeTemplate {
  return readSetting(store, DAY_CODES_KEY, (v) => dayCodeTemplate.parse(v), DEFAULT_DAY_CODES);
}

export function writeDayCodes(store: Store, template: DayCodeTemplate): void {
  writeSetting(store, DAY_CODES_KEY, dayCodeTemplate.parse(template));
}

// ---- marks ------------------------------------------------------------------------------

interface MarkRow {
  childId: string;
  date: string;
  status: 'present' | 'absent';
  reason: string | null;
  note: string | null;
  documentId: string | null;
  arrival: string | null;
  departure: string | null;
}

/** A mark's value in one canonical shape (key order, no undefined), as stored and compared. */
export function canonicalMark(value: MarkValue): MarkValue {
  if (value.status === 'present')
    return {
      status: 'present',
      ...(value.arrival ? { arrival: value.arrival } : {}),
      ...(value.departure ? { departure: value.departure } : {}),
    };
  return {
    status: 'absent',
    reason: value.reason,
    note: value.note ?? '',
    ...(value.documentId ? { documentId: value.documentId } : {}),
  };
}

function markOfRow(row: MarkRow): Mark {
  const value: MarkValue =
    row.status === 'present'
      ? {
          status: 'present',
          ...(row.arrival ? { arrival: row.arrival } : {}),
          ...(row.departure ? { departure: row.departure } : {}),
        }
      : {
          status: 'absent',
          reason: row.reason as Extract<MarkValue, { status: 'absent' }>['reason'],
          note: row.note ?? '',
          ...(row.documentId ? { documentId: row.documentId } : {}),
        };
  return { childId: row.childId, date: row.date, ...value } as Mark;
}

/** A stored mark's value without its child and date. */
export function valueOf(mark: Mark): MarkValue {
  return canonicalMark(mark);
}

const MARK_COLUMNS = `child_id AS childId, date, status, reason, note, document_id AS documentId,
  arrival, departure`;

/** The marks of some children between two dates (inclusive), by child then date. */
export function marksOf(
  store: ReadableStore,
  childIds: readonly string[],
  from: IsoDate,
  to: IsoDate,
): Mark[] {
  if (!childIds.length) return [];
  const rows = statement(
    store,
    `SELECT ${MARK_COLUMNS} FROM attendance_marks
      WHERE child_id IN (SELECT value FROM json_each(?)) AND date BETWEEN ? AND ?
      ORDER BY child_id, date`,
  ).all(JSON.stringify(childIds), from, to) as MarkRow[];
  return rows.map(markOfRow);
}

function storedMark(store: ReadableStore, childId: string, date: IsoDate): Mark | null {
  const row = statement(
    store,
    `SELECT ${MARK_COLUMNS} FROM attendance_marks WHERE child_id = ? AND date = ?`,
  ).get(childId, date) as MarkRow | undefined;
  return row ? markOfRow(row) : null;
}

// ---- who is in a group ------------------------------------------------------------------

/**
 * Whether the child is kept here. Read here, not through child-record.ts: the child record
 * asks this record about closed months before it changes a child (validateClosedMonths).
 */
function childExists(store: ReadableStore, childId: string): boolean {
  return statement(store, 'SELECT 1 FROM children WHERE id = ?').get(childId) !== undefined;
}

export interface RosterChild {
  id: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  iin: string;
  enrolledOn: string | null;
  leftOn: string | null;
}

/**
 * The children of a group's month in Kazakh order: those whose month it was first marked in
 * (they stay when they move on), and, unless the month is closed (its roster is then the
 * child-months its closing made), those in the group now during the month whose month is not
 * another group's.
 */
export function groupRoster(store: ReadableStore, groupId: string, month: IsoMonth): RosterChild[] {
  const from = `${month}-01`;
  const to = lastDateOfMonth(month);
  return statement(
    store,
    `SELECT c.id, c.last_name AS lastName, c.first_name AS firstName, c.patronymic, c.iin,
            c.enrolled_on AS enrolledOn, c.left_on AS leftOn
       FROM children c
      WHERE c.id IN (SELECT child_id FROM attendance_child_months WHERE group_id = @group AND month = @month)
         OR (c.group_id = @group AND c.status IN ('enrolled', 'withdrawn', 'graduated')
             AND NOT EXISTS (SELECT 1 FROM attendance_months s
                              WHERE s.group_id = @group AND s.month = @month AND s.status = 'closed')
             AND (c.enrolled_on IS NULL OR c.enrolled_on <= @to)
             AND (c.status = 'enrolled' OR c.left_on >= @from)
             AND NOT EXISTS (SELECT 1 FROM attendance_child_months m
                              WHERE m.child_id = c.id AND m.month = @month AND m.group_id <> @group))
      ORDER BY kazakh_sort_key(c.last_name), kazakh_sort_key(c.first_name),
               kazakh_sort_key(c.patronymic), c.id`,
  ).all({ group: groupId, month, from, to }) as RosterChild[];
}

/** Whether a roster child was in the group on a date (its enrolment period). */
export function presentOn(child: RosterChild, date: IsoDate): boolean {
  return (
    (child.enrolledOn === null || child.enrolledOn <= date) &&
    (child.leftOn === null || date <= child.leftOn)
  );
}

/**
 * A child's days in the group within the month, as the timesheet takes them (from/to when
 * inside it). FEES charges by the same.
 */
export function periodIn(
  child: Pick<RosterChild, 'id' | 'enrolledOn' | 'leftOn'>,
  month: IsoMonth,
): TimesheetChild {
  const first = `${month}-01`;
  const last = lastDateOfMonth(month);
  return {
    id: child.id,
    ...(child.enrolledOn && child.enrolledOn > first ? { from: child.enrolledOn } : {}),
    ...(child.leftOn && child.leftOn < last ? { to: child.leftOn } : {}),
  };
}

// ---- the month's state ------------------------------------------------------------------

interface ChildMonthRow {
  id: string;
  childId: string;
  groupId: string;
  parentStatus: ChildMonthStatus;
  parentComment: string | null;
  parentAt: string | null;
}

const CHILD_MONTH_COLUMNS = `id, child_id AS childId, group_id AS groupId,
  parent_status AS parentStatus, parent_comment AS parentComment, parent_at AS parentAt`;

function childMonthsOf(store: ReadableStore, groupId: string, month: IsoMonth): ChildMonthRow[] {
  return statement(
    store,
    `SELECT ${CHILD_MONTH_COLUMNS} FROM attendance_child_months WHERE group_id = ? AND month = ?`,
  ).all(groupId, month) as ChildMonthRow[];
}

function childMonthOf(
  store: ReadableStore,
  childId: string,
  month: IsoMonth,
): ChildMonthRow | undefined {
  return statement(
    store,
    `SELECT ${CHILD_MONTH_COLUMNS} FROM attendance_child_months WHERE child_id = ? AND month = ?`,
  ).get(childId, month) as ChildMonthRow | undefined;
}

function parentAnswer(row: ChildMonthRow): ChildMonth {
  return {
    status: row.parentStatus,
    ...(row.parentComment ? { comment: row.parentComment } : {}),
    ...(row.parentAt ? { at: row.parentAt } : {}),
  };
}

/**
 * A group's month as the rules see it: open or closed, its closings and reopenings, and once
 * it was closed, each child's answer from the parent.
 */
export function monthState(store: ReadableStore, groupId: string, month: IsoMonth): MonthState {
  const row = statement(
    store,
    'SELECT status, history FROM attendance_months WHERE group_id = ? AND month = ?',
  ).get(groupId, month) as { status: 'open' | 'closed'; history: string } | undefined;
  if (!row) return openMonth(month);
  const children: Record<string, ChildMonth> = {};
  for (const childMonth of childMonthsOf(store, groupId, month))
    children[childMonth.childId] = parentAnswer(childMonth);
  return {
    month,
    status: row.status,
    children,
    history: JSON.parse(row.history) as MonthEvent[],
  };
}

function saveMonth(store: Store, groupId: string, state: MonthState): void {
  statement(
    store,
    `INSERT INTO attendance_months (group_id, month, status, history) VALUES (?, ?, ?, ?)
     ON CONFLICT (group_id, month) DO UPDATE SET status = excluded.status, history = excluded.history`,
  ).run(groupId, state.month, state.status, JSON.stringify(state.history));
  storeMonthCounts(store, groupId, state.month);
}

/**
 * Present marks and all marks of the group's child-months in the month (`@group`, `@month`):
 * the sum of the child-months' own counts, which triggers on attendance_marks keep (0022).
 */
const MONTH_COUNTS_SQL = `SELECT COALESCE(SUM(present), 0) AS present, COALESCE(SUM(marked), 0) AS marked
    FROM attendance_child_months WHERE group_id = @group AND month = @month`;

/**
 * Keeps a group-month's stored counts (attendance_months.present/marked): counted now while
 * the month is closed, NULL while it is open (counted live). Called in the transaction of every
 * change that can touch a closed month's marks or child-months: its closing and reopening
 * (saveMonth), the child-months its closing adds, a pull writing into it, the seeder's closing.
 */
export function storeMonthCounts(store: Store, groupId: string, month: IsoMonth): void {
  const status = statement(
    store,
    'SELECT status FROM attendance_months WHERE group_id = ? AND month = ?',
  )
    .pluck()
    .get(groupId, month) as 'open' | 'closed' | undefined;
  if (status === undefined) return;
  const counts =
    status === 'closed'
      ? (statement(store, MONTH_COUNTS_SQL).get({ group: groupId, month }) as MarkCounts)
      : { present: null, marked: null };
  statement(
    store,
    'UPDATE attendance_months SET present = ?, marked = ? WHERE group_id = ? AND month = ?',
  ).run(counts.present, counts.marked, groupId, month);
}

export interface MarkCounts {
  present: number;
  marked: number;
}

/**
 * Present marks and all marks per group-month of the months (keyed `${groupId} ${month}`;
 * a group-month without marks is absent): a closed month's stored counts, an open month's
 * summed from its child-months' counts (one statement per month with open group-months
 * among `groupIds`, over an index: no mark is read).
 */
export function groupMonthCounts(
  store: ReadableStore,
  groupIds: readonly string[],
  months: readonly IsoMonth[],
): Map<string, MarkCounts> {
  const counts = new Map<string, MarkCounts>();
  const stored = statement(
    store,
    `SELECT group_id AS groupId, month, present, marked FROM attendance_months
      WHERE status = 'closed' AND present IS NOT NULL
        AND month IN (SELECT value FROM json_each(?))`,
  ).all(JSON.stringify(months)) as (MarkCounts & { groupId: string; month: IsoMonth })[];
  for (const row of stored)
    counts.set(`${row.groupId} ${row.month}`, { present: row.present, marked: row.marked });
  const open = statement(
    store,
    `SELECT group_id AS groupId, SUM(present) AS present, SUM(marked) AS marked
       FROM attendance_child_months
      WHERE month = @month AND group_id IN (SELECT value FROM json_each(@groups))
      GROUP BY group_id`,
  );
  for (const month of months) {
    const groups = groupIds.filter((id) => !counts.has(`${id} ${month}`));
    if (!groups.length) continue;
    const rows = open.all({ groups: JSON.stringify(groups), month }) as (MarkCounts & {
      groupId: string;
    })[];
    for (const row of rows)
      if (row.marked > 0)
        counts.set(`${row.groupId} ${month}`, { present: row.present, marked: row.marked });
  }
  return counts;
}

/** The child's month record (created in `groupId` when new); whether it was created now. */
function ensureChildMonth(
  store: Store,
  childId: string,
  month: IsoMonth,
  groupId: string,
  now: string,
): { id: string; created: boolean } {
  const existing = childMonthOf(store, childId, month);
  if (existing) return { id: existing.id, created: false };
  const id = randomUUID();
  statement(
    store,
    `INSERT INTO attendance_child_months (id, child_id, month, group_id, updated_at)
     VALUES (?, ?, ?, ?, ?)`,
  ).run(id, childId, month, groupId, now);
  return { id, created: true };
}

function writeParentAnswer(store: Store, id: string, answer: ChildMonth, now: string): void {
  statement(
    store,
    `UPDATE attendance_child_months SET parent_status = ?, parent_comment = ?, parent_at = ?,
       updated_at = ? WHERE id = ?`,
  ).run(answer.status, answer.comment ?? null, answer.at ?? null, now, id);
}

// ---- corrections ------------------------------------------------------------------------

interface CorrectionRow {
  childId: string;
  date: string;
  before: string | null;
  after: string | null;
  by: string;
  at: string;
  reason: string;
}

/** The group's month's corrections, oldest first. */
export function correctionsOf(
  store: ReadableStore,
  groupId: string,
  month: IsoMonth,
): Correction[] {
  const rows = statement(
    store,
    `SELECT child_id AS childId, date, before, after, by, at, reason FROM attendance_corrections
      WHERE group_id = ? AND month = ? ORDER BY at, rowid`,
  ).all(groupId, month) as CorrectionRow[];
  return rows.map((row) => ({
    childId: row.childId,
    date: row.date,
    before: row.before === null ? null : (JSON.parse(row.before) as MarkValue),
    after: row.after === null ? null : (JSON.parse(row.after) as MarkValue),
    by: row.by,
    at: row.at,
    reason: row.reason,
  }));
}

function insertCorrection(store: Store, groupId: string, correction: Correction): void {
  statement(
    store,
    `INSERT INTO attendance_corrections (id, group_id, month, child_id, date, before, after, by, at, reason)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    randomUUID(),
    groupId,
    monthOf(correction.date),
    correction.childId,
    correction.date,
    correction.before === null ? null : JSON.stringify(correction.before),
    correction.after === null ? null : JSON.stringify(correction.after),
    correction.by,
    correction.at,
    correction.reason,
  );
}

// ---- reading a month --------------------------------------------------------------------

export interface MonthTimesheet {
  timesheet: Timesheet;
  /** In Kazakh order, as the timesheet's rows. */
  children: {
    id: string;
    lastName: string;
    firstName: string;
    patronymic: string | null;
    iin: string;
  }[];
  state: MonthState;
  corrections: Correction[];
}

/**
 * A group's month: its timesheet (children in Kazakh order, the calendar's days, the day-code
 * template's valid reasons), its state and its corrections. FEES, the CLI and the bench read
 * it too.
 */
export function monthTimesheet(
  store: ReadableStore,
  groupId: string,
  month: IsoMonth,
): MonthTimesheet {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const roster = groupRoster(store, groupId, month);
  const ids = roster.map((child) => child.id);
  const timesheet = buildTimesheet({
    days: monthDays(year, number, readCalendar(store)),
    children: roster.map((child) => periodIn(child, month)),
    marks: marksOf(store, ids, `${month}-01`, lastDateOfMonth(month)),
    template: readDayCodes(store),
  });
  return {
    timesheet,
    children: roster.map(({ id, lastName, firstName, patronymic, iin }) => ({
      id,
      lastName,
      firstName,
      patronymic,
      iin,
    })),
    state: monthState(store, groupId, month),
    corrections: correctionsOf(store, groupId, month),
  };
}

/** The groups with any child's month in this month (marked or closed), by group name. */
export function groupsWithMarks(store: ReadableStore, month: IsoMonth): string[] {
  return statement(
    store,
    `SELECT g.id FROM groups g
      WHERE EXISTS (SELECT 1 FROM attendance_child_months m WHERE m.group_id = g.id AND m.month = ?)
      ORDER BY kazakh_sort_key(g.name), g.id`,
  )
    .pluck()
    .all(month) as string[];
}

/** Those of the months that are closed for some group, in order. */
export function closedMonthsAmong(store: ReadableStore, months: readonly IsoMonth[]): IsoMonth[] {
  if (!months.length) return [];
  return statement(
    store,
    `SELECT DISTINCT month FROM attendance_months
      WHERE status = 'closed' AND month IN (SELECT value FROM json_each(?)) ORDER BY month`,
  )
    .pluck()
    .all(JSON.stringify(months)) as IsoMonth[];
}

/** How many marks each of the dates holds (dates without a mark left out), by date. */
export function marksOnDates(
  store: ReadableStore,
  dates: readonly IsoDate[],
): { date: IsoDate; marks: number }[] {
  if (!dates.length) return [];
  return statement(
    store,
    `SELECT date, count(*) AS marks FROM attendance_marks
      WHERE date IN (SELECT value FROM json_each(?)) GROUP BY date ORDER BY date`,
  ).all(JSON.stringify(dates)) as { date: IsoDate; marks: number }[];
}

/** The months closed now for a group whose days meet the dates from..to (inclusive), in order. */
export function closedMonthsTouching(
  store: ReadableStore,
  groupId: string,
  from: IsoDate,
  to: IsoDate,
): IsoMonth[] {
  return statement(
    store,
    `SELECT month FROM attendance_months WHERE group_id = ? AND status = 'closed'
        AND month BETWEEN substr(?, 1, 7) AND substr(?, 1, 7) ORDER BY month`,
  )
    .pluck()
    .all(groupId, from, to) as IsoMonth[];
}

/** The closed group-months (any group) that hold a month of the child, in order. */
export function closedMonthsOfChild(
  store: ReadableStore,
  childId: string,
): { groupId: string; month: IsoMonth }[] {
  return statement(
    store,
    `SELECT m.group_id AS groupId, m.month FROM attendance_child_months m
       JOIN attendance_months s ON s.group_id = m.group_id AND s.month = m.month
      WHERE m.child_id = ? AND s.status = 'closed' ORDER BY m.month`,
  ).all(childId) as { groupId: string; month: IsoMonth }[];
}

/** The group-months whose status is recorded (closed once at least). */
export function monthStatus(
  store: ReadableStore,
  groupId: string,
  month: IsoMonth,
): 'open' | 'closed' {
  const status = statement(
    store,
    'SELECT status FROM attendance_months WHERE group_id = ? AND month = ?',
  )
    .pluck()
    .get(groupId, month) as 'open' | 'closed' | undefined;
  return status ?? 'open';
}

// ---- writing a day ----------------------------------------------------------------------

export interface GroupDayInput {
  groupId: string;
  date: IsoDate;
  marks: readonly { childId: string; value: MarkValue }[];
  actor: Actor;
  /** The kindergarten's local date-time ('2026-03-10T09:05:00'): the correction's "when". */
  at: string;
  /** A correction's reason, after the month was reopened (else the reopening's). */
  reason?: string;
}

export interface GroupDayResult {
  /** Marks written (new or changed). */
  written: number;
  corrections: Correction[];
}

/**
 * Writes a group's day: every mark given (a mark equal to the stored one is left alone), in
 * the caller's transaction. Refused, nothing written: a non-working day (NonWorkingDay), a
 * closed month (MonthClosed), a child not in the group that day (ChildNotInGroup), a child
 * twice, a document that is not the child's absence-reason document (NotAbsenceDocument).
 * After a reopening every change is a correction.
 * Notes a change of each child's month it touched (its marks, and a correction's count and the
 * parent's answer reset).
 */
export function writeGroupDay(store: Store, input: GroupDayInput): GroupDayResult {
  const { groupId, date } = input;
  const check = validateMarkDate(date, readCalendar(store));
  if (!check.ok) throw check.error;
  const month = monthOf(date);
  let state = monthState(store, groupId, month);
  if (state.status === 'closed') throw MonthClosed({ month });
  const roster = new Map(groupRoster(store, groupId, month).map((child) => [child.id, child]));
  const seen = new Set<string>();
  input.marks.forEach(({ childId, value }, index) => {
    const child = roster.get(childId);
    if (!child || !presentOn(child, date)) throw ChildNotInGroup({ date });
    if (seen.has(childId)) throw InvalidInput([`marks.${index}.childId`]);
    seen.add(childId);
    if (
      value.status === 'absent' &&
      value.documentId &&
      !childDocument(store, childId, value.documentId)
    )
      throw NotAbsenceDocument({ date });
  });

  const corrections: Correction[] = [];
  let written = 0;
  for (const { childId, value } of input.marks) {
    const after = canonicalMark(value);
    const stored = storedMark(store, childId, date);
    const before = stored ? valueOf(stored) : null;
    if (before && JSON.stringify(before) === JSON.stringify(after)) continue;
    const transition = applyMonthAction(state, {
      type: 'edit',
      actor: input.actor,
      at: input.at,
      childId,
      date,
      before,
      after,
      ...(input.reason === undefined ? {} : { reason: input.reason }),
    });
    const reset =
      transition.state.children[childId] !== state.children[childId] &&
      state.children[childId]?.status !== 'pending';
    state = transition.state;
    upsertMark(store, childId, date, after, input.actor.staffId, input.at);
    written++;
    const childMonth = ensureChildMonth(store, childId, month, groupId, input.at);
    const fields = ['marks'];
    if (transition.correction) {
      insertCorrection(store, groupId, transition.correction);
      corrections.push(transition.correction);
      fields.push('corrections');
    }
    if (reset) writeParentAnswer(store, childMonth.id, { status: 'pending' }, input.at);
    // A correction asks the parent again, also when the answer here is pending already: the
    // portal may hold one this app refused (given after the reopening), about the old marks.
    if (reset || transition.correction) fields.push('parentStatus', 'parentComment', 'parentAt');
    noteChange(store, {
      entity: 'attendance',
      localId: childMonth.id,
      ...(childMonth.created ? {} : { fields }),
    });
  }
  return { written, corrections };
}

/** Whether the document is one of the child's absence-reason documents (the certificate). */
function childDocument(store: ReadableStore, childId: string, documentId: string): boolean {
  return (
    statement(
      store,
      "SELECT 1 FROM documents WHERE id = ? AND child_id = ? AND type = 'absence_reason'",
    ).get(documentId, childId) !== undefined
  );
}

function upsertMark(
  store: Store,
  childId: string,
  date: IsoDate,
  value: MarkValue,
  by: string | null,
  at: string,
): void {
  const absent = value.status === 'absent' ? value : null;
  const present = value.status === 'present' ? value : null;
  statement(
    store,
    `INSERT INTO attendance_marks (child_id, date, status, reason, note, document_id, arrival,
       departure, updated_by, updated_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (child_id, date) DO UPDATE SET status = excluded.status,
       reason = excluded.reason, note = excluded.note, document_id = excluded.document_id,
       arrival = excluded.arrival, departure = excluded.departure,
       updated_by = excluded.updated_by, updated_at = excluded.updated_at`,
  ).run(
    childId,
    date,
    value.status,
    absent?.reason ?? null,
    absent?.note || null,
    absent?.documentId ?? null,
    present?.arrival ?? null,
    present?.departure ?? null,
    by,
    at,
  );
}

// ---- closing and reopening --------------------------------------------------------------

/**
 * Closes a group's month (the director; the month over and its register complete): every
 * child's month of the group is created if need be and noted as closed.
 */
export function closeGroupMonth(
  store: Store,
  input: { groupId: string; month: IsoMonth; actor: Actor; at: string },
): MonthState {
  const { groupId, month } = input;
  const sheet = monthTimesheet(store, groupId, month);
  const childIds = sheet.children.map((child) => child.id);
  const { state } = applyMonthAction(sheet.state, {
    type: 'close',
    actor: input.actor,
    at: input.at,
    childIds,
    unmarked: sheet.timesheet.totals.unmarked,
  });
  saveMonth(store, groupId, state);
  for (const childId of childIds) {
    const childMonth = ensureChildMonth(store, childId, month, groupId, input.at);
    noteChange(store, {
      entity: 'attendance',
      localId: childMonth.id,
      ...(childMonth.created ? {} : { fields: ['closed', 'closedAt'] }),
    });
  }
  storeMonthCounts(store, groupId, month);
  return state;
}

/** Reopens a closed month (the director, with a reason): its child-months are noted open. */
export function reopenGroupMonth(
  store: Store,
  input: { groupId: string; month: IsoMonth; actor: Actor; at: string; reason: string },
): MonthState {
  const { groupId, month } = input;
  const { state } = applyMonthAction(monthState(store, groupId, month), {
    type: 'reopen',
    actor: input.actor,
    at: input.at,
    reason: input.reason,
  });
  saveMonth(store, groupId, state);
  for (const childMonth of childMonthsOf(store, groupId, month))
    noteChange(store, {
      entity: 'attendance',
      localId: childMonth.id,
      fields: ['closed', 'closedAt'],
    });
  return state;
}

// ---- the director's inbox ---------------------------------------------------------------

export interface Dispute {
  childId: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  groupId: string;
  groupName: string;
  month: IsoMonth;
  comment: string | null;
  at: string | null;
}

/** Child-months a parent disputed, newest first. */
export function disputedMonths(store: ReadableStore): Dispute[] {
  return statement(
    store,
    `SELECT m.child_id AS childId, c.last_name AS lastName, c.first_name AS firstName,
            c.patronymic, m.group_id AS groupId, g.name AS groupName, m.month,
            m.parent_comment AS comment, m.parent_at AS at
       FROM attendance_child_months m
       JOIN children c ON c.id = m.child_id
       JOIN groups g ON g.id = m.group_id
      WHERE m.parent_status = 'disputed'
      ORDER BY m.month DESC, m.parent_at DESC, kazakh_sort_key(c.last_name), m.child_id`,
  ).all() as Dispute[];
}

// ---- certificates -----------------------------------------------------------------------

/** How far back an illness run is looked for: longer runs are asked for anyway. */
export const CERTIFICATE_LOOKBACK_DAYS = 62;

/** The earliest date a day's certificate check reads marks from. */
export function certificateWindow(date: IsoDate): IsoDate {
  return addDays(date, -CERTIFICATE_LOOKBACK_DAYS);
}

/**
 * What a certificate check on `date` needs of the children's marks before it: each child's
 * last mark that ends a run (any mark but an absence for a listed reason), as a presence, and
 * the run's absences after it. The rest of the look-back changes nothing, so it is not read
 * (a group's two months of marks cost more than the whole check).
 */
export function certificateMarks(
  store: ReadableStore,
  childIds: readonly string[],
  date: IsoDate,
  reasons: readonly string[] = DEFAULT_CERTIFICATE_RULE.reasons,
): Mark[] {
  if (!childIds.length) return [];
  const ids = JSON.stringify(childIds);
  const listed = JSON.stringify(reasons);
  const from = certificateWindow(date);
  const breaks = statement(
    store,
    `SELECT child_id AS childId, max(date) AS date FROM attendance_marks
      WHERE child_id IN (SELECT value FROM json_each(?)) AND date >= ? AND date < ?
        AND NOT (status = 'absent' AND reason IN (SELECT value FROM json_each(?)))
      GROUP BY child_id`,
  ).all(ids, from, date, listed) as { childId: string; date: string }[];
  const lastBreak = new Map(breaks.map((row) => [row.childId, row.date]));
  const absences = (
    statement(
      store,
      `SELECT ${MARK_COLUMNS} FROM attendance_marks
        WHERE child_id IN (SELECT value FROM json_each(?)) AND date >= ? AND date < ?
          AND status = 'absent' AND reason IN (SELECT value FROM json_each(?))`,
    ).all(ids, from, date, listed) as MarkRow[]
  ).map(markOfRow);
  return [
    ...breaks.map((row): Mark => ({ childId: row.childId, date: row.date, status: 'present' })),
    ...absences.filter((mark) => mark.date > (lastBreak.get(mark.childId) ?? '')),
  ];
}

// ---- the synced record ------------------------------------------------------------------

interface WireChildMonth extends ChildMonthRow {
  month: string;
  /**
   * Corrections another device made of this month (the portal counts them; this one keeps
   * only its own, with who and why): the count it sends is its own plus these.
   */
  correctionsElsewhere: number;
}

function childMonthById(store: ReadableStore, id: string): WireChildMonth | undefined {
  return statement(
    store,
    `SELECT ${CHILD_MONTH_COLUMNS}, month, corrections_elsewhere AS correctionsElsewhere
     FROM attendance_child_months WHERE id = ?`,
  ).get(id) as WireChildMonth | undefined;
}

/** A mark as the portal knows it. */
function wireMark(mark: Mark) {
  return mark.status === 'present'
    ? {
        date: mark.date,
        status: mark.status,
        ...(mark.arrival ? { arrival: mark.arrival } : {}),
        ...(mark.departure ? { departure: mark.departure } : {}),
      }
    : {
        date: mark.date,
        status: mark.status,
        reason: mark.reason,
        ...(mark.note ? { note: mark.note } : {}),
        ...(mark.documentId ? { documentId: mark.documentId } : {}),
      };
}

/** A child's month as the portal knows it. */
function toWire(store: ReadableStore, id: string, ids: PortalIds) {
  const row = childMonthById(store, id);
  if (!row) return null;
  const group = statement(store, 'SELECT name FROM groups WHERE id = ?')
    .pluck()
    .get(row.groupId) as string | undefined;
  const state = statement(
    store,
    'SELECT status, history FROM attendance_months WHERE group_id = ? AND month = ?',
  ).get(row.groupId, row.month) as { status: 'open' | 'closed'; history: string } | undefined;
  const closed = state?.status === 'closed';
  const lastClose = closed
    ? (JSON.parse(state.history) as MonthEvent[]).findLast((event) => event.type === 'close')
    : undefined;
  const corrections = correctionsHere(store, row.childId, row.month) + row.correctionsElsewhere;
  const marks = marksOf(store, [row.childId], `${row.month}-01`, lastDateOfMonth(row.month));
  return {
    id,
    fields: {
      childId: ids.portal('child', row.childId),
      month: row.month,
      groupName: group ?? '',
      marks: marks.map((mark) => {
        const wire = wireMark(mark);
        return 'documentId' in wire && wire.documentId
          ? { ...wire, documentId: ids.portal('document', wire.documentId) }
          : wire;
      }),
      closed,
      closedAt: lastClose?.at ?? null,
      corrections,
      parentStatus: row.parentStatus,
      parentComment: row.parentComment,
      parentAt: row.parentAt,
    },
  };
}

// ---- from the portal (the sync engine's pull) ---------------------------------------------

function correctionsHere(store: ReadableStore, childId: string, month: string): number {
  return statement(
    store,
    `SELECT count(*) FROM attendance_corrections WHERE child_id = ? AND date BETWEEN ? AND ?`,
  )
    .pluck()
    .get(childId, `${month}-01`, lastDateOfMonth(month)) as number;
}

const groupIdByName = (store: ReadableStore, name: string) =>
  statement(store, 'SELECT id FROM groups WHERE name = ? ORDER BY id LIMIT 1').pluck().get(name) as
    string | undefined;

/** A pulled mark's value here, by the register's rules (`markValue`: the note an 'other' absence
 *  needs, a departure not before the arrival, lengths; a document this app does not keep as the
 *  child's absence-reason document is left out); null when it breaks them. */
function markOfWire(
  store: ReadableStore,
  childId: string,
  wire: Record<string, unknown>,
  ids: PortalIds,
): MarkValue | null {
  const local =
    wire.status === 'absent' && typeof wire.documentId === 'string'
      ? ids.local('document', wire.documentId)
      : null;
  const parsed = markValue.safeParse(
    wire.status === 'absent'
      ? {
          status: 'absent',
          reason: wire.reason,
          note: wire.note ?? '',
          ...(local && childDocument(store, childId, local) ? { documentId: local } : {}),
        }
      : { status: wire.status, arrival: wire.arrival, departure: wire.departure },
  );
  return parsed.success ? canonicalMark(parsed.data) : null;
}

/** The pulled marks of a child-month by date (other months' left out); null when one breaks the
 *  register's rules (see markOfWire). */
function pulledMarks(
  store: ReadableStore,
  row: { childId: string; month: string },
  pulled: readonly Record<string, unknown>[],
  ids: PortalIds,
): Map<string, MarkValue> | null {
  const marks = new Map<string, MarkValue>();
  for (const wire of pulled) {
    const date = typeof wire.date === 'string' ? wire.date : '';
    if (monthOf(date) !== row.month) continue;
    const value = markOfWire(store, row.childId, wire, ids);
    if (!value) return null;
    marks.set(date, value);
  }
  return marks;
}

/**
 * The dates of a child-month whose marks were changed here and not sent yet (the push decides
 * them): marked here (a pulled mark has no staff) with another value than the portal last took
 * from here, or at or after the oldest held change of the marks (waiting to be sent, or behind an
 * open conflict): a mark set back to the value last sent. No clock slack: a date the portal
 * already has from here is told by its value, not by its time.
 */
function unsentDates(
  store: ReadableStore,
  row: { childId: string; month: string },
  held: HeldField,
  here: ReadonlyMap<string, MarkValue>,
  ids: PortalIds,
): Set<string> {
  const sent = wireByDate(held.sent);
  const from = localDateTime(held.since);
  const mine = statement(
    store,
    `SELECT date, updated_at AS at FROM attendance_marks WHERE child_id = ? AND date BETWEEN ? AND ?
        AND updated_by IS NOT NULL`,
  ).all(row.childId, `${row.month}-01`, lastDateOfMonth(row.month)) as {
    date: string;
    at: string;
  }[];
  const dates = new Set<string>();
  for (const { date, at } of mine) {
    const last = sent.get(date);
    const acked = last ? markOfWire(store, row.childId, last, ids) : null;
    if (at >= from || JSON.stringify(acked) !== JSON.stringify(here.get(date) ?? null))
      dates.add(date);
  }
  return dates;
}

/** A `marks` value in the protocol's shape, by date (none: not an array). */
function wireByDate(value: unknown): Map<unknown, Record<string, unknown>> {
  return new Map(
    (Array.isArray(value) ? value : [])
      .filter((mark): mark is Record<string, unknown> => typeof mark === 'object' && !!mark)
      .map((mark) => [mark.date, mark]),
  );
}

/**
 * The dates whose mark was removed here and not sent yet: none here, none in the newest held
 * change of the marks, and the pulled mark is the one the portal last took from here (so no
 * other device changed it since): the removal stands until the push.
 */
function unsentRemovals(
  store: ReadableStore,
  row: { childId: string; month: string },
  held: HeldField,
  wire: readonly Record<string, unknown>[],
  here: ReadonlyMap<string, MarkValue>,
  ids: PortalIds,
): Set<string> {
  const newest = wireByDate(held.values.at(-1));
  const sent = wireByDate(held.sent);
  const removed = new Set<string>();
  for (const mark of wire) {
    const date = typeof mark.date === 'string' ? mark.date : '';
    const before = sent.get(date);
    if (here.has(date) || newest.has(date) || !before) continue;
    const pulled = markOfWire(store, row.childId, mark, ids);
    const last = markOfWire(store, row.childId, before, ids);
    if (pulled && JSON.stringify(pulled) === JSON.stringify(last)) removed.add(date);
  }
  return removed;
}

/** What a child-month's marks become: the dates whose mark differs (null: none any more). */
function markChanges(
  here: ReadonlyMap<string, MarkValue>,
  next: ReadonlyMap<string, MarkValue>,
): { date: string; before: MarkValue | null; after: MarkValue | null }[] {
  const changes: { date: string; before: MarkValue | null; after: MarkValue | null }[] = [];
  for (const date of new Set([...here.keys(), ...next.keys()])) {
    const before = here.get(date) ?? null;
    const after = next.get(date) ?? null;
    if (JSON.stringify(before) !== JSON.stringify(after)) changes.push({ date, before, after });
  }
  return changes.sort((x, y) => x.date.localeCompare(y.date));
}

/** Why a change made on another device is in a month's history (and, through the month's
 *  rules, a correction made here after it): codes the month's page and the PDF put in words. */
export const ELSEWHERE_REASONS = {
  reopened: 'portal:reopenedElsewhere',
} as const;

/** Writes a child-month's marks from another device: each changed date written or removed. */
function writeMarksFromPortal(
  store: Store,
  row: { childId: string },
  changes: ReturnType<typeof markChanges>,
  at: string,
): void {
  for (const { date, after } of changes) {
    if (after) upsertMark(store, row.childId, date, after, null, at);
    else
      statement(store, 'DELETE FROM attendance_marks WHERE child_id = ? AND date = ?').run(
        row.childId,
        date,
      );
  }
}

/** A child-month's marks here, by date. */
function marksHere(store: ReadableStore, row: { childId: string; month: string }) {
  return new Map(
    marksOf(store, [row.childId], `${row.month}-01`, lastDateOfMonth(row.month)).map((mark) => [
      mark.date,
      valueOf(mark),
    ]),
  );
}

/**
 * A child-month from the portal, made here or on another device of the kindergarten (a
 * teacher's laptop marks, the director's PC closes), written through this app's rules:
 *
 * - new here: created in the group of its `groupName` (none of that name: refused,
 *   `attendanceGroupUnknown`); its child must be kept here (else refused, `childRefused`, and
 *   judged again when the child arrives). One this app made for the same child and month is
 *   linked, not duplicated.
 * - its marks replace those here, except the dates changed here and not sent yet; a mark on a
 *   day this calendar has off (`attendanceNonWorkingDay`) or against the register's rules
 *   (`attendanceInvalidMark`) is refused, nothing written. Marks of a month closed here change
 *   only when the record says it was reopened elsewhere (more corrections than known here):
 *   the month reopens here (by the portal, reason "reopened on another device", closed again
 *   when the record is); or when the portal's closing here is the record's (the marks the
 *   month was closed with, arriving); otherwise refused (`attendanceMonthClosedHere`).
 * - closed at the portal and open here: the group's month closes here (a closing by the
 *   portal, `by: 'portal'`, in its history); open at the portal with more corrections than
 *   this app knows, and closed here: it reopens. A closing or reopening here not sent yet
 *   stands. Corrections made elsewhere count in the number sent (their who and why stay there).
 * - the parent's answer (confirmed, or disputed with a comment) through the month's rules: an
 *   answer about a month not closed here, or a dispute of a month already confirmed, is refused
 *   (`monthNotClosed` / `monthConfirmed`); 'pending' is this app's to set (a correction).
 */
function applyFromPortal(store: Store, pull: PortalPull): PullOutcome {
  const { data } = pull;
  const month = typeof data.month === 'string' ? data.month : '';
  let row = childMonthById(store, pull.ids.local('attendance', pull.id));
  const changed: string[] = [];
  const at = localDateTime(pull.now);
  if (!row) {
    const childId = typeof data.childId === 'string' ? pull.ids.local('child', data.childId) : '';
    if (!childExists(store, childId))
      return { applied: false, reason: 'childRefused', fields: ['childId'] };
    const mine = childMonthOf(store, childId, month);
    if (mine) {
      // This app made the child's month too (marked here before it pulled the portal's).
      pull.link(mine.id);
      row = childMonthById(store, mine.id)!;
    } else {
      const groupId =
        typeof data.groupName === 'string' ? groupIdByName(store, data.groupName) : undefined;
      if (!groupId)
        return { applied: false, reason: 'attendanceGroupUnknown', fields: ['groupName'] };
      const id = pull.ids.local('attendance', pull.id);
      statement(
        store,
        `INSERT INTO attendance_child_months (id, child_id, month, group_id, updated_at)
         VALUES (?, ?, ?, ?, ?)`,
      ).run(id, childId, month, groupId, pull.now);
      row = childMonthById(store, id)!;
      changed.push('groupName');
    }
  }
  const held = pull.held();
  const corrections = typeof data.corrections === 'number' ? data.corrections : 0;
  const mine = correctionsHere(store, row.childId, row.month);
  const known = mine + row.correctionsElsewhere;
  // The record says the month was reopened elsewhere: more corrections than this app knows.
  const reopenedElsewhere = typeof data.corrections === 'number' && corrections > known;
  let state = monthState(store, row.groupId, row.month);
  const reopen = () => {
    state = {
      ...state,
      status: 'open',
      history: [
        ...state.history,
        { type: 'reopen', by: PORTAL_ACTOR, at, reason: ELSEWHERE_REASONS.reopened },
      ],
    };
    saveMonth(store, row.groupId, state);
    changed.push('closed', 'closedAt');
  };

  // Each field the pull carries (the portal sends them all; a repair or a test may not).
  if (Array.isArray(data.marks)) {
    const here = marksHere(store, row);
    const mine = held.has('marks') ? pull.heldField('marks') : null;
    // A mark removed here and not sent yet stays removed (its day may be a closure day now).
    const removed = mine
      ? unsentRemovals(store, row, mine, data.marks as Record<string, unknown>[], here, pull.ids)
      : new Set<string>();
    const wire = (data.marks as Record<string, unknown>[]).filter(
      (mark) => typeof mark.date !== 'string' || !removed.has(mark.date),
    );
    const calendar = readCalendar(store);
    for (const mark of wire) {
      const date = typeof mark.date === 'string' ? mark.date : '';
      if (!validateMarkDate(date, calendar).ok)
        return { applied: false, reason: 'attendanceNonWorkingDay', fields: ['marks'] };
    }
    const next = pulledMarks(store, row, wire, pull.ids);
    if (!next) return { applied: false, reason: 'attendanceInvalidMark', fields: ['marks'] };
    // The dates changed here and not sent yet stay: the push decides them.
    if (mine)
      for (const date of unsentDates(store, row, mine, here, pull.ids)) {
        const value = here.get(date);
        if (value) next.set(date, value);
      }
    const changes = markChanges(here, next);
    if (changes.length) {
      // A month closed here changes only through a reopening elsewhere, in its history; or as
      // the closing elsewhere left it (the portal's closing here, the marks catching up).
      const lastClose = state.history.findLast((event) => event.type === 'close');
      const sameClosing =
        data.closed === true && lastClose?.by === PORTAL_ACTOR && lastClose.at === data.closedAt;
      if (state.status === 'closed' && !sameClosing) {
        if (!reopenedElsewhere || held.has('closed'))
          return { applied: false, reason: 'attendanceMonthClosedHere', fields: ['marks'] };
        reopen();
      }
      writeMarksFromPortal(store, row, changes, at);
      changed.push('marks');
    }
  }

  const others = Math.max(0, corrections - mine);
  if (
    typeof data.corrections === 'number' &&
    !held.has('corrections') &&
    others !== row.correctionsElsewhere
  ) {
    statement(
      store,
      'UPDATE attendance_child_months SET corrections_elsewhere = ? WHERE id = ?',
    ).run(others, row.id);
    changed.push('corrections');
  }

  if (!held.has('closed')) {
    if (data.closed === true && state.status === 'open') {
      const closedAt = typeof data.closedAt === 'string' ? data.closedAt : at;
      state = {
        ...state,
        status: 'closed',
        history: [...state.history, { type: 'close', by: PORTAL_ACTOR, at: closedAt }],
      };
      saveMonth(store, row.groupId, state);
      changed.push('closed', 'closedAt');
    } else if (data.closed === false && state.status === 'closed' && reopenedElsewhere) reopen();
  }
  state = monthState(store, row.groupId, row.month);
  // A closed month's marks or child-months may have changed (the portal's closing catching up).
  storeMonthCounts(store, row.groupId, row.month);

  const answer = parentFromPortal(store, pull, row, state);
  if (!answer.applied) return answer;
  return {
    applied: true,
    localId: row.id,
    childId: row.childId,
    fields: [...new Set([...changed, ...answer.fields])],
  };
}

/** The name a closing or reopening made on another device goes by in a month's history. */
export const PORTAL_ACTOR = 'portal';

/** The parent's answer of a pulled child-month, through the month's rules. */
function parentFromPortal(
  store: Store,
  pull: PortalPull,
  row: ChildMonthRow,
  state: MonthState,
): PullOutcome {
  const status = pull.data.parentStatus;
  const comment = typeof pull.data.parentComment === 'string' ? pull.data.parentComment : null;
  const current = childMonthById(store, row.id)!;
  const unchanged =
    status === current.parentStatus && (status !== 'disputed' || comment === current.parentComment);
  // 'pending' is ours to set (a correction resets the answer); a value still to be sent here wins.
  if (
    unchanged ||
    (status !== 'confirmed' && status !== 'disputed') ||
    pull.held().has('parentStatus')
  )
    return { applied: true, fields: [] };
  const at = typeof pull.data.parentAt === 'string' ? pull.data.parentAt : pull.now;
  if (state.status !== 'closed' || !state.children[row.childId])
    return { applied: false, reason: 'monthNotClosed', fields: ['parentStatus'] };
  if (status === 'disputed' && state.children[row.childId]!.status === 'confirmed')
    return { applied: false, reason: 'monthConfirmed', fields: ['parentStatus'] };
  // The portal may send a dispute without words: it stands, with no comment to show.
  const answer: ChildMonth =
    status === 'disputed' && !comment?.trim()
      ? { status, at }
      : applyMonthAction(
          state,
          status === 'confirmed'
            ? { type: 'confirm', childId: row.childId, at }
            : { type: 'dispute', childId: row.childId, at, comment: comment ?? '' },
        ).state.children[row.childId]!;
  writeParentAnswer(store, row.id, answer, pull.now);
  return { applied: true, fields: ['parentStatus', 'parentComment', 'parentAt'] };
}

export const attendanceRecord = {
  entity: 'attendance',
  toWire,
  localIds: (store: ReadableStore) =>
    store.sqlite
      .prepare('SELECT id FROM attendance_child_months ORDER BY rowid')
      .pluck()
      .all() as string[],
  applyFromPortal: (store: Store, pull: PortalPull) => applyFromPortal(store, pull),
  overwrite: (store, portalId, fields, ids, now) => overwrite(store, portalId, fields, ids, now),
} satisfies RecordType;

/**
 * The portal's values written here without telling the portal: the parent's answer when the
 * portal answered a push of ours with its own (a parent's answer stands over our reset to
 * pending), and a child-month's marks when the person resolving a conflict took the portal's
 * (another device marked the same days), by the register's rules; in a month closed here
 * they are refused (MonthClosed: the director reopens it, with a reason, and answers again).
 * Whether the group's month is closed, and the count of corrections, follow from what is kept
 * here and are not taken.
 */
function overwrite(
  store: Store,
  portalId: string,
  fields: Record<string, unknown>,
  ids: PortalIds,
  now: string,
): void {
  const row = childMonthById(store, ids.local('attendance', portalId));
  if (!row) return;
  if ('parentStatus' in fields || 'parentComment' in fields || 'parentAt' in fields) {
    const status = fields.parentStatus;
    const answer: ChildMonth = {
      status:
        status === 'pending' || status === 'confirmed' || status === 'disputed'
          ? status
          : row.parentStatus,
    };
    const comment = 'parentComment' in fields ? fields.parentComment : row.parentComment;
    const at = 'parentAt' in fields ? fields.parentAt : row.parentAt;
    if (typeof comment === 'string' && comment) answer.comment = comment;
    if (typeof at === 'string' && at) answer.at = at;
    writeParentAnswer(store, row.id, answer, now);
  }
  if (Array.isArray(fields.marks)) {
    // The register's rules hold (a mark against them: the marks here stay). A month closed here
    // does not change without a trace: the director reopens it (with a reason) first.
    const next = pulledMarks(store, row, fields.marks as Record<string, unknown>[], ids);
    if (!next) return;
    const changes = markChanges(marksHere(store, row), next);
    if (!changes.length) return;
    if (monthState(store, row.groupId, row.month).status === 'closed')
      throw MonthClosed({ month: row.month });
    writeMarksFromPortal(store, row, changes, localDateTime(now));
  }
}

/**
 * The kindergarten's local date-time of an instant ('2026-04-01T05:00:00.000Z' in Astana →
 * '2026-04-01T10:00:00'), as the month's rules and corrections keep it.
 */
export function localDateTime(iso: string): string {
  const date = new Date(iso);
  const pad = (n: number) => String(n).padStart(2, '0');
  return (
    `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}` +
    `T${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}`
  );
}

/**
 * Removes every mark on the dates (the calendar makes them days off; the director confirmed),
 * in the caller's transaction. A never-closed month: plain edits; a reopened month: each
 * removal a correction (before → null, `reason`) and the parent asked again; a closed month:
 * refused (MonthClosed), nothing removed. Notes a change of each child-month it touched, so
 * the portal's copy loses the marks too. The number of marks removed.
 */
export function removeMarksOnDates(
  store: Store,
  input: { dates: readonly IsoDate[]; actor: Actor; at: string; reason: string },
): number {
  if (!input.dates.length) return 0;
  const rows = statement(
    store,
    `SELECT m.child_id AS childId, m.date AS date, cm.id AS childMonthId, cm.group_id AS groupId
       FROM attendance_marks m
       LEFT JOIN attendance_child_months cm
         ON cm.child_id = m.child_id AND cm.month = substr(m.date, 1, 7)
      WHERE m.date IN (SELECT value FROM json_each(?)) ORDER BY m.date, m.child_id`,
  ).all(JSON.stringify(input.dates)) as {
    childId: string;
    date: IsoDate;
    childMonthId: string | null;
    groupId: string | null;
  }[];
  const states = new Map<string, MonthState>();
  const touched = new Map<string, Set<string>>();
  let removed = 0;
  for (const row of rows) {
    const before = storedMark(store, row.childId, row.date);
    if (!before) continue;
    if (row.groupId !== null && row.childMonthId !== null) {
      const key = `${row.groupId} ${monthOf(row.date)}`;
      const state = states.get(key) ?? monthState(store, row.groupId, monthOf(row.date));
      const transition = applyMonthAction(state, {
        type: 'edit',
        actor: input.actor,
        at: input.at,
        childId: row.childId,
        date: row.date,
        before: valueOf(before),
        after: null,
        reason: input.reason,
      });
      const reset =
        transition.state.children[row.childId] !== state.children[row.childId] &&
        state.children[row.childId]?.status !== 'pending';
      states.set(key, transition.state);
      const fields = touched.get(row.childMonthId) ?? new Set(['marks']);
      if (transition.correction) {
        insertCorrection(store, row.groupId, transition.correction);
        fields.add('corrections');
      }
      if (reset) writeParentAnswer(store, row.childMonthId, { status: 'pending' }, input.at);
      if (reset || transition.correction)
        for (const field of ['parentStatus', 'parentComment', 'parentAt']) fields.add(field);
      touched.set(row.childMonthId, fields);
    }
    statement(store, 'DELETE FROM attendance_marks WHERE child_id = ? AND date = ?').run(
      row.childId,
      row.date,
    );
    removed++;
  }
  for (const [localId, fields] of touched)
    noteChange(store, { entity: 'attendance', localId, fields: [...fields] });
  return removed;
}
