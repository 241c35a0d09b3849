import { mkdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { findPlaintext } from '../helpers/scan';
import { tempFolder } from '../helpers/temp';

// The plaintext greps prove the store leaks nothing only if the scan can find what is there.
describe('the plaintext scan used by the leak tests', () => {
  it('finds UTF-8, UTF-16 LE and BE text and raw bytes in nested files', () => {
    const dir = tempFolder();
    mkdirSync(join(dir, 'nested'));
    writeFileSync(
      join(dir, 'a.bin'),
      Buffer.concat([Buffer.alloc(10), Buffer.from('Әсем', 'utf8')]),
    );
    writeFileSync(join(dir, 'nested', 'b.bin'), Buffer.from('Қасымов', 'utf16le'));
    writeFileSync(join(dir, 'nested', 'c.bin'), Buffer.from('Нұрлан', 'utf16le').swap16());
    writeFileSync(join(dir, 'd.bin'), Buffer.from([0xff, 0xd8, 0x00, 0x91]));
    const found = findPlaintext(dir, [
      'Әсем',
      'Қасымов',
      'Нұрлан',
      Buffer.from([0xd8, 0x00, 0x91]),
      'absent',
    ]);
    expect(found).toHaveLength(4);
    expect(found.join()).not.toContain('absent');
  });
});
