/**
 * The WHO growth standards (0–5 years, 2006) and growth reference (5–19 years, 2007) as shipped
 * in resources/who-growth (see its README for the source): L, M, S by completed month, and the
 * percentile curves the growth chart draws from them.
 */
import wfaBoys05 from '../../../../resources/who-growth/wfa_boys_0_5.txt?raw';
import wfaGirls05 from '../../../../resources/who-growth/wfa_girls_0_5.txt?raw';
import wfaBoys510 from '../../../../resources/who-growth/wfa_boys_5_10.txt?raw';
import wfaGirls510 from '../../../../resources/who-growth/wfa_girls_5_10.txt?raw';
import lhfaBoys02 from '../../../../resources/who-growth/lhfa_boys_0_2.txt?raw';
import lhfaBoys25 from '../../../../resources/who-growth/lhfa_boys_2_5.txt?raw';
import lhfaGirls02 from '../../../../resources/who-growth/lhfa_girls_0_2.txt?raw';
import lhfaGirls25 from '../../../../resources/who-growth/lhfa_girls_2_5.txt?raw';
import hfaBoys519 from '../../../../resources/who-growth/hfa_boys_5_19.txt?raw';
import hfaGirls519 from '../../../../resources/who-growth/hfa_girls_5_19.txt?raw';

export interface Lms {
  month: number;
  L: number;
  M: number;
  S: number;
}

export type GrowthIndicator = 'weight' | 'height';
export type GrowthSex = 'male' | 'female';

/** One of WHO's tab-separated tables: the Month, L, M and S columns, by month. */
export function parseWhoTable(text: string): Lms[] {
  const [header, ...rows] = text.trim().split(/\r?\n/);
  const columns = header!.split('\t').map((name) => name.trim());
  const at = (name: string) => {
    const index = columns.indexOf(name);
    if (index < 0) throw new Error(`WHO table without ${name}`);
    return index;
  };
  const [month, L, M, S] = [at('Month'), at('L'), at('M'), at('S')];
  return rows.map((row) => {
    const cells = row.split('\t').map(Number);
    return { month: cells[month]!, L: cells[L]!, M: cells[M]!, S: cells[S]! };
  });
}

/**
 * A table over the whole age range: later pieces take over where they start (length lying
 * until 24 months, then height standing, as a kindergarten measures it).
 */
function joined(...texts: string[]): Lms[] {
  const byMonth = new Map<number, Lms>();
  for (const text of texts) for (const row of parseWhoTable(text)) byMonth.set(row.month, row);
  return [...byMonth.values()].sort((a, b) => a.month - b.month);
}

let tables: Record<GrowthIndicator, Record<GrowthSex, Lms[]>> | null = null;

/** The tables, parsed once on first use. */
export function whoTables(): Record<GrowthIndicator, Record<GrowthSex, Lms[]>> {
  tables ??= {
    weight: { male: joined(wfaBoys05, wfaBoys510), female: joined(wfaGirls05, wfaGirls510) },
    height: {
      male: joined(lhfaBoys02, lhfaBoys25, hfaBoys519),
      female: joined(lhfaGirls02, lhfaGirls25, hfaGirls519),
    },
  };
  return tables;
}

/** L, M, S at an age in months (linear between the tabulated months); null outside the tables. */
export function lmsAt(indicator: GrowthIndicator, sex: GrowthSex, months: number): Lms | null {
  const rows = whoTables()[indicator][sex];
  const first = rows[0]!;
  const last = rows[rows.length - 1]!;
  if (!(months >= first.month && months <= last.month)) return null;
  const index = Math.min(rows.length - 2, Math.floor(months - first.month));
  const [a, b] = [rows[index]!, rows[index + 1]!];
  const f = (months - a.month) / (b.month - a.month);
  const mix = (x: number, y: number) => x + (y - x) * f;
  return { month: months, L: mix(a.L, b.L), M: mix(a.M, b.M), S: mix(a.S, b.S) };
}

/** The value at z standard deviations: M·(1 + L·S·z)^(1/L), or M·e^(S·z) when L is 0. */
export function valueAtZ({ L, M, S }: Lms, z: number): number {
  return Math.abs(L) < 1e-9 ? M * Math.exp(S * z) : M * (1 + L * S * z) ** (1 / L);
}

/** The percentiles the chart draws and their z (the normal quantiles). */
export const PERCENTILES = [
  { percentile: 3, z: -1.880794 },
  { percentile: 15, z: -1.036433 },
  { percentile: 50, z: 0 },
  { percentile: 85, z: 1.036433 },
  { percentile: 97, z: 1.880794 },
] as const;

/** Age in months on a date, as WHO counts it (days / 30.4375). */
export function ageInMonths(birthDate: string, on: string): number {
  return (Date.parse(on) - Date.parse(birthDate)) / 86_400_000 / 30.4375;
}
