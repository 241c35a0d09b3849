import { mkdtempSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import { LoginThrottle } from '../../electron/core/auth/login-throttle';
import { tempFolder } from '../helpers/temp';

describe('failed sign-ins waiting for the audit log', () => {
  const root = tempFolder();
  it('markAudited clears only the failures that were written: one recorded meanwhile waits', () => {
    let now = Date.parse('2026-09-01T08:00:00Z');
    const throttle = new LoginThrottle(`${root}`, () => new Date(now));
    throttle.recordFailure('a');
    throttle.recordFailure('b');
    const written = throttle.unaudited();
    expect(written).toHaveLength(2);
    // Another failure lands between reading the pending ones and marking them written.
    now += 5_000;
    throttle.recordFailure('a');
    throttle.markAudited(written);
    expect(throttle.unaudited()).toEqual([{ lookupId: 'a', at: now }]);
    // The delay is untouched by the audit bookkeeping.
    expect(throttle.secondsUntilAllowed('a')).toBe(2);
    throttle.markAudited(throttle.unaudited());
    expect(throttle.unaudited()).toEqual([]);
    expect(throttle.secondsUntilAllowed('a')).toBe(2);
  });

  it('a failure its caller audits itself counts towards the delay but does not wait here', () => {
    const now = Date.parse('2026-09-01T08:00:00Z');
    const throttle = new LoginThrottle(mkdtempSync(`${root}/`), () => new Date(now));
    throttle.recordFailure('a', true);
    expect(throttle.unaudited()).toEqual([]);
    expect(throttle.secondsUntilAllowed('a')).toBe(1);
  });
});
