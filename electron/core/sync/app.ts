import { hostname } from 'node:os';
import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { organisation, syncOutbox, type RejectionReason } from '../../../db/schema';
import type { WritableStore } from '../../../db/connection';
import { method, type HandlerContext } from '../registry/method';
import { NoInput } from '../auth/fields';
import { AppError } from '../errors/app-error';
import type { CoreServices } from '../core-services';
import { SyncClient, type SyncReport, type SyncStatus } from './client';
import { SyncScheduler } from './scheduler';
import { SyncError } from './transport';
import { onLocalChange, queueUnsynced, recordResend } from './outbox';
import { UuidV7 } from './protocol';
import { changedFields, rejectedPulls, rejectedSubject } from './rejected-view';
import { TextLine } from '../text/human-text';

export const SyncFailed = (reason: string) => new AppError('syncFailed', { reason });
export const NotEnrolled = () => new AppError('notEnrolled');
/** The portal refused the enrolment code (unknown, or issued to another organisation's BIN). */
export const EnrollmentCodeWrong = () => new AppError('enrollmentCodeWrong');
export const RejectedChangeNotFound = () => new AppError('rejectedChangeNotFound');
/** "Send again" of a change whose record was deleted here since. */
export const RejectedEntityMissing = () => new AppError('rejectedEntityMissing');
/** "Send again" of a change that sending again cannot fix (a deletion, a refused entity …). */
export const RejectedNotResendable = () => new AppError('rejectedNotResendable');

/**
 * Rejections that a correction here can fix, so sending again makes sense: a value the portal
 * refused, a file that did not arrive whole. A refused entity or a record deleted at the portal
 * stays refused whatever is sent: those can only be dismissed.
 */
const RESENDABLE_REASONS: ReadonlySet<RejectionReason> = new Set([
  'validation',
  'blobMismatch',
  'blobMissing',
  'attachmentMissing',
  'other',
]);

const resendable = (row: { op: string; rejectionReason: RejectionReason | null }) =>
  row.op === 'upsert' && RESENDABLE_REASONS.has(row.rejectionReason ?? 'other');

const RejectedChange = z.object({ mutationId: UuidV7 }).strict();

/** The rejected outbox row `mutationId`, or RejectedChangeNotFound. */
function rejectedRow(ctx: HandlerContext, mutationId: string) {
  const row = ctx
    .store()
    .db.select()
    .from(syncOutbox)
    .where(and(eq(syncOutbox.mutationId, mutationId), eq(syncOutbox.status, 'rejected')))
    .get();
  if (!row) throw RejectedChangeNotFound();
  return row;
}

function dismiss(store: WritableStore, seq: number): void {
  store.db
    .update(syncOutbox)
    .set({ status: 'dismissed' })
    .where(and(eq(syncOutbox.seq, seq), eq(syncOutbox.status, 'rejected')))
    .run();
}

interface SyncRuntime {
  client: SyncClient;
  scheduler: SyncScheduler;
}

const runtimes = new WeakMap<CoreServices, SyncRuntime>();

/**
 * The sync client and scheduler of one core. The scheduler runs while the store is unlocked
 * and the device is enrolled; it stops by itself on lock and starts again with the next
 * signed-in call of `sync.status` or `sync.run` (the app bar asks for the status on sign-in).
 */
export function syncRuntime(services: CoreServices): SyncRuntime {
  let runtime = runtimes.get(services);
  if (!runtime) {
    // A shorter run deadline for tests of the app and the CLI (the user sets none).
    const runDeadlineMs = Number(process.env.BALABAQSHA_SYNC_RUN_DEADLINE_MS) || undefined;
    const client = new SyncClient({
      store: () => services.store(),
      dataDir: services.dataDir,
      now: () => services.now(),
      ...(runDeadlineMs ? { runDeadlineMs } : {}),
    });
    const scheduler = new SyncScheduler({
      run: () => client.run(),
      active: () => services.isUnlocked,
    });
    runtime = { client, scheduler };
    runtimes.set(services, runtime);
  }
  return runtime;
}

function startScheduler(ctx: HandlerContext, runtime: SyncRuntime): void {
  if (process.env.BALABAQSHA_SYNC_SCHEDULER === 'off') return;
  if (!runtime.client.connection()) return;
  // The writable store: the outbox tells its listeners by the store it writes through. Only
  // a listener is registered here; nothing is written.
  // eslint-disable-next-line no-restricted-syntax -- see above
  onLocalChange(ctx.services.store(), () => runtime.scheduler.poke());
  runtime.scheduler.start();
}

/** Called at sign-in: an enrolled device syncs in the background while unlocked. */
export function startSyncOnSignIn(ctx: HandlerContext): void {
  startScheduler(ctx, syncRuntime(ctx.services));
}

/**
 * The portal answers 403 (`enrollment-refused`) to an enrolment whose code it does not know or
 * issued to another BIN: that is a wrong code to type again, not a failed sync.
 */
function enrollmentFailure(error: unknown): never {
  if (error instanceof SyncError && error.reason === 'refused' && error.status === 403)
    throw EnrollmentCodeWrong();
  return syncFailure(error);
}

/** The sync's failure as an AppError; `retryAfter`: the seconds the portal asked us to wait. */
function syncFailure(error: unknown): never {
  if (error instanceof SyncError) {
    if (error.reason === 'notEnrolled') throw NotEnrolled();
    throw error.retryAfter
      ? new AppError('syncFailed', {
          reason: error.reason,
          retryAfter: Math.ceil(error.retryAfter),
        })
      : SyncFailed(error.reason);
  }
  throw error;
}

const PortalUrl = z
  .string()
  .trim()
  .max(300)
  .refine((value) => {
    try {
      const url = new URL(value);
      const loopback = ['127.0.0.1', 'localhost', '[::1]'].includes(url.hostname);
      return url.protocol === 'https:' || (url.protocol === 'http:' && loopback);
    } catch {
      return false;
    }
  }, 'portalUrlInsecure');

export const syncMethods = {
  /** The app bar: online/offline, last success, pending and conflict counts, progress. */
  'sync.status': method({
    input: NoInput,
    access: 'signedIn',
    kind: 'read',
    entity: 'sync',
    // The status bar polls it every few seconds: that is nobody at the keyboard.
    background: true,
    handler: (ctx): SyncStatus => {
      const runtime = syncRuntime(ctx.services);
      startScheduler(ctx, runtime);
      return runtime.client.status();
    },
  }),

  /** Enrols this device with the portal (code from the portal operator). Director only. */
  'sync.enroll': method({
    input: z
      .object({
        portalUrl: PortalUrl,
        enrollmentCode: z.string().trim().min(1).max(100),
        deviceName: TextLine(100, 1).optional(),
      })
      .strict(),
    access: 'sync.manage',
    kind: 'write',
    entity: 'sync',
    handler: async (ctx, input) => {
      const org = ctx.store().db.select().from(organisation).get();
      if (!org) throw new AppError('notInitialized');
      const runtime = syncRuntime(ctx.services);
      const result = await runtime.client
        .enroll({
          portalUrl: input.portalUrl,
          organizationBin: org.bin,
          enrollmentCode: input.enrollmentCode,
          deviceName: input.deviceName ?? (hostname().slice(0, 100) || 'Balabaqsha Desk'),
          transact: (write) =>
            ctx.transact(null, (store) => {
              write();
              queueUnsynced(store, ctx.now());
            }),
        })
        .catch(enrollmentFailure);
      startScheduler(ctx, runtime);
      return result;
    },
  }),

  /** "Sync now": pull, upload, push; returns the counts. */
  'sync.run': method({
    input: NoInput,
    access: 'sync.run',
    kind: 'act',
    entity: 'sync',
    handler: async (ctx): Promise<SyncReport> => {
      const runtime = syncRuntime(ctx.services);
      if (!runtime.client.connection()) throw NotEnrolled();
      try {
        return await runtime.client.run().catch(syncFailure);
      } finally {
        // The run is recorded whether it succeeded or not; what it pulls, the sync engine
        // writes and audits record by record.
        ctx.audit(null);
        startScheduler(ctx, runtime);
      }
    },
  }),

  /**
   * Changes the portal (or the client, for a file it cannot send) refused; they block nothing
   * else. `reason` is a code the UI explains; `problem` is the portal's own text, in its
   * language ('' when it gave none); `resendable`: whether `sync.resendRejected` may help.
   * Each names its child and record (names only for a role that may read children's files)
   * and lists only the fields it changed (see rejected-view.ts).
   */
  'sync.rejected': method({
    input: NoInput,
    access: 'sync.run',
    kind: 'read',
    entity: 'sync',
    handler: (ctx) =>
      ctx
        .store()
        .db.select()
        .from(syncOutbox)
        .where(eq(syncOutbox.status, 'rejected'))
        .orderBy(asc(syncOutbox.seq))
        .all()
        .map((row) => ({
          mutationId: row.mutationId,
          entity: row.entity,
          entityId: row.entityId,
          op: row.op,
          ...rejectedSubject(ctx.store(), row, ctx.may),
          fields: changedFields(ctx.store(), row),
          at: row.at,
          reason: row.rejectionReason ?? ('other' as RejectionReason),
          problem: row.problem ?? '',
          resendable: resendable(row),
        })),
  }),

  /**
   * Changes the portal sent that this kindergarten's rules refused (an invalid IIN, a status
   * the child cannot reach from its status here): not applied, listed with their reason code,
   * the fields that broke the rule and whom they are about, until a later version of the
   * record keeps the rules (see rejected-view.ts).
   */
  'sync.rejectedPulls': method({
    input: NoInput,
    access: 'sync.run',
    kind: 'read',
    entity: 'sync',
    handler: (ctx) => rejectedPulls(ctx.store(), ctx.may),
  }),

  /** Takes a rejected change off the list; the local data stays as it is. */
  'sync.dismissRejected': method({
    input: RejectedChange,
    access: 'sync.run',
    kind: 'write',
    entity: 'sync',
    handler: (ctx, { mutationId }) => {
      ctx.transact(mutationId, (store) => dismiss(store, rejectedRow(ctx, mutationId).seq));
      return null;
    },
  }),

  /**
   * Sends a rejected change again after a correction here: a new mutation (new id) with the
   * record's current values of the same fields on the current synced version; the rejected
   * row leaves the list in the same transaction.
   */
  'sync.resendRejected': method({
    input: RejectedChange,
    access: 'sync.run',
    kind: 'write',
    entity: 'sync',
    handler: (ctx, { mutationId }) =>
      ctx.transact(mutationId, (store) => {
        const row = rejectedRow(ctx, mutationId);
        if (!resendable(row)) throw RejectedNotResendable();
        const outcome = recordResend(store, row, ctx.now());
        if (outcome === 'missing') throw RejectedEntityMissing();
        if (outcome === 'nothingToSend') throw RejectedNotResendable();
        dismiss(store, row.seq);
        return { mutationId: outcome.mutationId };
      }),
  }),
};
