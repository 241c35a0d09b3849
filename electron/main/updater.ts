/**
 * electron-updater wired to the Electron-free decisions (electron/core/updates/decision.ts):
 * generic provider (latest.yml + installer + blockmap on any HTTP server), the address from
 * Settings or else the installer's own, checks at start and daily, background download,
 * install on the next quit only when decideInstallOnQuit allows. Signature check stays on:
 * without a publisherName in app-update.yml electron-updater would skip it, so then no update
 * is taken at all. Checked by reading; the decisions have their tests.
 */
import { app } from 'electron';
import { autoUpdater } from 'electron-updater';
import { randomUUID } from 'node:crypto';
import { existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  decideInstallOnQuit,
  nextCheckDelay,
  rolloutFraction,
  withinRollout,
} from '../core/updates/decision';
import { feedUrl, readUpdateUrl } from '../core/updates/update-settings';

export interface Updates {
  /** Before the core stops at quit: whether to install the downloaded update now. */
  decideAtQuit(state: { syncRunning: boolean; storeOpen: boolean; unsavedWork: boolean }): void;
}

/** A random id for this PC's place in staged rollouts, kept beside the data folder. */
function deviceId(): string {
  const path = join(app.getPath('userData'), 'update-device-id');
  if (existsSync(path)) return readFileSync(path, 'utf8').trim();
  const id = randomUUID();
  writeFileSync(path, id, { mode: 0o600 });
  return id;
}

function signatureCheckConfigured(): boolean {
  const config = join(process.resourcesPath, 'app-update.yml');
  return existsSync(config) && /^publisherName:/m.test(readFileSync(config, 'utf8'));
}

export function startUpdates(dataDir: string): Updates | null {
  // Only the installed Windows app updates itself (a portable or development run does not).
  if (!app.isPackaged || process.platform !== 'win32' || !signatureCheckConfigured()) return null;
  const fraction = rolloutFraction(deviceId());
  let downloaded = false;
  let lastCheck: Date | null = null;

  autoUpdater.logger = null; // its messages could carry paths with the user's name
  autoUpdater.autoDownload = true;
  autoUpdater.autoInstallOnAppQuit = true; // so its quit handler is added; decideAtQuit gates it
  autoUpdater.allowDowngrade = false;
  autoUpdater.isUserWithinRollout = (info) => withinRollout(info.stagingPercentage, fraction);
  autoUpdater.on('update-downloaded', () => {
    downloaded = true;
  });
  autoUpdater.on('error', () => undefined); // offline or a refused signature: try tomorrow

  const check = () => {
    lastCheck = new Date();
    // Read each time: IT staff may have changed the address in Settings meanwhile.
    const url = readUpdateUrl(dataDir);
    if (url) autoUpdater.setFeedURL({ provider: 'generic', url: feedUrl(url) });
    void autoUpdater.checkForUpdates().catch(() => undefined);
    schedule();
  };
  const schedule = () => setTimeout(check, nextCheckDelay(lastCheck, new Date())).unref();
  schedule();

  return {
    decideAtQuit(state) {
      autoUpdater.autoInstallOnAppQuit = decideInstallOnQuit({ downloaded, ...state }).install;
    },
  };
}
