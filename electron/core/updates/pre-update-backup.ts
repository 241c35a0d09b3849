import type Database from 'better-sqlite3';
import { existsSync, mkdirSync, readdirSync, rmSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { openStore, snapshotInto, type Store } from '../../../db/connection';
import { loadMigrations } from '../../../db/migrate';
import { AppError } from '../errors/app-error';
import { fsyncDirectory } from '../vault/atomic-file';

/**
 * The store as it was just before a new version's first migration: an encrypted copy (same
 * key, same cipher: `VACUUM INTO`) in the data folder's `pre-update-backups`, checked by
 * opening it and running SQLite's integrity check before anything migrates. Kept 30 days and
 * listed in Settings. The keyring does not change with an update, so the copy opens with the
 * same passwords and recovery key: restoring it is putting it back as `store.db`.
 */
export const PRE_UPDATE_DIR = 'pre-update-backups';
export const KEEP_DAYS = 30;
const DAY_MS = 24 * 60 * 60 * 1000;
/** store-v<schema it had>-<UTC time, file-name safe>.db */
const NAME = /^store-v(\d+)-(\d{8}T\d{6}Z)\.db$/;

export const PreUpdateBackupFailed = () => new AppError('preUpdateBackupFailed');

export interface PreUpdateBackup {
  file: string;
  /** How many migrations the store had (its schema version before the update). */
  fromSchema: number;
  takenAt: string;
  bytes: number;
}

const stamp = (date: Date) =>
  date
    .toISOString()
    .replace(/[-:]/g, '')
    .replace(/\.\d+Z$/, 'Z');
const unstamp = (text: string) =>
  new Date(
    `${text.slice(0, 4)}-${text.slice(4, 6)}-${text.slice(6, 8)}T` +
      `${text.slice(9, 11)}:${text.slice(11, 13)}:${text.slice(13, 15)}Z`,
  );

function schemaVersion(sqlite: Database.Database): number {
  return sqlite.pragma('user_version', { simple: true }) as number;
}

/** Opens the copy with the key and asks SQLite to check every page. */
function verifyCopy(path: string, key: Buffer, schema: number): boolean {
  let copy: Store | null = null;
  try {
    copy = openStore({ path, key, readonly: true });
    const check = copy.sqlite.pragma('integrity_check', { simple: true });
    return check === 'ok' && schemaVersion(copy.sqlite) === schema;
  } catch {
    return false;
  } finally {
    copy?.close();
  }
}

/**
 * Before `openStore` migrates: when the store exists and this version brings migrations it has
 * not seen, takes and verifies the copy (or throws preUpdateBackupFailed and nothing migrates).
 * Returns the copy made, or null when there was nothing to migrate. Prunes old copies either way.
 */
export function backUpBeforeMigrations(options: {
  dataDir: string;
  storePath: string;
  key: Buffer;
  now: Date;
  migrationCount?: number;
}): PreUpdateBackup | null {
  const { dataDir, storePath, key, now } = options;
  pruneOldBackups(dataDir, now);
  if (!existsSync(storePath)) return null;
  let store: Store;
  try {
    // Read-only: no migration runs; the app's SQL functions are there for the copy's indexes.
    store = openStore({ path: storePath, key, readonly: true });
  } catch {
    return null; // a wrong key or a damaged file: openStore reports it as it always has
  }
  try {
    const schema = schemaVersion(store.sqlite);
    const latest = options.migrationCount ?? loadMigrations().length;
    if (schema === 0 || schema >= latest) return null;
    const folder = join(dataDir, PRE_UPDATE_DIR);
    const file = `store-v${schema}-${stamp(now)}.db`;
    const path = join(folder, file);
    try {
      mkdirSync(folder, { recursive: true, mode: 0o700 });
      rmSync(path, { force: true });
      snapshotInto(store, path);
      fsyncDirectory(folder);
    } catch {
      discard(path);
      throw PreUpdateBackupFailed();
    }
    if (!verifyCopy(path, key, schema)) {
      discard(path);
      throw PreUpdateBackupFailed();
    }
    return { file, fromSchema: schema, takenAt: now.toISOString(), bytes: statSync(path).size };
  } finally {
    store.close();
  }
}

function discard(path: string): void {
  try {
    rmSync(path, { force: true });
  } catch {
    // its folder could not be made: nothing to remove
  }
}

/** The copies kept, newest first. */
export function listPreUpdateBackups(dataDir: string): PreUpdateBackup[] {
  const folder = join(dataDir, PRE_UPDATE_DIR);
  if (!existsSync(folder) || !statSync(folder).isDirectory()) return [];
  return readdirSync(folder)
    .flatMap((file) => {
      const match = NAME.exec(file);
      if (!match) return [];
      return [
        {
          file,
          fromSchema: Number(match[1]),
          takenAt: unstamp(match[2]!).toISOString(),
          bytes: statSync(join(folder, file)).size,
        },
      ];
    })
    .sort((a, b) => b.takenAt.localeCompare(a.takenAt));
}

/** Removes the copies older than 30 days. */
export function pruneOldBackups(dataDir: string, now: Date): string[] {
  const removed: string[] = [];
  for (const backup of listPreUpdateBackups(dataDir)) {
    if (now.getTime() - Date.parse(backup.takenAt) > KEEP_DAYS * DAY_MS) {
      rmSync(join(dataDir, PRE_UPDATE_DIR, backup.file), { force: true });
      removed.push(backup.file);
    }
  }
  return removed;
}
