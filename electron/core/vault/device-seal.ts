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
