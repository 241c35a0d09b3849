/**
 * SIGKILL of the client process at random points of a sync (50 runs each), the portal emulator
 * in its own process slowed by latency so kills land mid-sync (test/helpers/sync-crash.ts):
 * children's addresses, and a group's month of attendance (its days saved, the month closed,
 * reopened and corrected). After a restart and one more sync: digests equal (content too),
 * every local change applied exactly once, nothing lost.
 */
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, syncOutbox } from '../../db/schema';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { Keyring } from '../../electron/core/vault/keyring';
import { syncRuntime } from '../../electron/core/sync/app';
import { portalIds } from '../../electron/core/sync/apply';
import { digestDifference } from '../../electron/core/sync/digest';
import { canonicalJson } from '../../electron/core/sync/protocol';
import { recordType } from '../../electron/core/sync/record-types';
import { lastMonth, markDays, registerDays, registerGroup } from '../helpers/attendance-register';
import { withCheckDigit } from '../helpers/enrolled-child';
import { crashHarness, type CrashHarness } from '../helpers/sync-crash';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore } from '../helpers/store-fixture';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const RUNS = 50;
const BIN = '150440001236';

/** A store enrolled with a portal of its own, synced once, then closed for the workers. */
async function crashSetup(
  root: string,
  referrals: number,
  prepare: (core: Core) => Promise<void> = async () => {},
) {
  const portal = await spawnPortalEmulator({ referrals });
  const fixture = await newStore(root);
  await prepare(fixture.core);
  await fixture.core.call('sync.enroll', {
    portalUrl: portal.url,
    enrollmentCode: portal.enrollmentCode,
    deviceName: 'crash test',
  });
  await fixture.core.call('sync.run', {});
  const before = fixture.core.services.store().db.select().from(syncOutbox).all().length;
  fixture.core.close();
  const dek = await new Keyring(
    fixture.dataDir,
    new FileDeviceSeal(fixture.deviceKeyPath),
  ).unlockWithRecoveryKey(fixture.recoveryKey);
  // Every API request waits a little, so a sync lasts long enough to be cut anywhere.
  await portal.addFault({ kind: 'latency', ms: 40, count: 1_000_000 });
  return { portal, fixture, dek, before };
}

/** The RUNS kills, then one clean sync; returns the restarted core and what the workers noted. */
async function killRuns(
  harness: CrashHarness,
  setup: Awaited<ReturnType<typeof crashSetup>>,
  scenario?: string,
) {
  const outcomes = { killed: 0, finished: 0 };
  let noted = 0;
  for (let run = 1; run <= RUNS; run++) {
    const { outcome, noted: n } = await harness.syncThenKill(
      setup.fixture,
      setup.dek,
      run,
      scenario,
    );
    outcomes[outcome]++;
    noted += n;
  }
  expect(outcomes.killed).toBeGreaterThanOrEqual(RUNS / 2);

  await setup.portal.clearFaults();
  const core: Core = createCore({
    dataDir: setup.fixture.dataDir,
    deviceSeal: new FileDeviceSeal(setup.fixture.deviceKeyPath),
  });
  await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
  await core.call('sync.run', {});
  return { core, noted };
}

/** Every committed change sent, each applied once at the portal; the digests equal. */
async function expectExactlyOnce(core: Core, portal: SpawnedPortal, expected: number) {
  const store = core.services.store();
  const outbox = store.db.select().from(syncOutbox).all();
  expect(outbox.length).toBe(expected);
  expect(outbox.every((row) => row.status === 'sent')).toBe(true);

  const { client } = syncRuntime(core.services);
  expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);

  const mutations = await portal.mutationLog();
  const logged = new Map(mutations.map((m) => [m.mutationId, m]));
  for (const row of outbox) expect(logged.get(row.mutationId)?.applied).toBe(1);
  expect(mutations.filter((m) => m.applied > 1)).toEqual([]);
  expect(mutations.length).toBe(outbox.length);
  return outbox;
}

describe('SIGKILL of the client during a sync', () => {
  const root = tempFolder();
  let harness: CrashHarness;
  let setup: Awaited<ReturnType<typeof crashSetup>>;

  beforeAll(async () => {
    harness = await crashHarness();
    setup = await crashSetup(root, 20);
  });

  afterAll(async () => {
    await setup?.portal.stop();
    harness?.close();
  });

  it(
    `after ${RUNS} kills, one more sync converges with every change applied exactly once`,
    { timeout: 400_000 },
    async () => {
      const { core, noted } = await killRuns(harness, setup);
      // Three committed changes per run that got as far as syncing: none lost.
      expect(noted).toBe(RUNS * 3);
      const outbox = await expectExactlyOnce(core, setup.portal, setup.before + RUNS * 3);

      // The portal holds exactly the local values.
      const store = core.services.store();
      for (const child of store.db.select().from(children).all()) {
        const remote = await setup.portal.entity('child', child.id, BIN);
        expect(remote?.data.actualAddress).toBe(child.actualAddress);
      }
      const last = store.db
        .select()
        .from(children)
        .where(eq(children.id, outbox.at(-1)!.entityId))
        .get();
      expect(last?.actualAddress).toMatch(/^run 50 change/);
      core.close();
    },
  );
});

describe("SIGKILL of the client during a month's push of attendance", () => {
  const root = tempFolder();
  const month = lastMonth();
  let harness: CrashHarness;
  let setup: Awaited<ReturnType<typeof crashSetup>>;
  let scenario: string;
  let groupId: string;
  const childIds: string[] = [];

  beforeAll(async () => {
    harness = await crashHarness();
    setup = await crashSetup(root, 0, async (core) => {
      for (const [i, firstName] of ['Айару', 'Нұрсұлтан', 'Дария', 'Алихан'].entries()) {
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
      // The month marked whole before the kills: the workers close, reopen and correct it.
      await markDays(core, groupId, childIds, registerDays(month));
    });
    scenario = `attendance:${JSON.stringify({ groupId, childIds, month })}`;
  }, 120_000);

  afterAll(async () => {
    await setup?.portal.stop();
    harness?.close();
  });

  it(
    `after ${RUNS} kills, every day saved, closing and reopening is at the portal exactly once`,
    { timeout: 400_000 },
    async () => {
      const { core, noted } = await killRuns(harness, setup, scenario);
      expect(noted).toBeGreaterThan(RUNS);
      await expectExactlyOnce(core, setup.portal, setup.before + noted);

      // One record per child-month at the portal, equal to its wire form here: the last
      // run closed the month, with the corrections of the reopenings counted.
      const store = core.services.store();
      const type = recordType('attendance')!;
      const ids = portalIds(store);
      const here = type.localIds!(store);
      const atPortal = await setup.portal.childMonths(BIN);
      expect(atPortal).toHaveLength(childIds.length);
      expect(here).toHaveLength(childIds.length);
      for (const localId of here) {
        const wire = type.toWire!(store, localId, ids)!;
        const remote = atPortal.find((row) => row.id === ids.portal('attendance', localId));
        expect(canonicalJson(remote?.data)).toBe(canonicalJson(wire.fields));
        expect(wire.fields).toMatchObject({ closed: true, month });
        expect(wire.fields.corrections).toBeGreaterThan(0);
      }
      const sheet = await core.call('attendance.month', { groupId, month });
      expect(sheet.state.status).toBe('closed');
      expect(sheet.state.history.filter((e) => e.type === 'close')).toHaveLength(RUNS / 10);
      core.close();
    },
  );
});
