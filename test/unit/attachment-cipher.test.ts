import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  CHUNK_BYTES,
  decryptAttachment,
  encryptAttachment,
} from '../../electron/core/vault/attachment-cipher';

const key = randomBytes(32);

describe('attachment cipher', () => {
  it('round-trips any content, empty and multi-chunk included', () => {
    for (const size of [0, 1, CHUNK_BYTES - 1, CHUNK_BYTES, CHUNK_BYTES + 1, 3 * CHUNK_BYTES + 7]) {
      const plain = randomBytes(size);
      const sealed = encryptAttachment(key, plain);
      expect(sealed.includes(plain.subarray(0, 64)) && size >= 64).toBe(false);
      expect(decryptAttachment(key, sealed).equals(plain)).toBe(true);
    }
  });

  it('fails on a flipped byte anywhere, truncation, extension, swapped chunks or another key', () => {
    const plain = randomBytes(2 * CHUNK_BYTES + 100);
    const sealed = encryptAttachment(key, plain);
    fc.assert(
      fc.property(fc.integer({ min: 0, max: sealed.length - 1 }), (offset) => {
        const damaged = Buffer.from(sealed);
        damaged[offset]! ^= 0x01;
        expect(() => decryptAttachment(key, damaged)).toThrow();
      }),
      { numRuns: 200 },
    );
    const chunk = CHUNK_BYTES + 16;
    const headerEnd = 16;
    expect(() => decryptAttachment(key, sealed.subarray(0, headerEnd + 2 * chunk))).toThrow();
    expect(() => decryptAttachment(key, sealed.subarray(0, sealed.length - 1))).toThrow();
    expect(() => decryptAttachment(key, Buffer.concat([sealed, Buffer.alloc(1)]))).toThrow();
    const swapped = Buffer.concat([
      sealed.subarray(0, headerEnd),
      sealed.subarray(headerEnd + chunk, headerEnd + 2 * chunk),
      sealed.subarray(headerEnd, headerEnd + chunk),
      sealed.subarray(headerEnd + 2 * chunk),
    ]);
    expect(() => decryptAttachment(key, swapped)).toThrow();
    expect(() => decryptAttachment(randomBytes(32), sealed)).toThrow();
  });
});
