/**
 * Attendance on two devices of one kindergarten (issue 14), the emulator in its own process: a
 * teacher's laptop marks and the director's PC closes, a new PC pulls what the other marked.
 * Device A marks a month and closes it; device B, enrolled to the same kindergarten, pulls it
 * and shows the same month (cells, totals, closed); B marks a day of the next month and
 * reopens and corrects the closed one; A pulls both; A closes again and B follows. Every step
 * ends with the content digests equal on both sides.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { datesOfMonth } from '../../electron/core/attendance/calendar';
import { applyPulledChange, overwriteLocal } from '../../electron/core/sync/apply';
import { syncRuntime } from '../../electron/core/sync/app';
import { digestDifference } from '../../electron/core/sync/digest';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';
import { lastMonth, markDays, registerDays, registerGroup } from '../helpers/attendance-register';
import { withCheckDigit } from '../helpers/enrolled-child';
import { ORG, newStore } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const GROUP = 'Ортаңғы «Балапан»';

/** A group's month as both devices must show it (the staff who closed it are each one's own). */
async function grid(core: Core, groupId: string, month: string) {
  const sheet = await core.call('attendance.month', { groupId, month });
  return {
    days: sheet.days,
    rows: sheet.rows.map((row) => ({
      childId: row.childId,
      cells: row.cells,
      totals: row.totals,
      parent: row.parent,
    })),
    dayTotals: sheet.dayTotals,
    totals: sheet.totals,
    status: sheet.state.status,
    closedAt: sheet.state.history.findLast((event) => event.type === 'close')?.at ?? null,
  };
}

async function expectSameContent(core: Core) {
  const { client } = syncRuntime(core.services);
  expect(client.status().pending).toBe(0);
  const local = client.localDigest();
  const remote = await client.remoteDigest();
  expect(digestDifference(local, remote)).toEqual([]);
  expect(local.attendance?.content).toMatch(/^[0-9a-f]{64}$/);
  expect(local.attendance?.content).toBe(remote.attendance?.content);
  expect(await client.repairContent(['attendance'])).toEqual([]);
  expect(await core.call('sync.rejectedPulls', {})).toEqual([]);
}

describe('attendance on two devices', () => {
  const root = tempFolder('bq-sync-attendance-devices-');
  // Two months back (closed by A) and the month after it (marked on B): both over.
  const month = lastMonth(new Date(`${lastMonth()}-15T00:00:00Z`));
  const next = lastMonth();
  let portal: SpawnedPortal;
  let a: Core;
  let b: Core;
  let groupA: string;
  let groupB: string;
  const childIds: string[] = [];

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 0 });
    ({ core: a } = await newStore(root, 'a'));
    ({ core: b } = await newStore(root, 'b'));
    for (const [i, firstName] of ['Айару', 'Нұрсұлтан', 'Дария'].entries()) {
      const { id } = await a.call('children.create', {
        iin: withCheckDigit(`2103156${String(i).padStart(4, '0')}`),
        lastName: 'Сейітқали',
        firstName,
        patronymic: null,
        birthDate: '2021-03-15',
        sex: 'female',
        citizenship: 'KZ',
        status: 'referred',
      });
      childIds.push(id);
    }
    groupA = await registerGroup(a, childIds, month, GROUP);
    await a.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'teacher laptop',
    });
    // B keeps the same group (groups are named, not synced).
    ({ id: groupB } = await b.call('groups.create', {
      name: GROUP,
      ageGroup: 'middle',
      language: 'kk',
    }));
    await b.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: await portal.createEnrollmentCode(0),
      deviceName: 'director pc',
    });
  }, 120_000);
  afterAll(async () => {
    a?.close();
    b?.close();
    await portal?.stop();
  });

  it('A marks and closes a month; B pulls it and shows the same month, closed', async () => {
    await markDays(a, groupA, childIds, registerDays(month));
    await a.call('attendance.closeMonth', { groupId: groupA, month });
    await a.call('sync.run', {});
    expect(await portal.childMonths(ORG.bin)).toHaveLength(childIds.length);

    await b.call('sync.run', {});
    const onA = await grid(a, groupA, month);
    const onB = await grid(b, groupB, month);
    expect(onB.rows.map((row) => row.childId).sort()).toEqual([...childIds].sort());
    expect(onA.status).toBe('closed');
    expect(onB).toEqual(onA);
    expect(onB.totals.unmarked).toBe(0);
    // The closing made elsewhere is in B's history, by the portal.
    const history = (await b.call('attendance.month', { groupId: groupB, month })).state.history;
    expect(history).toEqual([expect.objectContaining({ type: 'close', by: 'portal' })]);
    // The register on B refuses an edit of the closed month, as on A.
    expect(
      await b.dispatch('attendance.saveDay', {
        groupId: groupB,
        date: registerDays(month)[0]!,
        marks: [{ childId: childIds[0]!, value: { status: 'present' } }],
      }),
    ).toMatchObject({ ok: false, error: { code: 'attendanceMonthClosed' } });
    await expectSameContent(b);
    await expectSameContent(a);
  }, 120_000);

  it('B marks the next month and corrects the closed one; A pulls both', async () => {
    const day = registerDays(next)[0]!;
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date: day,
      marks: childIds.map((childId, i) => ({
        childId,
        value: i === 1 ? { status: 'absent', reason: 'illness', note: '' } : { status: 'present' },
      })),
    });
    await b.call('attendance.reopenMonth', { groupId: groupB, month, reason: 'Қате белгі' });
    const corrected = registerDays(month)[2]!;
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date: corrected,
      marks: [
        {
          childId: childIds[0]!,
          value: { status: 'absent', reason: 'other', note: 'Отбасылық жағдай' },
        },
      ],
    });
    await b.call('sync.run', {});
    await a.call('sync.run', {});

    expect(await grid(a, groupA, next)).toEqual(await grid(b, groupB, next));
    const onA = await grid(a, groupA, month);
    expect(onA).toEqual(await grid(b, groupB, month));
    expect(onA.status).toBe('open');
    const column = onA.days.findIndex((d) => d.date === corrected);
    expect(onA.rows.find((row) => row.childId === childIds[0])!.cells[column]).toMatchObject({
      status: 'absent',
      reason: 'other',
    });
    const record = (await portal.childMonths(ORG.bin)).find(
      (r) => r.data.childId === childIds[0] && r.data.month === month,
    );
    expect(record?.data).toMatchObject({ closed: false, corrections: 1, parentStatus: 'pending' });
    // A keeps B's correction as a count on the child-month (its who and why stay on B).
    expect(
      a.services
        .store()
        .sqlite.prepare(
          'SELECT corrections_elsewhere FROM attendance_child_months WHERE child_id = ? AND month = ?',
        )
        .pluck()
        .get(childIds[0], month),
    ).toBe(1);
    await expectSameContent(a);
    await expectSameContent(b);
  }, 120_000);

  it("a pulled child-month keeps this device's rules: no group, no child, a day off are refused", async () => {
    const store = b.services.store();
    const record = (await portal.childMonths(ORG.bin)).find(
      (r) => r.data.childId === childIds[1] && r.data.month === next,
    )!;
    // Records the portal never sent (ids of their own), judged as a pull would judge them.
    const pull = (id: string, data: Record<string, unknown>) =>
      store.sqlite.transaction(() =>
        applyPulledChange(
          store,
          { entity: 'attendance', id, version: 1, deleted: false, data },
          new Date().toISOString(),
        ),
      )();
    const earlier = lastMonth(new Date(`${month}-15T00:00:00Z`));
    const sunday = datesOfMonth(Number(earlier.slice(0, 4)), Number(earlier.slice(5, 7))).find(
      (date) => new Date(`${date}T00:00:00Z`).getUTCDay() === 0,
    )!;
    const childMonths = () =>
      store.sqlite.prepare('SELECT count(*) FROM attendance_child_months').pluck().get();
    const before = childMonths();
    const ids = [
      '0d3c1a52-9a2e-4c51-8f40-5b7e2f0a6c11',
      '0d3c1a52-9a2e-4c51-8f40-5b7e2f0a6c22',
      '0d3c1a52-9a2e-4c51-8f40-5b7e2f0a6c33',
    ] as const;
    const base = { ...record.data, month: earlier, marks: [] };
    expect(pull(ids[0], { ...base, marks: [{ date: sunday, status: 'present' }] })).toBe(false);
    expect(pull(ids[1], { ...base, groupName: 'Жоқ топ' })).toBe(false);
    expect(pull(ids[2], { ...base, childId: '6f1e2d3c-4b5a-4978-8a6b-1c2d3e4f5a6b' })).toBe(false);
    expect(
      store.sqlite
        .prepare(
          "SELECT entity_id AS id, reason FROM sync_rejected_pulls WHERE entity = 'attendance' ORDER BY entity_id",
        )
        .all(),
    ).toEqual([
      { id: ids[0], reason: 'attendanceNonWorkingDay' },
      { id: ids[1], reason: 'attendanceGroupUnknown' },
      { id: ids[2], reason: 'childRefused' },
    ]);
    expect(childMonths()).toBe(before);
    expect(
      store.sqlite
        .prepare('SELECT count(*) FROM attendance_marks WHERE date LIKE ?')
        .pluck()
        .get(`${earlier}-%`),
    ).toBe(0);
    // Those records do not exist at the portal: cleared for the content checks after.
    for (const id of ids) {
      store.sqlite.prepare('DELETE FROM sync_rejected_pulls WHERE entity_id = ?').run(id);
      store.sqlite.prepare('DELETE FROM sync_versions WHERE entity_id = ?').run(id);
    }
  });

  it("a day changed here and not sent yet stands over the other device's marks", async () => {
    const days = registerDays(next);
    const child = childIds[1]!;
    // A marks the second day; B, not synced, changes the first (an illness on A's side too).
    await a.call('attendance.saveDay', {
      groupId: groupA,
      date: days[1]!,
      marks: [{ childId: child, value: { status: 'absent', reason: 'sanatorium', note: '' } }],
    });
    await a.call('sync.run', {});
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date: days[0]!,
      marks: [{ childId: child, value: { status: 'present' } }],
    });
    await b.call('sync.run', {});
    const cellsOf = async (core: Core, groupId: string) => {
      const sheet = await core.call('attendance.month', { groupId, month: next });
      const row = sheet.rows.find((r) => r.childId === child)!;
      return [days[0]!, days[1]!].map(
        (date) => row.cells[sheet.days.findIndex((d) => d.date === date)],
      );
    };
    // B keeps its day and takes A's.
    expect(await cellsOf(b, groupB)).toEqual([
      { status: 'present' },
      expect.objectContaining({ status: 'absent', reason: 'sanatorium' }),
    ]);
    // Both changed the month's marks: the person at B keeps B's (the merged month) …
    const conflicts = await b.call('conflicts.list', {});
    expect(conflicts.map((c) => [c.entity, c.field])).toEqual([['attendance', 'marks']]);
    for (const conflict of conflicts)
      await b.call('conflicts.resolve', { conflictId: conflict.id, choice: 'local' });
    await b.call('sync.run', {});
    await a.call('sync.run', {});
    // … and A shows both days as B does.
    expect(await cellsOf(a, groupA)).toEqual(await cellsOf(b, groupB));
    expect(await grid(a, groupA, next)).toEqual(await grid(b, groupB, next));
    await expectSameContent(a);
    await expectSameContent(b);
  }, 120_000);

  it('A closes again: B follows, and the count of corrections stays one', async () => {
    await a.call('attendance.closeMonth', { groupId: groupA, month });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    const onB = await grid(b, groupB, month);
    expect(onB.status).toBe('closed');
    expect(onB).toEqual(await grid(a, groupA, month));
    const record = (await portal.childMonths(ORG.bin)).find(
      (r) => r.data.childId === childIds[0] && r.data.month === month,
    );
    expect(record?.data).toMatchObject({ closed: true, corrections: 1 });
    await expectSameContent(b);
    await expectSameContent(a);
  }, 120_000);
  it("a change of another device's marks in a month closed here comes with its reopening elsewhere in the history (F1, F6)", async () => {
    const child = childIds[2]!;
    const date = registerDays(month)[4]!;
    await b.call('attendance.reopenMonth', { groupId: groupB, month, reason: 'Анықтама келді' });
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date,
      marks: [{ childId: child, value: { status: 'absent', reason: 'illness', note: '' } }],
    });
    await b.call('attendance.closeMonth', { groupId: groupB, month });
    await b.call('sync.run', {});
    await a.call('sync.run', {});

    const onA = await grid(a, groupA, month);
    expect(onA.status).toBe('closed');
    expect(onA).toEqual(await grid(b, groupB, month));
    const sheet = await a.call('attendance.month', { groupId: groupA, month });
    // The change is counted as a correction made elsewhere (its who and why stay on B) …
    expect(
      a.services
        .store()
        .sqlite.prepare(
          'SELECT corrections_elsewhere FROM attendance_child_months WHERE child_id = ? AND month = ?',
        )
        .pluck()
        .get(child, month),
    ).toBe(1);
    // … and the month's history says it was reopened elsewhere (never an empty reason) and closed.
    expect(sheet.state.history.slice(-2)).toEqual([
      expect.objectContaining({ type: 'reopen', by: 'portal', reason: 'portal:reopenedElsewhere' }),
      expect.objectContaining({ type: 'close', by: 'portal' }),
    ]);
    for (const event of sheet.state.history.filter((e) => e.type === 'reopen'))
      expect(event.reason).toBeTruthy();
    await expectSameContent(a);
    await expectSameContent(b);
  }, 120_000);

  it("a day another device changed survives this device's merged push: only the dates changed here stay (F5)", async () => {
    const child = childIds[2]!;
    const days = registerDays(next);
    const cells = async (core: Core, groupId: string) => {
      const sheet = await core.call('attendance.month', { groupId, month: next });
      const row = sheet.rows.find((r) => r.childId === child)!;
      return [days[2]!, days[3]!].map(
        (date) => row.cells[sheet.days.findIndex((d) => d.date === date)],
      );
    };
    // B marks a day; A has it from the pull only (A never touches it).
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date: days[2]!,
      marks: [{ childId: child, value: { status: 'present' } }],
    });
    await b.call('sync.run', {});
    await a.call('sync.run', {});
    // B changes that day and sends it; A, not synced, marks another day of the child.
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date: days[2]!,
      marks: [{ childId: child, value: { status: 'absent', reason: 'illness', note: '' } }],
    });
    await b.call('sync.run', {});
    await a.call('attendance.saveDay', {
      groupId: groupA,
      date: days[3]!,
      marks: [{ childId: child, value: { status: 'absent', reason: 'parentLeave', note: '' } }],
    });
    await a.call('sync.run', {});
    const conflicts = await a.call('conflicts.list', {});
    expect(conflicts.map((c) => [c.entity, c.field])).toEqual([['attendance', 'marks']]);
    for (const conflict of conflicts)
      await a.call('conflicts.resolve', { conflictId: conflict.id, choice: 'local' });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    const expected = [
      expect.objectContaining({ status: 'absent', reason: 'illness' }),
      expect.objectContaining({ status: 'absent', reason: 'parentLeave' }),
    ];
    expect(await cells(a, groupA)).toEqual(expected);
    expect(await cells(b, groupB)).toEqual(expected);
    const record = (await portal.childMonths(ORG.bin)).find(
      (r) => r.data.childId === child && r.data.month === next,
    )!;
    expect(record.data.marks).toEqual(
      expect.arrayContaining([
        { date: days[2], status: 'absent', reason: 'illness' },
        { date: days[3], status: 'absent', reason: 'parentLeave' },
      ]),
    );
    await expectSameContent(a);
    await expectSameContent(b);
  }, 120_000);

  it("a day this device marked and sent, changed on the other device while a conflict holds the marks here, is not overwritten by 'keep ours' (review2 #1)", async () => {
    const child = childIds[2]!;
    const days = registerDays(next);
    const [d4, d5, d6] = [days[4]!, days[5]!, days[6]!];
    const cells = async (core: Core, groupId: string) => {
      const sheet = await core.call('attendance.month', { groupId, month: next });
      const row = sheet.rows.find((r) => r.childId === child)!;
      return [d4, d5, d6].map((date) => row.cells[sheet.days.findIndex((d) => d.date === date)]);
    };
    const save = (core: Core, groupId: string, date: string, value: Record<string, unknown>) =>
      core.call('attendance.saveDay', {
        groupId,
        date,
        marks: [{ childId: child, value: value as { status: 'present' } }],
      });
    // A marks d4 and both sync: the portal has it from A.
    await save(a, groupA, d4, { status: 'present' });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    // Marks keep the second: A's next change is a later one.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    // A marks d5 and B d6; B sends first, so A's push opens a conflict on the marks.
    await save(a, groupA, d5, { status: 'absent', reason: 'parentLeave', note: '' });
    await save(b, groupB, d6, { status: 'absent', reason: 'sanatorium', note: '' });
    await b.call('sync.run', {});
    await a.call('sync.run', {});
    const conflicts = await a.call('conflicts.list', {});
    expect(conflicts.map((c) => [c.entity, c.field])).toEqual([['attendance', 'marks']]);
    // B changes d4 (A's mark, sent long ago) and sends it; A pulls it despite the conflict.
    await save(b, groupB, d4, { status: 'absent', reason: 'illness', note: '' });
    await b.call('sync.run', {});
    await a.call('sync.run', {});
    expect((await cells(a, groupA))[0]).toMatchObject({ status: 'absent', reason: 'illness' });
    // The director keeps A's marks: A's d5 goes, B's d4 and d6 stay, on both devices.
    for (const conflict of await a.call('conflicts.list', {}))
      await a.call('conflicts.resolve', { conflictId: conflict.id, choice: 'local' });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    const expected = [
      expect.objectContaining({ status: 'absent', reason: 'illness' }),
      expect.objectContaining({ status: 'absent', reason: 'parentLeave' }),
      expect.objectContaining({ status: 'absent', reason: 'sanatorium' }),
    ];
    expect(await cells(a, groupA)).toEqual(expected);
    expect(await cells(b, groupB)).toEqual(expected);
    await expectSameContent(a);
    await expectSameContent(b);
  }, 120_000);

  it('a mark removed here and not sent yet (its day became a closure day) stays removed when a pull of the same child-month arrives first (review2 #5)', async () => {
    const child = childIds[2]!;
    const days = registerDays(next);
    const [d7, d8] = [days[7]!, days[8]!];
    const year = Number(next.slice(0, 4));
    const cells = async (core: Core, groupId: string) => {
      const sheet = await core.call('attendance.month', { groupId, month: next });
      const row = sheet.rows.find((r) => r.childId === child)!;
      return [d7, d8].map((date) => row.cells[sheet.days.findIndex((d) => d.date === date)]);
    };
    await a.call('attendance.saveDay', {
      groupId: groupA,
      date: d7,
      marks: [{ childId: child, value: { status: 'present' } }],
    });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    // A closes the kindergarten on d7: its marks go. B, meanwhile, marks d8 and sends first.
    const onD7 = a.services
      .store()
      .sqlite.prepare('SELECT count(*) FROM attendance_marks WHERE date = ?')
      .pluck()
      .get(d7) as number;
    await a.call('attendance.setCalendar', {
      year,
      closures: [{ from: d7, to: d7, note: 'Жылу жоқ' }],
      removeMarks: onD7,
    });
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date: d8,
      marks: [{ childId: child, value: { status: 'absent', reason: 'illness', note: '' } }],
    });
    await b.call('sync.run', {});
    // A's push meets B's version (a conflict), and the pull of it is not refused for d7.
    await a.call('sync.run', {});
    expect(await a.call('sync.rejectedPulls', {})).toEqual([]);
    expect(await cells(a, groupA)).toEqual([
      { status: 'dayOff' },
      expect.objectContaining({ status: 'absent', reason: 'illness' }),
    ]);
    for (const conflict of await a.call('conflicts.list', {}))
      await a.call('conflicts.resolve', { conflictId: conflict.id, choice: 'local' });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    // B's calendar has no closure: d7 is an empty working day there.
    expect((await cells(b, groupB))[0]).toEqual({ status: 'unmarked' });
    await expectSameContent(a);
    await expectSameContent(b);
    await a.call('attendance.setCalendar', { year, closures: [] });
  }, 120_000);

  it("a pulled mark against the register's rules, or a silent change of a month closed here, is refused with nothing written (F1, F11)", async () => {
    const store = a.services.store();
    const records = await portal.childMonths(ORG.bin);
    const closed = records.find((r) => r.data.childId === childIds[0] && r.data.month === month)!;
    const open = records.find((r) => r.data.childId === childIds[0] && r.data.month === next)!;
    const marksBefore = () =>
      store.sqlite
        .prepare(
          'SELECT date, status, reason, note, arrival, departure FROM attendance_marks ORDER BY child_id, date',
        )
        .all();
    const before = marksBefore();
    const corrections = () =>
      store.sqlite.prepare('SELECT count(*) FROM attendance_corrections').pluck().get();
    const correctionsBefore = corrections();
    const version = (id: string) =>
      store.sqlite
        .prepare("SELECT version FROM sync_versions WHERE entity = 'attendance' AND entity_id = ?")
        .pluck()
        .get(id) as number;
    const pull = (id: string, data: Record<string, unknown>) =>
      store.sqlite.transaction(() =>
        applyPulledChange(
          store,
          { entity: 'attendance', id, version: version(id) + 100, deleted: false, data },
          new Date().toISOString(),
        ),
      )();
    const marks = (record: typeof closed) => record.data.marks as Record<string, unknown>[];
    const day = registerDays(next)[5]!;
    const cases: [typeof closed, Record<string, unknown>, string][] = [
      // Closed here; another device, not knowing, changed a mark: no reopening elsewhere says so.
      [
        closed,
        {
          ...closed.data,
          closed: false,
          marks: marks(closed).map((m, i) =>
            i === 0 ? { date: m.date, status: 'absent', reason: 'unexcused' } : m,
          ),
        },
        'attendanceMonthClosedHere',
      ],
      // 'other' needs its note; a departure is not before the arrival.
      [
        open,
        { ...open.data, marks: [...marks(open), { date: day, status: 'absent', reason: 'other' }] },
        'attendanceInvalidMark',
      ],
      [
        open,
        {
          ...open.data,
          marks: [
            ...marks(open),
            { date: day, status: 'present', arrival: '17:00', departure: '08:00' },
          ],
        },
        'attendanceInvalidMark',
      ],
    ];
    for (const [record, data, reason] of cases) {
      const synced = version(record.id);
      expect(pull(record.id, data)).toBe(false);
      expect(
        store.sqlite
          .prepare('SELECT reason FROM sync_rejected_pulls WHERE entity_id = ?')
          .pluck()
          .get(record.id),
      ).toBe(reason);
      expect(marksBefore()).toEqual(before);
      expect(corrections()).toBe(correctionsBefore);
      // Pulls the portal never sent: cleared for the content checks after.
      store.sqlite.prepare('DELETE FROM sync_rejected_pulls WHERE entity_id = ?').run(record.id);
      store.sqlite
        .prepare(
          "UPDATE sync_versions SET version = ? WHERE entity = 'attendance' AND entity_id = ?",
        )
        .run(synced, record.id);
    }
    // A conflict answered with the portal's marks: refused in a month closed here (the director
    // reopens first), and a mark against the rules leaves the marks here as they are.
    const changed = marks(closed).map((m, i) =>
      i === 0 ? { date: m.date, status: 'absent', reason: 'unexcused' } : m,
    );
    const now = new Date().toISOString();
    expect(() => overwriteLocal(store, 'attendance', closed.id, { marks: changed }, now)).toThrow(
      expect.objectContaining({ code: 'attendanceMonthClosed' }),
    );
    overwriteLocal(
      store,
      'attendance',
      open.id,
      { marks: [...marks(open), { date: day, status: 'absent', reason: 'other' }] },
      now,
    );
    expect(marksBefore()).toEqual(before);
    expect((await grid(a, groupA, month)).status).toBe('closed');
    await expectSameContent(a);
  }, 120_000);

  it('marks another device changed in a month closed here arrive once the month is reopened here, and a push here meets them in a conflict instead of writing over them', async () => {
    const [, child, other] = childIds as [string, string, string];
    const day = registerDays(next)[1]!;
    const cell = async (core: Core, groupId: string, childId: string) => {
      const sheet = await grid(core, groupId, next);
      const column = sheet.days.findIndex((d) => d.date === day);
      return sheet.rows.find((row) => row.childId === childId)!.cells[column];
    };
    // A marks the rest of the month; both sync. B marks offline; A closes the month and syncs
    // first; B syncs late.
    const unmarked = registerDays(next).filter((d) => d !== registerDays(next)[0]);
    await markDays(a, groupA, childIds, unmarked);
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    await b.call('attendance.saveDay', {
      groupId: groupB,
      date: day,
      marks: [child, other].map((childId) => ({
        childId,
        value: { status: 'absent', reason: 'illness', note: '' },
      })),
    });
    await a.call('attendance.closeMonth', { groupId: groupA, month: next });
    await a.call('sync.run', {});
    await b.call('sync.run', {});
    const onPortal = async (childId: string) =>
      (await portal.childMonths(ORG.bin)).find(
        (r) => r.data.childId === childId && r.data.month === next,
      )!;
    const illness = expect.objectContaining({ date: day, status: 'absent', reason: 'illness' });
    const record = await onPortal(child);
    expect(record.data.marks).toContainEqual(illness);

    // A refuses both while the month is closed here, and does not count them as synced.
    await a.call('sync.run', {});
    const refused = await a.call('sync.rejectedPulls', {});
    expect(refused).toHaveLength(2);
    for (const pull of refused) expect(pull).toMatchObject({ reason: 'attendanceMonthClosedHere' });
    expect(await cell(a, groupA, child)).not.toMatchObject({ status: 'absent' });
    const store = a.services.store();
    const synced = (id: string) =>
      store.sqlite
        .prepare("SELECT version FROM sync_versions WHERE entity = 'attendance' AND entity_id = ?")
        .pluck()
        .get(id) as number;
    expect(synced(record.id)).toBeLessThan(record.version);
    // Asked for again on the next sync, and still refused while closed.
    await a.call('sync.run', {});
    expect(await a.call('sync.rejectedPulls', {})).toHaveLength(2);

    // The director reopens here and marks another day of `other` before syncing: the sync
    // fetches B's change of `child`, and A's push of `other`'s marks meets B's newer ones in
    // a conflict showing both values, instead of writing over them.
    await a.call('attendance.reopenMonth', { groupId: groupA, month: next, reason: 'Қате белгі' });
    const mine = registerDays(next)[3]!;
    await a.call('attendance.saveDay', {
      groupId: groupA,
      date: mine,
      marks: [{ childId: other, value: { status: 'absent', reason: 'unexcused' } }],
    });
    await a.call('sync.run', {});
    expect(await a.call('sync.rejectedPulls', {})).toEqual([]);
    expect(await cell(a, groupA, child)).toMatchObject({ status: 'absent', reason: 'illness' });
    expect((await onPortal(child)).data.marks).toContainEqual(illness);
    expect((await grid(a, groupA, next)).status).toBe('open');

    const otherRecord = await onPortal(other);
    const conflicts = store.sqlite
      .prepare(
        "SELECT local_value AS local, server_value AS server FROM sync_conflicts WHERE status = 'open' AND field = 'marks' AND entity_id = ?",
      )
      .all(otherRecord.id) as { local: string; server: string }[];
    expect(conflicts).toHaveLength(1);
    expect(JSON.parse(conflicts[0]!.server)).toContainEqual(illness);
    expect(JSON.parse(conflicts[0]!.local)).toContainEqual(
      expect.objectContaining({ date: mine, status: 'absent', reason: 'unexcused' }),
    );
    // B's marks stay at the portal until the director answers.
    expect(otherRecord.data.marks).toContainEqual(illness);
  }, 120_000);
});
