/**
 * The sync client through the fault proxy (test/portal-emulator/fault-proxy.ts) with the portal
 * emulator in its own process: each fault on its own, then the soak (20 % faults of every kind
 * over an initial pull and rounds of edits on both sides), all with fixed seeds.
 */
import { describe, expect, it } from 'vitest';
import { FAULT_KINDS } from '../portal-emulator/fault-proxy';
import { runSyncSoak } from '../helpers/sync-soak';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

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
  // that break an exchange midway, two scanned documents also go up in 64 KiB PATCHes.
  for (const [i, kind] of FAULT_KINDS.entries())
    it(`${kind} alone: converged, each mutation once, nothing rejected`, async () => {
      const result = await runSyncSoak({
        referrals: 15,
        rounds: 1,
        edits: 4,
        // Waits (a deadline, Retry-After) make these slow: fewer of them.
        rate: kind === 'stall' || kind.startsWith('status') ? 0.25 : 0.5,
        seed: 1000 + i,
        deadlineMs: 1_500,
        pageSize: 10,
        batchSize: 2,
        kinds: [kind],
        blobs: ['dropBefore', 'dropAfter', 'truncate', 'resetPatch'].includes(kind) ? 2 : 0,
      });
      expectConverged(result);
      expect(result.faults[kind]).toBeGreaterThan(0);
    }, 60_000);
});
