import { EventEmitter } from 'node:events';
import { count, eq, inArray } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import { syncConflicts, syncOutbox, syncRejectedPulls, syncState } from '../../../db/schema';
import { repairContent, type Repaired } from './content';
import { localDigest, remoteDigest, remoteRecords } from './digest';
import { enroll, type EnrolmentInput } from './enrolment';
import type { RecordDigest } from './protocol';
import { pull } from './pull';
import { settleContractSignatures } from '../contracts/signature-inbox';
import { push } from './push';
import type {
  ResolvedOptions,
  SyncClientOptions,
  SyncPhase,
  SyncReport,
  SyncStatus,
  SyncSteps,
} from './run';
import {
  PortalSession,
  SyncError,
  type Connection,
  type RunContext,
  type SyncFailure,
} from './transport';
import { uploadBlob } from './upload';
import type { Digest, Entity } from './wire';

export type { SyncClientOptions, SyncPhase, SyncReport, SyncStatus } from './run';

/**
 * Internal limits (tests pass shorter ones; the user sets none). A page of 500 changes at the
 * protocol's longest strings stays well under the size limit; 2,000 pages of 500 are far more
 * than an organisation's whole feed.
 */
const DEFAULTS = {
  timeoutMs: 15_000,
  deadlineMs: 60_000,
  maxResponseBytes: 32 * 1024 * 1024,
  pageSize: 500,
  maxPages: 2_000,
  runDeadlineMs: 10 * 60_000,
  batchSize: 200,
  chunkBytes: 1024 * 1024,
  attempts: 5,
  baseDelayMs: 250,
  capDelayMs: 30_000,
};

const sleeper = (ms: number) => new Promise<void>((resolve) => setTimeout(resolve, ms));

/**
 * The portal sync client (PORTAL-SYNC.md). Electron-free; one instance per open store.
 * Emits `state` (a SyncStatus) whenever the phase or progress changes. It runs the steps
 * (pull.ts, upload.ts, push.ts) over one session (transport.ts) and keeps the run's state:
 * its phase, its deadline, and the portal's Retry-After.
 */
export class SyncClient extends EventEmitter {
  private readonly options: ResolvedOptions;
  private readonly session: PortalSession;
  /** What each step sees of this client. */
  private readonly steps: SyncSteps;
  private phase: SyncPhase = 'idle';
  private progress: SyncStatus['progress'] = null;
  private current: Promise<SyncReport> | null = null;
  /** The portal's Retry-After that outlasted a run: no run asks before `until`. */
  private holdOff: { until: number; reason: SyncFailure } | null = null;

  constructor(options: SyncClientOptions) {
    super();
    this.options = {
      now: () => new Date().toISOString(),
      sleep: sleeper,
      ...DEFAULTS,
      ...options,
    };
    this.session = new PortalSession(() => this.store, this.options);
    const store = () => this.store;
    this.steps = {
      get store() {
        return store();
      },
      options: this.options,
      session: this.session,
      setPhase: (phase, progress) => this.setPhase(phase, progress),
    };
  }

  private get store(): Store {
    return this.options.store();
  }

  connection(): Connection | null {
    return this.session.connection();
  }

  status(): SyncStatus {
    const { db } = this.store;
    const connection = this.connection();
    const state = db.select().from(syncState).where(eq(syncState.id, 1)).get();
    const byStatus = db
      .select({ status: syncOutbox.status, n: count() })
      .from(syncOutbox)
      .where(inArray(syncOutbox.status, ['pending', 'rejected']))
      .groupBy(syncOutbox.status)
      .all();
    const conflicts =
      db.select({ n: count() }).from(syncConflicts).where(eq(syncConflicts.status, 'open')).get()
        ?.n ?? 0;
    return {
      enrolled: !!connection,
      portalUrl: connection?.portalUrl ?? null,
      deviceId: connection?.deviceId ?? null,
      running: this.current !== null,
      phase: this.phase,
      progress: this.progress,
      reason: (state?.lastError as SyncFailure | null | undefined) ?? null,
      retryAt:
        this.holdOff && this.holdOff.until > Date.now()
          ? new Date(this.holdOff.until).toISOString()
          : null,
      lastSuccessAt: state?.lastSuccessAt ?? null,
      lastAttemptAt: state?.lastAttemptAt ?? null,
      pending: byStatus.find((r) => r.status === 'pending')?.n ?? 0,
      rejected: byStatus.find((r) => r.status === 'rejected')?.n ?? 0,
      rejectedPulls: db.select({ n: count() }).from(syncRejectedPulls).get()?.n ?? 0,
      conflicts,
    };
  }

  private setPhase(phase: SyncPhase, progress: SyncStatus['progress'] = null): void {
    this.phase = phase;
    this.progress = progress;
    this.emit('state', this.status());
  }

  /** Enrols this device with a code the portal operator issued (enrolment.ts). */
  async enroll(input: EnrolmentInput): Promise<{ deviceId: string }> {
    const enrolled = await enroll(this.store, this.session, this.options.now, input);
    this.emit('state', this.status());
    return enrolled;
  }

  /**
   * One sync: pull, upload blobs, push. Concurrent calls share the run in progress. A run still
   * going at its deadline is abandoned: its requests are aborted, nothing more of it is applied,
   * the failure (`timeout`) is recorded, and the next call starts a new run.
   */
  run(): Promise<SyncReport> {
    this.current ??= this.startRun();
    return this.current;
  }

  private startRun(): Promise<SyncReport> {
    const controller = new AbortController();
    const context: RunContext = {
      signal: controller.signal,
      endsAt: Date.now() + this.options.runDeadlineMs,
    };
    let timer: NodeJS.Timeout | undefined;
    const run: Promise<SyncReport> = new Promise<SyncReport>((resolve, reject) => {
      timer = setTimeout(() => {
        controller.abort();
        try {
          this.recordOutcome('timeout');
          this.setPhase('error');
        } catch {
          // The store was locked meanwhile: nothing to record in.
        }
        reject(new SyncError('timeout'));
      }, this.options.runDeadlineMs);
      this.session.runContext.run(context, () => this.runOnce(context)).then(resolve, reject);
    }).finally(() => {
      clearTimeout(timer);
      if (this.current === run) this.current = null;
    });
    return run;
  }

  private async runOnce(context: RunContext): Promise<SyncReport> {
    const report: SyncReport = {
      pulled: 0,
      pushed: 0,
      duplicates: 0,
      conflicts: 0,
      rejected: 0,
      uploadedBlobs: 0,
      uploadedBytes: 0,
    };
    this.recordAttempt();
    try {
      if (!this.connection()) throw new SyncError('notEnrolled');
      // The portal asked not to be asked before then: nothing is sent sooner.
      const wait = this.holdOff ? this.holdOff.until - Date.now() : 0;
      if (this.holdOff && wait > 0)
        throw new SyncError(this.holdOff.reason, null, Math.ceil(wait / 1000));
      this.holdOff = null;
      await pull(this.steps, report);
      // Parents' signatures the pull brought are checked before the push, which then carries
      // the contracts they made "signed by both".
      await this.settleSignatures();
      // A push answered with a version that others' changes also produced: pull once more.
      const pullAgain = await push(this.steps, report);
      if (pullAgain) {
        await pull(this.steps, report);
        await this.settleSignatures();
      }
      this.session.live();
      this.recordOutcome(null);
      this.setPhase('idle');
      return report;
    } catch (error) {
      // An abandoned run's outcome was recorded when it was abandoned.
      if (context.signal.aborted) throw new SyncError('timeout');
      const failure = error instanceof SyncError ? error : null;
      const reason: SyncFailure = failure?.reason ?? 'invalidResponse';
      if (failure?.retryAfter)
        this.holdOff = { until: Date.now() + failure.retryAfter * 1000, reason };
      this.recordOutcome(reason);
      this.setPhase(reason === 'offline' ? 'offline' : 'error');
      throw failure ?? new SyncError(reason);
    }
  }

  private settleSignatures(): Promise<number> {
    return settleContractSignatures(this.store, this.options.dataDir, this.options.now);
  }

  private recordAttempt(): void {
    const now = this.options.now();
    this.store.db
      .insert(syncState)
      .values({ id: 1, lastAttemptAt: now })
      .onConflictDoUpdate({ target: syncState.id, set: { lastAttemptAt: now } })
      .run();
  }

  private recordOutcome(reason: SyncFailure | null): void {
    const now = this.options.now();
    const set = reason
      ? { lastError: reason, lastErrorAt: now }
      : { lastError: null, lastSuccessAt: now };
    this.store.db
      .insert(syncState)
      .values({ id: 1, ...set })
      .onConflictDoUpdate({ target: syncState.id, set })
      .run();
  }

  /** One blob through tus (upload.ts); the sync's push uploads what its changes need. */
  uploadBlob(sha256: string, bytes: Buffer): Promise<number> {
    return uploadBlob(this.steps, sha256, bytes);
  }

  // ---- digest (digest.ts) -----------------------------------------------------------------

  localDigest(): Digest {
    return localDigest(this.store);
  }

  remoteDigest(): Promise<Digest> {
    return remoteDigest(this.session);
  }

  /** One entity's records with their content hashes at the portal (`ids`: those, with data). */
  remoteRecords(entity: Entity, ids?: readonly string[]): Promise<RecordDigest[]> {
    return remoteRecords(this.session, entity, ids);
  }

  /** `sync --verify`'s repair: records whose content differs are pulled again (content.ts). */
  repairContent(entities: readonly Entity[]): Promise<Repaired[]> {
    return repairContent(this.store, this, entities, this.options.now);
  }
}
