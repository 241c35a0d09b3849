import { and, asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { syncConflicts } from '../../../db/schema';
import { method } from '../registry/method';
import { NoInput } from '../auth/fields';
import { AppError } from '../errors/app-error';
import { Id } from '../children/fields';
import { CONFLICT_ANSWERS } from '../vocabulary/enums';
import { OVERWRITABLE, localIdOf, overwriteLocal } from '../sync/apply';
import {
  currentFieldsChange,
  dropPendingField,
  sendCurrentField,
  sendDeletionAgain,
} from '../sync/outbox';

export const ConflictNotFound = () => new AppError('conflictNotFound');
/** The portal's value of a contract, document or referral has no local copy to go onto. */
export const ConflictPortalValueUnavailable = () => new AppError('conflictPortalValueUnavailable');

export const conflictMethods = {
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
    input: z.object({ conflictId: Id, choice: z.enum(CONFLICT_ANSWERS) }).strict(),
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
          if (choice === 'local') sendDeletionAgain(store, conflict.entity, conflict.entityId, now);
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
          sendCurrentField(
            store,
            { ...conflict, localValue: JSON.parse(conflict.localValue) as unknown },
            conflict.serverVersion,
            now,
          );
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
};
