import { createHmac, randomBytes } from 'node:crypto';
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { KEY_BYTES, openBox, sealBox } from './aead';
import { deriveKey, newScryptParams, PASSWORD_COST, RECOVERY_COST, ScryptParams } from './kdf';
import { newRecoveryKey, normalizeRecoveryKey } from './recovery-key';
import { writeFileAtomic } from './atomic-file';
import type { DeviceSeal } from './device-seal';
import { NotInitialized, WrongPassword, WrongRecoveryKey } from '../errors/app-error';

/**
 * The key hierarchy (ARCHITECTURE §3). One random 256-bit DEK encrypts the database and
 * wraps every attachment key. It is stored only wrapped: once per staff account under a KEK
 * derived from that account's password, and once under the recovery key. Changing a
 * password or removing an account rewrites a wrap; the database is never re-encrypted.
 *
 * keyring.json = { format, seal, sealed: deviceSeal(AccountWraps), recovery: Wrap }
 * The account wraps are sealed to this device; the recovery wrap is not, so a data folder
 * moved to another computer still opens with the recovery key.
 */
export const KEYRING_FILE = 'keyring.json';

const DEK_AAD = Buffer.from('balabaqsha/dek/v1');

const Wrap = z.object({ kdf: ScryptParams, box: z.string() });
type Wrap = z.infer<typeof Wrap>;

const AccountWraps = z.object({
  lookupSalt: z.string(),
  accounts: z.record(z.string(), Wrap),
});
export type AccountWraps = z.infer<typeof AccountWraps>;

const KeyringFile = z.object({
  format: z.literal(1),
  seal: z.string(),
  sealed: z.string(),
  recovery: Wrap,
});

/** The keyring as it travels in a backup: account wraps unsealed (they are still wrapped). */
export const PortableKeyring = z.object({
  format: z.literal(1),
  accounts: AccountWraps,
  recovery: Wrap,
});
export type PortableKeyring = z.infer<typeof PortableKeyring>;

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
    return KeyringFile.parse(JSON.parse(readFileSync(this.path, 'utf8')));
  }

  /** The account wraps; throws DeviceMismatch on a computer this folder was not set up on. */
  async accountWraps(): Promise<AccountWraps> {
    const file = this.readFile();
    const plain = await this.deviceSeal.unseal(Buffer.from(file.sealed, 'base64'));
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
    const entry = wraps.accounts[loginLookupId(wraps, login)];
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
    const wraps = await this.accountWrapsOrEmpty();
    wraps.accounts[loginLookupId(wraps, login)] = await wrap(dek, password, PASSWORD_COST);
    await this.write(wraps, file.recovery);
  }

  async removeAccount(login: string): Promise<void> {
    const file = this.readFile();
    const wraps = await this.accountWraps();
    delete wraps.accounts[loginLookupId(wraps, login)];
    await this.write(wraps, file.recovery);
  }

  /**
   * After recovery on another computer the sealed wraps cannot be read: start them afresh
   * (accounts then get new passwords from the director), keeping the recovery wrap.
   */
  private async accountWrapsOrEmpty(): Promise<AccountWraps> {
    try {
      return await this.accountWraps();
    } catch {
      return { lookupSalt: randomBytes(16).toString('base64'), accounts: {} };
    }
  }

  async toPortable(): Promise<PortableKeyring> {
    return { format: 1, accounts: await this.accountWraps(), recovery: this.readFile().recovery };
  }

  async writePortable(portable: PortableKeyring): Promise<void> {
    await this.write(portable.accounts, portable.recovery);
  }
}

/** A wrap nobody can open, unwrapped for unknown logins so they take as long as known ones. */
const DECOY_WRAP: Wrap = {
  kdf: { salt: randomBytes(16).toString('base64'), ...PASSWORD_COST },
  box: randomBytes(60).toString('base64'),
};
