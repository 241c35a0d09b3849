import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

/**
 * Attachment file format: a 16-byte header (magic "BQA1", chunk size, random nonce prefix)
 * followed by AES-256-GCM chunks, each with its own tag. A chunk's nonce carries its index
 * and its additional data says whether it is the last, so reordered, dropped or truncated
 * chunks fail authentication.
 *
 * Both directions work chunk by chunk (generators): sealing yields each chunk's ciphertext
 * to be written as it comes, opening reads one chunk at a time, so no whole-file ciphertext
 * buffer is ever built. On a machine where fresh memory is dear that is what keeps
 * encryption near the speed of a plain copy.
 */
const MAGIC = Buffer.from('BQA1');
const HEADER_BYTES = 16;
const TAG_BYTES = 16;
export const CHUNK_BYTES = 64 * 1024;
const SEALED_CHUNK_BYTES = CHUNK_BYTES + TAG_BYTES;

function nonce(prefix: Buffer, index: number): Buffer {
  const n = Buffer.alloc(12);
  prefix.copy(n, 0, 0, 8);
  n.writeUInt32BE(index, 8);
  return n;
}

function chunkAad(header: Buffer, isLast: boolean): Buffer {
  return Buffer.concat([header, Buffer.from([isLast ? 1 : 0])]);
}

/** The sealed file as a sequence of pieces: the header, then each chunk's ciphertext and tag. */
export function* sealAttachment(key: Buffer, plaintext: Buffer): Generator<Buffer> {
  const header = Buffer.alloc(HEADER_BYTES);
  MAGIC.copy(header, 0);
  header.writeUInt32BE(CHUNK_BYTES, 4);
  randomBytes(8).copy(header, 8);
  const prefix = header.subarray(8, 16);
  yield header;
  const chunkCount = Math.max(1, Math.ceil(plaintext.length / CHUNK_BYTES));
  for (let index = 0; index < chunkCount; index++) {
    const cipher = createCipheriv('aes-256-gcm', key, nonce(prefix, index));
    cipher.setAAD(chunkAad(header, index === chunkCount - 1));
    yield cipher.update(plaintext.subarray(index * CHUNK_BYTES, (index + 1) * CHUNK_BYTES));
    cipher.final(); // GCM emits nothing here; it computes the tag
    yield cipher.getAuthTag();
  }
}

export function encryptAttachment(key: Buffer, plaintext: Buffer): Buffer {
  return Buffer.concat([...sealAttachment(key, plaintext)]);
}

/** Reads `length` bytes of the sealed file at `position`; fewer only at its end. */
export type SealedReader = (position: number, length: number) => Buffer;

/**
 * The plaintext chunk by chunk, each authenticated before it is yielded. Throws when the file
 * is not ours, was changed, truncated or extended; a truncation is only seen at the end, so a
 * consumer must treat what it got as unusable until the generator has finished.
 */
export function* openAttachment(key: Buffer, size: number, read: SealedReader): Generator<Buffer> {
  const header = Buffer.from(read(0, HEADER_BYTES));
  if (header.length < HEADER_BYTES || !header.subarray(0, 4).equals(MAGIC)) {
    throw new Error('not an attachment file');
  }
  if (header.readUInt32BE(4) !== CHUNK_BYTES) throw new Error('unsupported chunk size');
  const prefix = header.subarray(8, 16);
  let position = HEADER_BYTES;
  for (let index = 0; ; index++) {
    const remaining = size - position;
    if (remaining < TAG_BYTES) throw new Error('attachment truncated');
    const isLast = remaining <= SEALED_CHUNK_BYTES;
    const length = isLast ? remaining : SEALED_CHUNK_BYTES;
    const sealed = read(position, length);
    if (sealed.length !== length) throw new Error('attachment truncated');
    const decipher = createDecipheriv('aes-256-gcm', key, nonce(prefix, index));
    decipher.setAAD(chunkAad(header, isLast));
    decipher.setAuthTag(sealed.subarray(length - TAG_BYTES));
    const plain = decipher.update(sealed.subarray(0, length - TAG_BYTES));
    decipher.final();
    yield plain;
    position += length;
    if (isLast) return;
  }
}

export function decryptAttachment(key: Buffer, file: Buffer): Buffer {
  const read: SealedReader = (position, length) => file.subarray(position, position + length);
  return Buffer.concat([...openAttachment(key, file.length, read)]);
}
