import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../vault/atomic-file';

/**
 * The update server's address, a setting IT staff may point at their district's server. It
 * lives in a plain file in the data folder, not in the encrypted store, because main checks for
 * updates before anyone signs in; it holds no personal data. Empty: the address built into the
 * installer (electron-builder.yml `publish`, the generic provider).
 */
export const UPDATE_SETTINGS_FILE = 'update-settings.json';

/** http(s) only, no credentials in it (the file is plain), at most 500 characters. */
export const UpdateUrl = z
  .string()
  .trim()
  .max(500)
  .refine((value) => {
    if (value === '') return true;
    try {
      const url = new URL(value);
      return (
        (url.protocol === 'https:' || url.protocol === 'http:') && !url.username && !url.password
      );
    } catch {
      return false;
    }
  }, 'invalidUpdateUrl');

const UpdateSettings = z.object({ url: UpdateUrl });

export function readUpdateUrl(dataDir: string): string {
  const path = join(dataDir, UPDATE_SETTINGS_FILE);
  if (!existsSync(path)) return '';
  try {
    return UpdateSettings.parse(JSON.parse(readFileSync(path, 'utf8'))).url;
  } catch {
    return ''; // unreadable or no longer valid: the built-in address
  }
}

export function writeUpdateUrl(dataDir: string, url: string): void {
  const value = UpdateSettings.parse({ url });
  writeFileAtomic(join(dataDir, UPDATE_SETTINGS_FILE), JSON.stringify(value));
}

/** electron-updater's generic provider takes the folder holding latest.yml, ending in '/'. */
export function feedUrl(url: string): string {
  return url.endsWith('/') ? url : `${url}/`;
}
