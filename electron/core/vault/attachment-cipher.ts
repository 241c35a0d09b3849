import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Attachment file format: a 16-byte header (magic "BQA1", chunk size, random nonce prefix)
 * followed by AES-256-GCM chunks, each with its own tag. A chunk's nonce carries its index
 * and its additional data says whether it is the last, so reordered, dropped or truncated
 * chunks fail authentication.
 */
const MAGIC = Buffer.from('BQA1');
const HEADER_BYTES = 16;
const TAG_BYTES = 16;
export const CHUNK_BYTES = 64 * 1024;

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 8);
  n.writeUInt32BE(index, 8);
  return n;
}

function chunkAad(header: Buffer, isLast: boolean): Buffer {
  return Buffer.concat([header, Buffer.from([isLast ? 1 : 0])]);
}

export function encryptAttachment(key: Buffer, plaintext: Buffer): Buffer {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(CHUNK_BYTES, 4);
  randomBytes(8).copy(header, 8);
  const prefix = header.subarray(8, 16);
  const parts: Buffer[] = [header];
  const chunkCount = Math.max(1, Math.ceil(plaintext.length / CHUNK_BYTES));
  for (let index = 0; index < chunkCount; index++) {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
    cipher.setAAD(chunkAad(header, index === chunkCount - 1));
    const slice = plaintext.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES);
    parts.push(cipher.update(slice), cipher.final(), cipher.getAuthTag());
  }
  return Buffer.concat(parts);
}

/** Throws when the file is not ours, was changed, truncated or extended. */
export function decryptAttachment(key: Buffer, file: Buffer): Buffer {
  const header = file.subarray(0, HEADER_BYTES);
  if (header.length < HEADER_BYTES || !header.subarray(0, 4).equals(MAGIC)) {
    throw new Error('not an attachment file');
  }
  const chunkSize = header.readUInt32BE(4);
  if (chunkSize !== CHUNK_BYTES) throw new Error('unsupported chunk size');
  const prefix = header.subarray(8, 16);
  const sealedChunk = chunkSize + TAG_BYTES;
  const parts: Buffer[] = [];
  let offset = HEADER_BYTES;
  for (let index = 0; ; index++) {
    const remaining = file.length - offset;
    if (remaining < TAG_BYTES) throw new Error('attachment truncated');
    const isLast = remaining <= sealedChunk;
    const length = isLast ? remaining : sealedChunk;
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index));
    decipher.setAAD(chunkAad(header, isLast));
    decipher.setAuthTag(file.subarray(offset + length - TAG_BYTES, offset + length));
    parts.push(
      decipher.update(file.subarray(offset, offset + length - TAG_BYTES)),
      decipher.final(),
    );
    offset += length;
    if (isLast) return Buffer.concat(parts);
  }
}
