import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { childRepresentatives, children, representatives } from '../../../db/schema';
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
import { TextLine } from '../text/human-text';
import { representativeRemovalMethods } from './removal';
import {
  createRepresentative,
  linkRepresentative,
  updateRepresentative,
} from './representative-record';

export { RepresentativeExists } from './representative-record';

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
    syncs: 'representative',
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
        const id = representative
          ? createRepresentative(store, { id: randomUUID(), ...representative }, now).id
          : updateRepresentative(store, existing!.id, changes, now).id;
        linkRepresentative(store, {
          childId,
          representativeId: id,
          relation,
          authorityDocument: authorityDocument ?? null,
          isPrimary,
        });
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
