import path from 'node:path';
import { describe, expect, it } from 'vitest';
import { isInsideFolder } from '../../electron/core/backup/backup';

describe('a backup target inside the data folder', () => {
  const data = 'C:\\Users\\Aigul\\AppData\\Roaming\\Balabaqsha\\data';

  it('is found on Windows whatever the letter case', () => {
    for (const target of [
      data,
      `${data}\\keyring.json`,
      'c:\\users\\aigul\\appdata\\roaming\\BALABAQSHA\\DATA\\KEYRING.JSON',
      'C:/Users/Aigul/AppData/Roaming/Balabaqsha/Data/attachments/new.bqbackup',
    ])
      expect(isInsideFolder(data, target, path.win32), target).toBe(true);
  });

  it('is not a sibling, a parent or another drive', () => {
    for (const target of [
      'C:\\Users\\Aigul\\AppData\\Roaming\\Balabaqsha\\data-backups\\x.bqbackup',
      'C:\\Users\\Aigul\\AppData\\Roaming\\Balabaqsha\\x.bqbackup',
      'D:\\Users\\Aigul\\AppData\\Roaming\\Balabaqsha\\data\\x.bqbackup',
      'E:\\..backups\\x.bqbackup',
    ])
      expect(isInsideFolder(data, target, path.win32), target).toBe(false);
  });

  it('compares exactly on a case-sensitive disk', () => {
    expect(isInsideFolder('/home/a/data', '/home/a/data/keyring.json', path.posix, false)).toBe(
      true,
    );
    expect(isInsideFolder('/home/a/data', '/home/a/Data/keyring.json', path.posix, false)).toBe(
      false,
    );
    expect(isInsideFolder('/home/a/data', '/home/a/..data/x', path.posix, false)).toBe(false);
  });
});
