import type { CalendarSettings, IsoDate } from './calendar';
import { validateMarkDate } from './calendar';
import { MonthClosed } from './errors';
import type { Mark, MonthState } from './timesheet';
import { monthAcceptsEdits } from './timesheet';

/**
 * The daily register's pure steps: opening a group's day (every child present unless already
 * marked), the space bar's toggle and a letter's reason. The screen keeps the day as a list
 * of marks and saves it whole (one transaction in the core).
 */

/**
 * A group's day as the register shows it: each child's stored mark, or present for a child
 * not marked yet. Refused on a day off and in a closed month (the AppError says which).
 */
export function openDay(input: {
  date: IsoDate;
  childIds: readonly string[];
  stored: readonly Mark[];
  calendar: CalendarSettings;
  month: MonthState;
}): Mark[] {
  const check = validateMarkDate(input.date, input.calendar);
  if (!check.ok) throw check.error;
  if (!monthAcceptsEdits(input.month)) throw MonthClosed({ month: input.month.month });
  const byChild = new Map(
    input.stored.filter((m) => m.date === input.date).map((m) => [m.childId, m]),
  );
  return input.childIds.map(
    (childId) => byChild.get(childId) ?? { childId, date: input.date, status: 'present' },
  );
}

/**
 * Space and a letter: the vocabulary's steps (vocabulary/register-keys.ts), which the
 * register screen uses too.
 */
export { pickReason, toggleMark } from '../vocabulary/register-keys';
