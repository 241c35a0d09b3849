import { randomBytes } from 'node:crypto';
import {
  appendFileSync,
  readdirSync,
  readFileSync,
  rmSync,
  truncateSync,
  writeFileSync,
} from 'node:fs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/connection';
import { CHUNK_BYTES } from '../../electron/core/vault/attachment-cipher';
import {
  attachmentPath,
  readAttachment,
  readAttachmentChunks,
  saveAttachment,
} from '../../electron/core/vault/attachment-files';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';

const HEADER_BYTES = 16;
const SEALED_CHUNK_BYTES = CHUNK_BYTES + 16;

describe('attachment files: written and read piece by piece', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let store: Store;

  beforeAll(async () => {
    fixture = await newStore(root);
    store = fixture.core.services.store();
  });
  afterAll(() => fixture.core.close());

  function save(bytes: Buffer): string {
    return store.sqlite.transaction(
      () =>
        saveAttachment(store, fixture.dataDir, bytes, 'application/pdf', new Date().toISOString())
          .id,
    )();
  }

  function errorCode(read: () => unknown): string | undefined {
    try {
      read();
    } catch (error) {
      return (error as { code?: string }).code;
    }
    return undefined;
  }

  it('round-trips every size around the chunk boundary; the file holds no plaintext', () => {
    for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 7]) {
      const plain = randomBytes(size);
      const id = save(plain);
      expect(readAttachment(store, fixture.dataDir, id).bytes.equals(plain)).toBe(true);
      const chunks = [...readAttachmentChunks(store, fixture.dataDir, id)];
      expect(chunks.every((chunk) => chunk.length <= CHUNK_BYTES)).toBe(true);
      expect(Buffer.concat(chunks).equals(plain)).toBe(true);
      const onDisk = readFileSync(attachmentPath(fixture.dataDir, id));
      expect(onDisk.length).toBe(
        HEADER_BYTES + size + 16 * Math.max(1, Math.ceil(size / CHUNK_BYTES)),
      );
      // No 16-byte window of the plaintext, taken every 4 KiB, appears in the file.
      for (let at = 0; at + 16 <= size; at += 4096)
        expect(onDisk.includes(plain.subarray(at, at + 16))).toBe(false);
    }
  });

  it('reads a small file into a buffer of its own, not a slice of the shared pool', () => {
    // Node's pool serves Buffer.allocUnsafe below 4 KiB: a thumbnail read into such a slice
    // handed pdf-lib (which reads `.buffer` from offset 0) someone else's bytes.
    for (const size of [1, 700, 2047, 4095]) {
      const plain = randomBytes(size);
      const { bytes } = readAttachment(store, fixture.dataDir, save(plain));
      expect(bytes.equals(plain)).toBe(true);
      expect(bytes.byteOffset).toBe(0);
      expect(bytes.buffer.byteLength).toBe(size);
    }
  });

  it('names the file damaged when it is cut at a chunk boundary, extended, changed or gone', () => {
    const plain = randomBytes(3 * CHUNK_BYTES);
    const damages: Array<(path: string) => void> = [
      (path) => truncateSync(path, HEADER_BYTES + 2 * SEALED_CHUNK_BYTES),
      (path) => appendFileSync(path, Buffer.alloc(1)),
      (path) => {
        const bytes = readFileSync(path);
        bytes[bytes.length - 100]! ^= 1;
        writeFileSync(path, bytes);
      },
      (path) => rmSync(path),
    ];
    for (const damage of damages) {
      const id = save(plain);
      damage(attachmentPath(fixture.dataDir, id));
      expect(errorCode(() => readAttachment(store, fixture.dataDir, id))).toBe('attachmentDamaged');
      expect(errorCode(() => [...readAttachmentChunks(store, fixture.dataDir, id)])).toBe(
        'attachmentDamaged',
      );
    }
    expect(errorCode(() => readAttachment(store, fixture.dataDir, 'f'.repeat(32)))).toBe(
      'attachmentNotFound',
    );
  });

  it.skipIf(process.platform !== 'linux')('closes the file when a reader stops early', () => {
    const id = save(randomBytes(4 * CHUNK_BYTES));
    const openFiles = () => readdirSync('/proc/self/fd').length;
    const before = openFiles();
    for (let i = 0; i < 20; i++) {
      for (const chunk of readAttachmentChunks(store, fixture.dataDir, id)) {
        expect(chunk.length).toBe(CHUNK_BYTES);
        break;
      }
    }
    expect(openFiles()).toBe(before);
  });
});
