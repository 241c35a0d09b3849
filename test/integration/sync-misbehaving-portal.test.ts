/**
 * A portal that misbehaves must not hang or flood the client (issue 10, item 13), driven
 * through the emulator's fault injection in its own process: an answer dripped a few bytes at a
 * time or stalled after its headers ends at the exchange's deadline (three stalls in one
 * process), a change cursor that ping-pongs stops the run at once, and an oversized answer or a
 * value longer than its field allows is refused before anything is applied. Each is a sync
 * error with a reason the UI explains (kk/ru), and the next run after the fault goes through.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, notices, syncState } from '../../db/schema';
import type { Core } from '../../electron/core/core';
import { syncRuntime } from '../../electron/core/sync/app';
import { SyncClient } from '../../electron/core/sync/client';
import { digestDifference } from '../../electron/core/sync/digest';
import { AppError } from '../../electron/core/errors/app-error';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const BIN = '150440001236';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/**
 * One run, with garbage collections while it waits, as happen in the long-running app: Node 20's
 * fetch (with `redirect: 'error'`) drops its hold on the request's signal once the headers are
 * in, so a deadline kept only there is collected and a stalled body is then read forever.
 * Resolves to the run's error, or 'hung' when the run outlives `guardMs`.
 */
async function runCollecting(sync: SyncClient, guardMs: number): Promise<unknown> {
  const collect = setInterval(gc, 100);
  try {
    return await Promise.race([
      sync.run().then(
        () => 'succeeded',
        (error: unknown) => error,
      ),
      sleep(guardMs).then(() => 'hung'),
    ]);
  } finally {
    clearInterval(collect);
  }
}

describe('a misbehaving portal cannot hang or flood the sync', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let core: Core;

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 8, dbPath: join(root, 'portal.db') });
    ({ core } = await newStore(root));
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'test',
    });
    await core.call('sync.run', {});
  });

  afterAll(async () => {
    core?.close();
    await portal?.stop();
  });

  const store = () => core.services.store();
  const cursor = () => store().db.select().from(syncState).get()?.cursor ?? null;
  const child = (id: string) =>
    store().db.select().from(children).where(eq(children.id, id)).get()!;

  /** A client on the core's store with short limits (what tests may pass; the app passes none). */
  function shortClient(limits: { timeoutMs: number; deadlineMs: number }) {
    return new SyncClient({
      store,
      dataDir: core.services.dataDir,
      attempts: 2,
      sleep: async () => undefined,
      ...limits,
    });
  }

  /** The core's run, as the app and the CLI see it: the reason code of its syncFailed. */
  async function failedReason(): Promise<string> {
    const error = await core.call('sync.run', {}).then(
      () => null,
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(AppError);
    expect((error as AppError).code).toBe('syncFailed');
    return String((error as AppError).params.reason);
  }

  async function expectConverged() {
    await core.call('sync.run', {});
    const { client } = syncRuntime(core.services);
    expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);
  }

  /** A portal-side edit of a seeded child, so the next pull has a page to send. */
  async function portalEdit(actualAddress: string): Promise<string> {
    const { rows } = await core.call('children.list', { limit: 5 });
    const id = rows[0]!.id;
    await portal.edit('child', id, { actualAddress }, { bin: BIN });
    return id;
  }

  it('an answer dripped a few bytes at a time ends at the deadline, three times in one process', async () => {
    const id = await portalEdit('drip address');
    const before = { cursor: cursor(), address: child(id).actualAddress };
    const sync = shortClient({ timeoutMs: 1_000, deadlineMs: 1_500 });
    // Headers at once, then 4 bytes every 100 ms: each byte would restart a per-read timeout.
    for (let run = 0; run < 3; run++) {
      await portal.addFault({ kind: 'drip', path: '/api/v1/changes', count: 2, ms: 100 });
      const started = Date.now();
      expect(await runCollecting(sync, 10_000)).toMatchObject({ reason: 'timeout' });
      // Two attempts of at most 1.5 s each (no backoff here), with room for a slow machine.
      expect(Date.now() - started).toBeLessThan(6_000);
      expect(sync.status()).toMatchObject({ phase: 'error', reason: 'timeout', running: false });
    }
    expect((await portal.faults()).fired.drip).toBe(6);
    // Nothing of the dripped page was applied, the cursor did not move.
    expect(cursor()).toBe(before.cursor);
    expect(child(id).actualAddress).toBe(before.address);
    await expectConverged();
    expect(child(id).actualAddress).toBe('drip address');
  });

  it('an answer stalled after its headers ends at the deadline, three times in one process', async () => {
    const id = await portalEdit('stall address');
    const sync = shortClient({ timeoutMs: 1_000, deadlineMs: 1_500 });
    for (let run = 0; run < 3; run++) {
      await portal.addFault({ kind: 'stall', path: '/api/v1/changes', count: 2 });
      const started = Date.now();
      expect(await runCollecting(sync, 10_000)).toMatchObject({ reason: 'timeout' });
      expect(Date.now() - started).toBeLessThan(6_000);
    }
    expect((await portal.faults()).fired.stall).toBe(6);
    expect(child(id).actualAddress).not.toBe('stall address');
    // The next run (the core's own client, default limits) sends requests and goes through.
    await expectConverged();
    expect(child(id).actualAddress).toBe('stall address');
  });

  it('a change cursor that ping-pongs stops the run at once: cursorLoop, nothing applied', async () => {
    const id = await portalEdit('loop address');
    const before = { cursor: cursor(), address: child(id).actualAddress };
    await portal.addFault({ kind: 'cursorLoop', path: '/api/v1/changes', count: 1_000 });
    expect(await failedReason()).toBe('cursorLoop');
    // One answer was enough to see the feed going back; it was not retried.
    expect((await portal.faults()).fired.cursorLoop).toBeLessThanOrEqual(3);
    expect(cursor()).toBe(before.cursor);
    expect(child(id).actualAddress).toBe(before.address);
    expect(await core.call('sync.status', {})).toMatchObject({
      phase: 'error',
      reason: 'cursorLoop',
    });
    await portal.clearFaults();
    await expectConverged();
    expect(child(id).actualAddress).toBe('loop address');
  });

  it('a 50 MB answer is refused before parsing (tooLarge), a too-long title as invalid: nothing stored', async () => {
    const count = () => store().db.select().from(notices).all().length;
    const before = { notices: count(), cursor: cursor() };
    await portal.addFault({ kind: 'oversize', path: '/api/v1/changes' });
    expect(await failedReason()).toBe('tooLarge');
    // Under the size limit but over the title's maximum length: the whole page is invalid.
    await portal.addFault({ kind: 'oversize', path: '/api/v1/changes', chars: 501, count: 10 });
    expect(await failedReason()).toBe('invalidResponse');
    await portal.clearFaults();
    expect(count()).toBe(before.notices);
    expect(
      store()
        .db.select()
        .from(notices)
        .all()
        .map((n) => n.titleKk.length),
    ).not.toContain(501);
    expect(cursor()).toBe(before.cursor);
    await expectConverged();
  });

  it("a 10,000-character name in a push answer's serverFields is refused: nothing of the answer applied", async () => {
    const { rows } = await core.call('children.list', { limit: 5 });
    const id = rows[1]!.id;
    const lastName = child(id).lastName;
    await core.call('children.update', { childId: id, changes: { actualAddress: 'pushed here' } });
    await portal.addFault({
      kind: 'oversize',
      path: '/api/v1/mutations',
      chars: 10_000,
      count: 10,
    });
    expect(await failedReason()).toBe('invalidResponse');
    await portal.clearFaults();
    expect(child(id).lastName).toBe(lastName);
    // The change stays queued (its answer was not taken) and goes through on the next run.
    expect((await core.call('sync.status', {})).pending).toBe(1);
    await expectConverged();
    expect(child(id).lastName).toBe(lastName);
    expect((await portal.entity('child', id, BIN))!.data.actualAddress).toBe('pushed here');
  });

  it("an IIN that is not one in a push answer's serverFields is refused by the child's own rule: nothing of the answer applied", async () => {
    const { rows } = await core.call('children.list', { limit: 5 });
    const id = rows[2]!.id;
    const iin = child(id).iin;
    await core.call('children.update', { childId: id, changes: { actualAddress: 'pushed again' } });
    // The portal's answer to the push claims iin: "not-an-iin" for every mutation it answers.
    const lying: typeof fetch = async (input, init) => {
      const response = await fetch(input, init);
      if (!String(input).endsWith('/api/v1/mutations')) return response;
      const answer = (await response.json()) as {
        results: { serverFields?: Record<string, unknown> }[];
      };
      for (const result of answer.results)
        result.serverFields = { ...result.serverFields, iin: 'not-an-iin' };
      return new Response(JSON.stringify(answer), {
        status: response.status,
        headers: { 'content-type': 'application/json' },
      });
    };
    const sync = new SyncClient({
      store,
      dataDir: core.services.dataDir,
      attempts: 1,
      sleep: async () => undefined,
      fetchImpl: lying,
    });
    await expect(sync.run()).rejects.toMatchObject({ reason: 'invalidResponse' });
    expect(child(id).iin).toBe(iin);
    // The change stays queued (its answer was not taken) and goes through on the next run.
    expect((await core.call('sync.status', {})).pending).toBe(1);
    await expectConverged();
    expect(child(id).iin).toBe(iin);
    expect((await portal.entity('child', id, BIN))!.data.actualAddress).toBe('pushed again');
  });

  it('every reason a misbehaving portal gives is explained in Kazakh and Russian', () => {
    for (const reason of ['timeout', 'cursorLoop', 'pageLimit', 'tooLarge', 'invalidResponse']) {
      expect(kk.sync.reasons, reason).toHaveProperty(reason);
      expect(ru.sync.reasons, reason).toHaveProperty(reason);
    }
  });
});
