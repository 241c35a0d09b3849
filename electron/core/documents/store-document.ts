import { randomUUID } from 'node:crypto';
import type { Store } from '../../../db/connection';
import type { DocumentType } from '../../../db/schema';
import { saveAttachment } from '../vault/attachment-files';
import { insertDocument } from './document-record';
import type { PreparedFile } from './file-import';

/**
 * Stores a prepared file (and its thumbnail) encrypted and records the document. Call inside
 * the write transaction: a rollback leaves only unreadable orphan files behind. `toPortal`:
 * the portal learns of it with the transaction (else at enrolment, if not before).
 */
export function storeDocument(
  store: Store,
  dataDir: string,
  /** A prepared import, or bytes the core made itself (a signed contract, a CMS signature). */
  file: Pick<PreparedFile, 'bytes' | 'thumbnail'> & { mime: string },
  meta: {
    childId: string;
    type: DocumentType;
    title: string;
    representativeId?: string | null;
    createdBy: string | null;
    toPortal: boolean;
  },
  now: string,
): string {
  const id = randomUUID();
  const original = saveAttachment(store, dataDir, file.bytes, file.mime, now);
  const thumbnail = file.thumbnail
    ? saveAttachment(store, dataDir, file.thumbnail, 'image/jpeg', now)
    : null;
  insertDocument(
    store,
    {
      id,
      childId: meta.childId,
      representativeId: meta.representativeId ?? null,
      type: meta.type,
      title: meta.title,
      attachmentId: original.id,
      thumbnailId: thumbnail?.id ?? null,
      createdAt: now,
      createdBy: meta.createdBy,
    },
    { toPortal: meta.toPortal },
  );
  return id;
}
