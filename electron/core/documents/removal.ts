import { eq, inArray, or } from 'drizzle-orm';
import { z } from 'zod';
import type { Store } from '../../../db/connection';
import { contracts, contractSignatures, documents } from '../../../db/schema';
import { appendAudit } from '../audit/audit-log';
import { AppError } from '../errors/app-error';
import { deleteAttachmentRecords } from '../vault/attachment-files';
import { deleteDocument } from './document-record';

/**
 * Why a record entered by mistake is removed. A fixed list, not free text: the reason goes to
 * the audit log, whose rows hold ids and codes only, never words someone typed (which could
 * name a person).
 */
export const REMOVAL_REASONS = [
  'duplicate',
  'wrongChild',
  'wrongPerson',
  'wrongFile',
  'enteredInError',
] as const;
export const RemovalReason = z.enum(REMOVAL_REASONS);
export type RemovalReason = z.infer<typeof RemovalReason>;

/** A signed contract's scan is part of the contract: it is not removed on its own. */
export const DocumentInUse = () => new AppError('documentInUse');

/**
 * The reason of a removal, as one more audit row in the removal's transaction (so it is in
 * the hash chain): the method as action, `removalReason.<code>` as entity and the removed
 * record's id. The call's own row (entity id: the child) is written by the dispatcher.
 */
export function auditRemovalReason(
  store: Store,
  entry: { actorId: string | null; action: string; recordId: string; reason: RemovalReason },
  at: string,
): void {
  appendAudit(
    store,
    {
      actorId: entry.actorId,
      action: entry.action,
      entity: `removalReason.${entry.reason}`,
      entityId: entry.recordId,
      outcome: 'ok',
    },
    at,
  );
}

/**
 * Deletes documents with their attachments' keys and queues their deletion for the portal.
 * Call inside the write transaction; returns the attachment ids whose files are to be
 * removed once it has committed (`removeAttachmentFiles`). Refuses a signed contract's scan.
 */
export function deleteDocuments(store: Store, documentIds: readonly string[]) {
  if (!documentIds.length) return [];
  const rows = store.db
    .select({
      id: documents.id,
      attachmentId: documents.attachmentId,
      thumbnailId: documents.thumbnailId,
    })
    .from(documents)
    .where(inArray(documents.id, [...documentIds]))
    .all();
  const attachmentIds: string[] = [];
  for (const doc of rows) {
    const scanOf = store.db
      .select({ id: contracts.id })
      .from(contracts)
      .where(eq(contracts.signedScanId, doc.id))
      .get();
    if (scanOf) throw DocumentInUse();
    // A signed PDF or a signature of an e-contract is the contract's evidence: it stays.
    const signatureOf = store.db
      .select({ id: contractSignatures.id })
      .from(contractSignatures)
      .where(
        or(
          eq(contractSignatures.pdfDocumentId, doc.id),
          eq(contractSignatures.cmsDocumentId, doc.id),
        ),
      )
      .get();
    if (signatureOf) throw DocumentInUse();
    deleteDocument(store, doc.id);
    const ids = [doc.attachmentId, doc.thumbnailId].filter((id): id is string => id !== null);
    deleteAttachmentRecords(store, ids);
    attachmentIds.push(...ids);
  }
  return attachmentIds;
}
