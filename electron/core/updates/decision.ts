import { createHash } from 'node:crypto';

/**
 * When the desktop app looks for, takes and installs an update: the decisions, without
 * Electron. electron/main/updater.ts asks these and leaves the download itself (generic
 * provider, signature check) to electron-updater.
 */

/** Checks: once at start, then every day the app stays open. */
export const CHECK_INTERVAL_MS = 24 * 60 * 60 * 1000;

/** How long until the next check: now when there was none yet, else a day after the last. */
export function nextCheckDelay(lastCheck: Date | null, now: Date): number {
  if (!lastCheck) return 0;
  const due = lastCheck.getTime() + CHECK_INTERVAL_MS;
  // A clock set back (or a check "in the future") does not postpone the next one past a day.
  return Math.min(Math.max(due - now.getTime(), 0), CHECK_INTERVAL_MS);
}

/**
 * This PC's place in a staged rollout, in [0, 1): stable for one device id (kept by main
 * beside the data folder), spread evenly over devices.
 */
export function rolloutFraction(deviceId: string): number {
  const digest = createHash('sha256').update(`balabaqsha/rollout/${deviceId}`).digest();
  return digest.readUInt32BE(0) / 0x1_0000_0000;
}

/**
 * Whether a release with latest.yml's `stagingPercentage` reaches this PC. No percentage means
 * everyone; one that is not a number is treated as everyone too (as electron-updater does),
 * 0 as no one.
 */
export function withinRollout(stagingPercentage: unknown, fraction: number): boolean {
  if (stagingPercentage === undefined || stagingPercentage === null) return true;
  const percentage = Number(stagingPercentage);
  if (!Number.isFinite(percentage)) return true;
  return fraction < Math.min(Math.max(percentage, 0), 100) / 100;
}

/** x.y.z with an optional -prerelease: negative, 0 or positive as a sorts before b. */
export function compareVersions(a: string, b: string): number {
  const parse = (version: string) => {
    const [core = '', pre] = version.trim().replace(/^v/, '').split(/-(.*)/s);
    return { parts: core.split('.').map((part) => Number(part) || 0), pre: pre ?? '' };
  };
  const left = parse(a);
  const right = parse(b);
  for (let i = 0; i < 3; i++) {
    const diff = (left.parts[i] ?? 0) - (right.parts[i] ?? 0);
    if (diff) return diff;
  }
  // A release sorts after its prereleases (1.2.0-beta.1 < 1.2.0).
  if (left.pre === right.pre) return 0;
  if (!left.pre) return 1;
  if (!right.pre) return -1;
  return left.pre < right.pre ? -1 : 1;
}

/** What latest.yml (the generic provider's feed) says, as far as the decision needs it. */
export interface ReleaseInfo {
  version: string;
  stagingPercentage?: unknown;
  files?: { url: string; sha512?: string; size?: number }[];
}

export type Offer =
  | { kind: 'upToDate' }
  | { kind: 'notYet'; version: string }
  | { kind: 'download'; version: string };

/** Whether to download the release now: newer than this app, and this PC is in its rollout. */
export function decideOffer(release: ReleaseInfo, currentVersion: string, fraction: number): Offer {
  if (compareVersions(release.version, currentVersion) <= 0) return { kind: 'upToDate' };
  if (!withinRollout(release.stagingPercentage, fraction))
    return { kind: 'notYet', version: release.version };
  return { kind: 'download', version: release.version };
}

/** What main knows when the app is about to quit. */
export interface QuitState {
  /** An update finished downloading and its signature was accepted. */
  downloaded: boolean;
  /** The core's store is still open (someone is signed in or it has not closed yet). */
  storeOpen: boolean;
  /** A page holds unsaved work (the register's marks), as beforeunload says. */
  unsavedWork: boolean;
  /** A sync with the portal is running. */
  syncRunning: boolean;
}

export type InstallDecision =
  | { install: true }
  | { install: false; reason: 'nothingDownloaded' | 'unsavedWork' | 'syncRunning' };

/**
 * Install on quit only when nothing can be lost: never over unsaved work in an open store,
 * never in the middle of a sync. A refused install waits for the next quit (the download stays).
 * The new version's first start backs the store up before it migrates (pre-update-backup.ts).
 */
export function decideInstallOnQuit(state: QuitState): InstallDecision {
  if (!state.downloaded) return { install: false, reason: 'nothingDownloaded' };
  if (state.syncRunning) return { install: false, reason: 'syncRunning' };
  if (state.storeOpen && state.unsavedWork) return { install: false, reason: 'unsavedWork' };
  return { install: true };
}
