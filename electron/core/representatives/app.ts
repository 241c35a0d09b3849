import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { childRepresentatives, children, representatives } from '../../../db/schema';
import type { Store } from '../../../db/connection';
import { method } from '../registry/method';
import { representativesOfChild } from './as-seen';
import { representativeAsSeen } from '../auth/visibility';
import { findChild } from '../children/child-record';
import {
  Id,
  ID_DOCUMENT_FIELDS,
  Iin,
  Relation,
  RepresentativeChanges,
  RepresentativeFields,
} from '../children/fields';
import { AppError } from '../errors/app-error';
import { TextLine } from '../text/human-text';
import { recordRepresentativeChange } from '../sync/outbox';
import { representativeRemovalMethods, RepresentativeNotFound } from './removal';

/** The IIN belongs to a person already stored: link them (or confirm changes), never overwrite. */
export const RepresentativeExists = (representativeId: string) =>
  new AppError('representativeExists', { representativeId });

function findRepresentative(store: Store, representativeId: string) {
  return store.db
    .select()
    .from(representatives)
    .where(eq(representatives.id, representativeId))
    .get();
}

export const representativeMethods = {
  /**
   * Links a representative to a child: a new person (`representative`), or a person already in
   * the store (`existing`). The same IIN is the same person, so a new person whose IIN is
   * known is refused (`representativeExists`, with the stored person's id: look them up with
   * `representatives.findByIin`) and nothing changes. `existing.changes` changes exactly the
   * fields it names, and only with `existing.confirmed` (the user saw old and new values side
   * by side); without changes the person is linked as stored.
   */
  'representatives.link': method({
    input: z
      .object({
        childId: Id,
        representative: RepresentativeFields.optional(),
        existing: z
          .object({
            id: Id,
            changes: RepresentativeChanges.optional(),
            confirmed: z.literal(true).optional(),
          })
          .strict()
          .optional(),
        relation: Relation,
        authorityDocument: TextLine(200).nullish(),
        isPrimary: z.boolean().default(false),
      })
      .strict()
      .refine((input) => !input.representative !== !input.existing, {
        path: ['existing'],
        message: 'representativeOrExisting',
      })
      .refine(
        ({ existing }) =>
          !existing?.changes || !Object.keys(existing.changes).length || existing.confirmed,
        { path: ['existing', 'confirmed'], message: 'confirmationRequired' },
      ),
    access: 'children.write',
    kind: 'write',
    entity: 'representative',
    handler: (
      ctx,
      { childId, representative, existing, relation, authorityDocument, isPrimary },
    ) => {
      const changes = existing?.changes ?? {};
      // Identity-document details nobody here may see are not overwritten unseen either.
      if (ID_DOCUMENT_FIELDS.some((field) => field in changes)) ctx.authorize('documents.read');
      return ctx.transact(childId, (store) => {
        findChild(store, childId);
        const now = ctx.now();
        let id: string;
        if (representative) {
          const known = store.db
            .select({ id: representatives.id })
            .from(representatives)
            .where(eq(representatives.iin, representative.iin))
            .get();
          if (known) throw RepresentativeExists(known.id);
          id = randomUUID();
          store.db
            .insert(representatives)
            .values({ id, ...representative, createdAt: now, updatedAt: now })
            .run();
        } else {
          id = existing!.id;
          if (!findRepresentative(store, id)) throw RepresentativeNotFound();
          if (Object.keys(changes).length) {
            store.db
              .update(representatives)
              .set({ ...changes, updatedAt: now })
              .where(eq(representatives.id, id))
              .run();
          }
        }
        if (isPrimary) {
          store.db
            .update(childRepresentatives)
            .set({ isPrimary: false })
            .where(eq(childRepresentatives.childId, childId))
            .run();
        }
        store.db
          .insert(childRepresentatives)
          .values({
            childId,
            representativeId: id,
            relation,
            authorityDocument: authorityDocument ?? null,
            isPrimary,
          })
          .onConflictDoUpdate({
            target: [childRepresentatives.childId, childRepresentatives.representativeId],
            set: { relation, authorityDocument: authorityDocument ?? null, isPrimary },
          })
          .run();
        recordRepresentativeChange(store, id, childId, now);
        // The representative as children.get lists them for this role, with the link.
        const linked = representativesOfChild(store, ctx.may, childId).find((r) => r.id === id);
        return { representativeId: id, ...linked! };
      });
    },
  }),

  /**
   * The person already stored under an IIN, as this role may see them (identity-document
   * details only for staff who handle documents), with the children they represent: what the
   * form shows before linking them to another child. An audited read.
   */
  'representatives.findByIin': method({
    input: z.object({ iin: Iin }).strict(),
    access: 'children.write',
    kind: 'sensitiveRead',
    entity: 'representative',
    handler: (ctx, { iin }) => {
      const store = ctx.store();
      const rep = store.db.select().from(representatives).where(eq(representatives.iin, iin)).get();
      if (!rep) return null;
      ctx.auditRead(rep.id);
      const linkedTo = store.db
        .select({
          childId: children.id,
          lastName: children.lastName,
          firstName: children.firstName,
          patronymic: children.patronymic,
          relation: childRepresentatives.relation,
        })
        .from(childRepresentatives)
        .innerJoin(children, eq(children.id, childRepresentatives.childId))
        .where(eq(childRepresentatives.representativeId, rep.id))
        .all();
      return { ...representativeAsSeen(ctx.may, rep), linkedTo };
    },
  }),
  ...representativeRemovalMethods,
};
