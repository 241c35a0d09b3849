/**
 * The WHO growth tables shipped under resources/who-growth (issue 13, item 7): known WHO values
 * read back through the renderer's loader, and every printed SD column of every table agrees
 * with its L, M, S (a copying error in a number would show here).
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import {
  PERCENTILES,
  ageInMonths,
  lmsAt,
  valueAtZ,
  whoTables,
} from '../../renderer/src/features/health/whoGrowth';

const DIR = join(__dirname, '../../resources/who-growth');

describe('WHO growth tables', () => {
  it('holds known WHO values', () => {
    // Weight-for-age, boys, birth: median 3.3464 kg (L 0.3487, S 0.14602).
    expect(lmsAt('weight', 'male', 0)).toEqual({ month: 0, L: 0.3487, M: 3.3464, S: 0.14602 });
    expect(lmsAt('weight', 'female', 0)).toMatchObject({ M: 3.2322 });
    expect(lmsAt('weight', 'male', 60)).toMatchObject({ L: -0.1506, M: 18.3366, S: 0.13517 });
    expect(lmsAt('weight', 'female', 120)).toMatchObject({ M: 31.8578 });
    // Length lying at birth; at 24 months the standing height takes over (0.7 cm less).
    expect(lmsAt('height', 'male', 0)).toMatchObject({ L: 1, M: 49.8842, S: 0.03795 });
    expect(lmsAt('height', 'male', 24)).toMatchObject({ M: 87.1161 });
    expect(lmsAt('height', 'female', 24)).toMatchObject({ M: 85.7153 });
    expect(lmsAt('height', 'female', 228)).toMatchObject({ M: 163.1548, S: 0.04009 });
    expect(lmsAt('height', 'male', 61)).toMatchObject({ M: 110.2647 });
    // No weight reference past 10 years, nothing before birth.
    expect(lmsAt('weight', 'male', 121)).toBeNull();
    expect(lmsAt('height', 'male', -1)).toBeNull();
  });

  it('covers every month without a gap', () => {
    const tables = whoTables();
    for (const [indicator, months] of [
      ['weight', 121],
      ['height', 229],
    ] as const)
      for (const sex of ['male', 'female'] as const)
        expect(tables[indicator][sex].map((row) => row.month)).toEqual(
          Array.from({ length: months }, (_, i) => i),
        );
  });

  it('draws the percentile curves from L, M, S', () => {
    const boy12 = lmsAt('weight', 'male', 12)!;
    const [p3, p15, p50, p85, p97] = PERCENTILES.map(({ z }) => valueAtZ(boy12, z));
    expect(p50).toBeCloseTo(9.6479, 4);
    expect(p3).toBeCloseTo(7.85, 2);
    expect(p97).toBeCloseTo(11.83, 2);
    expect(p3! < p15! && p15! < p50! && p50! < p85! && p85! < p97!).toBe(true);
    // Between months the parameters are interpolated.
    expect(lmsAt('weight', 'male', 12.5)!.M).toBeCloseTo((9.6479 + 9.8749) / 2, 6);
    expect(ageInMonths('2021-03-14', '2026-03-14')).toBeCloseTo(60, 0);
  });

  it("agrees with WHO's own SD columns in every file", () => {
    const files = readdirSync(DIR).filter((name) => name.endsWith('.txt'));
    expect(files).toHaveLength(10);
    let checked = 0;
    for (const file of files) {
      const [header, ...rows] = readFileSync(join(DIR, file), 'utf8').trim().split('\n');
      const columns = header!.split('\t').map((c) => c.trim());
      for (const row of rows) {
        const cells = row.split('\t').map((c) => c.trim());
        const value = (name: string) => Number(cells[columns.indexOf(name)]);
        const lms = { month: value('Month'), L: value('L'), M: value('M'), S: value('S') };
        columns.forEach((name, i) => {
          const match = /^SD(\d)(neg)?$/.exec(name);
          if (!match) return;
          const z = Number(match[1]) * (match[2] ? -1 : 1);
          const printed = cells[i]!;
          // Beyond ±3 SD WHO extrapolates from the ±2..±3 SD distance (2007 weight tables).
          const expected =
            Math.abs(z) > 3 && lms.L !== 1
              ? valueAtZ(lms, 3 * Math.sign(z)) * 2 - valueAtZ(lms, 2 * Math.sign(z))
              : valueAtZ(lms, z);
          const decimals = printed.split('.')[1]?.length ?? 0;
          expect(
            Math.abs(expected - Number(printed)),
            `${file} month ${lms.month} ${name}`,
          ).toBeLessThanOrEqual(0.5 * 10 ** -Math.max(decimals, 1) + 1e-6);
          checked++;
        });
      }
    }
    expect(checked).toBeGreaterThan(4000);
  });
});
