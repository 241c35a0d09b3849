import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import { attachments } from '../../../db/schema';
import { decryptAttachment, encryptAttachment } from './attachment-cipher';
import { writeFileAtomic } from './atomic-file';
import { KEY_BYTES } from './aead';
import { AttachmentDamaged, AttachmentNotFound } from '../errors/app-error';

export const ATTACHMENTS_DIR = 'attachments';

export function attachmentPath(dataDir: string, id: string): string {
  return join(dataDir, ATTACHMENTS_DIR, id);
}

export interface SavedAttachment {
  id: string;
  size: number;
  sha256: string;
}

/**
 * Encrypts the bytes under a fresh key into attachments/<random id>, then records key and
 * hash. Call inside the write transaction of the change that references the file: if that
 * transaction rolls back, only an unreadable orphan file remains (`verify` lists orphans).
 */
export function saveAttachment(
  store: Store,
  dataDir: string,
  bytes: Buffer,
  mime: string,
  now: string,
): SavedAttachment {
  const id = randomBytes(16).toString('hex');
  const fileKey = randomBytes(KEY_BYTES);
  const sha256 = createHash('sha256').update(bytes).digest('hex');
  mkdirSync(join(dataDir, ATTACHMENTS_DIR), { recursive: true });
  writeFileAtomic(attachmentPath(dataDir, id), encryptAttachment(fileKey, bytes));
  store.db
    .insert(attachments)
    .values({ id, fileKey, mime, size: bytes.length, sha256, createdAt: now })
    .run();
  return { id, size: bytes.length, sha256 };
}

/** Decrypts to memory only; throws AttachmentDamaged when the file was changed or lost. */
export function readAttachment(
  store: Store,
  dataDir: string,
  id: string,
): { bytes: Buffer; mime: string } {
  const row = store.db.select().from(attachments).where(eq(attachments.id, id)).get();
  if (!row) throw AttachmentNotFound();
  let plain: Buffer;
  try {
    plain = decryptAttachment(row.fileKey, readFileSync(attachmentPath(dataDir, id)));
  } catch {
    throw AttachmentDamaged(id);
  }
  if (createHash('sha256').update(plain).digest('hex') !== row.sha256) throw AttachmentDamaged(id);
  return { bytes: plain, mime: row.mime };
}

/**
 * Deleting removes key and file: the key inside the change's transaction, the file only once
 * that has committed (a rollback must not lose a file whose record stays). Without its key the
 * file is unreadable anyway; a crash in between leaves an orphan that `verify` lists.
 */
export function deleteAttachmentRecords(store: Store, ids: readonly string[]): void {
  for (const id of ids) store.db.delete(attachments).where(eq(attachments.id, id)).run();
}

export function removeAttachmentFiles(dataDir: string, ids: readonly string[]): void {
  for (const id of ids) rmSync(attachmentPath(dataDir, id), { force: true });
}
