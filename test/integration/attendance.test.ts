/**
 * Attendance (issue 14) over a real encrypted store: the record module (a group's day written
 * in one transaction, the month's timesheet read back, the child-months the portal learns),
 * then the methods — a bad mark refusing the whole day, the calendar's days off refused, a
 * closed month locked, a reopening with its reason and the corrections after it, a teacher
 * kept to her groups, the certificate asked for after an illness, and every write audited
 * with one outbox row per child-month, exactly the fields changed.
 */
import { join } from 'node:path';
import { PDFDocument } from 'pdf-lib';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/connection';
import {
  certificateMarks,
  certificateWindow,
  groupsWithMarks,
  marksOf,
  monthTimesheet,
  writeGroupDay,
  type GroupDayInput,
} from '../../electron/core/attendance/attendance-record';
import { CALENDAR_CHANGE_REASON } from '../../electron/core/attendance/app';
import { addDays, monthDays } from '../../electron/core/attendance/calendar';
import {
  certificatesNeeded,
  markValue,
  type Mark,
  type MarkValue,
} from '../../electron/core/attendance/timesheet';
import { createCore, type Core } from '../../electron/core/core';
import { collectChanges } from '../../electron/core/registry/record-changes';
import { recordChanges } from '../../electron/core/sync/outbox';
import { applyPulledChange, overwriteLocal } from '../../electron/core/sync/apply';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { describeError } from '../../electron/host/cli/messages';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { enrolledChild } from '../helpers/enrolled-child';
import { columnTexts } from '../helpers/pdf-columns';
import { addStaff } from '../helpers/staff';
import { DIRECTOR, newStore, ORG } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

/** Writes a day as a method's transaction does: with its outbox rows. */
function saveDay(store: Store, input: Omit<GroupDayInput, 'actor' | 'at'>, actorId: string) {
  return store.sqlite.transaction(() => {
    const { value, changes } = collectChanges(store, ['attendance'], () =>
      writeGroupDay(store, {
        ...input,
        actor: { staffId: actorId, role: 'director' },
        at: '2026-03-10T09:05:00',
      }),
    );
    recordChanges(store, changes, '2026-03-10T04:05:00.000Z');
    return value;
  })();
}

describe('attendance record', () => {
  const root = tempFolder();
  let core: Core;
  let store: Store;
  let groupId: string;
  let first: string;
  let second: string;
  let directorId: string;

  beforeAll(async () => {
    ({ core } = await newStore(root));
    ({ childId: first, groupId } = await enrolledChild(core, { iinSerial: '0101' }));
    ({ childId: second } = await enrolledChild(core, { iinSerial: '0202', groupId }));
    store = core.services.store();
    // Both came in September.
    store.sqlite.prepare("UPDATE children SET enrolled_on = '2025-09-01'").run();
    directorId = core.services.session!.accountId;
  });
  afterAll(() => core?.close());

  it('writes a group day and reads it back in the month timesheet', () => {
    const result = saveDay(
      store,
      {
        groupId,
        date: '2026-03-10',
        marks: [
          { childId: first, value: { status: 'present', arrival: '08:10' } },
          { childId: second, value: { status: 'absent', reason: 'illness', note: '' } },
        ],
      },
      directorId,
    );
    expect(result).toEqual({ written: 2, corrections: [] });
    const sheet = monthTimesheet(store, groupId, '2026-03');
    expect(sheet.children.map((c) => c.id).sort()).toEqual([first, second].sort());
    const day = sheet.timesheet.days.findIndex((d) => d.date === '2026-03-10');
    const cells = Object.fromEntries(sheet.timesheet.rows.map((r) => [r.childId, r.cells[day]]));
    expect(cells[first]).toEqual({ status: 'present' });
    expect(cells[second]).toEqual({ status: 'absent', reason: 'illness', valid: true });
    expect(sheet.state.status).toBe('open');
    expect(groupsWithMarks(store, '2026-03')).toEqual([groupId]);
    expect(groupsWithMarks(store, '2026-04')).toEqual([]);
    // One outbox row per child-month, the whole record on its creation.
    const rows = store.sqlite
      .prepare("SELECT fields FROM sync_outbox WHERE entity = 'attendance'")
      .all() as { fields: string }[];
    expect(rows).toHaveLength(2);
    const sent = rows.map((row) => JSON.parse(row.fields) as Record<string, unknown>);
    expect(sent.find((f) => f.childId === first)).toMatchObject({
      month: '2026-03',
      marks: [{ date: '2026-03-10', status: 'present', arrival: '08:10' }],
      closed: false,
      closedAt: null,
      corrections: 0,
      parentStatus: 'pending',
    });
  });

  it('refuses a weekend and writes nothing', () => {
    expect(() =>
      saveDay(
        store,
        {
          groupId,
          date: '2026-03-14',
          marks: [{ childId: first, value: { status: 'present' } }],
        },
        directorId,
      ),
    ).toThrow(expect.objectContaining({ code: 'attendanceNonWorkingDay' }));
    expect(
      store.sqlite
        .prepare("SELECT count(*) FROM attendance_marks WHERE date = '2026-03-14'")
        .pluck()
        .get(),
    ).toBe(0);
  });

  it('reads only what the certificate check needs, and finds what the whole look-back finds', () => {
    // Two months of random marks, illness in long and short runs, broken by other marks.
    let seed = 7;
    const random = () => (seed = (seed * 48271) % 2147483647) / 2147483647;
    const days = [...monthDays(2026, 4), ...monthDays(2026, 5)]
      .filter((day) => day.working)
      .map((day) => day.date);
    const reasons = ['illness', 'illness', 'illness', 'unexcused', 'parentLeave'] as const;
    const state = new Map<string, { reason: (typeof reasons)[number]; left: number } | null>();
    for (const date of days) {
      const marks = [first, second].flatMap((childId) => {
        let run = state.get(childId) ?? null;
        if (!run && random() < 0.25)
          run = {
            reason: reasons[Math.floor(random() * reasons.length)]!,
            left: 1 + Math.floor(random() * 6),
          };
        if (random() < 0.1) return []; // a day without a mark
        const value: MarkValue = run
          ? { status: 'absent', reason: run.reason, note: '' }
          : { status: 'present' };
        state.set(childId, run && run.left > 1 ? { ...run, left: run.left - 1 } : null);
        return [{ childId, value }];
      });
      if (marks.length) saveDay(store, { groupId, date, marks }, directorId);
    }
    const ids = [first, second];
    let found = 0;
    for (const date of days) {
      const today = (prior: Mark[]) => [
        ...prior,
        ...ids.map((childId): Mark => ({ childId, date, status: 'present' })),
      ];
      const window = workingDaysFrom(certificateWindow(date), date);
      const due = (marks: Mark[]) =>
        certificatesNeeded(today(marks), window).filter((entry) => entry.returnDate === date);
      const all = marksOf(store, ids, certificateWindow(date), addDays(date, -1));
      const expected = due(all);
      expect(due(certificateMarks(store, ids, date)), date).toEqual(expected);
      found += expected.length;
    }
    expect(found).toBeGreaterThan(0);
  });
});

/** Every working day from one date to another, across months (the default calendar). */
function workingDaysFrom(from: string, to: string): string[] {
  const out: string[] = [];
  for (let year = Number(from.slice(0, 4)); year <= Number(to.slice(0, 4)); year++)
    for (let month = 1; month <= 12; month++)
      for (const day of monthDays(year, month))
        if (day.working && day.date >= from && day.date <= to) out.push(day.date);
  return out;
}

const TEACHER = { login: 'teachergul', password: 'teacher-pass-1' };

/** March 2026's working days (8 March's day off is the 9th, Nauryz's the 24th and 25th). */
const MARCH = monthDays(2026, 3)
  .filter((day) => day.working)
  .map((day) => day.date);

describe('attendance methods', () => {
  const root = tempFolder();
  let clock = new Date('2026-02-27T05:00:00Z');
  let core: Core;
  /** The open store (a new one after each sign-in). */
  const db = (): Store => core.services.store();
  let groupA: string;
  let groupB: string;
  let ali: string;
  let dana: string;
  let other: string;
  let directorId: string;

  const outbox = () =>
    db()
      .sqlite.prepare(
        "SELECT entity_id AS id, fields FROM sync_outbox WHERE entity = 'attendance' ORDER BY rowid",
      )
      .all() as { id: string; fields: string }[];
  const audit = () =>
    db()
      .sqlite.prepare(
        "SELECT action, entity_id AS entityId FROM audit_log WHERE action LIKE 'attendance.%' ORDER BY rowid",
      )
      .all() as { action: string; entityId: string | null }[];
  const present = { status: 'present' } as const;
  /** How many marks a date holds, every group. */
  const marksOn = (date: string) =>
    db().sqlite.prepare('SELECT count(*) FROM attendance_marks WHERE date = ?').pluck().get(date);
  const asDirector = () =>
    core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
  /** Moves the clock (days at a time) as if someone had been working until then. */
  const setClock = (iso: string) => {
    clock = new Date(iso);
    core.services.lastActivity = clock.getTime();
  };

  beforeAll(async () => {
    core = createCore({
      dataDir: join(root, 'data'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
      clock: () => clock,
    });
    await core.call('setup.initialize', {
      orgName: ORG.name,
      orgBin: ORG.bin,
      adminLogin: DIRECTOR.login,
      adminName: DIRECTOR.name,
      password: DIRECTOR.password,
    });
    ({ childId: ali, groupId: groupA } = await enrolledChild(core, { iinSerial: '0101' }));
    ({ childId: dana } = await enrolledChild(core, { iinSerial: '0202', groupId: groupA }));
    ({ childId: other, groupId: groupB } = await enrolledChild(core, { iinSerial: '0303' }));
    await addStaff(
      core,
      {
        login: TEACHER.login,
        displayName: 'Гүлмира Тәрбиеші',
        role: 'teacher',
        password: TEACHER.password,
      },
      [groupA],
    );
    directorId = core.services.session!.accountId;
    setClock('2026-03-02T05:00:00Z');
  });
  afterAll(() => core?.close());

  it('opens a day with every child unmarked and nothing stored', async () => {
    const day = await core.call('attendance.day', { groupId: groupA, date: '2026-03-02' });
    expect(day.day.working).toBe(true);
    expect(day.monthStatus).toBe('open');
    expect(day.children.map((c) => c.childId).sort()).toEqual([ali, dana].sort());
    expect(day.children.every((c) => c.mark === null && !c.certificateDue)).toBe(true);
    expect(outbox()).toEqual([]);
  });

  it('saves a group day in one transaction: a bad mark refuses the whole day', async () => {
    // A child of another group in the list: nothing of the day is stored.
    const refused = await core.dispatch('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-02',
      marks: [
        { childId: ali, value: present },
        { childId: dana, value: present },
        { childId: other, value: present },
      ],
    });
    expect(refused).toEqual({
      ok: false,
      error: { code: 'attendanceChildNotInGroup', params: { date: '2026-03-02' } },
    });
    expect(kk.errors.attendanceChildNotInGroup).toContain('{{date}}');
    expect(ru.errors.attendanceChildNotInGroup).toContain('{{date}}');
    expect(
      describeError({ code: 'attendanceChildNotInGroup', params: { date: '2026-03-02' } }),
    ).toBe(
      'the child was not in this group on 2026-03-02 (not enrolled yet, left, or moved) [attendanceChildNotInGroup]',
    );
    // "Other" without its note is refused at the boundary, on that mark's field.
    const noNote = await core.dispatch('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-02',
      marks: [
        { childId: ali, value: present },
        { childId: dana, value: { status: 'absent', reason: 'other' } },
      ],
    });
    expect(noNote).toMatchObject({
      ok: false,
      error: { code: 'invalidInput', params: { fields: ['marks.1.value.note'] } },
    });
    expect(db().sqlite.prepare('SELECT count(*) FROM attendance_marks').pluck().get()).toBe(0);
    expect(outbox()).toEqual([]);

    const saved = await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-02',
      marks: [
        { childId: ali, value: { status: 'present', arrival: '08:05', departure: '18:10' } },
        { childId: dana, value: { status: 'absent', reason: 'illness' } },
      ],
    });
    const marks = Object.fromEntries(saved.children.map((c) => [c.childId, c.mark]));
    expect(marks[ali]).toEqual({ status: 'present', arrival: '08:05', departure: '18:10' });
    expect(marks[dana]).toEqual({ status: 'absent', reason: 'illness', note: '' });
    // Audited under the group; one outbox row per child-month, each the whole new record.
    expect(audit().filter((row) => row.action === 'attendance.saveDay')).toEqual([
      { action: 'attendance.saveDay', entityId: groupA },
    ]);
    const rows = outbox();
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(Object.keys(JSON.parse(row.fields) as object).sort()).toEqual(
        [
          'childId',
          'closed',
          'closedAt',
          'corrections',
          'groupName',
          'marks',
          'month',
          'parentAt',
          'parentComment',
          'parentStatus',
        ].sort(),
      );
  });

  it('sends only the marks of a child-month changed later, and nothing for an unchanged one', async () => {
    setClock('2026-03-03T05:00:00Z');
    const before = outbox().length;
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-03',
      marks: [
        { childId: ali, value: present },
        { childId: dana, value: { status: 'absent', reason: 'illness' } },
      ],
    });
    const rows = outbox().slice(before);
    expect(rows).toHaveLength(2);
    for (const row of rows)
      expect(Object.keys(JSON.parse(row.fields) as object)).toEqual(['marks']);
    // The same day saved again as it is: no change, no outbox row (the call is still audited).
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-03',
      marks: [
        { childId: ali, value: present },
        { childId: dana, value: { status: 'absent', reason: 'illness', note: '' } },
      ],
    });
    expect(outbox()).toHaveLength(before + 2);
  });

  it('refuses a weekend, a holiday and a closure day set by the director', async () => {
    setClock('2026-03-23T05:00:00Z');
    for (const date of ['2026-03-07', '2026-03-09', '2026-03-23']) {
      const answer = await core.dispatch('attendance.saveDay', {
        groupId: groupA,
        date,
        marks: [{ childId: ali, value: present }],
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'attendanceNonWorkingDay' } });
    }
    await core.call('attendance.setCalendar', {
      year: 2026,
      closures: [{ from: '2026-03-20', to: '2026-03-20', note: 'Жылу жоқ' }],
    });
    const calendar = await core.call('attendance.calendar', { year: 2026 });
    expect(calendar.days).toHaveLength(365);
    expect(calendar.days.find((d) => d.date === '2026-03-20')?.kind).toBe('closure');
    const closed = await core.dispatch('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-20',
      marks: [{ childId: ali, value: present }],
    });
    expect(closed).toEqual({
      ok: false,
      error: {
        code: 'attendanceNonWorkingDay',
        params: { date: '2026-03-20', dayKind: 'closure' },
      },
    });
    expect(kk.errors.attendanceNonWorkingDay).toBeTruthy();
    expect(ru.errors.attendanceNonWorkingDay).toBeTruthy();
  });

  it("refuses a day after the kindergarten's today and takes today", async () => {
    // Thursday the 26th: it may be marked, Friday the 27th not yet.
    setClock('2026-03-26T05:00:00Z');
    const before = outbox().length;
    const ahead = await core.dispatch('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-27',
      marks: [{ childId: ali, value: present }],
    });
    expect(ahead).toEqual({
      ok: false,
      error: { code: 'attendanceFutureDay', params: { date: '2026-03-27' } },
    });
    expect(
      db()
        .sqlite.prepare("SELECT count(*) FROM attendance_marks WHERE date = '2026-03-27'")
        .pluck()
        .get(),
    ).toBe(0);
    expect(outbox()).toHaveLength(before);
    expect(kk.errors.attendanceFutureDay).toContain('{{date}}');
    expect(ru.errors.attendanceFutureDay).toContain('{{date}}');
    expect(describeError({ code: 'attendanceFutureDay', params: { date: '2026-03-27' } })).toBe(
      '2026-03-27 is after today: only days up to today are marked [attendanceFutureDay]',
    );
    const today = await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-26',
      marks: [{ childId: ali, value: present }],
    });
    expect(today.children.find((c) => c.childId === ali)?.mark).toEqual(present);
  });

  it('asks for a certificate when a child comes back after more than 3 working days ill', async () => {
    // Dana ill on the 2nd and 3rd; the 4th, 5th and 6th too: five working days.
    for (const date of ['2026-03-04', '2026-03-05', '2026-03-06'])
      await core.call('attendance.saveDay', {
        groupId: groupA,
        date,
        marks: [
          { childId: ali, value: present },
          { childId: dana, value: { status: 'absent', reason: 'illness' } },
        ],
      });
    // Monday the 9th is 8 March's day off: she is back on the 10th.
    const back = await core.call('attendance.day', { groupId: groupA, date: '2026-03-10' });
    const due = Object.fromEntries(back.children.map((c) => [c.childId, c.certificateDue]));
    expect(due).toEqual({ [ali]: false, [dana]: true });
  });

  it('keeps a teacher to her own groups', async () => {
    await core.call('auth.signIn', TEACHER);
    try {
      const own = await core.call('attendance.day', { groupId: groupA, date: '2026-03-10' });
      expect(own.children).toHaveLength(2);
      for (const [method, input] of [
        ['attendance.day', { groupId: groupB, date: '2026-03-10' }],
        ['attendance.month', { groupId: groupB, month: '2026-03' }],
        [
          'attendance.saveDay',
          { groupId: groupB, date: '2026-03-10', marks: [{ childId: other, value: present }] },
        ],
        ['attendance.timesheetPdf', { groupId: groupB, month: '2026-03', language: 'kk' }],
      ] as const)
        expect(await core.dispatch(method, input), method).toEqual({
          ok: false,
          error: { code: 'groupNotFound', params: {} },
        });
      // Closing, reopening and the calendar are the director's.
      for (const [method, input] of [
        ['attendance.closeMonth', { groupId: groupA, month: '2026-03' }],
        ['attendance.reopenMonth', { groupId: groupA, month: '2026-03', reason: 'Қате' }],
        ['attendance.setCalendar', { year: 2026, closures: [] }],
        ['attendance.disputes', {}],
      ] as const)
        expect(await core.dispatch(method, input), method).toMatchObject({
          ok: false,
          error: { code: 'permissionDenied' },
        });
    } finally {
      await asDirector();
    }
    expect(
      db()
        .sqlite.prepare('SELECT count(*) FROM attendance_marks WHERE child_id = ?')
        .pluck()
        .get(other),
    ).toBe(0);
  });

  it('closes a month, locks it, reopens it with a reason and keeps every correction', async () => {
    // The rest of March: both present.
    for (const date of MARCH.filter((d) => d >= '2026-03-10' && d !== '2026-03-20')) {
      // Each day on its own day (never a day ahead).
      if (date > '2026-03-23') setClock(`${date}T05:00:00Z`);
      await core.call('attendance.saveDay', {
        groupId: groupA,
        date,
        marks: [
          { childId: ali, value: present },
          { childId: dana, value: present },
        ],
      });
    }
    // Not before its last day.
    setClock('2026-03-30T05:00:00Z');
    expect(
      await core.dispatch('attendance.closeMonth', { groupId: groupA, month: '2026-03' }),
    ).toEqual({
      ok: false,
      error: { code: 'attendanceMonthNotOver', params: { month: '2026-03' } },
    });
    setClock('2026-04-01T05:00:00Z');
    const before = outbox().length;
    const closed = await core.call('attendance.closeMonth', { groupId: groupA, month: '2026-03' });
    expect(closed.state.status).toBe('closed');
    expect(closed.totals.unmarked).toBe(0);
    expect(closed.rows.every((row) => row.parent.status === 'pending')).toBe(true);
    // Each child-month learns it is closed, nothing else.
    const closing = outbox().slice(before);
    expect(closing).toHaveLength(2);
    for (const row of closing) {
      const fields = JSON.parse(row.fields) as Record<string, unknown>;
      expect(Object.keys(fields).sort()).toEqual(['closed', 'closedAt']);
      expect(fields.closed).toBe(true);
    }

    // The register refuses an edit of the closed month.
    const locked = await core.dispatch('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-12',
      marks: [{ childId: ali, value: { status: 'absent', reason: 'unexcused' } }],
    });
    expect(locked).toEqual({
      ok: false,
      error: { code: 'attendanceMonthClosed', params: { month: '2026-03' } },
    });
    expect(
      (await core.call('attendance.day', { groupId: groupA, date: '2026-03-12' })).monthStatus,
    ).toBe('closed');

    // Reopening needs a reason.
    expect(
      await core.dispatch('attendance.reopenMonth', {
        groupId: groupA,
        month: '2026-03',
        reason: '  ',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput', params: { fields: ['reason'] } } });
    const reopened = await core.call('attendance.reopenMonth', {
      groupId: groupA,
      month: '2026-03',
      reason: 'Ата-ана анықтама әкелді',
    });
    expect(reopened.state.status).toBe('open');
    expect(reopened.state.history.map((e) => [e.type, e.byName, e.reason])).toEqual([
      ['close', DIRECTOR.name, undefined],
      ['reopen', DIRECTOR.name, 'Ата-ана анықтама әкелді'],
    ]);

    // A correction: old and new value, who, when and why; sent with its count.
    const mark = outbox().length;
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-12',
      marks: [
        { childId: ali, value: { status: 'absent', reason: 'unexcused' } },
        { childId: dana, value: present },
      ],
      reason: 'Бала келмеген, қате белгіленген',
    });
    const month = await core.call('attendance.month', { groupId: groupA, month: '2026-03' });
    expect(month.corrections).toEqual([
      {
        childId: ali,
        date: '2026-03-12',
        before: { status: 'present' },
        after: { status: 'absent', reason: 'unexcused', note: '' },
        by: directorId,
        byName: DIRECTOR.name,
        at: expect.stringMatching(/^2026-04-01T/),
        reason: 'Бала келмеген, қате белгіленген',
      },
    ]);
    const sent = outbox().slice(mark);
    expect(sent).toHaveLength(1);
    // The parent had not answered here, but the portal may hold an answer given after the
    // reopening (refused here): a correction asks the parent again, pending with no comment.
    expect(Object.keys(JSON.parse(sent[0]!.fields) as object).sort()).toEqual([
      'corrections',
      'marks',
      'parentAt',
      'parentComment',
      'parentStatus',
    ]);
    expect(JSON.parse(sent[0]!.fields)).toMatchObject({
      corrections: 1,
      parentStatus: 'pending',
      parentComment: null,
      parentAt: null,
    });

    // Closed again, then printed: the correction list is on the timesheet.
    await core.call('attendance.closeMonth', { groupId: groupA, month: '2026-03' });
    const pdf = await core.call('attendance.timesheetPdf', {
      groupId: groupA,
      month: '2026-03',
      language: 'both',
    });
    expect(pdf.fileName).toMatch(/^timesheet-2026-03-.+\.pdf$/);
    const text = await columnTexts(new Uint8Array(Buffer.from(pdf.pdfBase64, 'base64')));
    expect(`${text.left} ${text.right}`).toContain('келмеген');

    // The calendar cannot change a day of a closed month; a day of an open one it can.
    const calendarBefore = await core.call('attendance.calendar', { year: 2026 });
    const heating = { from: '2026-03-20', to: '2026-03-20', note: 'Жылу жоқ' };
    expect(
      await core.dispatch('attendance.setCalendar', {
        year: 2026,
        closures: [heating, { from: '2026-03-27', to: '2026-03-27', note: 'Су жоқ' }],
      }),
    ).toEqual({
      ok: false,
      error: { code: 'attendanceMonthClosed', params: { month: '2026-03' } },
    });
    expect((await core.call('attendance.calendar', { year: 2026 })).settings).toEqual(
      calendarBefore.settings,
    );
    const april = await core.call('attendance.setCalendar', {
      year: 2026,
      closures: [heating, { from: '2026-04-27', to: '2026-04-27', note: 'Су жоқ' }],
    });
    expect(april.days.find((d) => d.date === '2026-04-27')?.kind).toBe('closure');

    // Every write of the month is in the audit log under the group.
    const actions = audit()
      .filter((row) => row.entityId === groupA)
      .map((row) => row.action);
    for (const action of [
      'attendance.saveDay',
      'attendance.closeMonth',
      'attendance.reopenMonth',
      'attendance.timesheetPdf',
    ])
      expect(actions).toContain(action);
    // The timesheet carries the children's IINs: its read is in each child's history too.
    const printedFor = audit()
      .filter((row) => row.action === 'attendance.timesheetPdf')
      .map((row) => row.entityId);
    expect(printedFor).toEqual(expect.arrayContaining([groupA, ali, dana]));
    expect(printedFor).not.toContain(other);
  });

  it("takes a parent's answer from the pull through the month's rules", async () => {
    const childMonth = (childId: string) =>
      db()
        .sqlite.prepare(
          "SELECT id FROM attendance_child_months WHERE child_id = ? AND month = '2026-03'",
        )
        .pluck()
        .get(childId) as string;
    let version = 100;
    const pull = (childId: string, data: Record<string, unknown>) =>
      applyPulledChange(
        db(),
        {
          entity: 'attendance',
          id: childMonth(childId),
          version: version++,
          deleted: false,
          data: { childId, month: '2026-03', parentComment: null, parentAt: null, ...data },
        },
        clock.toISOString(),
      );
    const rejected = () =>
      db()
        .sqlite.prepare("SELECT reason FROM sync_rejected_pulls WHERE entity = 'attendance'")
        .pluck()
        .all();
    // What was made here reached the portal (a pull does not overwrite what waits to be sent).
    db().sqlite.prepare("UPDATE sync_outbox SET status = 'sent'").run();
    // The month is closed (the test before): Ali's parent confirms, Dana's disputes.
    expect(pull(ali, { parentStatus: 'confirmed', parentAt: '2026-04-02T09:00:00Z' })).toBe(true);
    expect(
      pull(dana, {
        parentStatus: 'disputed',
        parentComment: 'Ол 12-сі күні келді',
        parentAt: '2026-04-02T10:00:00Z',
      }),
    ).toBe(true);
    const month = await core.call('attendance.month', { groupId: groupA, month: '2026-03' });
    const parents = Object.fromEntries(month.rows.map((row) => [row.childId, row.parent]));
    expect(parents[ali]).toEqual({ status: 'confirmed', at: '2026-04-02T09:00:00Z' });
    expect(parents[dana]).toEqual({
      status: 'disputed',
      comment: 'Ол 12-сі күні келді',
      at: '2026-04-02T10:00:00Z',
    });
    expect(await core.call('attendance.disputes', {})).toEqual([
      expect.objectContaining({
        childId: dana,
        groupId: groupA,
        month: '2026-03',
        comment: 'Ол 12-сі күні келді',
      }),
    ]);
    // A confirmed month is not disputed afterwards: a refused pull, the answer stands.
    expect(pull(ali, { parentStatus: 'disputed', parentComment: 'Жоқ' })).toBe(false);
    expect(rejected()).toEqual(['monthConfirmed']);

    // Reopened and corrected: Ali's answer was about the old marks, so it is pending again,
    // and the portal learns it with the correction.
    await core.call('attendance.reopenMonth', {
      groupId: groupA,
      month: '2026-03',
      reason: 'Ата-ана дау айтты',
    });
    const mark = outbox().length;
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-03-13',
      marks: [
        { childId: ali, value: { status: 'absent', reason: 'parentLeave' } },
        { childId: dana, value: present },
      ],
    });
    const sent = outbox().slice(mark);
    expect(sent).toHaveLength(1);
    expect(JSON.parse(sent[0]!.fields)).toMatchObject({
      corrections: 2,
      parentStatus: 'pending',
      parentComment: null,
      parentAt: null,
    });
    const reopened = await core.call('attendance.month', { groupId: groupA, month: '2026-03' });
    expect(reopened.rows.find((row) => row.childId === ali)?.parent).toEqual({
      status: 'pending',
    });
    expect(reopened.corrections.map((c) => c.reason)).toEqual([
      'Бала келмеген, қате белгіленген',
      'Ата-ана дау айтты',
    ]);
    db().sqlite.prepare("UPDATE sync_outbox SET status = 'sent'").run();
    // An answer about a month open here is refused too.
    expect(pull(ali, { parentStatus: 'confirmed', parentAt: '2026-04-03T09:00:00Z' })).toBe(false);
    expect(rejected()).toEqual(['monthNotClosed']);

    // A conflict answered with the portal's marks (another device marked Dana's month), and a
    // push answered with the parent's answer: written here, nothing queued for the portal.
    const queued = outbox().length;
    const portalMarks = MARCH.filter((date) => date !== '2026-03-20').map((date) =>
      date === '2026-03-16'
        ? { date, status: 'absent', reason: 'sanatorium', note: 'Сарыағаш' }
        : { date, status: 'present' },
    );
    overwriteLocal(
      db(),
      'attendance',
      childMonth(dana),
      { marks: portalMarks, parentStatus: 'confirmed', parentAt: '2026-04-03T08:00:00Z' },
      clock.toISOString(),
    );
    expect(outbox()).toHaveLength(queued);
    const after = await core.call('attendance.month', { groupId: groupA, month: '2026-03' });
    const row = after.rows.find((r) => r.childId === dana)!;
    const day16 = after.days.findIndex((d) => d.date === '2026-03-16');
    expect(row.cells[day16]).toEqual({ status: 'absent', reason: 'sanatorium', valid: true });
    expect(row.cells[after.days.findIndex((d) => d.date === '2026-03-02')]).toEqual({
      status: 'present',
    });
    expect(row.parent).toEqual({
      status: 'confirmed',
      comment: 'Ол 12-сі күні келді',
      at: '2026-04-03T08:00:00Z',
    });
  });

  it('refuses to make a marked working day of an open month a day off, naming it and its marks', async () => {
    setClock('2026-05-20T05:00:00Z');
    await asDirector();
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-05-12',
      marks: [
        { childId: ali, value: present },
        { childId: dana, value: present },
      ],
    });
    const before = await core.call('attendance.calendar', { year: 2026 });
    const quarantine = (date: string) => ({ from: date, to: date, note: 'Карантин' });
    for (const change of [
      { closures: [...before.settings.closures, quarantine('2026-05-12')] },
      {
        extraHolidays: [
          ...before.settings.extraHolidays,
          { key: 'kurbanAit', date: '2026-05-12', religious: true },
        ],
      },
      {
        transfers: [
          ...before.settings.transfers,
          { dayOff: '2026-05-12', workingDay: '2026-05-16' },
        ],
      },
    ]) {
      const answer = await core.dispatch('attendance.setCalendar', { year: 2026, ...change });
      expect(answer).toEqual({
        ok: false,
        error: {
          code: 'attendanceDayMarked',
          params: { dates: ['2026-05-12'], counts: ['2'], total: 2, list: '2026-05-12 — 2' },
        },
      });
    }
    // Nothing changed: the calendar, and the marks still on a working day.
    expect((await core.call('attendance.calendar', { year: 2026 })).settings).toEqual(
      before.settings,
    );
    const day = await core.call('attendance.day', { groupId: groupA, date: '2026-05-12' });
    expect(JSON.stringify(day)).toContain('present');
    for (const text of [kk.errors.attendanceDayMarked, ru.errors.attendanceDayMarked]) {
      expect(text).toContain('{{list}}');
      expect(text).toContain('{{total}}');
    }
    expect(
      describeError({
        code: 'attendanceDayMarked',
        params: { dates: ['2026-05-12'], counts: ['2'], total: 2, list: '2026-05-12 — 2' },
      }),
    ).toContain('hold 2 marks (2026-05-12 — 2): confirm removing them in the calendar');
    // An unmarked day of the same month becomes a day off.
    const after = await core.call('attendance.setCalendar', {
      year: 2026,
      closures: [...before.settings.closures, quarantine('2026-05-13')],
    });
    expect(after.days.find((d) => d.date === '2026-05-13')?.kind).toBe('closure');
  });

  it("links only the child's absence-reason documents to a mark, and takes UUIDs for ids", async () => {
    setClock('2026-05-20T05:00:00Z');
    await asDirector();
    const pdf = await PDFDocument.create();
    pdf.addPage([420, 595]).drawText('Medical certificate', { x: 40, y: 540, size: 18 });
    const contentBase64 = Buffer.from(await pdf.save()).toString('base64');
    const doc = async (childId: string, type: 'absence_reason' | 'medical_card_page') =>
      (await core.call('documents.import', { childId, type, title: 'Анықтама', contentBase64 })).id;
    const certificate = await doc(ali, 'absence_reason');
    const cardPage = await doc(ali, 'medical_card_page');
    const danasCertificate = await doc(dana, 'absence_reason');
    const ill = (documentId: string) => ({
      status: 'absent' as const,
      reason: 'illness' as const,
      note: '',
      documentId,
    });
    for (const documentId of [cardPage, danasCertificate]) {
      const answer = await core.dispatch('attendance.saveDay', {
        groupId: groupA,
        date: '2026-05-14',
        marks: [{ childId: ali, value: ill(documentId) }],
      });
      expect(answer).toEqual({
        ok: false,
        error: { code: 'attendanceNotAbsenceDocument', params: { date: '2026-05-14' } },
      });
    }
    expect(kk.errors.attendanceNotAbsenceDocument).toBeTruthy();
    expect(ru.errors.attendanceNotAbsenceDocument).toBeTruthy();
    expect(marksOn('2026-05-14')).toBe(0);
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-05-14',
      marks: [{ childId: ali, value: ill(certificate) }],
    });
    expect(marksOn('2026-05-14')).toBe(1);
    // Ids are UUIDs, bounded: a long or loose one is invalid input, nothing read.
    for (const documentId of ['x', 'x'.repeat(100_000)]) {
      const answer = await core.dispatch('attendance.saveDay', {
        groupId: groupA,
        date: '2026-05-15',
        marks: [{ childId: ali, value: ill(documentId) }],
      });
      expect(answer).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
      // Refused by the input's schema itself, before any look-up.
      expect(markValue.safeParse(ill(documentId)).success).toBe(false);
    }
    expect(markValue.safeParse(ill(certificate)).success).toBe(true);
  });

  it('removes the marks of a day the calendar makes a day off once the director confirms it', async () => {
    setClock('2026-05-20T05:00:00Z');
    await asDirector();
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-05-18',
      marks: [
        { childId: ali, value: present },
        { childId: dana, value: { status: 'absent', reason: 'illness' } },
      ],
    });
    await core.call('attendance.saveDay', {
      groupId: groupA,
      date: '2026-05-19',
      marks: [{ childId: ali, value: present }],
    });
    await core.call('attendance.saveDay', {
      groupId: groupB,
      date: '2026-05-18',
      marks: [{ childId: other, value: present }],
    });
    const before = await core.call('attendance.calendar', { year: 2026 });
    const closure = (date: string, note: string) => ({ from: date, to: date, note });
    const quarantine = [
      ...before.settings.closures,
      { from: '2026-05-18', to: '2026-05-19', note: 'Карантин' },
    ];
    const refused = (counts: [number, number]) => ({
      ok: false,
      error: {
        code: 'attendanceDayMarked',
        params: {
          dates: ['2026-05-18', '2026-05-19'],
          counts: counts.map(String),
          total: counts[0] + counts[1],
          list: `2026-05-18 — ${counts[0]}, 2026-05-19 — ${counts[1]}`,
        },
      },
    });
    // Without the director's confirmation of every day's marks (or with another total):
    // refused, naming each day with its marks and the total, nothing changed.
    for (const flag of [{}, { removeMarks: 3 }])
      expect(
        await core.dispatch('attendance.setCalendar', {
          year: 2026,
          closures: quarantine,
          ...flag,
        }),
      ).toEqual(refused([3, 1]));
    expect(marksOn('2026-05-18')).toBe(3);
    expect(marksOn('2026-05-19')).toBe(1);
    expect((await core.call('attendance.calendar', { year: 2026 })).settings).toEqual(
      before.settings,
    );
    // A mark made after the refusal (a teacher, a pull): the confirmed total is stale, so the
    // calendar is refused again with the new numbers and nothing the director did not see goes.
    await core.call('attendance.saveDay', {
      groupId: groupB,
      date: '2026-05-19',
      marks: [{ childId: other, value: present }],
    });
    expect(
      await core.dispatch('attendance.setCalendar', {
        year: 2026,
        closures: quarantine,
        removeMarks: 4,
      }),
    ).toEqual(refused([3, 2]));
    expect(marksOn('2026-05-18')).toBe(3);
    expect(marksOn('2026-05-19')).toBe(2);
    expect((await core.call('attendance.calendar', { year: 2026 })).settings).toEqual(
      before.settings,
    );

    // Confirmed, in a never-closed month: the marks go as plain edits, one transaction.
    db().sqlite.prepare("UPDATE sync_outbox SET status = 'sent'").run();
    const queued = outbox().length;
    const audited = audit().length;
    const after = await core.call('attendance.setCalendar', {
      year: 2026,
      closures: quarantine,
      removeMarks: 5,
    });
    expect(after.days.find((d) => d.date === '2026-05-18')?.kind).toBe('closure');
    expect(after.days.find((d) => d.date === '2026-05-19')?.kind).toBe('closure');
    expect(marksOn('2026-05-18')).toBe(0);
    expect(marksOn('2026-05-19')).toBe(0);
    // One outbox row per child-month (all three children), carrying the marks without the day.
    const sent = outbox().slice(queued);
    expect(new Set(sent.map((row) => row.id)).size).toBe(3);
    expect(sent).toHaveLength(3);
    for (const row of sent) {
      const fields = JSON.parse(row.fields) as { marks: { date: string }[] };
      expect(Array.isArray(fields.marks)).toBe(true);
      expect(fields.marks.map((m) => m.date)).not.toContain('2026-05-18');
      expect(fields.marks.map((m) => m.date)).not.toContain('2026-05-19');
      expect(fields).not.toHaveProperty('corrections');
    }
    expect(audit().slice(audited)).toEqual([{ action: 'attendance.setCalendar', entityId: null }]);
    const may = await core.call('attendance.month', { groupId: groupA, month: '2026-05' });
    expect(may.corrections).toEqual([]);

    // A reopened month (March, reopened above): each removal is a correction, kept and sent.
    const march = () => core.call('attendance.month', { groupId: groupA, month: '2026-03' });
    const kept = (await march()).corrections.length;
    expect(marksOn('2026-03-13')).toBe(2);
    const mark = outbox().length;
    const heating = await core.call('attendance.setCalendar', {
      year: 2026,
      closures: [...after.settings.closures, closure('2026-03-13', 'Жылу жоқ')],
      removeMarks: 2,
    });
    expect(marksOn('2026-03-13')).toBe(0);
    const corrections = (await march()).corrections.slice(kept);
    expect(corrections).toHaveLength(2);
    for (const correction of corrections)
      expect(correction).toMatchObject({
        date: '2026-03-13',
        after: null,
        by: directorId,
        reason: CALENDAR_CHANGE_REASON,
      });
    expect(corrections.map((c) => c.before)).toEqual(
      expect.arrayContaining([{ status: 'absent', reason: 'parentLeave', note: '' }]),
    );
    expect(CALENDAR_CHANGE_REASON).toMatch(/Күнтізбе.*Календарь/);
    const marchSent = outbox().slice(mark);
    expect(marchSent).toHaveLength(2);
    for (const row of marchSent)
      expect(Object.keys(JSON.parse(row.fields) as object)).toEqual(
        expect.arrayContaining(['marks', 'corrections', 'parentStatus']),
      );

    // A closed month: refused even when confirmed, nothing removed.
    await core.call('attendance.closeMonth', { groupId: groupA, month: '2026-03' });
    const marked = marksOn('2026-03-12');
    expect(marked).toBeGreaterThan(0);
    expect(
      await core.dispatch('attendance.setCalendar', {
        year: 2026,
        closures: [...heating.settings.closures, closure('2026-03-12', 'Жылу жоқ')],
        removeMarks: marked,
      }),
    ).toEqual({
      ok: false,
      error: { code: 'attendanceMonthClosed', params: { month: '2026-03' } },
    });
    expect(marksOn('2026-03-12')).toBe(marked);
  });
});
