import { eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { attachments, documents } from '../../../db/schema';
import { noteChange } from '../registry/record-changes';
import type { PortalIds, RecordType } from '../sync/record-types';

/**
 * The document record: the only code that writes the `documents` table. The portal knows a
 * document's child, type and file (its blob, the plaintext's SHA-256, is uploaded first).
 */

export type DocumentRow = typeof documents.$inferSelect;

export function findDocument(store: ReadableStore, documentId: string): DocumentRow | undefined {
  return store.db.select().from(documents).where(eq(documents.id, documentId)).get();
}

/**
 * Stores a document's record (its files are saved by the caller). `toPortal: false` keeps it
 * here until enrolment queues what the portal lacks (a portfolio's files).
 */
export function insertDocument(
  store: Store,
  values: typeof documents.$inferInsert,
  options: { toPortal: boolean },
): DocumentRow {
  const doc = store.db.insert(documents).values(values).returning().get();
  if (options.toPortal) noteChange(store, { entity: 'document', localId: doc.id });
  return doc;
}

/** Deletes a document's record (its attachments go with it, by the caller); the portal learns it. */
export function deleteDocument(store: Store, documentId: string): void {
  store.db.delete(documents).where(eq(documents.id, documentId)).run();
  noteChange(store, { entity: 'document', localId: documentId, deleted: true });
}

function toWire(store: ReadableStore, documentId: string, ids: PortalIds) {
  const row = store.db
    .select({
      childId: documents.childId,
      type: documents.type,
      sha256: attachments.sha256,
      mime: attachments.mime,
      size: attachments.size,
    })
    .from(documents)
    .innerJoin(attachments, eq(attachments.id, documents.attachmentId))
    .where(eq(documents.id, documentId))
    .get();
  if (!row) return null;
  return {
    id: documentId,
    fields: {
      childId: ids.portal('child', row.childId),
      type: row.type,
      blobSha256: row.sha256,
      mime: row.mime,
      size: row.size,
    },
    blobSha256: row.sha256,
  };
}

export const documentRecord = {
  entity: 'document',
  toWire,
  localIds: (store: Store) =>
    store.sqlite.prepare('SELECT id FROM documents ORDER BY rowid').pluck().all() as string[],
} satisfies RecordType;
