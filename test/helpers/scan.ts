import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir`, recursively. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

function encodings(secret: string | Buffer): Buffer[] {
  if (Buffer.isBuffer(secret)) return [secret]; // raw bytes, e.g. a slice of an image
  const text = secret;
  const utf16le = Buffer.from(text, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  return [Buffer.from(text, 'utf8'), utf16le, utf16be];
}

/**
 * Which of `secrets` appear in any file below `dir`: strings in UTF-8 or UTF-16 (either
 * byte order), buffers byte for byte.
 */
export function findPlaintext(dir: string, secrets: (string | Buffer)[]): string[] {
  const found: string[] = [];
  for (const file of filesBelow(dir)) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      if (encodings(secret).some((needle) => bytes.includes(needle))) {
        found.push(`${Buffer.isBuffer(secret) ? `<${secret.length} bytes>` : secret} in ${file}`);
      }
    }
  }
  return found;
}
