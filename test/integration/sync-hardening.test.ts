/**
 * What a broken network and a buggy portal did to the sync (issue 11, items 1, 4–7), driven
 * through the emulator's fault injection in its own process: a stalled answer cannot keep a run
 * (and every later run) going past the run's deadline; malformed UTF-8, a redirect, a corrupted
 * id or byte are refused or retried, never stored; the change cursor only moves forward; the
 * portal's Retry-After is honoured by runs, by the tus PATCH loop and across runs; and
 * `uploadedBytes` counts each file once.
 */
import { join } from 'node:path';
import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { eq } from 'drizzle-orm';
import sharp from 'sharp';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, referrals, syncState } from '../../db/schema';
import type { Core } from '../../electron/core/core';
import { syncRuntime } from '../../electron/core/sync/app';
import { SyncClient } from '../../electron/core/sync/client';
import { digestDifference } from '../../electron/core/sync/digest';
import { AppError } from '../../electron/core/errors/app-error';
import { SyncError } from '../../electron/core/sync/transport';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { tempFolder } from '../helpers/temp';
import { runCli } from '../helpers/cli';
import { DIRECTOR, newStore } from '../helpers/store-fixture';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';
// The core's client (the app's and the CLI's) with a short run deadline; its exchanges keep
// their default 60 s deadline, so only the run's own deadline can end a stalled run in time.
const RUN_DEADLINE_MS = 3_000;
process.env.BALABAQSHA_SYNC_RUN_DEADLINE_MS = String(RUN_DEADLINE_MS);

const BIN = '150440001236';

setFlagsFromString('--expose-gc');
const gc = runInNewContext('gc') as () => void;
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync hardening against a broken network and a buggy portal', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let core: Core;
  let deviceKeyPath: string;

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 8, dbPath: join(root, 'portal.db') });
    ({ core, deviceKeyPath } = await newStore(root));
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
    delete process.env.BALABAQSHA_SYNC_RUN_DEADLINE_MS;
  });

  const store = () => core.services.store();
  const cursor = () => store().db.select().from(syncState).get()?.cursor ?? null;
  const child = (id: string) =>
    store().db.select().from(children).where(eq(children.id, id)).get()!;

  /** A separate client on the core's store that records its waits instead of waiting. */
  function recordingClient(sleeps: number[], extra: { chunkBytes?: number } = {}) {
    return new SyncClient({
      store,
      dataDir: core.services.dataDir,
      sleep: async (ms) => {
        sleeps.push(ms);
      },
      ...extra,
    });
  }

  /** The core's run, as the app and the CLI see it: its error (or null). */
  async function runError(): Promise<AppError | null> {
    return core.call('sync.run', {}).then(
      () => null,
      (e: unknown) => {
        expect(e).toBeInstanceOf(AppError);
        return e as AppError;
      },
    );
  }

  async function expectConverged() {
    await core.call('sync.run', {});
    const { client } = syncRuntime(core.services);
    expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);
  }

  async function seededChildId(n = 0): Promise<string> {
    const { rows } = await core.call('children.list', { limit: 5 });
    return rows[n]!.id;
  }

  it('item 1: a body stalled after its headers ends the run at its deadline, three times in one process; the next run starts afresh', async () => {
    const id = await seededChildId();
    await portal.edit('child', id, { actualAddress: 'after the stalls' }, { bin: BIN });
    const collect = setInterval(gc, 100);
    try {
      for (let run = 0; run < 3; run++) {
        await portal.addFault({ kind: 'stall', path: '/api/v1/changes', count: 1 });
        const started = Date.now();
        const outcome = await Promise.race([runError(), sleep(15_000).then(() => 'hung')]);
        expect(outcome, `run ${run + 1}`).toBeInstanceOf(AppError);
        expect((outcome as AppError).params.reason).toBe('timeout');
        expect(Date.now() - started).toBeLessThan(RUN_DEADLINE_MS + 3_000);
        // Recorded, and not running any more: the next call does not join a dead run.
        expect(await core.call('sync.status', {})).toMatchObject({
          running: false,
          phase: 'error',
          reason: 'timeout',
        });
      }
    } finally {
      clearInterval(collect);
    }
    expect((await portal.faults()).fired.stall).toBe(3);
    expect(child(id).actualAddress).not.toBe('after the stalls');
    // The next run sends requests again and goes through.
    await expectConverged();
    expect(child(id).actualAddress).toBe('after the stalls');
  });

  it('item 4: malformed UTF-8 in a page is refused (and retried), never stored as a replacement character', async () => {
    const id = await seededChildId(1);
    await portal.edit('child', id, { patronymic: 'Қайратұлы' }, { bin: BIN });
    // The first byte of "Қ" becomes 0xFF: no UTF-8 sequence starts with it.
    await portal.addFault({ kind: 'corrupt', path: '/api/v1/changes', text: 'Қайратұлы' });
    expect(await runError()).toBeNull();
    expect((await portal.faults()).fired.corrupt).toBe(1);
    expect(child(id).patronymic).toBe('Қайратұлы');
    await expectConverged();
  });

  it('item 4: a redirect is refused as a portal error (redirected), not "offline", and not followed', async () => {
    await portal.addFault({ kind: 'redirect', path: '/api/v1/changes', count: 10 });
    const error = await runError();
    expect(error?.params.reason).toBe('redirected');
    expect(await core.call('sync.status', {})).toMatchObject({
      phase: 'error',
      reason: 'redirected',
    });
    await portal.clearFaults();
    await expectConverged();
  });

  it('item 5: a page whose cursor is behind the stored one is refused; cursor "0" or "" is never stored over a later one', async () => {
    const id = await seededChildId(2);
    for (const back of ['0', '']) {
      const stored = cursor();
      expect(Number(stored)).toBeGreaterThan(0);
      await portal.edit('child', id, { actualAddress: `behind ${back || 'empty'}` }, { bin: BIN });
      const before = child(id).actualAddress;
      await portal.addFault({ kind: 'cursorBack', path: '/api/v1/changes', cursor: back });
      expect((await runError())?.params.reason, `cursor "${back}"`).toBe('cursorLoop');
      // Not applied, the stored cursor kept.
      expect(cursor()).toBe(stored);
      expect(child(id).actualAddress).toBe(before);
      await portal.clearFaults();
      await expectConverged();
      expect(child(id).actualAddress).toBe(`behind ${back || 'empty'}`);
      expect(Number(cursor())).toBeGreaterThan(Number(stored));
    }
  });

  it("item 5: a corrupted byte in one referral's id stores no bogus referral and does not skip the real one", async () => {
    const referral = store().db.select().from(referrals).all()[0]!;
    await portal.edit('referral', referral.id, { validUntil: '2031-08-31' }, { bin: BIN });
    // The id's first character becomes "g": the page is invalid as a whole and asked again.
    await portal.addFault({
      kind: 'corrupt',
      path: '/api/v1/changes',
      text: referral.id,
      byte: 'g'.charCodeAt(0),
    });
    expect(await runError()).toBeNull();
    expect((await portal.faults()).fired.corrupt).toBeGreaterThanOrEqual(2);
    const ids = store()
      .db.select({ id: referrals.id })
      .from(referrals)
      .all()
      .map((r) => r.id);
    expect(ids).not.toContain(`g${referral.id.slice(1)}`);
    expect(
      store().db.select().from(referrals).where(eq(referrals.id, referral.id)).get()!.validUntil,
    ).toBe('2031-08-31');
    await expectConverged();
  });

  it('item 6: a corrupted body is retried like a truncated one instead of failing the run', async () => {
    const id = await seededChildId(3);
    await portal.edit('child', id, { actualAddress: 'after a corrupted page' }, { bin: BIN });
    // The quote before "hasMore" becomes "#": not JSON any more.
    await portal.addFault({
      kind: 'corrupt',
      path: '/api/v1/changes',
      text: '"hasMore"',
      byte: '#'.charCodeAt(0),
    });
    expect(await runError()).toBeNull();
    expect(child(id).actualAddress).toBe('after a corrupted page');
    await expectConverged();
  });

  it('item 6: a Retry-After over two minutes is not cut short: the run ends, reports the wait, and no run asks sooner', async () => {
    const sleeps: number[] = [];
    const sync = recordingClient(sleeps);
    await portal.addFault({ kind: 'rateLimit', path: '/api/v1/changes', retryAfter: 300 });
    const error = await sync.run().catch((e: unknown) => e);
    expect(error).toBeInstanceOf(SyncError);
    expect(error).toMatchObject({ reason: 'rateLimited', retryAfter: 300 });
    // Never a wait shorter than the portal asked for (before: 120 s, then asked again).
    expect(sleeps.filter((ms) => ms < 300_000)).toEqual([]);
    const retryAt = Date.parse(sync.status().retryAt ?? '');
    expect(retryAt - Date.now()).toBeGreaterThan(290_000);
    // A run before then sends nothing: a fault that would answer it stays unused.
    await portal.addFault({ kind: 'error500', path: '/api/v1/changes' });
    expect(await sync.run().catch((e: unknown) => e)).toMatchObject({ reason: 'rateLimited' });
    expect((await portal.faults()).fired.error500).toBe(0);
    await portal.clearFaults();
  });

  /** A photo of the child, queued for the portal with its file; the file's bytes. */
  async function importPhoto(childId: string, red: number): Promise<Buffer> {
    const photo = await sharp({
      create: { width: 64, height: 48, channels: 3, background: { r: red, g: 20, b: 90 } },
    })
      .jpeg()
      .toBuffer();
    await core.call('documents.import', {
      childId,
      type: 'child_photo',
      title: 'Фото',
      contentBase64: photo.toString('base64'),
    });
    return photo;
  }

  it('item 6: the tus PATCH loop waits for Retry-After; a long one ends the run instead of a shorter wait', async () => {
    const photo = await importPhoto(await seededChildId(4), 200);
    const chunkBytes = Math.ceil(photo.length / 3);
    // A PATCH answered 429 with Retry-After 300: no shorter wait, the run ends and says so.
    let sleeps: number[] = [];
    await portal.addFault({ kind: 'rateLimit', method: 'PATCH', retryAfter: 300 });
    const error = await recordingClient(sleeps, { chunkBytes })
      .run()
      .catch((e: unknown) => e);
    expect(error).toMatchObject({ reason: 'rateLimited', retryAfter: 300 });
    expect(sleeps.filter((ms) => ms < 300_000)).toEqual([]);
    // Retry-After 5 on a PATCH: waited for (before: a backoff of a few hundred ms), then resumed.
    sleeps = [];
    await portal.addFault({ kind: 'rateLimit', method: 'PATCH', retryAfter: 5 });
    const report = await recordingClient(sleeps, { chunkBytes }).run();
    expect(sleeps.some((ms) => ms >= 5_000)).toBe(true);
    expect(report.uploadedBlobs).toBe(1);
    await expectConverged();
  });

  it('item 7: uploadedBytes counts the bytes of the file once, not the chunks sent again', async () => {
    const photo = await importPhoto(await seededChildId(4), 60);
    // A 503 answering a PATCH: its chunk is sent again.
    await portal.addFault({ kind: 'error503', method: 'PATCH', retryAfter: 0 });
    const report = await recordingClient([], { chunkBytes: Math.ceil(photo.length / 3) }).run();
    expect((await portal.faults()).fired.error503).toBe(1);
    expect(report.uploadedBlobs).toBe(1);
    expect(report.uploadedBytes).toBe(photo.length);
    await expectConverged();
  });

  it('item 1: the CLI ends a run stalled after the headers at the run deadline, and the next CLI run converges', async () => {
    core.close();
    const env = {
      BALABAQSHA_PASSWORD: DIRECTOR.password,
      BALABAQSHA_DEVICE_KEY: deviceKeyPath,
      BALABAQSHA_SYNC_RUN_DEADLINE_MS: String(RUN_DEADLINE_MS),
    };
    await portal.addFault({ kind: 'stall', path: '/api/v1/changes', count: 100 });
    const started = Date.now();
    const stalled = await runCli(['sync', '--data', join(root, 'data')], env);
    // Before: the CLI hung for over 6 minutes. Now the run's deadline plus the CLI's start-up.
    expect(Date.now() - started).toBeLessThan(RUN_DEADLINE_MS + 25_000);
    expect(stalled.code).not.toBe(0);
    expect(stalled.stderr).toContain('timeout');
    await portal.clearFaults();
    const next = await runCli(['sync', '--data', join(root, 'data'), '--verify'], env);
    expect(next.code, next.stderr).toBe(0);
    expect(next.stdout.trim().split('\n').at(-1)).toBe('converged');
  });

  it('every new reason is explained in Kazakh and Russian, and the wait the portal asked for too', () => {
    expect(kk.sync.reasons).toHaveProperty('redirected');
    expect(ru.sync.reasons).toHaveProperty('redirected');
    expect(kk.sync.retryAfter).toContain('{{minutes}}');
    expect(ru.sync.retryAfter).toContain('{{minutes}}');
  });
});
