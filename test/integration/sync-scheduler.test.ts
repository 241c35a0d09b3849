import { describe, expect, it, vi } from 'vitest';
import { SyncScheduler } from '../../electron/core/sync/scheduler';
import { SyncError } from '../../electron/core/sync/transport';

const wait = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

describe('sync scheduler', () => {
  it('local changes in quick succession share one run; the timer runs again later', async () => {
    let runs = 0;
    const scheduler = new SyncScheduler({
      run: async () => {
        runs++;
      },
      active: () => true,
      debounceMs: 40,
      intervalMs: 600,
    });
    scheduler.start();
    for (let i = 0; i < 5; i++) {
      scheduler.poke();
      await wait(10);
    }
    await wait(80);
    expect(runs).toBe(1);
    await wait(650);
    expect(runs).toBe(2);
    scheduler.stop();
    await wait(700);
    expect(runs).toBe(2);
  });

  it('after failures it waits with backoff; once the store locks it stops by itself', async () => {
    const at: number[] = [];
    let active = true;
    const scheduler = new SyncScheduler({
      run: async () => {
        at.push(Date.now());
        throw new Error('offline');
      },
      active: () => active,
      debounceMs: 10,
      intervalMs: 10,
      // The backoff is then its floor: one second.
      baseDelayMs: 10,
      capDelayMs: 10,
    });
    scheduler.start();
    await wait(60);
    // One attempt, then at least a second's backoff (never the 10 ms interval).
    expect(at).toHaveLength(1);
    active = false;
    // A local change during the backoff does not bring the run forward.
    scheduler.poke();
    await wait(300);
    expect(at).toHaveLength(1);
    expect(scheduler.isStarted).toBe(true);
    // The next tick finds the store locked: no run, and the scheduler has stopped itself.
    await wait(1000);
    expect(at).toHaveLength(1);
    expect(scheduler.isStarted).toBe(false);
  });

  it('a failure that would repeat as it is (not transient) waits the cap, not a short backoff', async () => {
    const at: number[] = [];
    const scheduler = new SyncScheduler({
      run: async () => {
        at.push(Date.now());
        throw new SyncError('applyFailed');
      },
      active: () => true,
      debounceMs: 10,
      intervalMs: 10,
      baseDelayMs: 10,
      capDelayMs: 1500,
    });
    scheduler.start();
    // A transient failure would be tried again after a second (the floor of a short backoff).
    await wait(1300);
    expect(at).toHaveLength(1);
    await wait(400);
    expect(at).toHaveLength(2);
    scheduler.stop();
  });

  it("the portal's Retry-After holds the next run back, even past the longest backoff (issue 11, item 6)", async () => {
    vi.useFakeTimers();
    try {
      let runs = 0;
      const scheduler = new SyncScheduler({
        run: async () => {
          runs++;
          // 429 with Retry-After: 900 s, longer than the backoff's 10-minute cap.
          if (runs === 1) throw new SyncError('rateLimited', 429, 900);
        },
        active: () => true,
        debounceMs: 10,
        intervalMs: 60_000,
      });
      scheduler.start();
      await vi.advanceTimersByTimeAsync(20);
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(899_000);
      expect(runs).toBe(1);
      await vi.advanceTimersByTimeAsync(2_000);
      expect(runs).toBe(2);
      scheduler.stop();
    } finally {
      vi.useRealTimers();
    }
  });

  it('an inactive store stops the scheduler at its next tick', async () => {
    let runs = 0;
    const scheduler = new SyncScheduler({
      run: async () => {
        runs++;
      },
      active: () => false,
      debounceMs: 10,
    });
    scheduler.start();
    await wait(50);
    expect(runs).toBe(0);
    expect(scheduler.isStarted).toBe(false);
  });
});
