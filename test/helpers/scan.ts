import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';

/** Every file below `dir`, recursively. */
export function filesBelow(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? filesBelow(path) : [path];
  });
}

function encodings(text: string): Buffer[] {
  const utf16le = Buffer.from(text, 'utf16le');
  const utf16be = Buffer.from(utf16le).swap16();
  return [Buffer.from(text, 'utf8'), utf16le, utf16be];
}

/** Which of `secrets` appear, in UTF-8 or UTF-16 (either byte order), in any file below `dir`. */
export function findPlaintext(dir: string, secrets: string[]): string[] {
  const found: string[] = [];
  for (const file of filesBelow(dir)) {
    const bytes = readFileSync(file);
    for (const secret of secrets) {
      if (encodings(secret).some((needle) => bytes.includes(needle))) {
        found.push(`${secret} in ${file}`);
      }
    }
  }
  return found;
}
