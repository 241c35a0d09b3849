/**
 * The CLI's exports (contract, export-child, timesheet, fees) carry IINs: the file is the
 * owner's alone from its first byte, also when it replaces a file others could read.
 */
import { linkSync, readdirSync, readFileSync, statSync, writeFileSync, chmodSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { writePrivateFile } from '../../electron/host/cli/private-file';
import { tempFolder } from '../helpers/temp';

const posix = process.platform !== 'win32';

describe('writePrivateFile', () => {
  const root = tempFolder();

  it.runIf(posix)('creates a new file 0600', () => {
    const path = join(root, 'new.pdf');
    writePrivateFile(path, Buffer.from('ЖСН 010101500101'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('ЖСН 010101500101');
  });

  it.runIf(posix)('never writes the content into an existing file others can read', () => {
    const path = join(root, 'old.pdf');
    writeFileSync(path, 'old');
    chmodSync(path, 0o644);
    // A second name of the same inode: whatever is written into the old file shows here.
    const reader = join(root, 'reader-view.pdf');
    linkSync(path, reader);
    writePrivateFile(path, Buffer.from('ЖСН 010101500101'));
    expect(statSync(path).mode & 0o777).toBe(0o600);
    expect(readFileSync(path, 'utf8')).toBe('ЖСН 010101500101');
    // The 0644 inode never held the new bytes (no write-then-chmod window).
    expect(readFileSync(reader, 'utf8')).toBe('old');
    expect(statSync(reader).mode & 0o777).toBe(0o644);
    // No part file left behind.
    expect(readdirSync(root).filter((name) => name.endsWith('.part'))).toEqual([]);
  });

  it('leaves the target as it was when the write fails', () => {
    const path = join(root, 'missing-folder', 'x.pdf');
    expect(() => writePrivateFile(path, Buffer.from('x'))).toThrow();
    expect(readdirSync(root).filter((name) => name.endsWith('.part'))).toEqual([]);
  });
});
