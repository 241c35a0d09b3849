import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { consents, contracts, documents } from '../../../db/schema';
import { method } from '../registry/method';
import { AppError } from '../errors/app-error';
import { removeAttachmentFiles } from '../vault/attachment-files';
import { auditRemovalReason, deleteDocuments, RemovalReason } from '../documents/removal';
import { findChild } from '../children/child-record';
import { Id } from '../children/fields';
import {
  findLink,
  removeRepresentative,
  RepresentativeNotFound,
  unlinkRepresentative,
} from './representative-record';

export { RepresentativeNotFound };
/** A contract names the representative: it is a signed record, terminated, never removed. */
export const RepresentativeHasContracts = () => new AppError('representativeHasContracts');
/** A consent (current or withdrawn) is evidence of what was agreed: kept, never removed. */
export const RepresentativeHasConsents = () => new AppError('representativeHasConsents');

export const representativeRemovalMethods = {
  /**
   * A representative entered by mistake, removed from the child's file by the director with a
   * reason (a code, audited in the same transaction). Goes with the link: the documents of this
   * child filed under them (their keys deleted, then their files). The person's own record is
   * deleted too when nothing else refers to them (no other child, contract, consent or
   * document); the portal then learns a deletion, otherwise the person as linked to a child
   * they still represent. Refused while a contract for this child names them
   * (representativeHasContracts) or they gave a consent for this child, current or withdrawn
   * (representativeHasConsents): both are kept as evidence. The child is never deleted: the
   * rules keep a child's file even after the family leaves (25-10).
   */
  'representatives.remove': method({
    input: z.object({ childId: Id, representativeId: Id, reason: RemovalReason }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'representative',
    syncs: ['document', 'representative'],
    handler: (ctx, { childId, representativeId, reason }) => {
      const attachmentIds = ctx.transact(childId, (store) => {
        findChild(store, childId);
        if (!findLink(store, childId, representativeId)) throw RepresentativeNotFound();
        const ofThisChild = <T extends typeof contracts | typeof consents | typeof documents>(
          table: T,
        ) => and(eq(table.childId, childId), eq(table.representativeId, representativeId));
        if (
          store.db.select({ id: contracts.id }).from(contracts).where(ofThisChild(contracts)).get()
        )
          throw RepresentativeHasContracts();
        if (store.db.select({ id: consents.id }).from(consents).where(ofThisChild(consents)).get())
          throw RepresentativeHasConsents();
        const documentIds = store.db
          .select({ id: documents.id })
          .from(documents)
          .where(ofThisChild(documents))
          .all()
          .map((d) => d.id);
        const ids = deleteDocuments(store, documentIds);
        // The portal then knows the person as linked to another child they represent, if any.
        const { otherChildId } = unlinkRepresentative(store, childId, representativeId);

        const byPerson = <T extends typeof contracts | typeof consents | typeof documents>(
          table: T,
        ) => eq(table.representativeId, representativeId);
        const referred =
          otherChildId ||
          store.db.select({ id: contracts.id }).from(contracts).where(byPerson(contracts)).get() ||
          store.db.select({ id: consents.id }).from(consents).where(byPerson(consents)).get() ||
          store.db.select({ id: documents.id }).from(documents).where(byPerson(documents)).get();
        if (!referred) removeRepresentative(store, representativeId);
        auditRemovalReason(
          store,
          {
            actorId: ctx.session!.accountId,
            action: 'representatives.remove',
            recordId: representativeId,
            reason,
          },
          ctx.now(),
        );
        return ids;
      });
      removeAttachmentFiles(ctx.services.dataDir, attachmentIds);
      return null;
    },
  }),
};
