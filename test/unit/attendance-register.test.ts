import { describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR } from '../../electron/core/attendance/calendar';
import { reasonForKey } from '../../electron/core/attendance/codes';
import { openDay, pickReason, toggleMark } from '../../electron/core/attendance/register';
import { applyMonthAction, openMonth, type Mark } from '../../electron/core/attendance/timesheet';
import { AppError } from '../../electron/core/errors/app-error';

const stored: Mark[] = [
  { childId: 'b', date: '2026-03-10', status: 'absent', reason: 'illness', note: '' },
  { childId: 'a', date: '2026-03-06', status: 'absent', reason: 'illness', note: '' },
];

function refusal(fn: () => unknown): string {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return error.translationKey;
    throw error;
  }
  return 'not refused';
}

describe('daily register', () => {
  it('opens a day with every child present unless already marked', () => {
    const day = openDay({
      date: '2026-03-10',
      childIds: ['a', 'b', 'c'],
      stored,
      calendar: DEFAULT_CALENDAR,
      month: openMonth('2026-03'),
    });
    expect(day).toEqual([
      { childId: 'a', date: '2026-03-10', status: 'present' },
      stored[0],
      { childId: 'c', date: '2026-03-10', status: 'present' },
    ]);
  });

  it('refuses a day off and a closed month', () => {
    const input = {
      childIds: ['a'],
      stored,
      calendar: DEFAULT_CALENDAR,
      month: openMonth('2026-03'),
    };
    expect(refusal(() => openDay({ ...input, date: '2026-03-09' }))).toBe(
      'errors.attendanceNonWorkingDay',
    );
    const closed = applyMonthAction(openMonth('2026-03'), {
      type: 'close',
      actor: { staffId: 'd', role: 'director' },
      at: '2026-03-31T18:00',
      childIds: ['a'],
      unmarked: 0,
    }).state;
    expect(refusal(() => openDay({ ...input, date: '2026-03-10', month: closed }))).toBe(
      'errors.attendanceMonthClosed',
    );
  });

  it('space toggles, a letter picks the reason and keeps the note', () => {
    const absent = toggleMark({ status: 'present', arrival: '08:10' });
    expect(absent).toEqual({ status: 'absent', reason: 'unexcused', note: '' });
    expect(toggleMark(absent)).toEqual({ status: 'present' });
    const ill = pickReason(absent, reasonForKey('а', 'KeyF', 'kk')!);
    expect(ill).toEqual({ status: 'absent', reason: 'illness', note: '' });
    expect(
      pickReason({ status: 'absent', reason: 'other', note: 'Той', documentId: 'd1' }, 'illness'),
    ).toEqual({
      status: 'absent',
      reason: 'illness',
      note: 'Той',
      documentId: 'd1',
    });
    expect(pickReason({ status: 'present' }, 'quarantine')).toEqual({
      status: 'absent',
      reason: 'quarantine',
      note: '',
    });
  });
});
