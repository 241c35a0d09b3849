import { createHash, randomBytes } from 'node:crypto';
import { closeSync, fstatSync, mkdirSync, openSync, readSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { attachments } from '../../../db/schema';
import { CHUNK_BYTES, openAttachment, sealAttachment } from './attachment-cipher';
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
  writeFileAtomic(attachmentPath(dataDir, id), sealAttachment(fileKey, bytes));
  store.db
    .insert(attachments)
    .values({ id, fileKey, mime, size: bytes.length, sha256, createdAt: now })
    .run();
  return { id, size: bytes.length, sha256 };
}

/**
 * The attachment's plaintext chunk by chunk, read through one small reused buffer: each chunk
 * is authenticated before it is yielded and the whole is checked against the recorded hash at
 * the end. Throws AttachmentDamaged when the file was changed or lost (possibly after some
 * chunks: a consumer keeps nothing until the generator has finished). The file stays open
 * until the generator ends: consume it with for…of (which closes it on break or throw) or
 * call return() when stopping early.
 */
export function* readAttachmentChunks(
  store: ReadableStore,
  dataDir: string,
  id: string,
): Generator<Buffer, void, undefined> {
  const row = store.db.select().from(attachments).where(eq(attachments.id, id)).get();
  if (!row) throw AttachmentNotFound();
  let fd: number;
  try {
    fd = openSync(attachmentPath(dataDir, id), 'r');
  } catch {
    throw AttachmentDamaged(id);
  }
  try {
    const buffer = Buffer.allocUnsafe(CHUNK_BYTES + 64);
    const read = (position: number, length: number) => {
      // A read may return fewer bytes than asked (network shares, signals): go on to the end.
      let filled = 0;
      while (filled < length) {
        const got = readSync(fd, buffer, filled, length - filled, position + filled);
        if (got === 0) break;
        filled += got;
      }
      return buffer.subarray(0, filled);
    };
    const hash = createHash('sha256');
    let size = 0;
    try {
      for (const chunk of openAttachment(row.fileKey, fstatSync(fd).size, read)) {
        hash.update(chunk);
        size += chunk.length;
        yield chunk;
      }
    } catch {
      throw AttachmentDamaged(id);
    }
    if (size !== row.size || hash.digest('hex') !== row.sha256) throw AttachmentDamaged(id);
  } finally {
    closeSync(fd);
  }
}

/**
 * Decrypts to memory only; throws AttachmentDamaged when the file was changed or lost.
 * The bytes are a buffer of their own (byteOffset 0, the whole ArrayBuffer): a small
 * `Buffer.allocUnsafe` is a slice of Node's shared pool, and a consumer that reads the
 * underlying ArrayBuffer (pdf-lib's JPEG embedder does) would read other data from offset 0.
 */
export function readAttachment(
  store: ReadableStore,
  dataDir: string,
  id: string,
): { bytes: Buffer; mime: string } {
  const row = store.db
    .select({ mime: attachments.mime, size: attachments.size })
    .from(attachments)
    .where(eq(attachments.id, id))
    .get();
  if (!row) throw AttachmentNotFound();
  const bytes = Buffer.allocUnsafeSlow(row.size);
  let filled = 0;
  for (const chunk of readAttachmentChunks(store, dataDir, id)) {
    if (filled + chunk.length > bytes.length) throw AttachmentDamaged(id);
    filled += chunk.copy(bytes, filled);
  }
  return { bytes, mime: row.mime };
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
