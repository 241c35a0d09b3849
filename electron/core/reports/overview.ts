import type { ReadableStore } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import { KAZAKH_SORT_KEY_SQL } from '../../../db/kazakh-order';
import { addDays, type IsoMonth } from '../attendance/calendar';
import { groupMonthCounts } from '../attendance/attendance-record';
import { paymentRows } from '../fees/fees-record';
import type { AgeGroup, GroupLanguage } from '../vocabulary/enums';
import { childrenCounted, statsTables, type StatsTable } from './anonymised';
import { COUNTED_CHILD_SQL, readStatsInput } from './stats-facts';

/**
 * The director's overview (issue 15 item 1): counts, groups with capacity and attendance, the
 * to-do lists and the month's money. Every part is a few aggregate SQL statements over the
 * whole store (no per-child query), so it stays fast at 10,000 children (`npm run bench --
 * reports`). The children counted are stats-facts.ts's (not archived, in a group, enrolled or
 * referred); the to-do lists name only those children.
 *
 * To-do rules (README "Reports: the overview"):
 * - contractsUnsigned: no `signed` contract whose term covers today (a draft or printed one,
 *   or none at all; an expired signed contract needs a new one). Detail: the number of the
 *   child's latest draft or printed contract, or null when there is none.
 * - consentsMissing: no current (not withdrawn) consent given by the child's primary
 *   representative for the child, or no primary representative.
 * - privilegesExpiring: a confirmed privilege whose valid_until is within 30 days from today
 *   or passed in the last 30 days, unless a confirmed privilege of the same category runs
 *   beyond those 30 days (renewed). Detail: the earliest such valid_until.
 * - examinationsDue: no specialist examination in the last 12 months (examined_on after the
 *   same day a year ago). Detail: the last examination's date, or null when none.
 * - withoutPhoto: no `child_photo` document.
 * Attendance rate: present marks ÷ all marks (present or absent) of the group's child-months
 * in the month (a child's month belongs to the group it was marked in); null without marks.
 */

/** To-do items shown per list; `count` is always the full number. */
export const TODO_ITEMS = 100;
/** Days before (and after) a privilege's end date that it is listed. */
export const PRIVILEGE_WINDOW_DAYS = 30;
/** Months after an examination before the next one is due. */
export const EXAMINATION_MONTHS = 12;

export interface TodoItem {
  childId: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
  groupName: string | null;
  detail: string | null;
}

export interface TodoList {
  count: number;
  items: TodoItem[];
}

export const TODO_KINDS = [
  'contractsUnsigned',
  'consentsMissing',
  'privilegesExpiring',
  'examinationsDue',
  'withoutPhoto',
] as const;
export type TodoKind = (typeof TODO_KINDS)[number];

export interface OverviewGroup {
  id: string;
  name: string;
  ageGroup: AgeGroup;
  language: GroupLanguage;
  capacity: number | null;
  children: number;
  /** capacity − children (negative when over capacity); null while the capacity is not set. */
  vacancies: number | null;
  attendanceRate: number | null;
  trend: { month: IsoMonth; rate: number | null }[];
}

// ---- counts -----------------------------------------------------------------------------

export function overviewCounts(
  store: ReadableStore,
  today: string,
): { total: number; tables: StatsTable[] } {
  const input = readStatsInput(store, today);
  return { total: childrenCounted(input.children), tables: statsTables(input) };
}

// ---- groups -----------------------------------------------------------------------------

/** The 12 months ending with `month`, oldest first. */
export function trendMonths(month: IsoMonth, count = 12): IsoMonth[] {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const months: IsoMonth[] = [];
  for (let back = count - 1; back >= 0; back--) {
    const index = year * 12 + (number - 1) - back;
    months.push(`${Math.floor(index / 12)}-${String((index % 12) + 1).padStart(2, '0')}`);
  }
  return months;
}

export function overviewGroups(store: ReadableStore, month: IsoMonth): OverviewGroup[] {
  // An inactive group is shown while it still has counted children: counts.total is the sum.
  const groupRows = statement(
    store,
    `SELECT * FROM (
       SELECT g.id AS id, g.name AS name, g.age_group AS ageGroup, g.language AS language,
              g.capacity AS capacity, g.active AS active,
              (SELECT COUNT(*) FROM children c WHERE c.group_id = g.id AND ${COUNTED_CHILD_SQL}) AS children
         FROM groups g)
      WHERE active = 1 OR children > 0`,
  ).all() as (Omit<OverviewGroup, 'vacancies' | 'attendanceRate' | 'trend'> & {
    active?: number;
  })[];
  const months = trendMonths(month);
  const counts = groupMonthCounts(
    store,
    groupRows.map((group) => group.id),
    months,
  );
  const rate = (groupId: string, m: IsoMonth) => {
    const found = counts.get(`${groupId} ${m}`);
    return found && found.marked > 0 ? found.present / found.marked : null;
  };
  return groupRows
    .map(({ active: _active, ...group }) => ({
      ...group,
      vacancies: group.capacity === null ? null : group.capacity - group.children,
      attendanceRate: rate(group.id, month),
      trend: months.map((m) => ({ month: m, rate: rate(group.id, m) })),
    }))
    .sort((a, b) => a.name.localeCompare(b.name, 'kk') || a.id.localeCompare(b.id));
}

// ---- to-do lists ------------------------------------------------------------------------

/**
 * Each rule is a condition on the counted children `c` (with `@today` today and `@from`, `@to` the
 * rule's other days) and the detail it shows, as SQL.
 */
const TODO_SQL: Record<TodoKind, { where: string; detail: string }> = {
  contractsUnsigned: {
    where: `NOT EXISTS (SELECT 1 FROM contracts k WHERE k.child_id = c.id AND k.status = 'signed'
                          AND k.term_from <= @today AND k.term_until >= @today)`,
    detail: `(SELECT k.number FROM contracts k WHERE k.child_id = c.id
                AND k.status IN ('draft', 'printed') ORDER BY k.date DESC, k.number DESC LIMIT 1)`,
  },
  consentsMissing: {
    // One pass over the consents (an IN list built once), not a lookup per child: consents
    // have no index by child.
    where: `c.id NOT IN (SELECT s.child_id FROM consents s JOIN child_representatives r
                           ON r.child_id = s.child_id AND r.representative_id = s.representative_id
                         WHERE r.is_primary = 1 AND s.withdrawn_on IS NULL)`,
    detail: 'NULL',
  },
  privilegesExpiring: {
    // From the few confirmed privileges ending in the window (child_privileges_ending), not
    // a lookup per child.
    where: `c.id IN (SELECT p.child_id FROM child_privileges p
                      WHERE p.confirmation = 'confirmed' AND p.valid_until BETWEEN @from AND @to
                        AND NOT EXISTS (SELECT 1 FROM child_privileges q WHERE q.child_id = p.child_id
                          AND q.category_code = p.category_code AND q.confirmation = 'confirmed'
                          AND (q.valid_until IS NULL OR q.valid_until > @to)))`,
    detail: `(SELECT MIN(p.valid_until) FROM child_privileges p WHERE p.child_id = c.id
                AND p.confirmation = 'confirmed' AND p.valid_until BETWEEN @from AND @to
                AND NOT EXISTS (SELECT 1 FROM child_privileges q WHERE q.child_id = c.id
                  AND q.category_code = p.category_code AND q.confirmation = 'confirmed'
                  AND (q.valid_until IS NULL OR q.valid_until > @to)))`,
  },
  examinationsDue: {
    where: `NOT EXISTS (SELECT 1 FROM health_examinations e WHERE e.child_id = c.id AND e.examined_on > @from)`,
    detail: `(SELECT MAX(e.examined_on) FROM health_examinations e WHERE e.child_id = c.id)`,
  },
  withoutPhoto: {
    where: `NOT EXISTS (SELECT 1 FROM documents d WHERE d.child_id = c.id AND d.type = 'child_photo')`,
    detail: 'NULL',
  },
};

/** The days a rule's `@from` and `@to` stand for. */
function ruleDays(kind: TodoKind, today: string): [string, string] {
  if (kind === 'privilegesExpiring')
    return [addDays(today, -PRIVILEGE_WINDOW_DAYS), addDays(today, PRIVILEGE_WINDOW_DAYS)];
  if (kind === 'examinationsDue') {
    const yearAgo = `${Number(today.slice(0, 4)) - EXAMINATION_MONTHS / 12}${today.slice(4)}`;
    return [yearAgo, yearAgo];
  }
  return [today, today];
}

const ORDER = ['c.last_name', 'c.first_name', 'c.patronymic']
  .map((column) => `${KAZAKH_SORT_KEY_SQL}(${column})`)
  .concat('c.id')
  .join(', ');

/** The named parameters a statement uses, as its arguments (none: no argument). */
function bound(sql: string, values: Record<string, string>): [Record<string, string>] | [] {
  const used = Object.entries(values).filter(([name]) => sql.includes(`@${name}`));
  return used.length ? [Object.fromEntries(used)] : [];
}

/**
 * A list this long or shorter is ordered from its ids; a longer one is read in the Kazakh
 * order index, where its first TODO_ITEMS come after few more rows than that.
 */
const FEW = 1000;

/**
 * One to-do list: its full count and its first TODO_ITEMS children in Kazakh order. The rule
 * is evaluated once, for the ids of every child it lists: the list's page is then read from
 * those ids (a short list, e.g. consents missing, whose rule costs a pass over all consents),
 * or, for a long one, from the Kazakh order index with the rule checked per row until the
 * page is full.
 */
export function todoList(store: ReadableStore, kind: TodoKind, today: string): TodoList {
  const rule = TODO_SQL[kind];
  const [second, third] = ruleDays(kind, today);
  const where = `${COUNTED_CHILD_SQL} AND ${rule.where}`;
  const days = { today, from: second, to: third };
  const idsSql = `SELECT c.id FROM children c WHERE ${where}`;
  const ids = statement(store, idsSql)
    .pluck()
    .all(...bound(idsSql, days)) as string[];
  if (ids.length === 0) return { count: 0, items: [] };
  const few = ids.length <= FEW;
  const itemsSql = `SELECT c.id AS childId, c.last_name AS lastName, c.first_name AS firstName,
            c.patronymic AS patronymic, g.name AS groupName, ${rule.detail} AS detail
       FROM children c LEFT JOIN groups g ON g.id = c.group_id
      WHERE ${few ? 'c.id IN (SELECT value FROM json_each(@ids))' : where}
      ORDER BY ${ORDER} LIMIT ${TODO_ITEMS}`;
  const items = statement(store, itemsSql).all(
    ...bound(itemsSql, few ? { ...days, ids: JSON.stringify(ids) } : days),
  ) as TodoItem[];
  return { count: ids.length, items };
}

// ---- money ------------------------------------------------------------------------------

/**
 * The month's payments (not cancelled): what the accountant can read cheaply. What was
 * charged and who owes are the fee sheet's and the debtors list's (fees.sheet, fees.debtors):
 * they rebuild closed timesheets, too slow for an overview.
 */
export function overviewMoney(
  store: ReadableStore,
  month: IsoMonth,
): { month: IsoMonth; paid: number; payments: number } {
  const rows = paymentRows(store, { month }).filter((row) => row.cancelledAt === null);
  return {
    month,
    paid: rows.reduce((sum, row) => sum + row.amount, 0),
    payments: rows.length,
  };
}
