import Database from 'better-sqlite3';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { wholeYears, wholeYearsSql } from '../../electron/core/reports/stats-facts';

/**
 * The statistics count ages in SQL (stats-facts.ts readStatsInput) and the lists in code
 * (lists.ts): both must give every child the same whole years, birthdays and 29 February
 * included.
 */
describe('wholeYearsSql', () => {
  const db = new Database(':memory:');
  const age = db.prepare(`SELECT ${wholeYearsSql('@birth')} AS years`).pluck();
  const day = fc
    .date({
      min: new Date('2015-01-01T00:00:00Z'),
      max: new Date('2030-12-31T00:00:00Z'),
      noInvalidDate: true,
    })
    .map((date) => date.toISOString().slice(0, 10));

  it('agrees with wholeYears on any birth date and day', () => {
    fc.assert(
      fc.property(day, day, (birth, today) => {
        expect(age.get({ birth, today })).toBe(wholeYears(birth, today));
      }),
      { numRuns: 2000 },
    );
    for (const [birth, today, years] of [
      ['2020-02-29', '2025-02-28', 4],
      ['2020-02-29', '2025-03-01', 5],
      ['2021-12-01', '2026-12-01', 5],
      ['2021-12-02', '2026-12-01', 4],
    ] as const)
      expect(age.get({ birth, today })).toBe(years);
  });
});
