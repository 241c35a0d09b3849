import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import {
  STATS_CSV_HEADER,
  anonymisedStats,
  bilingual,
  statsCsv,
  statsTables,
  suppressionSummary,
  type AnonymisedStats,
  type ChildFact,
  type GroupFact,
  type PrivilegeCategoryFact,
  type StatsInput,
  type StatsTable,
} from '../../electron/core/reports/anonymised';
import { ageWords } from '../../electron/core/reports/stats-words';
import {
  suppressCells,
  type SuppressionCell,
  type SuppressionLine,
} from '../../electron/core/reports/suppression';
import {
  AGE_GROUPS,
  CHILD_STATUSES,
  GROUP_LANGUAGES,
  PRIVILEGE_KINDS,
} from '../../electron/core/vocabulary/enums';

/**
 * Issue 15 item 2: the anonymised statistics. The property test plays the attacker on random
 * kindergartens with its own arithmetic (lines added up by hand, ranks modulo a prime), not
 * the module's: no published cell, and no difference or other linear combination of
 * published cells, may give away a count below 5.
 */

// ---------------------------------------------------------------------------------------
// The attacker

const PRIME = 1_000_003;

const power = (base: number, exponent: number): number => {
  let result = 1;
  let factor = base % PRIME;
  for (let e = exponent; e > 0; e = Math.floor(e / 2)) {
    if (e % 2 === 1) result = (result * factor) % PRIME;
    factor = (factor * factor) % PRIME;
  }
  return result;
};
const inverse = (value: number) => power(value, PRIME - 2);

/** Reduced row echelon form of 0/1 rows modulo PRIME: its rows and their pivot columns. */
function echelon(rows: readonly number[][]): { rows: number[][]; pivots: number[] } {
  const matrix = rows.map((row) => [...row]);
  const columns = matrix[0]?.length ?? 0;
  const pivots: number[] = [];
  for (let column = 0; column < columns && pivots.length < matrix.length; column++) {
    const top = pivots.length;
    const pivot = matrix.findIndex((row, index) => index >= top && row[column]! !== 0);
    if (pivot < 0) continue;
    [matrix[top], matrix[pivot]] = [matrix[pivot]!, matrix[top]!];
    const lead = inverse(matrix[top]![column]!);
    const topRow = matrix[top]!.map((value) => (value * lead) % PRIME);
    matrix[top] = topRow;
    matrix.forEach((row, index) => {
      if (index === top || row[column] === 0) return;
      const factor = row[column]!;
      for (let c = 0; c < columns; c++)
        row[c] = (((row[c]! - factor * topRow[c]!) % PRIME) + PRIME) % PRIME;
    });
    pivots.push(column);
  }
  return { rows: matrix.slice(0, pivots.length), pivots };
}

/** Is `vector` a combination of the rows (does adding it leave the rank as it was)? */
function inSpan(basis: { rows: number[][]; pivots: number[] }, vector: readonly number[]) {
  const rest = [...vector];
  basis.pivots.forEach((column, index) => {
    const factor = rest[column]!;
    if (factor === 0) return;
    const row = basis.rows[index]!;
    for (let c = 0; c < rest.length; c++)
      rest[c] = (((rest[c]! - factor * row[c]!) % PRIME) + PRIME) % PRIME;
  });
  return rest.every((value) => value === 0);
}

interface Seen {
  table: string;
  key: Readonly<Record<string, string>>;
  truth: number;
  published: number | 'suppressed';
  /** The atoms the cell adds up, as the attacker knows them (the groups and their kinds). */
  atoms: number[];
}

/**
 * Every cell with its true count and its atoms, worked out here from the keys: a group is
 * one atom of the groups family; an age group × language cell holds the groups of that kind;
 * a partition table's categories are its atoms. Families get separate atom ranges.
 */
function cellsSeen(input: StatsInput, raw: StatsTable[], stats: AnonymisedStats): Seen[] {
  const groups = raw.find((table) => table.id === 'groups')!;
  const groupKeys = groups.cells.flatMap((cell) => (cell.key.group ? [cell.key.group] : []));
  const [ageOf, languageOf] = [new Map<string, string>(), new Map<string, string>()];
  for (const group of [...(input.groups ?? []), ...input.children.map((child) => child.group)]) {
    const key = `${group.ageGroup}/${group.language}/${group.name}`;
    ageOf.set(key, group.ageGroup);
    languageOf.set(key, group.language);
  }
  let offset = groupKeys.length;
  const seen: Seen[] = [];
  raw.forEach((table, t) => {
    const published = stats.tables[t]!;
    expect(published.id).toBe(table.id);
    let start = 0;
    if (table.id !== 'groups' && table.id !== 'ageLanguage') {
      start = offset;
      offset += table.cells.length - 1;
    }
    table.cells.forEach((cell, c) => {
      expect(published.cells[c]!.key).toEqual(cell.key);
      let atoms: number[];
      if (table.id === 'groups' || table.id === 'ageLanguage') {
        atoms = groupKeys.flatMap((key, atom) =>
          (cell.key.group === undefined || cell.key.group === key) &&
          (cell.key.ageGroup === undefined || cell.key.ageGroup === ageOf.get(key)) &&
          (cell.key.language === undefined || cell.key.language === languageOf.get(key))
            ? [atom]
            : [],
        );
      } else {
        const categories = table.cells.length - 1;
        atoms =
          Object.keys(cell.key).length === 0
            ? Array.from({ length: categories }, (_, i) => start + i)
            : [start + c];
      }
      seen.push({
        table: table.id,
        key: cell.key,
        truth: cell.count,
        published: published.cells[c]!.count,
        atoms,
      });
    });
  });
  return seen;
}

/** The attacker's lines: a total and the cells it adds up. */
function attackLines(seen: Seen[]): { total: Seen; parts: Seen[] }[] {
  const lines: { total: Seen; parts: Seen[] }[] = [];
  const byTable = (id: string) => seen.filter((cell) => cell.table === id);
  for (const id of ['groups', 'statuses', 'ages', 'privilegeKinds', 'privilegeCategories']) {
    const cells = byTable(id);
    lines.push({ total: cells.at(-1)!, parts: cells.slice(0, -1) });
  }
  const table = byTable('ageLanguage');
  const find = (key: Record<string, string>) =>
    table.find((cell) => JSON.stringify(cell.key) === JSON.stringify(key))!;
  const inner = (test: (cell: Seen) => boolean) =>
    table.filter((cell) => cell.key.ageGroup && cell.key.language && test(cell));
  for (const ageGroup of AGE_GROUPS) {
    lines.push({
      total: find({ ageGroup }),
      parts: inner((cell) => cell.key.ageGroup === ageGroup),
    });
  }
  for (const language of GROUP_LANGUAGES) {
    lines.push({
      total: find({ language }),
      parts: inner((cell) => cell.key.language === language),
    });
  }
  const grand = find({});
  lines.push({ total: grand, parts: AGE_GROUPS.map((ageGroup) => find({ ageGroup })) });
  lines.push({ total: grand, parts: GROUP_LANGUAGES.map((language) => find({ language })) });
  // An age group × language cell is the sum of its groups.
  const groups = byTable('groups').slice(0, -1);
  for (const cell of inner(() => true)) {
    lines.push({
      total: cell,
      parts: groups.filter((group) => group.atoms.every((atom) => cell.atoms.includes(atom))),
    });
  }
  return lines;
}

/** Throws with a description if anything published gives away a count below 5. */
function attack(input: StatsInput, stats = anonymisedStats(input)): void {
  const raw = statsTables(input);
  const seen = cellsSeen(input, raw, stats);
  const atomCount = Math.max(0, ...seen.flatMap((cell) => cell.atoms)) + 1;
  const vector = (cell: Seen) => {
    const row = new Array<number>(atomCount).fill(0);
    for (const atom of cell.atoms) row[atom] = 1;
    return row;
  };
  const label = (cell: Seen) => `${cell.table} ${JSON.stringify(cell.key)} = ${cell.truth}`;

  // 1. Every published count is the truth, a whole number ≥ 5.
  for (const cell of seen) {
    if (cell.published === 'suppressed') continue;
    if (!Number.isInteger(cell.published) || cell.published < 5 || cell.published !== cell.truth) {
      throw new Error(`published ${label(cell)} as ${cell.published}`);
    }
  }
  // 2. The differences along every line: a hidden cell alone in a line with everything else
  // published is given away; so are hidden parts of a published total that leave 0 for them
  // (counts are never negative, so each is 0).
  for (const line of attackLines(seen)) {
    const members = [line.total, ...line.parts].filter((cell) => cell.atoms.length > 0);
    const hidden = members.filter((cell) => cell.published === 'suppressed');
    if (hidden.length === 1 && hidden[0]!.truth < 5) {
      throw new Error(`line of ${label(line.total)} gives away ${label(hidden[0]!)}`);
    }
    if (
      line.total.published !== 'suppressed' &&
      hidden.length > 0 &&
      hidden.every((cell) => cell.truth === 0)
    ) {
      throw new Error(`line of ${label(line.total)} gives away its hidden zeros`);
    }
  }
  // 3. Any linear combination: a hidden small cell is given away when its vector is in the span
  // of the published cells' vectors (adding it does not raise the rank).
  const published = echelon(seen.filter((cell) => cell.published !== 'suppressed').map(vector));
  for (const cell of seen) {
    if (cell.published !== 'suppressed' || cell.truth >= 5 || cell.atoms.length === 0) continue;
    if (inSpan(published, vector(cell))) {
      throw new Error(`the published cells determine ${label(cell)}`);
    }
  }
}

// ---------------------------------------------------------------------------------------
// Random kindergartens

const NAMES = ['Күншуақ', 'Балапан', 'Айгөлек', 'Ромашка', '5', 'Солнышко', 'Құлыншақ'];

const privilegeCategoriesArbitrary = fc
  .array(fc.constantFrom(...PRIVILEGE_KINDS), { maxLength: 4 })
  .map((kinds): PrivilegeCategoryFact[] =>
    kinds.map((kind, index) => ({
      code: `cat-${index}`,
      kind,
      kk: `${index + 1}-санат`,
      ru: `Категория ${index + 1}`,
    })),
  );

const groupArbitrary: fc.Arbitrary<GroupFact> = fc.record({
  name: fc.constantFrom(...NAMES),
  ageGroup: fc.constantFrom(...AGE_GROUPS),
  language: fc.constantFrom(...GROUP_LANGUAGES),
});

const kindergartenArbitrary: fc.Arbitrary<StatsInput> = fc
  .tuple(fc.array(groupArbitrary, { minLength: 1, maxLength: 8 }), privilegeCategoriesArbitrary)
  .chain(([groups, categories]) =>
    fc
      .array(
        fc.record({
          group: fc.constantFrom(...groups),
          // Mostly enrolled, as in life, with the other statuses sometimes.
          status: fc.oneof(
            { weight: 4, arbitrary: fc.constant('enrolled' as const) },
            { weight: 1, arbitrary: fc.constantFrom(...CHILD_STATUSES) },
          ),
          ageYears: fc.integer({ min: 0, max: 8 }),
          privileges:
            categories.length === 0
              ? fc.constant([] as string[])
              : fc.oneof(
                  { weight: 3, arbitrary: fc.constant([] as string[]) },
                  {
                    weight: 1,
                    arbitrary: fc.uniqueArray(fc.constantFrom(...categories.map((c) => c.code)), {
                      minLength: 1,
                      maxLength: 2,
                    }),
                  },
                ),
        }),
        { maxLength: 150 },
      )
      .map((children): StatsInput => ({
        children,
        // Sometimes a group with no children yet.
        groups,
        privilegeCategories: categories,
      })),
  );

describe('anonymised statistics: the attacker finds nothing below 5', () => {
  it('on 1,000 random kindergartens: no published cell, line difference or combination', () => {
    fc.assert(
      fc.property(kindergartenArbitrary, (input) => {
        attack(input);
      }),
      { numRuns: 1000, seed: 15_2 },
    );
  });

  it('the attacker is not toothless: it catches a table with only primary suppression', () => {
    // Five groups of 6, one of 3: without complements the total gives the 3 away.
    const groups: GroupFact[] = ['А', 'Б', 'В', 'Г', 'Д', 'Е'].map((name) => ({
      name,
      ageGroup: 'middle',
      language: 'kk',
    }));
    const input: StatsInput = {
      children: groups.flatMap((group, index) =>
        Array.from({ length: index === 0 ? 3 : 6 }, () => child(group)),
      ),
      privilegeCategories: [],
    };
    const raw = statsTables(input);
    const naive: AnonymisedStats = {
      tables: raw.map((table) => ({
        ...table,
        cells: table.cells.map(({ count, ...rest }) => ({
          ...rest,
          count: count < 5 ? 'suppressed' : count,
        })),
      })),
      suppressed: [],
    };
    expect(() => attack(input, naive)).toThrow(/gives away groups .* = 3/);
    expect(() => attack(input)).not.toThrow();
  });
});

// ---------------------------------------------------------------------------------------
// Examples

function child(group: GroupFact, overrides: Partial<ChildFact> = {}): ChildFact {
  return { group, status: 'enrolled', ageYears: 4, privileges: [], ...overrides };
}

const repeat = (count: number, make: () => ChildFact) => Array.from({ length: count }, make);

const KUNSHUAQ: GroupFact = { name: 'Күншуақ', ageGroup: 'middle', language: 'kk' };
const ROMASHKA: GroupFact = { name: 'Ромашка', ageGroup: 'middle', language: 'ru' };
const BALAPAN: GroupFact = { name: 'Балапан', ageGroup: 'senior', language: 'kk' };
const CATEGORIES: PrivilegeCategoryFact[] = [
  { code: 'orphan', kind: 'extraordinary', kk: 'Жетім балалар', ru: 'Дети-сироты' },
  { code: 'large', kind: 'first_priority', kk: 'Көп балалы отбасылар', ru: 'Многодетные семьи' },
];

const cellOf = (stats: AnonymisedStats, table: string, key: Record<string, string>) =>
  stats.tables
    .find((t) => t.id === table)!
    .cells.find((cell) => JSON.stringify(cell.key) === JSON.stringify(key))!;

describe('anonymised statistics: examples', () => {
  it('names every category in words, never a bare number: "3 жас / 3 года"', () => {
    expect(bilingual(ageWords(3))).toBe('3 жас / 3 года');
    expect(bilingual(ageWords(1))).toBe('1 жас / 1 год');
    expect(bilingual(ageWords(5))).toBe('5 жас / 5 лет');
    expect(bilingual(ageWords(0))).toBe('1 жасқа дейін / до 1 года');
    expect(bilingual(ageWords(9))).toBe('7 жас және одан үлкен / 7 лет и старше');
    const stats = anonymisedStats({
      children: [
        ...repeat(6, () => child({ name: '12', ageGroup: 'junior', language: 'ru' })),
        ...repeat(7, () => child(KUNSHUAQ)),
      ],
      privilegeCategories: CATEGORIES,
    });
    const categories = stats.tables.flatMap((table) =>
      table.cells.map((c) => bilingual(c.category)),
    );
    for (const category of categories) expect(category).toMatch(/\p{L}/u);
    expect(categories).toContain('№ 12 топ / Группа № 12');
    expect(categories).toContain('Ортаңғы топ × Қазақ тілі / Средняя группа × Казахский язык');
  });

  it('suppresses a small cell and, alone in its line, the smallest other one beside it', () => {
    const input: StatsInput = {
      children: [
        ...repeat(6, () => child(KUNSHUAQ, { privileges: ['orphan'] })),
        ...repeat(2, () => child(KUNSHUAQ, { privileges: ['large'] })),
        ...repeat(9, () => child(ROMASHKA, { privileges: ['large'] })),
        ...repeat(30, () => child(BALAPAN)),
      ],
      privilegeCategories: CATEGORIES,
    };
    const stats = anonymisedStats(input);
    const kinds = stats.tables.find((table) => table.id === 'privilegeKinds')!;
    // extraordinary 6, first priority 11, none 30, total 47: nothing small, all published.
    expect(kinds.cells.map((cell) => cell.count)).toEqual([6, 11, 30, 47]);
    // Categories: orphans 6, large families 11, none 30, several 0 (primary), total 47: the
    // lone 0 takes the smallest non-zero category with it, so the difference is no longer 0.
    const categories = stats.tables.find((table) => table.id === 'privilegeCategories')!;
    expect(categories.cells.map((cell) => cell.count)).toEqual([
      'suppressed',
      11,
      30,
      'suppressed',
      47,
    ]);
    expect(bilingual(categories.cells[0]!.category)).toBe('Жетім балалар / Дети-сироты');
    expect(
      stats.suppressed
        .filter((cell) => cell.table === 'privilegeCategories')
        .map((cell) => [cell.key, cell.reason]),
    ).toEqual([
      [{ privilegeCategory: 'orphan' }, 'complementary'],
      [{ privilegeCategory: 'several' }, 'primary'],
    ]);
    attack(input);
  });

  it('a small group alone in its age group × language cell hides the cell, its margins and partners', () => {
    const tiny: GroupFact = { name: 'Балапан', ageGroup: 'junior', language: 'kk' };
    const input: StatsInput = {
      children: [
        ...repeat(3, () => child(tiny)),
        ...repeat(12, () => child(KUNSHUAQ)),
        ...repeat(15, () => child(ROMASHKA)),
        ...repeat(20, () => child({ ...BALAPAN, name: 'Айгөлек' })),
      ],
      privilegeCategories: [],
    };
    const stats = anonymisedStats(input);
    expect(cellOf(stats, 'groups', { group: 'junior/kk/Балапан' }).count).toBe('suppressed');
    expect(cellOf(stats, 'ageLanguage', { ageGroup: 'junior', language: 'kk' }).count).toBe(
      'suppressed',
    );
    expect(cellOf(stats, 'ageLanguage', { ageGroup: 'junior' }).count).toBe('suppressed');
    // The groups' line needs a second hidden group: the smallest, Күншуақ (12).
    expect(cellOf(stats, 'groups', { group: 'middle/kk/Күншуақ' }).count).toBe('suppressed');
    expect(cellOf(stats, 'groups', {}).count).toBe(50);
    const reasons = Object.fromEntries(
      stats.suppressed.map((cell) => [`${cell.table} ${JSON.stringify(cell.key)}`, cell.reason]),
    );
    expect(reasons['groups {"group":"junior/kk/Балапан"}']).toBe('primary');
    expect(reasons['groups {"group":"middle/kk/Күншуақ"}']).toBe('complementary');
    attack(input);
  });

  it('suppresses zeros as well, and a line of hidden zeros takes a non-zero cell with it', () => {
    const input: StatsInput = {
      children: repeat(40, () => child(KUNSHUAQ, { ageYears: 3 })),
      privilegeCategories: [],
    };
    const stats = anonymisedStats(input);
    const statuses = stats.tables.find((table) => table.id === 'statuses')!;
    // enrolled 40 and three zeros: published, 40 − 40 would say the zeros are 0.
    expect(statuses.cells.map((cell) => cell.count)).toEqual([
      'suppressed',
      'suppressed',
      'suppressed',
      'suppressed',
      40,
    ]);
    expect(
      stats.suppressed.filter((cell) => cell.table === 'statuses').map((c) => c.reason),
    ).toEqual(['primary', 'complementary', 'primary', 'primary']);
    attack(input);
  });

  it('refuses facts it cannot count (a bug of the caller) rather than counting them nowhere', () => {
    expect(() =>
      anonymisedStats({ children: [child(KUNSHUAQ, { ageYears: NaN })], privilegeCategories: [] }),
    ).toThrow(/age/);
    expect(() =>
      anonymisedStats({
        children: [child(KUNSHUAQ, { privileges: ['nope'] })],
        privilegeCategories: CATEGORIES,
      }),
    ).toThrow(/privilege category/);
  });

  it('a kindergarten of fewer than 5 children publishes nothing at all', () => {
    const stats = anonymisedStats({
      children: repeat(4, () => child(KUNSHUAQ)),
      privilegeCategories: CATEGORIES,
    });
    for (const table of stats.tables) {
      for (const cell of table.cells) expect(cell.count).toBe('suppressed');
    }
  });

  it('writes the tidy CSV: header, one row per cell, RFC 4180 quoting, CRLF, stable order', () => {
    const odd: GroupFact = { name: 'Жұлдыз; "кіші"', ageGroup: 'junior', language: 'ru' };
    const children = [
      ...repeat(7, () => child(odd)),
      ...repeat(8, () => child(KUNSHUAQ, { ageYears: 5, privileges: ['large'] })),
      ...repeat(9, () => child(ROMASHKA, { ageYears: 3 })),
    ];
    const input: StatsInput = { children, privilegeCategories: CATEGORIES };
    const csv = statsCsv(anonymisedStats(input));
    const lines = csv.split('\r\n');
    expect(lines[0]).toBe(STATS_CSV_HEADER);
    expect(lines[0]).toBe('table;dimension;category;count');
    expect(lines.at(-1)).toBe(''); // every line ends with CRLF
    expect(csv).not.toMatch(/[^\r]\n/);
    expect(lines).toContain(
      'Балалар топтар бойынша / Дети по группам;Топ / Группа;"Жұлдыз; ""кіші""";7',
    );
    expect(lines).toContain(
      'Балалар жасы бойынша / Дети по возрасту;Жасы / Возраст;3 жас / 3 года;9',
    );
    // Every row: four fields, a count ≥ 5 or `suppressed`.
    const rows = statsTables(input).reduce((sum, table) => sum + table.cells.length, 0);
    expect(lines.slice(1, -1)).toHaveLength(rows);
    for (const line of lines.slice(1, -1)) {
      const count = line.slice(line.lastIndexOf(';') + 1);
      expect(count).toMatch(/^(suppressed|[1-9]\d*)$/);
      if (count !== 'suppressed') expect(Number(count)).toBeGreaterThanOrEqual(5);
    }
    // The children's order does not matter.
    const shuffled = { ...input, children: [...children].reverse() };
    expect(statsCsv(anonymisedStats(shuffled))).toBe(csv);
  });

  it('sums up what it suppressed per table, by reason', () => {
    const stats = anonymisedStats({
      children: repeat(40, () => child(KUNSHUAQ, { ageYears: 3 })),
      privilegeCategories: [],
    });
    const statuses = suppressionSummary(stats).find((row) => row.table === 'statuses')!;
    expect(statuses).toMatchObject({ primary: 3, complementary: 1 });
    expect(suppressionSummary(stats).map((row) => row.table)).toEqual([
      'groups',
      'ageLanguage',
      'statuses',
      'ages',
      'privilegeKinds',
      'privilegeCategories',
    ]);
  });

  it('the audit catches what the lines miss: a cell bridging two hidden cycles of a 2-D table', () => {
    // A 3 × 3 table with margins. Hidden: the 2 × 2 block of rows 1–2 × columns 1–2, the
    // block of row 3 × column 3 with their margins and the total, and (2, 3) between them.
    // Every row and column holds 2 or 3 hidden cells, yet (2, 3) is row 2's hidden sum minus
    // what columns 1 and 2 and row 1 say about the block: the lines alone would publish it.
    const inner = [
      [1, 2, 9],
      [3, 4, 2],
      [6, 7, 1],
    ];
    const cells: SuppressionCell[] = [];
    const at = (row: number, column: number) => row * 3 + column;
    for (const row of inner) for (const count of row) cells.push({ count, atoms: [cells.length] });
    const rowTotals = [0, 1, 2].map((row) => {
      cells.push({
        count: inner[row]!.reduce((a, b) => a + b),
        atoms: [0, 1, 2].map((column) => at(row, column)),
        forced: row === 2,
      });
      return cells.length - 1;
    });
    const columnTotals = [0, 1, 2].map((column) => {
      cells.push({
        count: inner.reduce((sum, row) => sum + row[column]!, 0),
        atoms: [0, 1, 2].map((row) => at(row, column)),
        forced: column === 2,
      });
      return cells.length - 1;
    });
    cells.push({ count: 35, atoms: [...Array(9).keys()], forced: true });
    const grand = cells.length - 1;
    const lines: SuppressionLine[] = [
      ...[0, 1, 2].map((row) => ({
        total: rowTotals[row]!,
        parts: [0, 1, 2].map((column) => at(row, column)),
      })),
      ...[0, 1, 2].map((column) => ({
        total: columnTotals[column]!,
        parts: [0, 1, 2].map((row) => at(row, column)),
      })),
      { total: grand, parts: rowTotals },
      { total: grand, parts: columnTotals },
    ];
    const reasons = suppressCells(cells, lines, 9);
    const vector = (cell: SuppressionCell) =>
      Array.from({ length: 9 }, (_, atom) => (cell.atoms.includes(atom) ? 1 : 0));
    const published = echelon(cells.filter((_, index) => reasons[index] === null).map(vector));
    for (const [index, cell] of cells.entries()) {
      if (reasons[index] === null || cell.count >= 5) continue;
      expect(inSpan(published, vector(cell)), `cell ${index}`).toBe(false);
    }
    // Row 2's total (9), the smallest published cell touching (2, 3), joined the hidden ones.
    expect(reasons[rowTotals[1]!]).toBe('complementary');
  });
});
