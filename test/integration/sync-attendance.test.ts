/**
 * Attendance through the portal (issue 14 item 5), the emulator in its own process: a group's
 * saved days and the month's closing reach the portal exactly once through every fault of the
 * fault proxy (fixed seeds), converged with equal content digests; a parent's answer set
 * through the emulator's admin API comes back through the pull (the director's inbox of
 * disputes, the parent's status on the month's row), and an answer about a month not closed
 * here is a rejected pull with its reason.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { syncRuntime } from '../../electron/core/sync/app';
import { digestDifference } from '../../electron/core/sync/digest';
import { FAULT_KINDS } from '../portal-emulator/fault-proxy';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';
import { lastMonth, markDays, registerDays, registerGroup } from '../helpers/attendance-register';
import { withCheckDigit } from '../helpers/enrolled-child';
import { runSyncSoak, type SoakResult } from '../helpers/sync-soak';
import { ORG, newStore } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const REGISTERED = 3;

function expectConverged(result: SoakResult) {
  expect(result.differs).toEqual([]);
  expect(result.contentDiffers).toBe(0);
  expect(result.pending).toBe(0);
  expect(result.rejected).toBe(0);
  expect(result.notOnce).toBe(0);
  expect(result.lost).toBe(0);
  // Every child's month at the portal once, closed, with every working day, equal to ours.
  const days = registerDays(lastMonth()).length;
  expect(result.attendance).toMatchObject({
    here: REGISTERED,
    atPortal: REGISTERED,
    closed: REGISTERED,
    marks: REGISTERED * days,
    differ: 0,
  });
}

describe('attendance through the fault proxy', () => {
  it('soak: 20 % faults of every kind while a month is marked and closed — converged, content equal, each mutation once', async () => {
    const result = await runSyncSoak({
      referrals: 12,
      rounds: 3,
      edits: 3,
      rate: 0.2,
      seed: 20261214,
      pageSize: 10,
      batchSize: 4,
      deadlineMs: 1_500,
      attendance: REGISTERED,
    });
    expectConverged(result);
    expect(result.faults.clean).toBeLessThan(
      Object.values(result.faults).reduce((a, b) => a + b, 0),
    );
  }, 180_000);

  for (const [i, kind] of FAULT_KINDS.entries())
    it(`${kind} alone: the month's marks and closing arrive once, converged`, async () => {
      const result = await runSyncSoak({
        referrals: 6,
        rounds: 2,
        edits: 2,
        rate: kind === 'stall' || kind.startsWith('status') ? 0.25 : 0.5,
        seed: 1400 + i,
        deadlineMs: 1_500,
        pageSize: 10,
        batchSize: 4,
        kinds: [kind],
        // Two certificates linked to illness days go up in 64 KiB PATCHes.
        blobs: 2,
        attendance: REGISTERED,
      });
      expectConverged(result);
      expect(result.attendance?.certificates).toBeGreaterThan(0);
      expect(result.faults[kind]).toBeGreaterThan(0);
    }, 120_000);
});

describe("a parent's answer through the pull", () => {
  const root = tempFolder('bq-sync-attendance-');
  const month = lastMonth();
  let portal: SpawnedPortal;
  let core: Core;
  let groupId: string;
  const childIds: string[] = [];

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 0 });
    ({ core } = await newStore(root));
    for (const [i, firstName] of ['Айару', 'Нұрсұлтан', 'Дария'].entries()) {
      const { id } = await core.call('children.create', {
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
    groupId = await registerGroup(core, childIds, month);
    await markDays(core, groupId, childIds, registerDays(month));
    await core.call('attendance.closeMonth', { groupId, month });
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'attendance',
    });
    await core.call('sync.run', {});
  }, 120_000);
  afterAll(async () => {
    core?.close();
    await portal?.stop();
  });

  const childMonth = async (childId: string) =>
    (await portal.childMonths(ORG.bin)).find((r) => r.data.childId === childId)!;

  it('a dispute reaches the director’s inbox and a confirmation the month’s row', async () => {
    const [disputing, confirming] = childIds as [string, string];
    expect((await childMonth(disputing)).data).toMatchObject({ closed: true, month });
    await portal.parentAnswer({
      childId: disputing,
      month,
      status: 'disputed',
      comment: 'Бала 3-күні бақшада болды',
      at: `${month}-28T09:14:00.000Z`,
    });
    await portal.parentAnswer({ childId: confirming, month, status: 'confirmed' });
    expect(await core.call('attendance.disputes', {})).toEqual([]);

    await core.call('sync.run', {});
    const disputes = await core.call('attendance.disputes', {});
    expect(disputes).toEqual([
      expect.objectContaining({
        childId: disputing,
        firstName: 'Айару',
        groupId,
        month,
        comment: 'Бала 3-күні бақшада болды',
        at: `${month}-28T09:14:00.000Z`,
      }),
    ]);
    const sheet = await core.call('attendance.month', { groupId, month });
    const parent = Object.fromEntries(sheet.rows.map((row) => [row.childId, row.parent]));
    expect(parent[confirming]).toMatchObject({ status: 'confirmed' });
    expect(parent[disputing]).toMatchObject({
      status: 'disputed',
      comment: 'Бала 3-күні бақшада болды',
    });
    expect(parent[childIds[2]!]).toEqual({ status: 'pending' });
    expect(await core.call('sync.rejectedPulls', {})).toEqual([]);

    // The pull wrote nothing to send back: the two sides agree, content included.
    const { client } = syncRuntime(core.services);
    expect(client.status().pending).toBe(0);
    const local = client.localDigest();
    const remote = await client.remoteDigest();
    expect(digestDifference(local, remote)).toEqual([]);
    expect(remote.attendance!.content).toMatch(/^[0-9a-f]{64}$/);
    expect(local.attendance).toMatchObject({ count: 3, content: remote.attendance!.content });
  });

  it('a confirmation of a month reopened here is a rejected pull with its reason', async () => {
    const pending = childIds[2]!;
    await core.call('attendance.reopenMonth', { groupId, month, reason: 'Қате белгі' });
    // The parent answers before the reopening reaches the portal.
    await portal.parentAnswer({ childId: pending, month, status: 'confirmed' });
    await core.call('sync.run', {});

    const sheet = await core.call('attendance.month', { groupId, month });
    expect(sheet.state.status).toBe('open');
    expect(sheet.rows.find((row) => row.childId === pending)?.parent).toEqual({
      status: 'pending',
    });
    const rejected = await core.call('sync.rejectedPulls', {});
    expect(rejected).toEqual([
      expect.objectContaining({
        entity: 'attendance',
        childId: pending,
        childName: expect.stringContaining('Дария'),
        record: month,
        reason: 'monthNotClosed',
        fields: ['parentStatus'],
      }),
    ]);
    // The portal holds the reopening; the refused answer is compared by version only.
    expect((await childMonth(pending)).data).toMatchObject({
      closed: false,
      parentStatus: 'confirmed',
    });
    const { client } = syncRuntime(core.services);
    expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);
  });

  it('a correction after that asks the parent again: the portal no longer says confirmed', async () => {
    const pending = childIds[2]!;
    const date = registerDays(month)[1]!;
    await core.call('attendance.saveDay', {
      groupId,
      date,
      marks: [{ childId: pending, value: { status: 'absent', reason: 'parentLeave', note: '' } }],
    });
    await core.call('sync.run', {});
    // The parent's answer was about the marks before the correction.
    expect((await childMonth(pending)).data).toMatchObject({
      closed: false,
      corrections: 1,
      parentStatus: 'pending',
      parentComment: null,
      parentAt: null,
    });
    await core.call('attendance.closeMonth', { groupId, month });
    await core.call('sync.run', {});
    expect((await childMonth(pending)).data).toMatchObject({
      closed: true,
      parentStatus: 'pending',
    });
    // The parent sees the corrected month and confirms it again; it reaches the month's row.
    await portal.parentAnswer({ childId: pending, month, status: 'confirmed' });
    await core.call('sync.run', {});
    const sheet = await core.call('attendance.month', { groupId, month });
    expect(sheet.rows.find((row) => row.childId === pending)?.parent).toMatchObject({
      status: 'confirmed',
    });
    expect(await core.call('sync.rejectedPulls', {})).toEqual([]);
    const { client } = syncRuntime(core.services);
    const local = client.localDigest();
    const remote = await client.remoteDigest();
    expect(digestDifference(local, remote)).toEqual([]);
    expect(local.attendance?.content).toBe(remote.attendance?.content);
  });
});
