import { createCipheriv, createDecipheriv, randomBytes } from 'node:crypto';

export const KEY_BYTES = 32;
const IV_BYTES = 12;
const TAG_BYTES = 16;

/** AES-256-GCM sealed box: iv ‖ ciphertext ‖ tag. Throws on any tampering or wrong key. */
export function sealBox(key: Buffer, plaintext: Buffer, aad?: Buffer): Buffer {
  const iv = randomBytes(IV_BYTES);
  const cipher = createCipheriv('aes-256-gcm', key, iv);
  if (aad) cipher.setAAD(aad);
  const body = Buffer.concat([cipher.update(plaintext), cipher.final()]);
  return Buffer.concat([iv, body, cipher.getAuthTag()]);
}

export function openBox(key: Buffer, box: Buffer, aad?: Buffer): Buffer {
  if (box.length < IV_BYTES + TAG_BYTES) throw new Error('sealed box too short');
  const decipher = createDecipheriv('aes-256-gcm', key, box.subarray(0, IV_BYTES));
  if (aad) decipher.setAAD(aad);
  decipher.setAuthTag(box.subarray(box.length - TAG_BYTES));
  return Buffer.concat([
    decipher.update(box.subarray(IV_BYTES, box.length - TAG_BYTES)),
    decipher.final(),
  ]);
}
