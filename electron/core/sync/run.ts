/**
 * What one sync run's steps share (client.ts runs them: pull.ts, push.ts, upload.ts): the
 * report they count into, the options they read, and the client's phase and audit.
 */
import type { Store } from '../../../db/connection';
import { appendAudit } from '../audit/audit-log';
import type { PortalSession, SyncFailure } from './transport';

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
  /** Changes from the portal this kindergarten's rules refused (sync.rejectedPulls). */
  rejectedPulls: number;
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

export type ResolvedOptions = Required<Omit<SyncClientOptions, 'fetchImpl'>> & {
  fetchImpl?: typeof fetch;
};

/** One run's view of the client, handed to each step. */
export interface SyncSteps {
  readonly store: Store;
  readonly options: ResolvedOptions;
  readonly session: PortalSession;
  setPhase(phase: SyncPhase, progress?: SyncStatus['progress']): void;
}

/**
 * The audit row of one applied page or push answer, in its transaction: the sync's writes to
 * children's files are the system's (no actor; a person's "sync now" has its own `sync.run`
 * row), and the row names only counts (by entity, or by the portal's answer), never data.
 */
export function auditSyncStep(
  store: Store,
  action: 'sync.pull' | 'sync.push',
  counts: Record<string, number>,
  at: string,
): void {
  const entityId = Object.entries(counts)
    .map(([key, n]) => `${key}:${n}`)
    .join(' ');
  appendAudit(store, { actorId: null, action, entity: 'sync', entityId, outcome: 'ok' }, at);
}
