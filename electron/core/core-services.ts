import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { openStore, type Store } from '../../db/connection';
import { Keyring } from './vault/keyring';
import type { DeviceSeal } from './vault/device-seal';
import { LoginThrottle } from './auth/login-throttle';
import type { Session } from './registry/method';
import { StoreLocked } from './errors/app-error';
import { cupsBackend, type PrintBackend } from './printing/backend';

export const STORE_FILE = 'store.db';

export interface CoreOptions {
  dataDir: string;
  deviceSeal: DeviceSeal;
  /** Injected so tests can move time (throttle delays, idle lock). */
  clock?: () => Date;
  /** Where contracts are printed: CUPS unless the host brings its own (Electron main). */
  printBackend?: PrintBackend;
}

/**
 * The state one running core holds: the data folder, the keyring, and — while someone is
 * signed in — the open store and the session. Locking closes the store and forgets the key.
 */
export class CoreServices {
  readonly dataDir: string;
  readonly deviceSeal: DeviceSeal;
  readonly keyring: Keyring;
  readonly throttle: LoginThrottle;
  readonly clock: () => Date;
  readonly printBackend: PrintBackend;
  session: Session | null = null;
  lastActivity = 0;
  /** From settings; 0 turns the idle lock off. Loaded at sign-in, updated with the setting. */
  idleLockMinutes = 0;
  private openStoreHandle: Store | null = null;
  /** Held while unlocked: adding an account or a recovery wrap needs it. Zeroed on lock. */
  private dekCopy: Buffer | null = null;

  constructor({
    dataDir,
    deviceSeal,
    clock = () => new Date(),
    printBackend = cupsBackend,
  }: CoreOptions) {
    this.dataDir = dataDir;
    this.printBackend = printBackend;
    this.deviceSeal = deviceSeal;
    this.clock = clock;
    this.keyring = new Keyring(dataDir, deviceSeal);
    this.throttle = new LoginThrottle(dataDir, clock);
  }

  get storePath(): string {
    return join(this.dataDir, STORE_FILE);
  }

  /** Set up: keyring and store both exist (a setup that crashed halfway is not). */
  isInitialized(): boolean {
    return this.keyring.exists() && existsSync(this.storePath);
  }

  get isUnlocked(): boolean {
    return this.openStoreHandle !== null;
  }

  store(): Store {
    if (!this.openStoreHandle) throw StoreLocked();
    return this.openStoreHandle;
  }

  dek(): Buffer {
    if (!this.dekCopy) throw StoreLocked();
    return this.dekCopy;
  }

  /** Opens the store with an unwrapped DEK (replacing any open one). */
  unlock(dek: Buffer): Store {
    this.lock();
    mkdirSync(this.dataDir, { recursive: true });
    this.openStoreHandle = openStore({ path: this.storePath, key: dek });
    this.dekCopy = dek;
    return this.openStoreHandle;
  }

  lock(): void {
    this.session = null;
    this.openStoreHandle?.close();
    this.openStoreHandle = null;
    this.dekCopy?.fill(0);
    this.dekCopy = null;
  }

  now(): string {
    return this.clock().toISOString();
  }
}
