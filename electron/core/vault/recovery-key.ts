import { randomBytes } from 'node:crypto';

/** Crockford base32: no I, L, O, U, so a key read from paper is typed back without doubt. */
const ALPHABET = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';
const KEY_BYTES = 20; // 160 bits → 32 characters
const GROUP = 4;

function encode(bytes: Buffer): string {
  let bits = 0;
  let value = 0;
  let out = '';
  for (const byte of bytes) {
    value = (value << 8) | byte;
    bits += 8;
    while (bits >= 5) {
      out += ALPHABET[(value >>> (bits - 5)) & 31];
      bits -= 5;
    }
  }
  return out;
}

/** A new recovery key, grouped for reading aloud and typing: `ABCD-EFGH-…` (8 groups). */
export function newRecoveryKey(): string {
  const plain = encode(randomBytes(KEY_BYTES));
  return plain.match(new RegExp(`.{${GROUP}}`, 'g'))!.join('-');
}

/**
 * The canonical form of a typed recovery key: case, spaces and dashes ignored, and the
 * letters people confuse with digits read as those digits. Null when it cannot be a key.
 */
export function normalizeRecoveryKey(typed: string): string | null {
  const canonical = typed
    .toUpperCase()
    .replace(/[\s-]/g, '')
    .replace(/O/g, '0')
    .replace(/[IL]/g, '1');
  if (canonical.length !== (KEY_BYTES * 8) / 5) return null;
  return [...canonical].every((c) => ALPHABET.includes(c)) ? canonical : null;
}
