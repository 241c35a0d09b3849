import { join } from 'node:path';
import { existsSync, mkdirSync } from 'node:fs';
import { openStore, type Store } from '../../db/connection';
import { Keyring } from './vault/keyring';
import type { DeviceSeal } from './vault/device-seal';
import { LoginThrottle } from './auth/login-throttle';
import type { Session } from './auth/session';
import { StoreLocked } from './errors/app-error';
import { cupsBackend, type PrintBackend } from './printing/backend';
import { backUpBeforeMigrations } from './updates/pre-update-backup';

export const STORE_FILE = 'store.db';

export interface CoreOptions {
  dataDir: string;
  deviceSeal: DeviceSeal;
  /** Injected so tests can move time (throttle delays, idle lock). */
  clock?: () => Date;
  /** Where contracts are printed: CUPS unless the host brings its own (Electron main). */
  printBackend?: PrintBackend;
  /**
   * How long one idle-lock minute lasts, in ms: 60 000. Only the web host's E2E runs shorten it
   * (`BALABAQSHA_IDLE_MINUTE_MS`), so the core's idle timer can run out within a test.
   */
  idleMinuteMs?: number;
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
  readonly idleMinuteMs: number;
  /** Calls being handled now: the idle lock never closes the store under one of them. */
  private runningCalls = 0;
  private idleTimer: ReturnType<typeof setTimeout> | null = null;
  private openStoreHandle: Store | null = null;
  /** Held while unlocked: adding an account or a recovery wrap needs it. Zeroed on lock. */
  private dekCopy: Buffer | null = null;

  constructor({
    dataDir,
    deviceSeal,
    clock = () => new Date(),
    printBackend = cupsBackend,
    idleMinuteMs = 60_000,
  }: CoreOptions) {
    this.dataDir = dataDir;
    this.idleMinuteMs = idleMinuteMs;
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
    // A new version's first migration runs only after a verified copy of the store (issue 16).
    backUpBeforeMigrations({
      dataDir: this.dataDir,
      storePath: this.storePath,
      key: dek,
      now: this.clock(),
    });
    this.openStoreHandle = openStore({ path: this.storePath, key: dek });
    this.dekCopy = dek;
    return this.openStoreHandle;
  }

  /** True once the signed-in session has gone longer than the idle lock allows without activity. */
  idleExpired(): boolean {
    if (!this.session || !this.idleLockMinutes) return false;
    const idleMs = this.clock().getTime() - this.lastActivity;
    return idleMs > this.idleLockMinutes * this.idleMinuteMs;
  }

  /** The session, or null once the idle lock has ended it (even while its store is still open). */
  activeSession(): Session | null {
    return this.idleExpired() ? null : this.session;
  }

  /**
   * Ends an idle session by locking, unless a call is still running on the store: then the
   * last one to end locks it, and meanwhile `activeSession()` refuses every new call.
   */
  lockIfIdle(): void {
    if (this.runningCalls === 0 && this.idleExpired()) this.lock();
  }

  /** The dispatcher brackets every call with these two. */
  callStarted(): void {
    this.runningCalls++;
  }

  callEnded(): void {
    this.runningCalls--;
    this.lockIfIdle();
    this.armIdleTimer();
  }

  /**
   * The core's own idle timer: the store closes when the idle time runs out even if no call
   * ever comes again (a window that stopped counting, or closed). Re-armed after every call,
   * so it follows the latest activity and a changed setting.
   */
  private armIdleTimer(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
    if (!this.session || !this.idleLockMinutes || this.runningCalls > 0) return;
    const left =
      this.idleLockMinutes * this.idleMinuteMs - (this.clock().getTime() - this.lastActivity);
    this.idleTimer = setTimeout(
      () => {
        this.idleTimer = null;
        this.lockIfIdle();
        this.armIdleTimer();
      },
      // At least a second, so a clock standing still (tests inject one) never spins it.
      Math.max(left + 1, 1000),
    );
    this.idleTimer.unref?.();
  }

  lock(): void {
    if (this.idleTimer) clearTimeout(this.idleTimer);
    this.idleTimer = null;
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
