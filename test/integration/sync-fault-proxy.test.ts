/**
 * The sync client through the fault proxy (test/portal-emulator/fault-proxy.ts) with the portal
 * emulator in its own process: each fault on its own, then the soak (20 % faults of every kind
 * over an initial pull and rounds of edits on both sides), all with fixed seeds. No run lasts
 * longer than its deadline under any of the faults, and a run stuck behind stalled answers is
 * abandoned at its deadline so that the next one sends requests again.
 */
import { describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { SyncClient } from '../../electron/core/sync/client';
import { digestDifference } from '../../electron/core/sync/digest';
import { SyncError } from '../../electron/core/sync/transport';
import { FAULT_KINDS, startFaultProxy } from '../portal-emulator/fault-proxy';
import { spawnPortalEmulator } from '../portal-emulator/spawn';
import { runSyncSoak } from '../helpers/sync-soak';
import { ORG, newStore } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function expectConverged(result: Awaited<ReturnType<typeof runSyncSoak>>) {
  expect(result.differs).toEqual([]);
  expect(result.contentDiffers).toBe(0);
  expect(result.pending).toBe(0);
  expect(result.rejected).toBe(0);
  expect(result.notOnce).toBe(0);
  expect(result.lost).toBe(0);
  expect(result.mutations).toBeGreaterThan(0);
}

describe('sync through the fault proxy', () => {
  it('soak: 20 % faults of every kind, initial pull and three rounds of edits on both sides — converged, content equal, each mutation once', async () => {
    const result = await runSyncSoak({
      referrals: 150,
      rounds: 4,
      edits: 10,
      rate: 0.2,
      seed: 20261130,
      pageSize: 20,
      batchSize: 4,
    });
    expectConverged(result);
    expect(result.faults.clean).toBeLessThan(
      Object.values(result.faults).reduce((a, b) => a + b, 0),
    );
  }, 120_000);

  // Each fault on its own, on half the requests (a quarter for the slow ones); for the faults
  // that break an exchange midway, two scanned documents also go up in 64 KiB PATCHes. No run,
  // failed or not, lasts longer than the run deadline.
  const RUN_DEADLINE_MS = 10_000;
  for (const [i, kind] of FAULT_KINDS.entries())
    it(`${kind} alone: converged, each mutation once, nothing rejected, no run past its deadline`, async () => {
      const result = await runSyncSoak({
        referrals: 15,
        rounds: 1,
        edits: 4,
        // Waits (a deadline, Retry-After) make these slow: fewer of them.
        rate: kind === 'stall' || kind.startsWith('status') ? 0.25 : 0.5,
        seed: 1000 + i,
        deadlineMs: 1_500,
        runDeadlineMs: RUN_DEADLINE_MS,
        pageSize: 10,
        batchSize: 2,
        kinds: [kind],
        blobs: ['dropBefore', 'dropAfter', 'truncate', 'resetPatch'].includes(kind) ? 2 : 0,
      });
      expectConverged(result);
      expect(result.faults[kind]).toBeGreaterThan(0);
      expect(result.longestRunMs).toBeLessThan(RUN_DEADLINE_MS + 2_000);
    }, 60_000);

  it('a run stuck behind stalled answers ends at its run deadline, three times in one process; the next run sends requests again', async () => {
    const root = tempFolder('bq-sync-stuck-');
    const portal = await spawnPortalEmulator({ referrals: 0 });
    const proxy = await startFaultProxy({ target: portal.url, seed: 7, rate: 0, kinds: ['stall'] });
    let core: Core | undefined;
    try {
      await portal.seed(ORG.bin, 5);
      ({ core } = await newStore(root, 'stuck'));
      await core.call('sync.enroll', {
        portalUrl: proxy.url,
        enrollmentCode: portal.enrollmentCode,
        deviceName: 'stuck',
      });
      const services = core.services;
      // The exchanges keep the app's 60 s deadline: only the run's own deadline ends these runs.
      const runDeadlineMs = 2_000;
      const client = new SyncClient({
        store: () => services.store(),
        dataDir: services.dataDir,
        now: () => services.now(),
        runDeadlineMs,
      });
      proxy.setRate(1);
      for (let run = 1; run <= 3; run++) {
        const stalled = proxy.stats.stall;
        const started = performance.now();
        const error = await Promise.race([
          client.run().then(
            () => null,
            (e: unknown) => e,
          ),
          sleep(runDeadlineMs + 3_000).then(() => 'still running'),
        ]);
        expect(performance.now() - started, `run ${run}`).toBeLessThan(runDeadlineMs + 2_000);
        expect(error, `run ${run}`).toBeInstanceOf(SyncError);
        expect((error as SyncError).reason).toBe('timeout');
        // This run sent its own request (it did not join the one before), and it stalled too.
        expect(proxy.stats.stall, `run ${run}`).toBe(stalled + 1);
        expect(client.status()).toMatchObject({
          running: false,
          phase: 'error',
          reason: 'timeout',
        });
      }
      proxy.setRate(0);
      const clean = proxy.stats.clean;
      const report = await client.run();
      expect(proxy.stats.clean).toBeGreaterThan(clean);
      expect(report.pulled).toBeGreaterThan(0);
      expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);
    } finally {
      core?.close();
      await proxy.close();
      await portal.stop();
    }
  }, 60_000);
});
