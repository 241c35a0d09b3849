import { describe, expect, it } from 'vitest';
import { monthDays, workingDays } from '../../electron/core/attendance/calendar';
import {
  applyMonthAction,
  buildTimesheet,
  certificatesNeeded,
  mark,
  openMonth,
  type Actor,
  type Mark,
  type MonthState,
} from '../../electron/core/attendance/timesheet';
import type { AbsenceReason } from '../../electron/core/attendance/codes';
import { AppError } from '../../electron/core/errors/app-error';

const director: Actor = { staffId: 'dir', role: 'director' };
const teacher: Actor = { staffId: 't1', role: 'teacher' };
const present = (childId: string, date: string): Mark => ({ childId, date, status: 'present' });
const absent = (childId: string, date: string, reason: AbsenceReason, documentId?: string): Mark =>
  mark.parse({ childId, date, status: 'absent', reason, ...(documentId ? { documentId } : {}) });

function refusal(fn: () => unknown): { key: string; params: unknown } {
  try {
    fn();
  } catch (error) {
    if (error instanceof AppError) return { key: error.translationKey, params: error.params };
    throw error;
  }
  throw new Error('not refused');
}

describe('timesheet', () => {
  const days = monthDays(2026, 3); // 18 working days
  const working = workingDays(2026, 3);

  it('totals per child and per day', () => {
    const marks: Mark[] = [
      ...working.map((date) => present('a', date)),
      ...working.slice(0, 15).map((date) => present('b', date)),
      absent('b', working[15]!, 'illness'),
      absent('b', working[16]!, 'unexcused'),
      absent('b', working[17]!, 'parentLeave'),
      // On a Saturday and of an unknown child: not counted, reported.
      present('a', '2026-03-07'),
      present('zz', working[0]!),
    ];
    const sheet = buildTimesheet({
      days,
      children: [{ id: 'a' }, { id: 'b' }, { id: 'c', from: '2026-03-16' }],
      marks,
    });
    expect(sheet.rows.map((row) => row.totals)).toEqual([
      { attended: 18, absentValid: 0, absentWithout: 0, unmarked: 0 },
      { attended: 15, absentValid: 2, absentWithout: 1, unmarked: 0 },
      {
        attended: 0,
        absentValid: 0,
        absentWithout: 0,
        unmarked: working.filter((d) => d >= '2026-03-16').length,
      },
    ]);
    expect(sheet.rows[2]!.cells[0]).toEqual({ status: 'dayOff' }); // 1 Mar is a Sunday
    expect(sheet.rows[2]!.cells[1]).toEqual({ status: 'notEnrolled' });
    expect(sheet.ignored).toHaveLength(2);
    const lastDay = sheet.dayTotals.find((d) => d.date === working[17])!;
    expect(lastDay).toMatchObject({ attended: 1, absentValid: 1, absentWithout: 0, unmarked: 1 });
    expect(sheet.dayTotals.find((d) => d.date === '2026-03-08')).toMatchObject({
      working: false,
      attended: 0,
    });
    expect(sheet.totals.attended).toBe(33);
  });

  it('asks for a certificate on return after more than 3 working days of illness', () => {
    // Ill Thu 5, Fri 6, (weekend, 8th holiday, 9th day off) Tue 10, Wed 11: four working days.
    const ill = ['2026-03-05', '2026-03-06', '2026-03-10', '2026-03-11'];
    const marks: Mark[] = [
      ...ill.map((date) => absent('a', date, 'illness')),
      present('a', '2026-03-12'),
      // Three days only: no certificate.
      ...ill.slice(1).map((date) => absent('b', date, 'illness')),
      present('b', '2026-03-12'),
      // Four days with a certificate linked: satisfied.
      ...ill.map((date, i) =>
        absent('c', date, 'illness', i === 3 ? '00000000-0000-4000-8000-0000000000d1' : undefined),
      ),
      present('c', '2026-03-12'),
      // Still ill: asked for on return, not yet.
      ...ill.map((date) => absent('d', date, 'illness')),
      // Four days of leave: not illness.
      ...ill.map((date) => absent('e', date, 'parentLeave')),
      present('e', '2026-03-12'),
    ];
    expect(certificatesNeeded(marks, working)).toEqual([
      { childId: 'a', from: '2026-03-05', to: '2026-03-11', days: 4, returnDate: '2026-03-12' },
    ]);
  });

  it('rejects an "other" absence without a note and an unknown reason', () => {
    const hidden = {
      childId: 'a',
      date: '2026-03-02',
      status: 'absent',
      reason: 'other',
      note: 'Той\u202E',
    };
    expect(mark.safeParse(hidden).success).toBe(false);
    expect(
      mark.safeParse({ childId: 'a', date: '2026-03-02', status: 'absent', reason: 'other' })
        .success,
    ).toBe(false);
    expect(
      mark.safeParse({
        childId: 'a',
        date: '2026-03-02',
        status: 'absent',
        reason: 'other',
        note: 'Family',
      }).success,
    ).toBe(true);
    expect(
      mark.safeParse({ childId: 'a', date: '2026-03-02', status: 'absent', reason: 'holiday' })
        .success,
    ).toBe(false);
    expect(
      mark.safeParse({
        childId: 'a',
        date: '2026-03-02',
        status: 'present',
        arrival: '09:00',
        departure: '08:00',
      }).success,
    ).toBe(false);
  });
});

describe('month states', () => {
  const closeAt = '2026-03-31T18:00';
  const closed = (): MonthState =>
    applyMonthAction(openMonth('2026-03'), {
      type: 'close',
      actor: director,
      at: closeAt,
      childIds: ['a', 'b'],
      unmarked: 0,
    }).state;
  const edit = (state: MonthState, reason?: string) =>
    applyMonthAction(state, {
      type: 'edit',
      actor: teacher,
      at: '2026-04-02T10:00',
      childId: 'a',
      date: '2026-03-10',
      before: { status: 'present' },
      after: { status: 'absent', reason: 'illness', note: '' },
      ...(reason ? { reason } : {}),
    });

  it('open → closed by the director only, after the month is over and complete', () => {
    const open = openMonth('2026-03');
    const incomplete = refusal(() =>
      applyMonthAction(open, {
        type: 'close',
        actor: director,
        at: closeAt,
        childIds: ['a'],
        unmarked: 2,
      }),
    );
    expect(incomplete).toEqual({
      key: 'errors.attendanceMonthIncomplete',
      params: { month: '2026-03', unmarked: 2 },
    });
    expect(
      refusal(() =>
        applyMonthAction(open, {
          type: 'close',
          actor: teacher,
          at: closeAt,
          childIds: [],
          unmarked: 0,
        }),
      ).key,
    ).toBe('errors.permissionDenied');
    expect(
      refusal(() =>
        applyMonthAction(open, {
          type: 'close',
          actor: director,
          at: '2026-03-30T18:00',
          childIds: [],
          unmarked: 0,
        }),
      ).key,
    ).toBe('errors.attendanceMonthNotOver');
    const state = closed();
    expect(state.status).toBe('closed');
    expect(state.children).toEqual({ a: { status: 'pending' }, b: { status: 'pending' } });
    expect(open.status).toBe('open'); // not mutated
    expect(
      refusal(() =>
        applyMonthAction(state, {
          type: 'close',
          actor: director,
          at: closeAt,
          childIds: [],
          unmarked: 0,
        }),
      ).key,
    ).toBe('errors.attendanceMonthAlreadyClosed');
  });

  it('a plain edit before the first closing is no correction; a closed month refuses edits', () => {
    expect(edit(openMonth('2026-03')).correction).toBeUndefined();
    expect(refusal(() => edit(closed())).key).toBe('errors.attendanceMonthClosed');
  });

  it('parents confirm or dispute per child; a confirmed month cannot be disputed', () => {
    let state = closed();
    state = applyMonthAction(state, {
      type: 'confirm',
      childId: 'a',
      at: '2026-04-02T09:00',
    }).state;
    state = applyMonthAction(state, {
      type: 'dispute',
      childId: 'b',
      at: '2026-04-02T09:00',
      comment: ' Was there on the 10th ',
    }).state;
    expect(state.children).toEqual({
      a: { status: 'confirmed', at: '2026-04-02T09:00' },
      b: { status: 'disputed', comment: 'Was there on the 10th', at: '2026-04-02T09:00' },
    });
    expect(
      refusal(() =>
        applyMonthAction(state, { type: 'dispute', childId: 'a', at: 'x', comment: 'no' }),
      ).key,
    ).toBe('errors.attendanceChildMonthConfirmed');
    expect(
      refusal(() =>
        applyMonthAction(state, { type: 'dispute', childId: 'b', at: 'x', comment: ' ' }),
      ).params,
    ).toEqual({ fields: ['comment'] });
    expect(
      refusal(() => applyMonthAction(state, { type: 'confirm', childId: 'zz', at: 'x' })).params,
    ).toEqual({ fields: ['childId'] });
    expect(
      refusal(() =>
        applyMonthAction(openMonth('2026-03'), { type: 'confirm', childId: 'a', at: 'x' }),
      ).key,
    ).toBe('errors.attendanceMonthNotClosed');
    // A dispute resolved: the parent confirms after all.
    expect(
      applyMonthAction(state, { type: 'confirm', childId: 'b', at: 'y' }).state.children.b!.status,
    ).toBe('confirmed');
  });

  it('reopens only by the director with a reason; later edits are corrections', () => {
    let state = applyMonthAction(closed(), { type: 'confirm', childId: 'a', at: 'x' }).state;
    expect(
      refusal(() =>
        applyMonthAction(state, { type: 'reopen', actor: teacher, at: 'x', reason: 'r' }),
      ).key,
    ).toBe('errors.permissionDenied');
    expect(
      refusal(() =>
        applyMonthAction(state, { type: 'reopen', actor: director, at: 'x', reason: '  ' }),
      ).params,
    ).toEqual({ fields: ['reason'] });
    expect(
      refusal(() =>
        applyMonthAction(openMonth('2026-03'), {
          type: 'reopen',
          actor: director,
          at: 'x',
          reason: 'r',
        }),
      ).key,
    ).toBe('errors.attendanceMonthNotClosed');
    state = applyMonthAction(state, {
      type: 'reopen',
      actor: director,
      at: '2026-04-02T09:30',
      reason: 'Certificate brought late',
    }).state;
    expect(state.status).toBe('open');
    const { state: after, correction } = edit(state);
    expect(correction).toEqual({
      childId: 'a',
      date: '2026-03-10',
      before: { status: 'present' },
      after: { status: 'absent', reason: 'illness', note: '' },
      by: 't1',
      at: '2026-04-02T10:00',
      reason: 'Certificate brought late',
    });
    // The parent's confirmation was of the old marks.
    expect(after.children.a).toEqual({ status: 'pending' });
    expect(edit(state, 'Own reason').correction!.reason).toBe('Own reason');
    expect(
      refusal(() =>
        applyMonthAction(state, {
          type: 'edit',
          actor: teacher,
          at: 'x',
          childId: 'a',
          date: '2026-04-01',
          before: null,
          after: { status: 'present' },
        }),
      ).params,
    ).toEqual({ fields: ['date'] });
    // Closed again: the confirmation from before is gone for a, b's stays pending.
    const again = applyMonthAction(after, {
      type: 'close',
      actor: director,
      at: '2026-04-03T09:00',
      childIds: ['a', 'b'],
      unmarked: 0,
    }).state;
    expect(again.children).toEqual({ a: { status: 'pending' }, b: { status: 'pending' } });
    expect(again.history.map((event) => event.type)).toEqual(['close', 'reopen', 'close']);
  });
});
