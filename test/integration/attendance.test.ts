/**
 * Attendance (issue 14): the record module over a real encrypted store — a group's day written
 * in one transaction, the month's timesheet read back, the child-months the portal learns.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/connection';
import type { Core } from '../../electron/core/core';
import {
  groupsWithMarks,
  monthTimesheet,
  writeGroupDay,
  type GroupDayInput,
} from '../../electron/core/attendance/attendance-record';
import { collectChanges } from '../../electron/core/registry/record-changes';
import { recordChanges } from '../../electron/core/sync/outbox';
import { enrolledChild } from '../helpers/enrolled-child';
import { newStore } from '../helpers/store-fixture';
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
});
