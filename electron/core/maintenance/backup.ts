import { createHash, randomBytes } from 'node:crypto';
import {
  closeSync,
  existsSync,
  fsyncSync,
  mkdirSync,
  openSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  writeSync,
} from 'node:fs';
import { dirname, join } from 'node:path';
import { z } from 'zod';
import type { Store } from '../../../db/connection';
import { Keyring, KEYRING_FILE, PortableKeyring } from '../vault/keyring';
import { ATTACHMENTS_DIR } from '../vault/attachment-files';
import { fsyncDirectory, writeFileAtomic } from '../vault/atomic-file';
import type { DeviceSeal } from '../vault/device-seal';
import { STORE_FILE } from '../core-services';
import { BackupDamaged, TargetNotEmpty } from '../errors/app-error';
import { verifyDataFolder, type VerifyReport } from './verify';

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

export async function createBackup(
  store: Store,
  dataDir: string,
  keyring: Keyring,
  outPath: string,
): Promise<{ entries: number; bytes: number }> {
  // VACUUM INTO writes a consistent snapshot of the live database, encrypted with the same
  // key and cipher (checked by test/integration/backup.test.ts: no plaintext in the archive).
  const snapshot = join(dataDir, `.backup-${randomBytes(8).toString('hex')}.db`);
  const temp = `${outPath}.${randomBytes(6).toString('hex')}.tmp`;
  let fd: number | null = null;
  try {
    store.sqlite.prepare('VACUUM INTO ?').run(snapshot);
    const entries: { name: string; bytes: Buffer }[] = [
      {
        name: KEYRING_FILE,
        bytes: Buffer.from(JSON.stringify(await keyring.toPortable()), 'utf8'),
      },
      { name: STORE_FILE, bytes: readFileSync(snapshot) },
    ];
    const folder = join(dataDir, ATTACHMENTS_DIR);
    const ids = existsSync(folder)
      ? readdirSync(folder).filter((n) => /^[0-9a-f]{32}$/.test(n))
      : [];
    mkdirSync(dirname(outPath), { recursive: true });
    fd = openSync(temp, 'w', 0o600);
    let bytes = 0;
    const write = (data: Buffer | string) => {
      const buffer = typeof data === 'string' ? Buffer.from(data, 'utf8') : data;
      writeSync(fd!, buffer);
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
    renameSync(temp, outPath);
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

export type RestoreSecret = { password: string; login?: string } | { recoveryKey: string };

/**
 * Restores into an empty (or new) folder, seals the keyring to this device, then verifies
 * with the given password or recovery key. On any failure the folder is left empty again.
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
  const portable = PortableKeyring.safeParse(
    keyringEntry ? JSON.parse(keyringEntry.bytes.toString('utf8')) : null,
  );
  if (!portable.success || !entries.some((e) => e.name === STORE_FILE))
    throw BackupDamaged('keyring');
  mkdirSync(dataDir, { recursive: true });
  try {
    for (const entry of entries) {
      if (entry.name === KEYRING_FILE) continue;
      mkdirSync(dirname(join(dataDir, entry.name)), { recursive: true });
      writeFileAtomic(join(dataDir, entry.name), entry.bytes);
    }
    const keyring = new Keyring(dataDir, options.deviceSeal);
    await keyring.writePortable(portable.data);
    const { secret } = options;
    const dek =
      'recoveryKey' in secret
        ? await keyring.unlockWithRecoveryKey(secret.recoveryKey)
        : secret.login
          ? await keyring.unlockWithPassword(secret.login, secret.password)
          : (await keyring.unlockWithAnyPassword(secret.password)).dek;
    const report = verifyDataFolder(dataDir, dek);
    dek.fill(0);
    if (report.problems.length) throw BackupDamaged('verify');
    return report;
  } catch (error) {
    for (const name of readdirSync(dataDir))
      rmSync(join(dataDir, name), { recursive: true, force: true });
    throw error;
  }
}
