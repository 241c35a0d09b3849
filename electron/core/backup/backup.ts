import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  lstatSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  realpathSync,
  renameSync,
  rmSync,
  statSync,
  writeSync,
} from 'node:fs';
import path, { basename, dirname, join, resolve } from 'node:path';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { openStore, type ReadableStore, snapshotInto } from '../../../db/connection';
import { staffAccounts } from '../../../db/schema';
import {
  Keyring,
  KEYRING_FILE,
  loginLookupId,
  openPortable,
  PortableKeyring,
  type AccountWraps,
  type PortableSecret,
} from '../vault/keyring';
import { ATTACHMENTS_DIR } from '../vault/attachment-files';
import { fsyncDirectory, writeFileAtomic } from '../vault/atomic-file';
import type { DeviceSeal } from '../vault/device-seal';
import { STORE_FILE } from '../core-services';
import {
  BackupDamaged,
  BackupTargetExists,
  BackupTargetInDataFolder,
  BackupTargetIsFolder,
  BackupTargetUnwritable,
  RestoreNeedsDirector,
  TargetNotEmpty,
} from '../errors/app-error';
import { verifyDataFolder, type VerifyReport } from '../maintenance/verify';

/**
 * A backup is one file: a first line naming the format, then entries, each a JSON header
 * line `{name, size, sha256}` followed by its bytes, then `{"end":true,"entries":N}`.
 * Every entry is already encrypted (the store, the attachments) or wrapped (the keyring's
 * DEK wraps), so the archive holds no plaintext and needs a password or the recovery key.
 */
const MAGIC = 'BALABAQSHA-BACKUP 1\n';
const ENTRY_NAME = /^(keyring\.json|store\.db|attachments\/[0-9a-f]{32})$/;

const EntryHeader = z.object({
  name: z.string().regex(ENTRY_NAME),
  size: z.number().int().min(0),
  sha256: z.string(),
});
const EndLine = z.object({ end: z.literal(true), entries: z.number().int() });

const sha256 = (bytes: Buffer) => createHash('sha256').update(bytes).digest('hex');

/** Where `path` really is: symlinks above it resolved, through its nearest existing folder. */
function realLocation(target: string): string {
  const rest: string[] = [];
  let current = target;
  for (;;) {
    try {
      return join(realpathSync.native(current), ...rest);
    } catch {
      const parent = dirname(current);
      if (parent === current) return target;
      rest.unshift(basename(current));
      current = parent;
    }
  }
}

/**
 * Whether `target` is `folder` or lies inside it, comparing paths as the platform's file
 * system does: case-insensitively on Windows (and macOS), as `pathApi` (path.win32 in tests).
 */
export function isInsideFolder(
  folder: string,
  target: string,
  pathApi: path.PlatformPath = path,
  caseInsensitive = pathApi === path.win32 || ['win32', 'darwin'].includes(process.platform),
): boolean {
  const fold = (p: string) => (caseInsensitive ? p.toLowerCase() : p);
  const relative = pathApi.relative(fold(folder), fold(target));
  return (
    relative === '' ||
    !(relative === '..' || relative.startsWith(`..${pathApi.sep}`) || pathApi.isAbsolute(relative))
  );
}

/** The same folder by identity (device and inode), whatever its name's case or mount. */
function sameFolderAbove(folder: string, target: string): boolean {
  const wanted = statSync(folder, { bigint: true });
  for (let current = target; ; current = dirname(current)) {
    let found: ReturnType<typeof statSync> | undefined;
    try {
      found = statSync(current, { bigint: true, throwIfNoEntry: false });
    } catch {
      found = undefined; // not a folder, or not readable: not the data folder either way
    }
    if (found && found.dev === wanted.dev && found.ino === wanted.ino) return true;
    if (dirname(current) === current) return false;
  }
}

/**
 * A file-system refusal at the backup's target (ENOTDIR: a part of the path is a file; EACCES,
 * EROFS, ENOSPC, ENAMETOOLONG…) as a typed error naming the reason's code, not `internal`.
 */
function atTarget<T>(step: () => T): T {
  try {
    return step();
  } catch (error) {
    const code = (error as NodeJS.ErrnoException | null)?.code;
    if (typeof code === 'string' && /^E[A-Z]+$/.test(code))
      throw BackupTargetUnwritable({ reason: code });
    throw error;
  }
}

/**
 * Checks a backup's target before anything is written: never inside the data folder (a
 * backup over keyring.json or store.db would destroy the store), symlinks resolved; an
 * existing file only with `force`; never a folder. Returns the absolute path to write.
 */
export function checkBackupTarget(dataDir: string, outPath: string, force: boolean): string {
  const target = resolve(outPath);
  const realData = realLocation(resolve(dataDir));
  const realTarget = realLocation(target);
  if (
    isInsideFolder(realData, realTarget) ||
    isInsideFolder(resolve(dataDir), target) ||
    (existsSync(realData) && sameFolderAbove(realData, realTarget))
  )
    throw BackupTargetInDataFolder();
  const existing = atTarget(() => lstatSync(target, { throwIfNoEntry: false }));
  if (!existing) {
    // The folder to hold it: its nearest existing part must be a folder (not `backup.bq/x`).
    for (let above = dirname(target); ; above = dirname(above)) {
      const found = atTarget(() => statSync(above, { throwIfNoEntry: false }));
      if (found && !found.isDirectory()) throw BackupTargetUnwritable({ reason: 'ENOTDIR' });
      if (found || dirname(above) === above) break;
    }
  }
  if (
    existing?.isDirectory() ||
    (existing?.isSymbolicLink() && statSync(target, { throwIfNoEntry: false })?.isDirectory())
  )
    throw BackupTargetIsFolder();
  if (existing && !force) throw BackupTargetExists();
  return target;
}

export async function createBackup(
  store: ReadableStore,
  dataDir: string,
  keyring: Keyring,
  options: { outPath: string; force?: boolean; dek: Buffer },
): Promise<{ entries: number; bytes: number }> {
  const force = options.force ?? false;
  const outPath = checkBackupTarget(dataDir, options.outPath, force);
  const directorLogins = store.db
    .select({ login: staffAccounts.login })
    .from(staffAccounts)
    .where(and(eq(staffAccounts.role, 'director'), eq(staffAccounts.active, true)))
    .all()
    .map((row) => row.login);
  // VACUUM INTO writes a consistent snapshot of the live database, encrypted with the same
  // key and cipher (checked by test/integration/backup-restore.test.ts: no plaintext in it).
  const snapshot = join(dataDir, `.backup-${randomBytes(8).toString('hex')}.db`);
  const temp = `${outPath}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | null = null;
  try {
    snapshotInto(store, snapshot);
    const entries: { name: string; bytes: Buffer }[] = [
      {
        name: KEYRING_FILE,
        bytes: Buffer.from(
          JSON.stringify(await keyring.toPortable(options.dek, directorLogins)),
          'utf8',
        ),
      },
      { name: STORE_FILE, bytes: readFileSync(snapshot) },
    ];
    const folder = join(dataDir, ATTACHMENTS_DIR);
    const ids = existsSync(folder)
      ? readdirSync(folder).filter((n) => /^[0-9a-f]{32}$/.test(n))
      : [];
    atTarget(() => mkdirSync(dirname(outPath), { recursive: true }));
    fd = atTarget(() => openSync(temp, 'w', 0o600));
    let bytes = 0;
    const write = (data: Buffer | string) => {
      const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      atTarget(() => writeSync(fd!, buffer));
      bytes += buffer.length;
    };
    write(MAGIC);
    const writeEntry = (name: string, data: Buffer) => {
      write(JSON.stringify({ name, size: data.length, sha256: sha256(data) }) + '\n');
      write(data);
    };
    for (const entry of entries) writeEntry(entry.name, entry.bytes);
    for (const id of ids) writeEntry(`${ATTACHMENTS_DIR}/${id}`, readFileSync(join(folder, id)));
    write(JSON.stringify({ end: true, entries: entries.length + ids.length }) + '\n');
    fsyncSync(fd);
    closeSync(fd);
    fd = null;
    // Checked again just before the rename: a file that appeared meanwhile is not replaced.
    checkBackupTarget(dataDir, outPath, force);
    atTarget(() => renameSync(temp, outPath));
    fsyncDirectory(dirname(outPath));
    return { entries: entries.length + ids.length, bytes };
  } finally {
    if (fd !== null) closeSync(fd);
    rmSync(temp, { force: true });
    rmSync(snapshot, { force: true });
  }
}

export function readBackup(archive: Buffer): { name: string; bytes: Buffer }[] {
  if (archive.subarray(0, MAGIC.length).toString('utf8') !== MAGIC) throw BackupDamaged('format');
  const entries: { name: string; bytes: Buffer }[] = [];
  let offset = MAGIC.length;
  const nextLine = () => {
    const end = archive.indexOf(0x0a, offset);
    if (end < 0) throw BackupDamaged('truncated');
    const line = archive.subarray(offset, end).toString('utf8');
    offset = end + 1;
    try {
      return JSON.parse(line) as unknown;
    } catch {
      throw BackupDamaged('format');
    }
  };
  for (;;) {
    const line = nextLine();
    const end = EndLine.safeParse(line);
    if (end.success) {
      if (end.data.entries !== entries.length) throw BackupDamaged('truncated');
      return entries;
    }
    const header = EntryHeader.safeParse(line);
    if (!header.success) throw BackupDamaged('format');
    const bytes = archive.subarray(offset, offset + header.data.size);
    offset += header.data.size;
    if (bytes.length !== header.data.size || sha256(bytes) !== header.data.sha256) {
      throw BackupDamaged(header.data.name);
    }
    entries.push({ name: header.data.name, bytes });
  }
}

export type RestoreSecret = PortableSecret;

/** Whether the account a password opened is an active director in the restored store. */
function isActiveDirector(dataDir: string, dek: Buffer, wraps: AccountWraps, lookupId: string) {
  const store = openStore({ path: join(dataDir, STORE_FILE), key: dek });
  try {
    return store.db
      .select({ login: staffAccounts.login })
      .from(staffAccounts)
      .where(and(eq(staffAccounts.role, 'director'), eq(staffAccounts.active, true)))
      .all()
      .some((row) => loginLookupId(wraps, row.login) === lookupId);
  } finally {
    store.close();
  }
}

/**
 * Restores into an empty (or new) folder with a director's password or the recovery key
 * (any other password is refused: the archive holds everything, health records included),
 * verifies, then seals the keyring to this device. On any failure the folder is left empty.
 */
export async function restoreBackup(options: {
  archivePath: string;
  dataDir: string;
  deviceSeal: DeviceSeal;
  secret: RestoreSecret;
}): Promise<VerifyReport> {
  const { dataDir } = options;
  if (existsSync(dataDir) && readdirSync(dataDir).length > 0) throw TargetNotEmpty();
  const entries = readBackup(readFileSync(options.archivePath));
  const keyringEntry = entries.find((e) => e.name === KEYRING_FILE);
  let parsed: unknown = null;
  try {
    parsed = keyringEntry ? JSON.parse(keyringEntry.bytes.toString('utf8')) : null;
  } catch {
    throw BackupDamaged('keyring');
  }
  const portable = PortableKeyring.safeParse(parsed);
  if (!portable.success || !entries.some((e) => e.name === STORE_FILE))
    throw BackupDamaged('keyring');
  mkdirSync(dataDir, { recursive: true });
  let dek: Buffer | null = null;
  try {
    const opened = await openPortable(portable.data, options.secret);
    dek = opened.dek;
    for (const entry of entries) {
      if (entry.name === KEYRING_FILE) continue;
      mkdirSync(dirname(join(dataDir, entry.name)), { recursive: true });
      writeFileAtomic(join(dataDir, entry.name), entry.bytes);
    }
    const report = verifyDataFolder(dataDir, dek);
    if (report.problems.length) throw BackupDamaged('verify');
    // Format 2 archives hold only directors' wraps in the open; format 1 held every account's.
    if (opened.lookupId !== null && !isActiveDirector(dataDir, dek, opened.wraps, opened.lookupId))
      throw RestoreNeedsDirector();
    await new Keyring(dataDir, options.deviceSeal).writeRestored(opened.wraps, portable.data);
    return report;
  } catch (error) {
    for (const name of readdirSync(dataDir))
      rmSync(join(dataDir, name), { recursive: true, force: true });
    throw error;
  } finally {
    dek?.fill(0);
  }
}
