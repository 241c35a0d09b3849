import { existsSync, mkdirSync, readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { dirname, join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { KEY_BYTES, openBox, sealBox } from './aead';
import { writeFileAtomic } from './atomic-file';
import { DeviceMismatch } from '../errors/app-error';

/**
 * Binds the keyring to this computer and OS user. In the desktop app it is Electron's
 * safeStorage (DPAPI on Windows), reached from main through a port; Node hosts (CLI, web
 * host, tests) use the file-based stand-in below.
 */
export interface DeviceSeal {
  readonly kind: string;
  seal(plain: Buffer): Promise<Buffer>;
  /** Throws DeviceMismatch when the data was sealed on another device or user. */
  unseal(sealed: Buffer): Promise<Buffer>;
}

export function defaultDeviceKeyPath(): string {
  return process.env.BALABAQSHA_DEVICE_KEY ?? join(homedir(), '.balabaqsha', 'device.key');
}

/**
 * Stand-in for safeStorage where Electron is absent: a random 256-bit key in the user's
 * home folder (mode 0600), outside the data folder. A data folder copied alone to another
 * machine then needs the recovery key, as with DPAPI. It protects less than DPAPI: whoever
 * can read the home folder can read the key.
 */
export class FileDeviceSeal implements DeviceSeal {
  readonly kind = 'device-key-file';

  constructor(private readonly keyPath = defaultDeviceKeyPath()) {}

  private key(): Buffer {
    if (!existsSync(this.keyPath)) {
      mkdirSync(dirname(this.keyPath), { recursive: true, mode: 0o700 });
      writeFileAtomic(this.keyPath, randomBytes(KEY_BYTES));
    }
    const key = readFileSync(this.keyPath);
    if (key.length !== KEY_BYTES) throw DeviceMismatch();
    return key;
  }

  async seal(plain: Buffer): Promise<Buffer> {
    return sealBox(this.key(), plain);
  }

  async unseal(sealed: Buffer): Promise<Buffer> {
    try {
      return openBox(this.key(), sealed);
    } catch {
      throw DeviceMismatch();
    }
  }
}

/**
 * What main needs of Electron's safeStorage. The asynchronous API (`encryptStringAsync`,
 * `decryptStringAsync`, `isAsyncEncryptionAvailable`; the synchronous one is deprecated and
 * removed in Electron 46) is used where this Electron has it; the Electron 39 the app pins has
 * only the synchronous one, whose ciphertext the asynchronous API reads (ARCHITECTURE §8).
 */
export interface SafeStorageLike {
  isEncryptionAvailable(): boolean;
  encryptString(plainText: string): Buffer;
  decryptString(encrypted: Buffer): string;
  isAsyncEncryptionAvailable?(): Promise<boolean>;
  encryptStringAsync?(plainText: string): Promise<Buffer>;
  decryptStringAsync?(encrypted: Buffer): Promise<{ result: string; shouldReEncrypt: boolean }>;
}

/** Whether safeStorage can seal here (asked once, before the core starts). */
export async function safeStorageAvailable(storage: SafeStorageLike): Promise<boolean> {
  try {
    if (storage.isAsyncEncryptionAvailable) return await storage.isAsyncEncryptionAvailable();
    return storage.isEncryptionAvailable();
  } catch {
    return false;
  }
}

/**
 * Main's answer to the core's seal request. Never throws: a seal that cannot decrypt (the
 * profile moved, another PC, `Local State` lost) answers `ok: false`, which the core reports as
 * deviceMismatch and the renderer turns into the recovery-key screen.
 */
export async function answerSealRequest(
  storage: SafeStorageLike,
  operation: 'seal' | 'unseal',
  data: Buffer,
): Promise<{ ok: boolean; data: Buffer }> {
  try {
    if (operation === 'seal') {
      const text = data.toString('base64');
      const sealed = storage.encryptStringAsync
        ? await storage.encryptStringAsync(text)
        : storage.encryptString(text);
      return { ok: true, data: sealed };
    }
    const text = storage.decryptStringAsync
      ? (await storage.decryptStringAsync(data)).result
      : storage.decryptString(data);
    return { ok: true, data: Buffer.from(text, 'base64') };
  } catch {
    return { ok: false, data: Buffer.alloc(0) };
  }
}
