import { describe, expect, it } from 'vitest';
import {
  CHECK_INTERVAL_MS,
  compareVersions,
  decideInstallOnQuit,
  decideOffer,
  nextCheckDelay,
  rolloutFraction,
  withinRollout,
} from '../../electron/core/updates/decision';

const now = new Date('2026-12-01T09:00:00Z');
const hours = (h: number) => h * 60 * 60 * 1000;

describe('when to check', () => {
  it('checks at start, then a day after the last check', () => {
    expect(nextCheckDelay(null, now)).toBe(0);
    expect(nextCheckDelay(new Date(now.getTime() - hours(1)), now)).toBe(hours(23));
    expect(nextCheckDelay(new Date(now.getTime() - hours(30)), now)).toBe(0);
  });
  it('a clock set back never postpones the check past a day', () => {
    expect(nextCheckDelay(new Date(now.getTime() + hours(72)), now)).toBe(CHECK_INTERVAL_MS);
  });
});

describe('staged rollout', () => {
  it('a device keeps its place; places spread evenly', () => {
    expect(rolloutFraction('pc-1')).toBe(rolloutFraction('pc-1'));
    const fractions = Array.from({ length: 2000 }, (_, i) => rolloutFraction(`pc-${i}`));
    expect(fractions.every((f) => f >= 0 && f < 1)).toBe(true);
    const inTenPercent = fractions.filter((f) => withinRollout(10, f)).length;
    expect(inTenPercent).toBeGreaterThan(140);
    expect(inTenPercent).toBeLessThan(260);
  });
  it('a device in a 20% rollout stays in it at 50% and 100%; none at 0%', () => {
    const fraction = 0.15;
    expect(withinRollout(20, fraction)).toBe(true);
    expect(withinRollout(50, fraction)).toBe(true);
    expect(withinRollout(100, fraction)).toBe(true);
    expect(withinRollout(10, fraction)).toBe(false);
    expect(withinRollout(0, 0)).toBe(false);
  });
  it('no percentage, or one that is not a number, means everyone', () => {
    expect(withinRollout(undefined, 0.99)).toBe(true);
    expect(withinRollout('abc', 0.99)).toBe(true);
    expect(withinRollout('30', 0.2)).toBe(true);
    expect(withinRollout('30', 0.4)).toBe(false);
  });
});

describe('whether to download', () => {
  it('only a newer version, and only inside its rollout', () => {
    expect(compareVersions('1.2.0', '1.10.0')).toBeLessThan(0);
    expect(compareVersions('1.2.0', '1.2.0-beta.3')).toBeGreaterThan(0);
    expect(decideOffer({ version: '0.1.0' }, '0.1.0', 0)).toEqual({ kind: 'upToDate' });
    expect(decideOffer({ version: '0.0.9' }, '0.1.0', 0)).toEqual({ kind: 'upToDate' });
    expect(decideOffer({ version: '0.2.0', stagingPercentage: 10 }, '0.1.0', 0.5)).toEqual({
      kind: 'notYet',
      version: '0.2.0',
    });
    expect(decideOffer({ version: '0.2.0', stagingPercentage: 60 }, '0.1.0', 0.5)).toEqual({
      kind: 'download',
      version: '0.2.0',
    });
  });
});

describe('install on quit', () => {
  const quiet = { downloaded: true, storeOpen: false, unsavedWork: false, syncRunning: false };
  it('installs when nothing can be lost', () => {
    expect(decideInstallOnQuit(quiet)).toEqual({ install: true });
    expect(decideInstallOnQuit({ ...quiet, storeOpen: true })).toEqual({ install: true });
  });
  it('never over unsaved work in an open store, never during a sync, not without a download', () => {
    expect(decideInstallOnQuit({ ...quiet, storeOpen: true, unsavedWork: true })).toEqual({
      install: false,
      reason: 'unsavedWork',
    });
    expect(decideInstallOnQuit({ ...quiet, syncRunning: true })).toEqual({
      install: false,
      reason: 'syncRunning',
    });
    expect(decideInstallOnQuit({ ...quiet, downloaded: false })).toEqual({
      install: false,
      reason: 'nothingDownloaded',
    });
  });
});
