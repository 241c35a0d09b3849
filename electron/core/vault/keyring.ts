import { createHmac, hkdfSync, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KEY_BYTES, openBox, sealBox } from './aead';
import { deriveKey, newScryptParams, PASSWORD_COST, RECOVERY_COST, ScryptParams } from './kdf';
import { newRecoveryKey, normalizeRecoveryKey } from './recovery-key';
import { writeFileAtomic } from './atomic-file';
import type { DeviceSeal } from './device-seal';
import {
  AppError,
  BackupDamaged,
  KeyringDamaged,
  NeedsNewPassword,
  NotInitialized,
  DeviceMismatch,
  RestoreNeedsDirector,
  WrongPassword,
  WrongRecoveryKey,
} from '../errors/app-error';

/**
 * The key hierarchy (ARCHITECTURE §3). One random 256-bit DEK encrypts the database and
 * wraps every attachment key. It is stored only wrapped: once per staff account under a KEK
 * derived from that account's password, and once under the recovery key. Changing a
 * password or removing an account rewrites a wrap; the database is never re-encrypted.
 *
 * keyring.json = { format, seal, sealed: deviceSeal(AccountWraps), recovery: Wrap }
 * The account wraps are sealed to this device; the recovery wrap is not, so a data folder
 * moved to another computer still opens with the recovery key. Opened that way, the accounts
 * start afresh: the one recovered gets a new wrap, every other is listed in `needsNewPassword`
 * (by lookup id) until the director sets a new password for it.
 */
export const KEYRING_FILE = 'keyring.json';

const DEK_AAD = Buffer.from('balabaqsha/dek/v1');

const Wrap = z.object({ kdf: ScryptParams, box: z.string() });
type Wrap = z.infer<typeof Wrap>;

const AccountWraps = z.object({
  lookupSalt: z.string(),
  accounts: z.record(z.string(), Wrap),
  /** Accounts without a wrap since a recovery on another computer: the director sets one. */
  needsNewPassword: z.array(z.string()).optional(),
});
export type AccountWraps = z.infer<typeof AccountWraps>;

const KeyringFile = z.object({
  format: z.literal(1),
  seal: z.string(),
  sealed: z.string(),
  recovery: Wrap,
});

/** Backups written before format 2: every account's wrap, so any staff password opened them. */
const PortableKeyringV1 = z.object({
  format: z.literal(1),
  accounts: AccountWraps,
  recovery: Wrap,
});

/**
 * The keyring as it travels in a backup. Only the directors' wraps and the recovery wrap open
 * the DEK; the other accounts' wraps (and who needs a new password) are sealed under a key
 * derived from the DEK, so restoring takes a director's password or the recovery key, and a
 * teacher's password opens nothing in the archive.
 */
const PortableKeyringV2 = z.object({
  format: z.literal(2),
  lookupSalt: z.string(),
  directors: z.record(z.string(), Wrap),
  others: z.string(),
  recovery: Wrap,
});
export const PortableKeyring = z.discriminatedUnion('format', [
  PortableKeyringV1,
  PortableKeyringV2,
]);
export type PortableKeyring = z.infer<typeof PortableKeyring>;

const OthersBox = z.object({
  accounts: z.record(z.string(), Wrap),
  needsNewPassword: z.array(z.string()),
});
const OTHERS_AAD = Buffer.from('balabaqsha/backup-accounts/v1');

function othersKey(dek: Buffer, lookupSalt: string): Buffer {
  return Buffer.from(
    hkdfSync('sha256', dek, Buffer.from(lookupSalt, 'base64'), OTHERS_AAD, KEY_BYTES),
  );
}

export type PortableSecret = { password: string; login?: string } | { recoveryKey: string };

/**
 * Opens a backup's keyring: the DEK, every account's wrap, and — when a password opened it —
 * the lookup id of the account it belongs to. A password that opens no director's wrap (a
 * wrong one, or another role's) is RestoreNeedsDirector.
 */
export async function openPortable(
  portable: PortableKeyring,
  secret: PortableSecret,
): Promise<{ dek: Buffer; wraps: AccountWraps; lookupId: string | null }> {
  const lookupSalt = portable.format === 1 ? portable.accounts.lookupSalt : portable.lookupSalt;
  const candidates = portable.format === 1 ? portable.accounts.accounts : portable.directors;
  let dek: Buffer | null = null;
  let lookupId: string | null = null;
  if ('recoveryKey' in secret) {
    const canonical = normalizeRecoveryKey(secret.recoveryKey);
    dek = canonical ? await unwrap(portable.recovery, canonical) : null;
    if (!dek) throw WrongRecoveryKey();
  } else {
    const ids = secret.login
      ? [loginLookupId({ lookupSalt, accounts: {} }, secret.login)]
      : Object.keys(candidates);
    for (const id of ids) {
      dek = await unwrap(candidates[id] ?? DECOY_WRAP, secret.password);
      if (dek && candidates[id]) {
        lookupId = id;
        break;
      }
      dek = null;
    }
    if (!dek) throw RestoreNeedsDirector();
  }
  if (portable.format === 1) return { dek, wraps: portable.accounts, lookupId };
  let others: z.infer<typeof OthersBox>;
  try {
    const plain = openBox(
      othersKey(dek, portable.lookupSalt),
      Buffer.from(portable.others, 'base64'),
      OTHERS_AAD,
    );
    others = OthersBox.parse(JSON.parse(plain.toString('utf8')));
  } catch {
    dek.fill(0);
    throw BackupDamaged('keyring');
  }
  return {
    dek,
    wraps: {
      lookupSalt: portable.lookupSalt,
      accounts: { ...others.accounts, ...portable.directors },
      ...(others.needsNewPassword.length ? { needsNewPassword: others.needsNewPassword } : {}),
    },
    lookupId,
  };
}

async function wrap(dek: Buffer, secret: string, cost: Omit<ScryptParams, 'salt'>): Promise<Wrap> {
  const kdf = newScryptParams(cost);
  const kek = await deriveKey(secret, kdf);
  return { kdf, box: sealBox(kek, dek, DEK_AAD).toString('base64') };
}

/** Null when the secret is wrong: GCM authentication fails. */
async function unwrap(w: Wrap, secret: string): Promise<Buffer | null> {
  const kek = await deriveKey(secret, w.kdf);
  try {
    return openBox(kek, Buffer.from(w.box, 'base64'), DEK_AAD);
  } catch {
    return null;
  }
}

export function normalizeLogin(login: string): string {
  return login.normalize('NFKC').trim().toLowerCase();
}

/** The key of an account in the keyring and the throttle file: no login in plaintext. */
export function loginLookupId(wraps: AccountWraps, login: string): string {
  return createHmac('sha256', Buffer.from(wraps.lookupSalt, 'base64'))
    .update(normalizeLogin(login))
    .digest('base64url');
}

export class Keyring {
  constructor(
    private readonly dataDir: string,
    private readonly deviceSeal: DeviceSeal,
  ) {}

  private get path(): string {
    return join(this.dataDir, KEYRING_FILE);
  }

  exists(): boolean {
    return existsSync(this.path);
  }

  private readFile(): z.infer<typeof KeyringFile> {
    if (!this.exists()) throw NotInitialized();
    try {
      return KeyringFile.parse(JSON.parse(readFileSync(this.path, 'utf8')));
    } catch {
      throw KeyringDamaged();
    }
  }

  /** The account wraps; throws DeviceMismatch on a computer this folder was not set up on. */
  async accountWraps(): Promise<AccountWraps> {
    const file = this.readFile();
    let plain: Buffer;
    try {
      plain = await this.deviceSeal.unseal(Buffer.from(file.sealed, 'base64'));
    } catch (error) {
      // Whatever way the seal fails (DPAPI throwing, a key lost), the way in is the recovery key.
      if (error instanceof AppError) throw error;
      throw DeviceMismatch();
    }
    return AccountWraps.parse(JSON.parse(plain.toString('utf8')));
  }

  private async write(wraps: AccountWraps, recovery: Wrap): Promise<void> {
    const sealed = await this.deviceSeal.seal(Buffer.from(JSON.stringify(wraps), 'utf8'));
    const file: z.infer<typeof KeyringFile> = {
      format: 1,
      seal: this.deviceSeal.kind,
      sealed: sealed.toString('base64'),
      recovery,
    };
    writeFileAtomic(this.path, JSON.stringify(file, null, 2));
  }

  /** A new DEK with its first account and a recovery key, which the caller shows once. */
  async create(login: string, password: string): Promise<{ dek: Buffer; recoveryKey: string }> {
    const dek = randomBytes(KEY_BYTES);
    const recoveryKey = newRecoveryKey();
    const wraps: AccountWraps = { lookupSalt: randomBytes(16).toString('base64'), accounts: {} };
    wraps.accounts[loginLookupId(wraps, login)] = await wrap(dek, password, PASSWORD_COST);
    const recovery = await wrap(dek, normalizeRecoveryKey(recoveryKey)!, RECOVERY_COST);
    await this.write(wraps, recovery);
    return { dek, recoveryKey };
  }

  async unlockWithPassword(login: string, password: string): Promise<Buffer> {
    const wraps = await this.accountWraps();
    const lookupId = loginLookupId(wraps, login);
    const entry = wraps.accounts[lookupId];
    // No password can open an account the recovery on another computer left without a wrap.
    if (!entry && wraps.needsNewPassword?.includes(lookupId)) throw NeedsNewPassword();
    // An unknown login costs the same scrypt as a known one: timing does not reveal it.
    const dek = await unwrap(entry ?? DECOY_WRAP, password);
    if (!entry || !dek) throw WrongPassword();
    return dek;
  }

  /** For maintenance commands that know a password but not whose: tries every account. */
  async unlockWithAnyPassword(password: string): Promise<{ dek: Buffer; lookupId: string }> {
    const wraps = await this.accountWraps();
    for (const [lookupId, entry] of Object.entries(wraps.accounts)) {
      const dek = await unwrap(entry, password);
      if (dek) return { dek, lookupId };
    }
    throw WrongPassword();
  }

  async unlockWithRecoveryKey(recoveryKey: string): Promise<Buffer> {
    const canonical = normalizeRecoveryKey(recoveryKey);
    const dek = canonical ? await unwrap(this.readFile().recovery, canonical) : null;
    if (!dek) throw WrongRecoveryKey();
    return dek;
  }

  /** Sets (adds or replaces) the wrap for one account. Needs the unlocked DEK. */
  async setPassword(dek: Buffer, login: string, password: string): Promise<void> {
    const file = this.readFile();
    const wraps = await this.accountWraps();
    await setWrap(wraps, dek, login, password);
    await this.write(wraps, file.recovery);
  }

  /**
   * The recovery key sets an account's password. On a computer whose seal cannot open the
   * account wraps (the data folder was moved alone) they start afresh: this account gets a
   * wrap and every other active account (`otherLogins`) needs a new password from the
   * director. Returns how many do.
   */
  async recoverAccount(
    dek: Buffer,
    login: string,
    password: string,
    otherLogins: readonly string[],
  ): Promise<{ needNewPassword: number }> {
    const file = this.readFile();
    let wraps: AccountWraps;
    try {
      wraps = await this.accountWraps();
    } catch (error) {
      if (!(error instanceof AppError && error.code === 'deviceMismatch')) throw error;
      wraps = { lookupSalt: randomBytes(16).toString('base64'), accounts: {} };
      const others = otherLogins.filter((other) => normalizeLogin(other) !== normalizeLogin(login));
      wraps.needsNewPassword = others.map((other) => loginLookupId(wraps, other));
    }
    await setWrap(wraps, dek, login, password);
    await this.write(wraps, file.recovery);
    return { needNewPassword: wraps.needsNewPassword?.length ?? 0 };
  }

  /** Whether an account has no wrap on this computer (it needs a new password). */
  async lacksPassword(logins: readonly string[]): Promise<Set<string>> {
    const wraps = await this.accountWraps();
    return new Set(logins.filter((login) => !wraps.accounts[loginLookupId(wraps, login)]));
  }

  async removeAccount(login: string): Promise<void> {
    const file = this.readFile();
    const wraps = await this.accountWraps();
    const lookupId = loginLookupId(wraps, login);
    delete wraps.accounts[lookupId];
    dropNeedsNewPassword(wraps, lookupId);
    await this.write(wraps, file.recovery);
  }

  /**
   * For a backup: the directors' wraps as they are, the other accounts' sealed under a key
   * derived from the DEK (see PortableKeyringV2).
   */
  async toPortable(dek: Buffer, directorLogins: readonly string[]): Promise<PortableKeyring> {
    const wraps = await this.accountWraps();
    const directorIds = new Set(directorLogins.map((login) => loginLookupId(wraps, login)));
    const directors: Record<string, Wrap> = {};
    const others: z.infer<typeof OthersBox> = {
      accounts: {},
      needsNewPassword: wraps.needsNewPassword ?? [],
    };
    for (const [lookupId, entry] of Object.entries(wraps.accounts))
      (directorIds.has(lookupId) ? directors : others.accounts)[lookupId] = entry;
    const box = sealBox(
      othersKey(dek, wraps.lookupSalt),
      Buffer.from(JSON.stringify(others), 'utf8'),
      OTHERS_AAD,
    );
    return {
      format: 2,
      lookupSalt: wraps.lookupSalt,
      directors,
      others: box.toString('base64'),
      recovery: this.readFile().recovery,
    };
  }

  /** Writes a restored keyring, sealed to this device. */
  async writeRestored(wraps: AccountWraps, portable: PortableKeyring): Promise<void> {
    await this.write(wraps, portable.recovery);
  }
}

async function setWrap(wraps: AccountWraps, dek: Buffer, login: string, password: string) {
  const lookupId = loginLookupId(wraps, login);
  wraps.accounts[lookupId] = await wrap(dek, password, PASSWORD_COST);
  dropNeedsNewPassword(wraps, lookupId);
}

function dropNeedsNewPassword(wraps: AccountWraps, lookupId: string): void {
  const rest = (wraps.needsNewPassword ?? []).filter((id) => id !== lookupId);
  if (rest.length) wraps.needsNewPassword = rest;
  else delete wraps.needsNewPassword;
}

/** A wrap nobody can open, unwrapped for unknown logins so they take as long as known ones. */
const DECOY_WRAP: Wrap = {
  kdf: { salt: randomBytes(16).toString('base64'), ...PASSWORD_COST },
  box: randomBytes(60).toString('base64'),
};
