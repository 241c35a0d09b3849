import { randomBytes } from 'node:crypto';
import { closeSync, fchmodSync, openSync, renameSync, rmSync, writeFileSync } from 'node:fs';
import { basename, dirname, join, resolve } from 'node:path';

/**
 * Writes a PDF or workbook with children's personal data (IINs) readable by its owner only
 * from its first byte: the bytes go into a new sibling file created 0600, which then replaces
 * the target by a rename. A file already there (say 0644) is never written into, so its
 * readers never see the new content; a failed write leaves the target as it was.
 */
export function writePrivateFile(out: string, bytes: Uint8Array): void {
  const path = resolve(out);
  const temp = join(dirname(path), `.${basename(path)}.${randomBytes(6).toString('hex')}.part`);
  try {
    // 'wx': a new file of ours (never an existing one or a planted link), 0600 before any byte.
    const fd = openSync(temp, 'wx', 0o600);
    try {
      fchmodSync(fd, 0o600);
      writeFileSync(fd, bytes);
    } finally {
      closeSync(fd);
    }
    renameSync(temp, path);
  } catch (error) {
    rmSync(temp, { force: true });
    throw error;
  }
}
