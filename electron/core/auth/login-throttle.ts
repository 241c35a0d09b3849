import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { z } from 'zod';
import { writeFileAtomic } from '../vault/atomic-file';

const THROTTLE_FILE = 'login-throttle.json';
const MAX_DELAY_SECONDS = 300;

const Entry = z.object({ failures: z.number().int().min(0), lastFailureAt: z.number() });
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

  recordFailure(lookupId: string): void {
    const entries = this.read();
    const failures = (entries[lookupId]?.failures ?? 0) + 1;
    entries[lookupId] = { failures, lastFailureAt: this.clock().getTime() };
    writeFileAtomic(this.path, JSON.stringify(entries));
  }

  reset(lookupId: string): void {
    const entries = this.read();
    if (!(lookupId in entries)) return;
    delete entries[lookupId];
    writeFileAtomic(this.path, JSON.stringify(entries));
  }
}
