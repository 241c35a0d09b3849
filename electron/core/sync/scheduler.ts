import { SyncError, backoffDelay } from './transport';

export interface SchedulerOptions {
  /** Runs one sync; rejects on failure. */
  run: () => Promise<unknown>;
  /** False once the store is locked: the scheduler stops itself. */
  active: () => boolean;
  intervalMs?: number;
  debounceMs?: number;
  baseDelayMs?: number;
  capDelayMs?: number;
}

/**
 * When to sync: on a timer, after local changes (debounced), and on failure again after an
 * exponential backoff with full jitter. Lives in the core; started while someone is signed in.
 */
export class SyncScheduler {
  private timer: NodeJS.Timeout | null = null;
  private failures = 0;
  /** The last failure would repeat as it is (not transient): wait the longest. */
  private lasting = false;
  private running = false;
  private started = false;
  private readonly intervalMs: number;
  private readonly debounceMs: number;
  private readonly baseDelayMs: number;
  private readonly capDelayMs: number;

  constructor(private readonly options: SchedulerOptions) {
    this.intervalMs = options.intervalMs ?? 5 * 60_000;
    this.debounceMs = options.debounceMs ?? 3_000;
    this.baseDelayMs = options.baseDelayMs ?? 5_000;
    this.capDelayMs = options.capDelayMs ?? 10 * 60_000;
  }

  get isStarted(): boolean {
    return this.started;
  }

  start(): void {
    if (this.started) return;
    this.started = true;
    this.schedule(this.debounceMs);
  }

  stop(): void {
    this.started = false;
    if (this.timer) clearTimeout(this.timer);
    this.timer = null;
  }

  /** A local change happened: sync soon (changes in quick succession share one run). */
  poke(): void {
    if (this.started && this.failures === 0) this.schedule(this.debounceMs);
  }

  private schedule(ms: number): void {
    if (this.timer) clearTimeout(this.timer);
    this.timer = setTimeout(() => void this.tick(), ms);
    this.timer.unref();
  }

  private async tick(): Promise<void> {
    this.timer = null;
    if (!this.started) return;
    if (!this.options.active()) {
      this.stop();
      return;
    }
    if (this.running) return this.schedule(this.debounceMs);
    this.running = true;
    // The portal's Retry-After of the last failure: the next run never comes sooner.
    let retryAfterMs = 0;
    try {
      await this.options.run();
      this.failures = 0;
      this.lasting = false;
    } catch (error) {
      this.failures++;
      this.lasting = error instanceof SyncError && !error.transient;
      if (error instanceof SyncError && error.retryAfter) retryAfterMs = error.retryAfter * 1000;
    } finally {
      this.running = false;
    }
    if (!this.started) return;
    const delay = this.lasting
      ? this.capDelayMs
      : this.failures
        ? Math.max(1000, backoffDelay(this.failures, this.baseDelayMs, this.capDelayMs))
        : this.intervalMs;
    this.schedule(Math.max(delay, retryAfterMs));
  }
}
