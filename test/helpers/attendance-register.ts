/**
 * A group's register for the sync tests (the soak, the SIGKILL worker): children put in a new
 * group and enrolled from the first of a month, their days marked and the month closed through
 * the core's methods, as a director does it.
 */
import { monthOf, workingDays, type IsoDate } from '../../electron/core/attendance/calendar';
import type { MarkValue } from '../../electron/core/attendance/timesheet';
import type { Core } from '../../electron/core/core';

/** The month before the one `now` is in (over, so it may be closed). */
export function lastMonth(now = new Date()): string {
  const first = new Date(Date.UTC(now.getUTCFullYear(), now.getUTCMonth(), 1));
  return monthOf(new Date(first.getTime() - 86_400_000).toISOString().slice(0, 10));
}

/** The month's working days by the preset calendar (the store's, unless a test changed it). */
export function registerDays(month: string): IsoDate[] {
  return workingDays(Number(month.slice(0, 4)), Number(month.slice(5, 7)));
}

/**
 * A new group with these children in it, each enrolled on the first of `month` (a pulled
 * child is `referred`; one enrolled already goes through withdrawn and back).
 */
export async function registerGroup(
  core: Core,
  childIds: readonly string[],
  month: string,
  name = 'Ортаңғы «Балапан»',
): Promise<string> {
  const { id: groupId } = await core.call('groups.create', {
    name,
    ageGroup: 'middle',
    language: 'kk',
  });
  for (const childId of childIds) {
    const child = await core.call('children.update', { childId, changes: { groupId } });
    if (child.status === 'enrolled')
      await core.call('children.setStatus', { childId, status: 'withdrawn', on: `${month}-01` });
    await core.call('children.setStatus', { childId, status: 'enrolled', on: `${month}-01` });
  }
  return groupId;
}

/**
 * A child's mark on a date in the `variant`-th pass (another variant, mostly another value):
 * present, sometimes with times; absent through illness, or for another reason with a note.
 */
export function markFor(child: number, date: IsoDate, variant = 0): MarkValue {
  const day = Number(date.slice(8, 10));
  const n = (child * 7 + day * 3 + variant * 5) % 11;
  if (n === 0) return { status: 'absent', reason: 'illness', note: '' };
  if (n === 1) return { status: 'absent', reason: 'other', note: `Отбасылық жағдай ${variant}` };
  if (n === 2) return { status: 'absent', reason: 'unexcused', note: '' };
  if (n < 6) return { status: 'present', arrival: `08:${String(10 + n).padStart(2, '0')}` };
  return { status: 'present' };
}

/**
 * Saves the group's day on each date (one transaction each), every child marked; an illness
 * links the child's certificate when `certificates` names one.
 */
export async function markDays(
  core: Core,
  groupId: string,
  childIds: readonly string[],
  dates: readonly IsoDate[],
  variant = 0,
  certificates: ReadonlyMap<string, string> = new Map(),
): Promise<void> {
  for (const date of dates)
    await core.call('attendance.saveDay', {
      groupId,
      date,
      marks: childIds.map((childId, i) => {
        const value = markFor(i, date, variant);
        const documentId = certificates.get(childId);
        return {
          childId,
          value:
            value.status === 'absent' && value.reason === 'illness' && documentId
              ? { ...value, documentId }
              : value,
        };
      }),
    });
}
