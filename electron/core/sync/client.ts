import { AsyncLocalStorage } from 'node:async_hooks';
import { EventEmitter } from 'node:events';
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import type { z } from 'zod';
import type { Store } from '../../../db/connection';
import {
  attachments,
  syncConflicts,
  syncConnection,
  syncOutbox,
  syncState,
  syncUploads,
  syncVersions,
  type RejectionReason,
} from '../../../db/schema';
import { appendAudit } from '../audit/audit-log';
import { readAttachment } from '../vault/attachment-files';
import { applyPulledChange, overwriteLocal, setSyncedVersion, syncedVersion } from './apply';
import {
  SyncError,
  backoffDelay,
  exchange,
  failureOf,
  parseBody,
  type RawResponse,
  type SyncFailure,
} from './transport';
import {
  ChangesResponse,
  DigestResponse,
  EnrollResponse,
  MutationsResponse,
  PATHS,
  PROBLEM_TYPES,
  Tokens,
  checkServerFields,
  digestOf,
  uploadMetadataFor,
  type Digest,
  type Entity,
  type MutationResult,
  type Problem,
} from './wire';
import { newId } from './apply';
import { HELD_ROW, splitHeldFields } from './outbox';
import { CONTENT_ENTITIES, localContent, repairContent, type Repaired } from './content';
import type { RecordDigest } from './protocol';

export type SyncPhase = 'idle' | 'pulling' | 'pushing' | 'uploading' | 'offline' | 'error';

export interface SyncStatus {
  enrolled: boolean;
  portalUrl: string | null;
  deviceId: string | null;
  running: boolean;
  phase: SyncPhase;
  /** While pushing or uploading: done of total (mutations, or bytes). */
  progress: { done: number; total: number } | null;
  /** The reason code of the last failure, null after a success. */
  reason: SyncFailure | null;
  /**
   * When the portal asked (Retry-After) not to be asked again before: no run sends anything
   * sooner (null when it asked nothing, or the time has passed).
   */
  retryAt: string | null;
  lastSuccessAt: string | null;
  lastAttemptAt: string | null;
  pending: number;
  rejected: number;
  conflicts: number;
}

export interface SyncReport {
  pulled: number;
  pushed: number;
  duplicates: number;
  conflicts: number;
  rejected: number;
  uploadedBlobs: number;
  uploadedBytes: number;
}

export interface SyncClientOptions {
  /** The open store (throws while locked). */
  store: () => Store;
  dataDir: string;
  now?: () => string;
  /** Until a response's headers arrive. */
  timeoutMs?: number;
  /** One whole exchange: the request, the headers and the whole body read. */
  deadlineMs?: number;
  /** The most bytes a response body may have (more is `tooLarge`, refused before parsing). */
  maxResponseBytes?: number;
  pageSize?: number;
  /** The most change pages one run asks for (`pageLimit` beyond; the next run goes on). */
  maxPages?: number;
  /**
   * One whole run (pull, uploads, push, waits included): past it the run is abandoned
   * (`timeout`, recorded), nothing more of it is applied, and the next run starts afresh.
   */
  runDeadlineMs?: number;
  batchSize?: number;
  chunkBytes?: number;
  /** Attempts per request before the run gives up (transient failures only). */
  attempts?: number;
  baseDelayMs?: number;
  capDelayMs?: number;
  sleep?: (ms: number) => Promise<void>;
  fetchImpl?: typeof fetch;
}

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

type Connection = typeof syncConnection.$inferSelect;

/** The run a request belongs to: its abort signal (the run's deadline) and when it ends. */
interface RunContext {
  signal: AbortSignal;
  endsAt: number;
}

/**
 * The portal sync client (PORTAL-SYNC.md). Electron-free; one instance per open store.
 * Emits `state` (a SyncStatus) whenever the phase or progress changes.
 */
export class SyncClient extends EventEmitter {
  private readonly options: Required<Omit<SyncClientOptions, 'fetchImpl'>> & {
    fetchImpl?: typeof fetch;
  };
  private phase: SyncPhase = 'idle';
  private progress: SyncStatus['progress'] = null;
  private current: Promise<SyncReport> | null = null;
  /** A push answered with a version that others' changes also produced: pull once more. */
  private pullAgain = false;
  /** The run each request and wait belongs to (an abandoned run's late steps see its abort). */
  private readonly runContext = new AsyncLocalStorage<RunContext>();
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
  }

  private get store(): Store {
    return this.options.store();
  }

  connection(): Connection | null {
    return (
      this.store.db.select().from(syncConnection).where(eq(syncConnection.id, 1)).get() ?? null
    );
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
      conflicts,
    };
  }

  private setPhase(phase: SyncPhase, progress: SyncStatus['progress'] = null): void {
    this.phase = phase;
    this.progress = progress;
    this.emit('state', this.status());
  }

  /** Enrols this device with a code the portal operator issued. */
  async enroll(input: {
    portalUrl: string;
    organizationBin: string;
    enrollmentCode: string;
    deviceName: string;
    /** Wraps the write (the core passes its audited transaction). */
    transact?: (write: () => void) => void;
  }): Promise<{ deviceId: string }> {
    const baseUrl = normalizePortalUrl(input.portalUrl);
    const response = await this.withRetries(() =>
      exchange(this.transport(baseUrl), 'POST', PATHS.enroll, {
        headers: { 'content-type': 'application/json' },
        body: JSON.stringify({
          organizationBin: input.organizationBin,
          enrollmentCode: input.enrollmentCode,
          deviceName: input.deviceName,
        }),
      }).then(expectOk),
    );
    const tokens = parseBody(EnrollResponse, response);
    const now = this.options.now();
    const values = {
      portalUrl: baseUrl,
      organizationBin: input.organizationBin,
      deviceId: tokens.deviceId,
      accessToken: tokens.accessToken,
      refreshToken: tokens.refreshToken,
      accessExpiresAt: new Date(Date.parse(now) + tokens.expiresIn * 1000).toISOString(),
      enrolledAt: now,
    };
    const { sqlite, db } = this.store;
    const transact = input.transact ?? ((write: () => void) => sqlite.transaction(write)());
    transact(() => {
      db.insert(syncConnection)
        .values({ id: 1, ...values })
        .onConflictDoUpdate({ target: syncConnection.id, set: values })
        .run();
      // A new enrolment starts the feed from the beginning; applying is idempotent anyway.
      db.insert(syncState)
        .values({ id: 1, cursor: null })
        .onConflictDoUpdate({ target: syncState.id, set: { cursor: null } })
        .run();
    });
    this.emit('state', this.status());
    return { deviceId: tokens.deviceId };
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
      this.runContext.run(context, () => this.runOnce(context)).then(resolve, reject);
    }).finally(() => {
      clearTimeout(timer);
      if (this.current === run) this.current = null;
    });
    return run;
  }

  /** Throws once the run this step belongs to was abandoned: none of its results is applied. */
  private live(): void {
    if (this.runContext.getStore()?.signal.aborted) throw new SyncError('timeout');
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
      this.pullAgain = false;
      await this.pull(report);
      await this.push(report);
      if (this.pullAgain) await this.pull(report);
      this.live();
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

  /**
   * The audit row of one applied page or push answer, in its transaction: the sync's writes to
   * children's files are the system's (no actor; a person's "sync now" has its own `sync.run`
   * row), and the row names only counts (by entity, or by the portal's answer), never data.
   */
  private audit(action: 'sync.pull' | 'sync.push', counts: Record<string, number>, at: string) {
    const entityId = Object.entries(counts)
      .map(([key, n]) => `${key}:${n}`)
      .join(' ');
    appendAudit(this.store, { actorId: null, action, entity: 'sync', entityId, outcome: 'ok' }, at);
  }

  // ---- requests -------------------------------------------------------------------------

  private transport(baseUrl: string) {
    return {
      baseUrl,
      timeoutMs: this.options.timeoutMs,
      deadlineMs: this.options.deadlineMs,
      maxResponseBytes: this.options.maxResponseBytes,
      signal: this.runContext.getStore()?.signal,
      fetchImpl: this.options.fetchImpl,
    };
  }

  /** Retries transient failures with full-jitter backoff, never sooner than Retry-After. */
  private async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof SyncError) || !error.transient || n + 1 >= this.options.attempts)
          throw error;
        await this.waitToRetry(error, n);
      }
    }
  }

  /**
   * The wait before trying again after a transient failure: full-jitter backoff, never sooner
   * than the portal's Retry-After. A wait longer than a run waits (4 × capDelayMs, 2 minutes) or
   * than the run has left is never cut short: the run ends with the failure instead, its
   * `retryAfter` kept, and no run asks before then (`retryAt`; the scheduler waits for it).
   */
  private async waitToRetry(error: SyncError, n: number): Promise<void> {
    const jitter = backoffDelay(n, this.options.baseDelayMs, this.options.capDelayMs);
    const wait = Math.max(jitter, error.retryAfter !== null ? error.retryAfter * 1000 : 0);
    const context = this.runContext.getStore();
    if (wait > this.options.capDelayMs * 4 || (context && Date.now() + wait >= context.endsAt))
      throw error;
    await this.options.sleep(wait);
    this.live();
  }

  /**
   * An authorised request whose body must match `schema`: a body that does not (corrupted,
   * malformed UTF-8, an id that is not one) is retried like a truncated one.
   */
  private requestBody<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Buffer | string } = {},
  ): Promise<z.output<S>> {
    return this.withRetries(async () => parseBody(schema, await this.send(method, path, init)));
  }

  /**
   * An authorised request to the portal, retried when transient; a 401 refreshes the tokens
   * once and repeats. `accept` lists statuses that are answers, not failures.
   */
  private async request(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Buffer | string } = {},
    accept: (status: number) => boolean = (status) => status >= 200 && status < 300,
  ): Promise<RawResponse> {
    return this.withRetries(() => this.send(method, path, init, accept));
  }

  /** One authorised exchange (a 401 refreshes the tokens once and repeats), not retried. */
  private async send(
    method: string,
    path: string,
    init: { headers?: Record<string, string>; body?: Buffer | string },
    accept: (status: number) => boolean = (status) => status >= 200 && status < 300,
  ): Promise<RawResponse> {
    let refreshed = false;
    for (;;) {
      const connection = this.connection();
      if (!connection) throw new SyncError('notEnrolled');
      const response = await exchange(this.transport(connection.portalUrl), method, path, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${connection.accessToken}` },
      });
      if (response.status === 401 && !refreshed) {
        await this.refresh(connection);
        refreshed = true;
        continue;
      }
      if (accept(response.status)) return response;
      throw failureOf(response);
    }
  }

  private async refresh(connection: Connection): Promise<void> {
    const response = await exchange(this.transport(connection.portalUrl), 'POST', PATHS.refresh, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: connection.refreshToken }),
    });
    if (response.status === 401 || response.status === 403)
      throw new SyncError('unauthorized', response.status);
    const tokens = parseBody(Tokens, expectOk(response));
    const expires = new Date(Date.parse(this.options.now()) + tokens.expiresIn * 1000);
    this.store.db
      .update(syncConnection)
      .set({
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessExpiresAt: expires.toISOString(),
      })
      .where(eq(syncConnection.id, 1))
      .run();
  }

  // ---- pull -----------------------------------------------------------------------------

  private async pull(report: SyncReport): Promise<void> {
    this.setPhase('pulling');
    // Every position the feed gave in this run: one it gives again goes back (a ping-pong).
    const visited = new Set<string>();
    for (let pages = 0; ; pages++) {
      const cursor = this.store.db
        .select()
        .from(syncState)
        .where(eq(syncState.id, 1))
        .get()?.cursor;
      visited.add(cursor ?? '');
      // What arrived so far is kept; the next run goes on from here.
      if (pages >= this.options.maxPages) throw new SyncError('pageLimit');
      const query = new URLSearchParams({ limit: String(this.options.pageSize) });
      if (cursor) query.set('since', cursor);
      const page = await this.requestBody(
        ChangesResponse,
        'GET',
        `${PATHS.changes}?${query.toString()}`,
      );
      // "More" from the same place again would ask for the same page forever, and a cursor
      // back to an earlier place would go round: refused before anything of the page is applied.
      const more = page.hasMore && page.changes.length > 0;
      const from = cursor ?? '';
      if (page.cursor === from ? more : !cursorAdvances(from, page.cursor, visited))
        throw new SyncError('cursorLoop', 200);
      this.live();
      const now = this.options.now();
      const { sqlite, db } = this.store;
      // The page and its cursor commit together: a crash re-applies the page, idempotently.
      // A page that cannot be written here is rolled back whole (cursor included) and is not
      // a transient failure: the same page would fail the same way on every retry.
      let applied: number;
      try {
        applied = sqlite.transaction(() => {
          let n = 0;
          const counts: Record<string, number> = {};
          for (const change of page.changes)
            if (applyPulledChange(this.store, change, now)) {
              n++;
              counts[change.entity] = (counts[change.entity] ?? 0) + 1;
            }
          if (n) this.audit('sync.pull', counts, now);
          db.insert(syncState)
            .values({ id: 1, cursor: page.cursor })
            .onConflictDoUpdate({ target: syncState.id, set: { cursor: page.cursor } })
            .run();
          return n;
        })();
      } catch {
        throw new SyncError('applyFailed');
      }
      report.pulled += applied;
      this.setPhase('pulling', { done: report.pulled, total: report.pulled });
      if (!more) return;
    }
  }

  // ---- push -----------------------------------------------------------------------------

  /** Pending rows the push may send now (not held by an open conflict). */
  private sendableCount(): number {
    return (
      this.store.db
        .select({ n: count() })
        .from(syncOutbox)
        .where(and(eq(syncOutbox.status, 'pending'), notHeld))
        .get()?.n ?? 0
    );
  }

  private async push(report: SyncReport): Promise<void> {
    await this.uploadBlobs(report);
    const split = () => this.store.sqlite.transaction(() => splitHeldFields(this.store))();
    split();
    const total = this.sendableCount();
    if (!total) return;
    const connection = this.connection()!;
    let done = 0;
    this.setPhase('pushing', { done, total });
    for (;;) {
      // A conflict answered in the last batch holds its field from now on.
      split();
      const rows = this.store.db
        .select()
        .from(syncOutbox)
        .where(and(eq(syncOutbox.status, 'pending'), notHeld))
        .orderBy(asc(syncOutbox.seq))
        .limit(this.options.batchSize * 4)
        .all();
      if (!rows.length) return;
      // One mutation per entity in a batch: the next one is based on this one's result.
      const seen = new Set<string>();
      const batch = rows
        .filter((row) => {
          const key = `${row.entity}\u0000${row.entityId}`;
          if (seen.has(key)) return false;
          seen.add(key);
          return true;
        })
        .slice(0, this.options.batchSize);
      const body = JSON.stringify({
        deviceId: connection.deviceId,
        mutations: batch.map((row) => ({
          mutationId: row.mutationId,
          entity: row.entity,
          id: row.entityId,
          baseVersion: row.baseVersion,
          op: row.op,
          fields: JSON.parse(row.fields) as Record<string, unknown>,
          at: row.at,
        })),
      });
      this.store.db
        .update(syncOutbox)
        .set({ attempts: sql`${syncOutbox.attempts} + 1` })
        .where(
          inArray(
            syncOutbox.seq,
            batch.map((row) => row.seq),
          ),
        )
        .run();
      const response = await this.requestBody(MutationsResponse, 'POST', PATHS.mutations, {
        headers: { 'content-type': 'application/json' },
        body,
      });
      const results = new Map(response.results.map((r) => [r.mutationId, r]));
      // Every mutation must be answered, and every portal value must be valid for its field
      // (a 10,000-character name is not stored); otherwise nothing of this answer is applied.
      for (const row of batch) {
        const result = results.get(row.mutationId);
        if (!result) throw new SyncError('invalidResponse', 200);
        if (!result.serverFields) continue;
        const serverFields = checkServerFields(row.entity as Entity, result.serverFields);
        if (!serverFields) throw new SyncError('invalidResponse', 200);
        results.set(row.mutationId, { ...result, serverFields });
      }
      this.live();
      const now = this.options.now();
      this.store.sqlite.transaction(() => {
        const counts: Record<string, number> = {};
        for (const row of batch) {
          const result = results.get(row.mutationId)!;
          this.applyResult(row, result, now, report);
          counts[result.status] = (counts[result.status] ?? 0) + 1;
        }
        this.audit('sync.push', counts, now);
      })();
      done += batch.length;
      this.setPhase('pushing', { done: Math.min(done, total), total });
    }
  }

  private applyResult(
    row: typeof syncOutbox.$inferSelect,
    result: MutationResult,
    now: string,
    report: SyncReport,
  ): void {
    const { db } = this.store;
    if (result.status === 'rejected') {
      const problem = result.problem
        ? [result.problem.title, result.problem.detail].filter(Boolean).join(': ')
        : null;
      db.update(syncOutbox)
        .set({
          status: 'rejected',
          problem: problem?.slice(0, 1000) ?? null,
          rejectionReason: rejectionReasonOf(result.problem),
        })
        .where(eq(syncOutbox.seq, row.seq))
        .run();
      report.rejected++;
      return;
    }
    const { version } = result;
    // A resend answered `duplicate` carries the first answer's conflict (its answer was lost):
    // it is as much a conflict as the original, never an override.
    const isConflict =
      result.status === 'conflict' ||
      (result.status === 'duplicate' &&
        (row.op === 'delete'
          ? result.serverFields !== undefined
          : (result.conflictFields?.length ?? 0) > 0));
    db.update(syncOutbox)
      .set({ status: 'sent', resultVersion: version, sentAt: now, problem: null })
      .where(eq(syncOutbox.seq, row.seq))
      .run();
    // Later local changes of the same entity made on the same base now follow this one.
    db.update(syncOutbox)
      .set({ baseVersion: version })
      .where(
        and(
          eq(syncOutbox.entity, row.entity),
          eq(syncOutbox.entityId, row.entityId),
          eq(syncOutbox.status, 'pending'),
          eq(syncOutbox.baseVersion, row.baseVersion),
        ),
      )
      .run();
    const deleted = row.op === 'delete' && !isConflict;
    const known = syncedVersion(this.store, row.entity, row.entityId);
    // A conflict applied nothing of the conflicting fields, so `version` may be another side's
    // change (with fields we never saw) even when it is baseVersion + 1: pull it.
    if (version > 0 && version === row.baseVersion + 1 && !isConflict) {
      // Only our mutation happened since our base: this version is what we hold.
      if (known === null || version > known)
        setSyncedVersion(this.store, row.entity, row.entityId, version, deleted);
    } else if (version > 0 && (known === null || version > known)) {
      // Others changed it too: the versions in between come with the next pull.
      this.pullAgain = true;
    } else if (deleted && known !== null) {
      setSyncedVersion(this.store, row.entity, row.entityId, known, true);
    }
    const serverFields = result.serverFields ?? {};
    const local = JSON.parse(row.fields) as Record<string, unknown>;
    const conflicted = !isConflict
      ? []
      : row.op === 'delete'
        ? ['deleted']
        : // Only fields this change carried can conflict with it: a name the portal adds is
          // not ours to hold or answer (and must not reach the held-row JSON paths).
          (result.conflictFields ?? Object.keys(serverFields)).filter((f) => f in local);
    for (const field of conflicted) {
      db.insert(syncConflicts)
        .values({
          id: newId(),
          mutationId: row.mutationId,
          entity: row.entity,
          entityId: row.entityId,
          field,
          localValue: JSON.stringify(field === 'deleted' ? true : (local[field] ?? null)),
          serverValue: JSON.stringify(field === 'deleted' ? false : (serverFields[field] ?? null)),
          serverVersion: version,
          createdAt: now,
        })
        .run();
    }
    if (conflicted.length) report.conflicts++;
    // Portal-owned fields: the portal's value stands, and the local copy follows it.
    if (row.op !== 'delete') {
      const overrides = Object.fromEntries(
        Object.entries(serverFields).filter(([field]) => !conflicted.includes(field)),
      );
      if (Object.keys(overrides).length)
        overwriteLocal(this.store, row.entity, row.entityId, overrides, now);
    }
    if (result.status === 'duplicate') report.duplicates++;
    else if (result.status === 'applied') report.pushed++;
  }

  // ---- blobs ----------------------------------------------------------------------------

  private async uploadBlobs(report: SyncReport): Promise<void> {
    const wanted = this.store.db
      .selectDistinct({ sha256: syncOutbox.blobSha256 })
      .from(syncOutbox)
      .where(and(eq(syncOutbox.status, 'pending')))
      .all()
      .map((r) => r.sha256)
      .filter((sha): sha is string => !!sha);
    for (const sha256 of wanted) {
      const head = await this.request(
        'HEAD',
        PATHS.blob(sha256),
        {},
        (s) => s === 200 || s === 404,
      );
      if (head.status === 200) continue;
      const attachment = this.store.db
        .select({ id: attachments.id })
        .from(attachments)
        .where(eq(attachments.sha256, sha256))
        .get();
      if (!attachment) {
        this.rejectBlobMutations(sha256, 'attachmentMissing', null);
        continue;
      }
      const { bytes } = readAttachment(this.store, this.options.dataDir, attachment.id);
      try {
        report.uploadedBytes += await this.uploadBlob(sha256, bytes);
        report.uploadedBlobs++;
      } catch (error) {
        if (error instanceof SyncError && error.reason === 'blobMismatch') {
          this.rejectBlobMutations(sha256, 'blobMismatch', error.problem);
          continue;
        }
        throw error;
      }
    }
  }

  /** Rejects here the changes waiting for a blob that cannot reach the portal. */
  private rejectBlobMutations(
    sha256: string,
    reason: RejectionReason,
    problem: string | null,
  ): void {
    this.store.db
      .update(syncOutbox)
      .set({ status: 'rejected', problem, rejectionReason: reason })
      .where(and(eq(syncOutbox.blobSha256, sha256), eq(syncOutbox.status, 'pending')))
      .run();
  }

  /**
   * tus 1.0 core: create (or resume) the upload, then PATCH from the portal's offset. Returns
   * the file's size (its bytes count once, however many chunks were sent again).
   */
  async uploadBlob(sha256: string, bytes: Buffer): Promise<number> {
    const { db } = this.store;
    let location = portalPath(
      db.select().from(syncUploads).where(eq(syncUploads.sha256, sha256)).get()?.location ?? null,
      this.connection()!.portalUrl,
    );
    let offset = 0;
    if (location) {
      const head = await this.request('HEAD', location, { headers: TUS }, (s) =>
        [200, 204, 404, 410].includes(s),
      );
      if (head.status === 404 || head.status === 410) location = null;
      else offset = Number(head.headers.get('upload-offset') ?? 0);
    }
    if (!location) {
      const created = await this.request('POST', PATHS.uploads, {
        headers: {
          ...TUS,
          'upload-length': String(bytes.length),
          'upload-metadata': uploadMetadataFor(sha256),
        },
      });
      location = portalPath(created.headers.get('location'), this.connection()!.portalUrl);
      if (!location) throw new SyncError('invalidResponse', created.status);
      db.insert(syncUploads)
        .values({ sha256, location, size: bytes.length, createdAt: this.options.now() })
        .onConflictDoUpdate({ target: syncUploads.sha256, set: { location } })
        .run();
      offset = 0;
    }
    this.setPhase('uploading', { done: offset, total: bytes.length });
    let failures = 0;
    let refreshed = false;
    while (offset < bytes.length) {
      const chunk = bytes.subarray(offset, offset + this.options.chunkBytes);
      try {
        const patched = await exchange(
          this.transport(this.connection()!.portalUrl),
          'PATCH',
          location,
          {
            headers: {
              ...TUS,
              authorization: `Bearer ${this.connection()!.accessToken}`,
              'upload-offset': String(offset),
              'content-type': 'application/offset+octet-stream',
            },
            body: chunk,
          },
        );
        if (patched.status === 422) {
          db.delete(syncUploads).where(eq(syncUploads.sha256, sha256)).run();
          throw new SyncError('blobMismatch', 422, null, failureOf(patched).problem);
        }
        if (patched.status === 409) {
          // Our offset was stale (an earlier PATCH landed after all): ask where the portal is.
          const head = await this.request('HEAD', location, { headers: TUS });
          offset = Number(head.headers.get('upload-offset') ?? offset);
          if (++failures >= this.options.attempts) throw new SyncError('refused', 409);
          continue;
        }
        if (patched.status === 401) {
          // Refresh once; a portal that still refuses the new token is not asked forever.
          if (refreshed) throw new SyncError('unauthorized', 401);
          await this.refresh(this.connection()!);
          refreshed = true;
          continue;
        }
        if (patched.status !== 204 && patched.status !== 200) throw failureOf(patched);
        const next = Number(patched.headers.get('upload-offset'));
        if (!Number.isInteger(next) || next <= offset || next > bytes.length)
          throw new SyncError('invalidResponse', patched.status);
        offset = next;
        failures = 0;
        refreshed = false;
        this.setPhase('uploading', { done: offset, total: bytes.length });
      } catch (error) {
        if (!(error instanceof SyncError) || !error.transient) throw error;
        if (++failures >= this.options.attempts) throw error;
        // Never sooner than the portal's Retry-After (a longer one ends the run instead).
        await this.waitToRetry(error, failures);
        // Where the portal stands now: continue from there, never from zero.
        const head = await this.request('HEAD', location, { headers: TUS });
        const reached = Number(head.headers.get('upload-offset') ?? offset);
        // A dropped connection that still moved the upload forward is progress, not a failure.
        if (reached > offset) failures = 0;
        offset = reached;
      }
    }
    db.delete(syncUploads).where(eq(syncUploads.sha256, sha256)).run();
    return bytes.length;
  }

  // ---- digest ---------------------------------------------------------------------------

  localDigest(): Digest {
    const rows = this.store.db
      .select({
        entity: syncVersions.entity,
        id: syncVersions.entityId,
        version: syncVersions.version,
      })
      .from(syncVersions)
      .where(eq(syncVersions.deleted, false))
      .all();
    const byEntity = new Map<string, { id: string; version: number; content?: string }[]>();
    for (const row of rows) {
      const list = byEntity.get(row.entity) ?? [];
      list.push(row);
      byEntity.set(row.entity, list);
    }
    // Content too where every portal field has a local copy (content.ts).
    for (const entity of CONTENT_ENTITIES)
      if (byEntity.has(entity)) byEntity.set(entity, localContent(this.store, entity));
    return Object.fromEntries([...byEntity].map(([entity, list]) => [entity, digestOf(list)]));
  }

  async remoteDigest(): Promise<Digest> {
    return (await this.requestBody(DigestResponse, 'GET', PATHS.digest)).entities;
  }

  /** One entity's records with their content hashes at the portal (`ids`: those, with data). */
  async remoteRecords(entity: Entity, ids?: readonly string[]): Promise<RecordDigest[]> {
    const query = new URLSearchParams({ entity, ...(ids ? { ids: ids.join(',') } : {}) });
    const response = await this.requestBody(DigestResponse, 'GET', `${PATHS.digest}?${query}`);
    return response.records ?? [];
  }

  /** `sync --verify`'s repair: records whose content differs are pulled again (content.ts). */
  repairContent(entities: readonly Entity[]): Promise<Repaired[]> {
    return repairContent(this.store, this, entities, this.options.now);
  }
}

const TUS = { 'tus-resumable': '1.0.0' };

/** Outbox rows not held by an open conflict on one of their fields. */
const notHeld = sql.raw(`NOT ${HELD_ROW}`);

function expectOk(response: RawResponse): RawResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw failureOf(response);
}

/**
 * An upload's `Location` as a path on the portal itself. The access token and the children's
 * documents go wherever it points, so an absolute URL to another origin (or plain HTTP) is
 * refused: null, which the caller treats as an invalid response.
 */
export function portalPath(location: string | null, portalUrl: string): string | null {
  if (!location) return null;
  let url: URL;
  try {
    url = new URL(location, portalUrl);
  } catch {
    return null;
  }
  return url.origin === new URL(portalUrl).origin ? `${url.pathname}${url.search}` : null;
}

/** HTTPS, or plain HTTP to loopback only (PORTAL-SYNC.md). */
export function normalizePortalUrl(raw: string): string {
  let url: URL;
  try {
    url = new URL(raw);
  } catch {
    throw new SyncError('refused');
  }
  const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
  if (url.protocol !== 'https:' && !(url.protocol === 'http:' && loopback))
    throw new SyncError('refused');
  return url.origin;
}

/**
 * Whether the feed moved forward from `from` to `to` (two different cursors). Cursors are
 * opaque, so: a decimal cursor (the emulator's, the portal's today) must grow, and any cursor
 * must be one this run has not been at already.
 */
export function cursorAdvances(from: string, to: string, visited: ReadonlySet<string>): boolean {
  // No position at all is the feed's beginning: never stored over a later one.
  if (visited.has(to) || to === '') return false;
  const decimal = /^\d{1,30}$/;
  return !(decimal.test(from) && decimal.test(to)) || BigInt(to) > BigInt(from);
}

/** Entities whose digests (ids and versions, and content where both have it) differ. */
export function digestDifference(local: Digest, remote: Digest): string[] {
  const entities = new Set([...Object.keys(local), ...Object.keys(remote)]);
  return [...entities]
    .filter((e) => {
      const a = local[e];
      const b = remote[e];
      if (!a && b?.count === 0) return false;
      if (!b && a?.count === 0) return false;
      // Content where both sides hash it (content.ts: the entities with a full local copy).
      const content = a?.content !== undefined && b?.content !== undefined;
      return a?.hash !== b?.hash || a?.count !== b?.count || (content && a.content !== b.content);
    })
    .sort();
}

const REASON_BY_PROBLEM_TYPE: Record<string, RejectionReason> = {
  [PROBLEM_TYPES.validation]: 'validation',
  [PROBLEM_TYPES.forbiddenEntity]: 'forbiddenEntity',
  [PROBLEM_TYPES.notFound]: 'notFound',
  [PROBLEM_TYPES.blobMismatch]: 'blobMismatch',
  [PROBLEM_TYPES.blobMissing]: 'blobMissing',
};

/** The code the UI explains for a rejection's problem type (`other` for any other or none). */
export function rejectionReasonOf(problem: Problem | undefined): RejectionReason {
  return (problem && REASON_BY_PROBLEM_TYPE[problem.type]) ?? 'other';
}
