import { hostname } from 'node:os';
import { and, asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import {
  children,
  groups,
  notices,
  organisation,
  referrals,
  syncConflicts,
  syncOutbox,
  type RejectionReason,
} from '../../../db/schema';
import { method, type HandlerContext } from '../registry/method';
import { NoInput } from '../auth/fields';
import { AppError } from '../errors/app-error';
import type { CoreServices } from '../core-services';
import { Id, IsoDate } from '../children/fields';
import { SyncClient, type SyncReport, type SyncStatus } from './client';
import { SyncScheduler } from './scheduler';
import { SyncError } from './transport';
import { OVERWRITABLE, localIdOf, overwriteLocal } from './apply';
import {
  currentFieldsChange,
  dropPendingField,
  onLocalChange,
  queueUnsynced,
  recordChange,
  recordChildChange,
  recordReferralChange,
  recordResend,
  type SyncedEntity,
} from './outbox';
import { UuidV7 } from './protocol';
import { changedFields, rejectedSubject } from './rejected-view';
import { TextLine } from '../text/human-text';

export const SyncFailed = (reason: string) => new AppError('syncFailed', { reason });
export const NotEnrolled = () => new AppError('notEnrolled');
/** The portal refused the enrolment code (unknown, or issued to another organisation's BIN). */
export const EnrollmentCodeWrong = () => new AppError('enrollmentCodeWrong');
export const ReferralNotFound = () => new AppError('referralNotFound');
export const ConflictNotFound = () => new AppError('conflictNotFound');
/** The portal's value of a contract, document or referral has no local copy to go onto. */
export const ConflictPortalValueUnavailable = () => new AppError('conflictPortalValueUnavailable');
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

function dismiss(ctx: HandlerContext, seq: number): void {
  ctx
    .store()
    .db.update(syncOutbox)
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
  onLocalChange(ctx.store(), () => runtime.scheduler.poke());
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
    kind: 'write',
    entity: 'sync',
    handler: async (ctx): Promise<SyncReport> => {
      const runtime = syncRuntime(ctx.services);
      if (!runtime.client.connection()) throw NotEnrolled();
      try {
        return await runtime.client.run().catch(syncFailure);
      } finally {
        // The run is recorded whether it succeeded or not; it changes only synced data.
        ctx.transact(null, () => undefined);
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

  /** Takes a rejected change off the list; the local data stays as it is. */
  'sync.dismissRejected': method({
    input: RejectedChange,
    access: 'sync.run',
    kind: 'write',
    entity: 'sync',
    handler: (ctx, { mutationId }) => {
      ctx.transact(mutationId, () => dismiss(ctx, rejectedRow(ctx, mutationId).seq));
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
        dismiss(ctx, row.seq);
        return { mutationId: outcome.mutationId };
      }),
  }),

  /** Referrals (жолдама) the portal issued to this kindergarten, with their child. */
  'referrals.list': method({
    input: z
      .object({ status: z.enum(['issued', 'accepted', 'cancelled', 'expired']).optional() })
      .strict()
      .default({}),
    // The director's inbox: names and birth dates of children not yet in any group.
    access: 'sync.manage',
    kind: 'read',
    entity: 'referral',
    handler: (ctx, { status }) => {
      const store = ctx.store();
      return store.db
        .select()
        .from(referrals)
        .where(status ? eq(referrals.status, status) : undefined)
        .orderBy(desc(referrals.issuedOn), asc(referrals.number))
        .all()
        .map((referral) => {
          const childId = localIdOf(store, 'child', referral.childId);
          const child =
            store.db
              .select({
                id: children.id,
                lastName: children.lastName,
                firstName: children.firstName,
                patronymic: children.patronymic,
                birthDate: children.birthDate,
                status: children.status,
              })
              .from(children)
              .where(eq(children.id, childId))
              .get() ?? null;
          return { ...referral, child };
        });
    },
  }),

  /** Accepts a referral: the child's file (created by the pull) is enrolled into a group. */
  'referrals.accept': method({
    input: z.object({ referralId: z.string().min(1).max(100), groupId: Id, on: IsoDate }).strict(),
    access: 'sync.manage',
    kind: 'write',
    entity: 'referral',
    handler: (ctx, { referralId, groupId, on }) => {
      const store = ctx.store();
      const referral = store.db.select().from(referrals).where(eq(referrals.id, referralId)).get();
      if (!referral || referral.status !== 'issued' || referral.acceptedChildId)
        throw ReferralNotFound();
      if (!store.db.select().from(groups).where(eq(groups.id, groupId)).get())
        throw new AppError('invalidInput', { fields: ['groupId'] });
      const childId = localIdOf(store, 'child', referral.childId);
      const child = store.db.select().from(children).where(eq(children.id, childId)).get();
      if (!child) throw new AppError('childNotFound');
      if (child.status !== 'referred' && child.status !== 'withdrawn')
        throw new AppError('statusChangeNotAllowed');
      ctx.transact(childId, (tx) => {
        const now = ctx.now();
        tx.db
          .update(children)
          .set({
            status: 'enrolled',
            groupId,
            enrolledOn: on,
            leftOn: null,
            referralNumber: referral.number,
            updatedAt: now,
          })
          .where(eq(children.id, childId))
          .run();
        tx.db
          .update(referrals)
          .set({ status: 'accepted', acceptedChildId: childId, acceptedAt: now })
          .where(eq(referrals.id, referralId))
          .run();
        recordChildChange(tx, childId, now, ['status', 'groupId', 'enrolledOn', 'leftOn']);
        // Accepting is the kindergarten's act: the referral's status is ours to tell the portal.
        recordReferralChange(tx, referral.id, now);
      });
      return { childId };
    },
  }),

  /**
   * Fields both sides changed, both values side by side, waiting for a person's choice. The
   * values are personal data (health summaries, addresses, identity): an audited read.
   */
  'conflicts.list': method({
    input: NoInput,
    access: 'sync.run',
    kind: 'sensitiveRead',
    entity: 'conflict',
    handler: (ctx) =>
      ctx
        .store()
        .db.select()
        .from(syncConflicts)
        .where(eq(syncConflicts.status, 'open'))
        .orderBy(asc(syncConflicts.createdAt))
        .all()
        .map((row) => {
          ctx.auditRead(row.id);
          // The value here now, which `local` would send: it may have been edited since.
          const current =
            row.field === 'deleted'
              ? undefined
              : currentFieldsChange(ctx.store(), row.entity, row.entityId, { [row.field]: null })
                  ?.fields[row.field];
          return {
            id: row.id,
            entity: row.entity,
            entityId: localIdOf(ctx.store(), row.entity, row.entityId),
            field: row.field,
            localValue: JSON.parse(row.localValue) as unknown,
            serverValue: JSON.parse(row.serverValue) as unknown,
            /** The field's value here now when it differs from `localValue` (edited since). */
            changedHere:
              current !== undefined && JSON.stringify(current ?? null) !== row.localValue,
            currentValue: current ?? null,
            /** Whether `server` can be chosen: the portal's value has a local copy to go onto. */
            serverChoice: row.field === 'deleted' || OVERWRITABLE.has(row.entity),
            createdAt: row.createdAt,
          };
        }),
  }),

  /**
   * Keeps one side: `server` writes the portal's value onto the local copy (child,
   * representative, health summary; refused for contracts, documents and referrals, which have
   * no local copy of the portal's value) and drops the field from the changes held for it;
   * `local` sends the field's current local value (edited since, maybe) on top of the portal's
   * version, after the held changes. The choice is kept with the conflict and the call is audited.
   */
  'conflicts.resolve': method({
    input: z.object({ conflictId: Id, choice: z.enum(['local', 'server']) }).strict(),
    access: 'sync.manage',
    kind: 'write',
    entity: 'conflict',
    handler: (ctx, { conflictId, choice }) => {
      ctx.transact(conflictId, (store) => {
        const conflict = store.db
          .select()
          .from(syncConflicts)
          .where(and(eq(syncConflicts.id, conflictId), eq(syncConflicts.status, 'open')))
          .get();
        if (!conflict) throw ConflictNotFound();
        const now = ctx.now();
        const field = { [conflict.field]: JSON.parse(conflict.serverValue) as unknown };
        if (conflict.field === 'deleted') {
          // A local deletion the portal refused: `local` deletes again on the portal's version.
          if (choice === 'local')
            recordChange(
              store,
              {
                entity: conflict.entity as SyncedEntity,
                id: localIdOf(store, conflict.entity, conflict.entityId),
                op: 'delete',
                fields: {},
              },
              now,
            );
        } else if (choice === 'server') {
          if (!OVERWRITABLE.has(conflict.entity)) throw ConflictPortalValueUnavailable();
          overwriteLocal(store, conflict.entity, conflict.entityId, field, now);
          // Nothing sent afterwards may overwrite the value the person chose.
          dropPendingField(store, conflict.entity, conflict.entityId, conflict.field);
        } else {
          // The field's value here NOW (it may have been edited since the conflict) replaces
          // the held changes of it, made on the portal's version the inbox showed: a value the
          // portal got after that is never overwritten unseen (it comes back as a new conflict).
          // A record gone here has no value to keep: its removal is the change the portal learns.
          const change = currentFieldsChange(store, conflict.entity, conflict.entityId, {
            [conflict.field]: JSON.parse(conflict.localValue) as unknown,
          });
          if (change) {
            dropPendingField(store, conflict.entity, conflict.entityId, conflict.field);
            recordChange(store, { ...change, baseVersion: conflict.serverVersion }, now);
          }
        }
        store.db
          .update(syncConflicts)
          .set({
            status: 'resolved',
            resolution: choice,
            resolvedAt: now,
            resolvedBy: ctx.session!.accountId,
          })
          .where(eq(syncConflicts.id, conflictId))
          .run();
      });
      return null;
    },
  }),

  /** Rule-change notices from the portal, newest first. */
  'notices.list': method({
    input: NoInput,
    access: 'signedIn',
    kind: 'read',
    entity: 'notice',
    handler: (ctx) =>
      ctx
        .store()
        .db.select()
        .from(notices)
        .orderBy(desc(notices.publishedOn), asc(notices.id))
        .all()
        .map((n) => ({
          id: n.id,
          publishedOn: n.publishedOn,
          rulesVersion: n.rulesVersion,
          title: { kk: n.titleKk, ru: n.titleRu },
          body: { kk: n.bodyKk, ru: n.bodyRu },
        })),
  }),
};
