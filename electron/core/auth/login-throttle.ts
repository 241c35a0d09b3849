import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../vault/atomic-file';

const THROTTLE_FILE = 'login-throttle.json';
const MAX_DELAY_SECONDS = 300;

/** Failed sign-ins kept for the audit log until the store is next opened, per account. */
const MAX_UNAUDITED = 200;

const Entry = z.object({
  failures: z.number().int().min(0),
  lastFailureAt: z.number(),
  /**
   * When each failure happened (ms): the store is closed at a failed sign-in, so they wait
   * here, with the lookup id and no login, until a sign-in opens it and they go to the audit log.
   */
  unaudited: z.array(z.number()).max(MAX_UNAUDITED).optional(),
});
const ThrottleFile = z.record(z.string(), Entry);

/**
 * Growing delay after failed sign-ins: 1 s, 2 s, 4 s … up to 5 minutes, per account.
 * Kept in a file beside the keyring (keyed by the login's lookup id, no login in plaintext)
 * so restarting the app does not reset it.
 */
export class LoginThrottle {
  constructor(
    private readonly dataDir: string,
    private readonly clock: () => Date,
  ) {}

  private get path(): string {
    return join(this.dataDir, THROTTLE_FILE);
  }

  private read(): z.infer<typeof ThrottleFile> {
    if (!existsSync(this.path)) return {};
    const parsed = ThrottleFile.safeParse(JSON.parse(readFileSync(this.path, 'utf8')));
    return parsed.success ? parsed.data : {};
  }

  static delaySeconds(failures: number): number {
    return failures === 0 ? 0 : Math.min(2 ** (failures - 1), MAX_DELAY_SECONDS);
  }

  /** Seconds until the next attempt is allowed; 0 when it may go ahead now. */
  secondsUntilAllowed(lookupId: string): number {
    const entry = this.read()[lookupId];
    if (!entry) return 0;
    const allowedAt = entry.lastFailureAt + LoginThrottle.delaySeconds(entry.failures) * 1000;
    return Math.max(0, Math.ceil((allowedAt - this.clock().getTime()) / 1000));
  }

  /**
   * A failed password: counts towards the delay. `audited` false: the caller writes it to the
   * audit log itself (the store is open), so it does not wait here as a failed sign-in.
   */
  recordFailure(lookupId: string, audited = false): void {
    const entries = this.read();
    const failures = (entries[lookupId]?.failures ?? 0) + 1;
    const at = this.clock().getTime();
    const pending = entries[lookupId]?.unaudited ?? [];
    const unaudited = audited ? pending : [...pending, at].slice(-MAX_UNAUDITED);
    entries[lookupId] = { failures, lastFailureAt: at, ...(unaudited.length ? { unaudited } : {}) };
    writeFileAtomic(this.path, JSON.stringify(entries));
  }

  reset(lookupId: string): void {
    const entries = this.read();
    const entry = entries[lookupId];
    if (!entry) return;
    // The delay ends; the failures not yet in the audit log stay until they are.
    if (entry.unaudited?.length) entries[lookupId] = { ...entry, failures: 0 };
    else delete entries[lookupId];
    writeFileAtomic(this.path, JSON.stringify(entries));
  }

  /** Failed sign-ins not yet in the audit log: lookup id and time (ms). */
  unaudited(): { lookupId: string; at: number }[] {
    return Object.entries(this.read()).flatMap(([lookupId, entry]) =>
      (entry.unaudited ?? []).map((at) => ({ lookupId, at })),
    );
  }

  /**
   * Called once `written` (from `unaudited()`) are in the audit log: only those leave the file,
   * so a failure recorded meanwhile waits for the next sign-in.
   */
  markAudited(written: { lookupId: string; at: number }[]): void {
    if (!written.length) return;
    const entries = this.read();
    for (const [lookupId, entry] of Object.entries(entries)) {
      if (!entry.unaudited) continue;
      const done = written.filter((w) => w.lookupId === lookupId).map((w) => w.at);
      const left = [...entry.unaudited];
      for (const at of done) {
        const index = left.indexOf(at);
        if (index >= 0) left.splice(index, 1);
      }
      if (left.length) entries[lookupId] = { ...entry, unaudited: left };
      else if (entry.failures === 0) delete entries[lookupId];
      else entries[lookupId] = { failures: entry.failures, lastFailureAt: entry.lastFailureAt };
    }
    writeFileAtomic(this.path, JSON.stringify(entries));
  }
}
