import { kazakhSortKey } from '../../../db/kazakh-order';
import {
  AGE_GROUPS,
  CHILD_STATUSES,
  GROUP_LANGUAGES,
  PRIVILEGE_KINDS,
  type AgeGroup,
  type ChildStatus,
  type GroupLanguage,
} from '../vocabulary/enums';
import {
  AGE_GROUP_WORDS,
  AGE_YEARS,
  LANGUAGE_WORDS,
  PRIVILEGE_KIND_WORDS,
  STATS_WORDS,
  ageWords,
  groupWords,
  statusWords,
  type Words,
} from './stats-words';
import {
  suppressCells,
  type SuppressionCell,
  type SuppressionLine,
  type SuppressionReason,
} from './suppression';

/**
 * The anonymised statistics (issue 15 item 2, rules 25-9 and 25-11): counts of children by
 * group, age group × language of instruction, status, age, privilege kind and privilege
 * category, with no identifier in them and every small cell suppressed (suppression.ts).
 * Pure: the caller reads the facts from the store; this module never sees a name, an IIN or a
 * date, only the anonymous facts below, so the export is anonymous by construction.
 *
 * Tables and their linear ties (what an attacker can add up):
 * - `groups` (1-D, total = every child) and `ageLanguage` (2-D with margins) are one family:
 *   both are sums over the groups (a group has one age group and one language), so their
 *   suppression is decided together, over the groups as atoms;
 * - `statuses`, `ages`, `privilegeKinds`, `privilegeCategories` are 1-D tables whose only tie
 *   to the others is the number of children, their total. Each child is in exactly one
 *   category of each (the privilege kind is a child's best, as the queue ranks it; a child in
 *   several privilege categories counts once, under "several"), so every table adds up.
 * - The number of children is suppressed everywhere or nowhere.
 * Every category of a closed list is listed, zero or not: the file has the same shape for
 * every kindergarten, and a missing row would say "zero" as plainly as a 0.
 */

export interface GroupFact {
  name: string;
  ageGroup: AgeGroup;
  language: GroupLanguage;
}

/**
 * One child as the statistics see it: no identity, only the categories counted. The children
 * counted are those in a group (the caller's choice of statuses): a "without a group" row
 * would be 0 in most kindergartens, and a 0 has to be protected too (suppression.ts), which
 * here would cost the age group × language total and the margins behind it.
 */
export interface ChildFact {
  group: GroupFact;
  status: ChildStatus;
  /** Whole years on the report's day. */
  ageYears: number;
  /** The codes of the privilege categories the child holds (counted ones, e.g. confirmed). */
  privileges: readonly string[];
  /** How many children share exactly these facts (stats-facts.ts reads them grouped); 1 if absent. */
  count?: number;
}

/** The children a fact stands for. */
const weight = (child: ChildFact) => child.count ?? 1;
/** The number of children the facts stand for. */
export const childrenCounted = (children: readonly ChildFact[]) =>
  children.reduce((total, child) => total + weight(child), 0);

export interface PrivilegeCategoryFact {
  code: string;
  kind: (typeof PRIVILEGE_KINDS)[number];
  kk: string;
  ru: string;
}

export interface StatsInput {
  children: readonly ChildFact[];
  /** Every group, also those without children in `children` (they show as suppressed). */
  groups?: readonly GroupFact[];
  /** Every privilege category a child may hold; a child's unknown code is a caller's error. */
  privilegeCategories: readonly PrivilegeCategoryFact[];
}

export const STATS_TABLES = [
  'groups',
  'ageLanguage',
  'statuses',
  'ages',
  'privilegeKinds',
  'privilegeCategories',
] as const;
export type StatsTableId = (typeof STATS_TABLES)[number];

export interface StatsCell {
  /** What the cell counts, by dimension id → category code ({} for a table's total). */
  key: Readonly<Record<string, string>>;
  dimension: Words;
  category: Words;
  count: number;
}

export interface StatsTable {
  id: StatsTableId;
  name: Words;
  dimensions: readonly Words[];
  cells: StatsCell[];
}

export interface PublishedCell extends Omit<StatsCell, 'count'> {
  count: number | 'suppressed';
}

export interface PublishedTable extends Omit<StatsTable, 'cells'> {
  cells: PublishedCell[];
}

export interface SuppressedCell {
  table: StatsTableId;
  key: Readonly<Record<string, string>>;
  dimension: Words;
  category: Words;
  /** `primary`: fewer than 5 children; `complementary`: hidden so the others cannot be recovered. */
  reason: SuppressionReason;
}

export interface AnonymisedStats {
  tables: PublishedTable[];
  /** Which cells were suppressed and why: for the director and the audit (see suppressionSummary). */
  suppressed: SuppressedCell[];
}

// ---------------------------------------------------------------------------------------
// The tables

/** A family: tables whose cells are sums over the same atoms, with the lines that tie them. */
interface Family {
  tables: StatsTable[];
  /** Per table, per cell: its atoms. */
  atoms: number[][][];
  atomCount: number;
  /** Lines as [table index, cell index] pairs. */
  lines: { total: [number, number]; parts: [number, number][] }[];
}

const joined = (words: readonly Words[]): Words => ({
  kk: words.map((word) => word.kk).join(' × '),
  ru: words.map((word) => word.ru).join(' × '),
});

const groupKeys = new WeakMap<GroupFact, string>();
/** A group's identity in the tables; made once per group object (the children share theirs). */
function groupKey(group: GroupFact): string {
  let key = groupKeys.get(group);
  if (key === undefined) {
    key = `${group.ageGroup}/${group.language}/${group.name}`;
    groupKeys.set(group, key);
  }
  return key;
}
const AGE_CATEGORIES = Array.from({ length: AGE_YEARS.from - AGE_YEARS.under + 2 }, (_, index) =>
  index === 0 ? AGE_YEARS.under - 1 : AGE_YEARS.under + index - 1,
);
/** A child's age category: under 1 (0), 1 … 6, and 7 for 7 and older. */
function ageCategory(years: number): number {
  // The caller's arithmetic on a stored date, never a person's input: a bad value is a bug.
  if (!Number.isFinite(years)) throw new Error('anonymised statistics: age is not a number');
  return Math.max(AGE_YEARS.under - 1, Math.min(AGE_YEARS.from, Math.floor(years)));
}

/** The groups, each once, in Kazakh alphabetical order (then age group, then language). */
function groupList(input: StatsInput): GroupFact[] {
  const byKey = new Map<string, GroupFact>();
  for (const group of input.groups ?? []) byKey.set(groupKey(group), group);
  for (const child of input.children) byKey.set(groupKey(child.group), child.group);
  // Each group's key made once (a Kazakh sort key per comparison cost more than the rest).
  const keyed = [...byKey.values()].map((group) => ({
    group,
    key: [
      kazakhSortKey(group.name),
      String(AGE_GROUPS.indexOf(group.ageGroup)),
      String(GROUP_LANGUAGES.indexOf(group.language)),
      group.name,
    ],
  }));
  return keyed
    .sort(({ key: x }, { key: y }) => {
      for (let index = 0; index < x.length; index++) {
        if (x[index]! !== y[index]!) return x[index]! < y[index]! ? -1 : 1;
      }
      return 0;
    })
    .map(({ group }) => group);
}

/** The groups family: `groups` and `ageLanguage`, over the groups as atoms. */
function groupsFamily(input: StatsInput): Family {
  const groups = groupList(input);
  const atomOf = new Map(groups.map((group, index) => [groupKey(group), index]));
  const perAtom = new Array<number>(groups.length).fill(0);
  for (const child of input.children) perAtom[atomOf.get(groupKey(child.group))!]! += weight(child);
  const sum = (atoms: readonly number[]) =>
    atoms.reduce((total, atom) => total + perAtom[atom]!, 0);
  const { dimensions, tables: names, total } = STATS_WORDS;

  // Group names used by more than one group are told apart by age group and language.
  const nameUses = new Map<string, number>();
  for (const group of groups) nameUses.set(group.name, (nameUses.get(group.name) ?? 0) + 1);
  const groupCategory = (group: GroupFact): Words => {
    const words = groupWords(group.name);
    if (nameUses.get(group.name) === 1) return words;
    const [age, language] = [AGE_GROUP_WORDS[group.ageGroup], LANGUAGE_WORDS[group.language]];
    return {
      kk: `${words.kk} (${age.kk}, ${language.kk})`,
      ru: `${words.ru} (${age.ru}, ${language.ru})`,
    };
  };

  const groupCells: StatsCell[] = [];
  const groupAtoms: number[][] = [];
  groups.forEach((group, atom) => {
    groupCells.push({
      key: { group: groupKey(group) },
      dimension: dimensions.group,
      category: groupCategory(group),
      count: perAtom[atom]!,
    });
    groupAtoms.push([atom]);
  });
  const everyAtom = perAtom.map((_, atom) => atom);
  groupCells.push({ key: {}, dimension: dimensions.group, category: total, count: sum(everyAtom) });
  groupAtoms.push(everyAtom);
  const groupsTable: StatsTable = {
    id: 'groups',
    name: names.groups,
    dimensions: [dimensions.group],
    cells: groupCells,
  };

  // Age group × language: inner cells row by row, each row's margin after it, then the
  // language margins and the total.
  const both = joined([dimensions.ageGroup, dimensions.language]);
  const atomsWhere = (test: (group: GroupFact) => boolean) =>
    groups.flatMap((group, atom) => (test(group) ? [atom] : []));
  const cells: StatsCell[] = [];
  const atoms: number[][] = [];
  const add = (cell: Omit<StatsCell, 'count'>, cellAtoms: number[]) => {
    cells.push({ ...cell, count: sum(cellAtoms) });
    atoms.push(cellAtoms);
    return cells.length - 1;
  };
  const lines: Family['lines'] = [];
  const inner: number[][] = [];
  const rowTotals: number[] = [];
  for (const ageGroup of AGE_GROUPS) {
    const row = GROUP_LANGUAGES.map((language) =>
      add(
        {
          key: { ageGroup, language },
          dimension: both,
          category: joined([AGE_GROUP_WORDS[ageGroup], LANGUAGE_WORDS[language]]),
        },
        atomsWhere((group) => group.ageGroup === ageGroup && group.language === language),
      ),
    );
    inner.push(row);
    rowTotals.push(
      add(
        { key: { ageGroup }, dimension: dimensions.ageGroup, category: AGE_GROUP_WORDS[ageGroup] },
        atomsWhere((group) => group.ageGroup === ageGroup),
      ),
    );
  }
  const columnTotals = GROUP_LANGUAGES.map((language) =>
    add(
      { key: { language }, dimension: dimensions.language, category: LANGUAGE_WORDS[language] },
      atomsWhere((group) => group.language === language),
    ),
  );
  const grand = add(
    { key: {}, dimension: both, category: total },
    atomsWhere(() => true),
  );
  const ageLanguage: StatsTable = {
    id: 'ageLanguage',
    name: names.ageLanguage,
    dimensions: [dimensions.ageGroup, dimensions.language],
    cells,
  };

  const A = 1; // ageLanguage's index in the family
  inner.forEach((row, rowIndex) =>
    lines.push({ total: [A, rowTotals[rowIndex]!], parts: row.map((cell) => [A, cell]) }),
  );
  columnTotals.forEach((column, columnIndex) =>
    lines.push({ total: [A, column], parts: inner.map((row) => [A, row[columnIndex]!]) }),
  );
  lines.push({ total: [A, grand], parts: rowTotals.map((cell) => [A, cell]) });
  lines.push({ total: [A, grand], parts: columnTotals.map((cell) => [A, cell]) });
  // The groups add up to the number of children, and to each age group × language cell.
  const G = 0;
  lines.push({
    total: [G, groupCells.length - 1],
    parts: groupCells.slice(0, -1).map((_, index) => [G, index]),
  });
  inner.forEach((row, rowIndex) =>
    row.forEach((cell, columnIndex) =>
      lines.push({
        total: [A, cell],
        parts: groups.flatMap((group, index) =>
          group.ageGroup === AGE_GROUPS[rowIndex] && group.language === GROUP_LANGUAGES[columnIndex]
            ? [[G, index] as [number, number]]
            : [],
        ),
      }),
    ),
  );
  // Both totals count every child.
  lines.push({ total: [G, groupCells.length - 1], parts: [[A, grand]] });
  return {
    tables: [groupsTable, ageLanguage],
    atoms: [groupAtoms, atoms],
    atomCount: perAtom.length,
    lines,
  };
}

/** A 1-D table over a partition of the children: its categories are its atoms. */
function partitionFamily(
  id: StatsTableId,
  dimension: Words,
  categories: readonly { key: string; words: Words }[],
  categoryOf: (child: ChildFact) => string,
  dimensionId: string,
  children: readonly ChildFact[],
): Family {
  const index = new Map(categories.map((category, at) => [category.key, at]));
  const counts = new Array<number>(categories.length).fill(0);
  for (const child of children) counts[index.get(categoryOf(child))!]! += weight(child);
  const cells: StatsCell[] = categories.map((category, at) => ({
    key: { [dimensionId]: category.key },
    dimension,
    category: category.words,
    count: counts[at]!,
  }));
  cells.push({
    key: {},
    dimension,
    category: STATS_WORDS.total,
    count: childrenCounted(children),
  });
  const atoms = categories.map((_, at) => [at]);
  atoms.push(categories.map((_, at) => at));
  return {
    tables: [{ id, name: STATS_WORDS.tables[id], dimensions: [dimension], cells }],
    atoms: [atoms],
    atomCount: categories.length,
    lines: [{ total: [0, categories.length], parts: categories.map((_, at) => [0, at]) }],
  };
}

function families(input: StatsInput): Family[] {
  const { dimensions } = STATS_WORDS;
  const categoryByCode = new Map(
    input.privilegeCategories.map((category) => [category.code, category]),
  );
  const categoryOf = (code: string) => {
    const category = categoryByCode.get(code);
    if (!category) throw new Error(`anonymised statistics: unknown privilege category ${code}`);
    return category;
  };
  const privilegeCategories = [...input.privilegeCategories].sort((a, b) => {
    const [x, y] = [kazakhSortKey(a.kk), kazakhSortKey(b.kk)];
    return x !== y ? (x < y ? -1 : 1) : a.code < b.code ? -1 : a.code > b.code ? 1 : 0;
  });
  return [
    groupsFamily(input),
    partitionFamily(
      'statuses',
      dimensions.status,
      CHILD_STATUSES.map((status) => ({ key: status, words: statusWords(status) })),
      (child) => child.status,
      'status',
      input.children,
    ),
    partitionFamily(
      'ages',
      dimensions.age,
      AGE_CATEGORIES.map((years) => ({ key: String(years), words: ageWords(years) })),
      (child) => String(ageCategory(child.ageYears)),
      'age',
      input.children,
    ),
    partitionFamily(
      'privilegeKinds',
      dimensions.privilegeKind,
      [
        ...PRIVILEGE_KINDS.map((kind) => ({ key: kind, words: PRIVILEGE_KIND_WORDS[kind] })),
        { key: 'none', words: STATS_WORDS.noPrivilege },
      ],
      // A child's best kind: the list runs from the strongest.
      (child) =>
        PRIVILEGE_KINDS.find((kind) =>
          child.privileges.some((code) => categoryOf(code).kind === kind),
        ) ?? 'none',
      'privilegeKind',
      input.children,
    ),
    partitionFamily(
      'privilegeCategories',
      dimensions.privilegeCategory,
      [
        ...privilegeCategories.map((category) => ({
          key: category.code,
          words: { kk: category.kk, ru: category.ru },
        })),
        { key: 'none', words: STATS_WORDS.noPrivilege },
        { key: 'several', words: STATS_WORDS.severalCategories },
      ],
      (child) => {
        const codes = new Set(child.privileges.map((code) => categoryOf(code).code));
        return codes.size === 0 ? 'none' : codes.size === 1 ? [...codes][0]! : 'several';
      },
      'privilegeCategory',
      input.children,
    ),
  ];
}

/** The tables with their true counts, before suppression (for the director's own screen). */
export function statsTables(input: StatsInput): StatsTable[] {
  return families(input).flatMap((family) => family.tables);
}

// ---------------------------------------------------------------------------------------
// Suppression

/** Is this cell the number of all children (every table's total: each counts every child)? */
const isChildrenTotal = (cell: StatsCell) => Object.keys(cell.key).length === 0;

function suppressFamily(family: Family, childrenTotalHidden: boolean) {
  const flat: SuppressionCell[] = [];
  const at: number[][] = [];
  family.tables.forEach((table, tableIndex) => {
    at.push([]);
    table.cells.forEach((cell, cellIndex) => {
      const shared = isChildrenTotal(cell);
      at[tableIndex]!.push(flat.length);
      flat.push({
        count: cell.count,
        atoms: family.atoms[tableIndex]![cellIndex]!,
        forced: shared && childrenTotalHidden,
        lastResort: shared,
      });
    });
  });
  const index = ([table, cell]: [number, number]) => at[table]![cell]!;
  const lines: SuppressionLine[] = family.lines.map((line) => ({
    total: index(line.total),
    parts: line.parts.map(index),
  }));
  const reasons = suppressCells(flat, lines, family.atomCount);
  return family.tables.map((table, tableIndex) =>
    table.cells.map((_, cellIndex) => reasons[at[tableIndex]![cellIndex]!]!),
  );
}

/**
 * The tables as they may leave the kindergarten: each cell's count, or `suppressed`; and the
 * list of what was suppressed and why.
 */
export function anonymisedStats(input: StatsInput): AnonymisedStats {
  const all = families(input);
  let hidden = false;
  let reasons = all.map((family) => suppressFamily(family, hidden));
  const totalHidden = () =>
    all.some((family, f) =>
      family.tables.some((table, t) =>
        table.cells.some((cell, c) => isChildrenTotal(cell) && reasons[f]![t]![c] !== null),
      ),
    );
  if (totalHidden()) {
    hidden = true;
    reasons = all.map((family) => suppressFamily(family, hidden));
  }
  const tables: PublishedTable[] = [];
  const suppressed: SuppressedCell[] = [];
  all.forEach((family, f) =>
    family.tables.forEach((table, t) => {
      tables.push({
        ...table,
        cells: table.cells.map((cell, c) => {
          const reason = reasons[f]![t]![c]!;
          const { count, ...rest } = cell;
          if (reason === null) return { ...rest, count };
          suppressed.push({ table: table.id, ...rest, reason });
          return { ...rest, count: 'suppressed' };
        }),
      });
    }),
  );
  const order = new Map(STATS_TABLES.map((id, position) => [id, position]));
  tables.sort((a, b) => order.get(a.id)! - order.get(b.id)!);
  suppressed.sort((a, b) => order.get(a.table)! - order.get(b.table)!);
  return { tables, suppressed };
}

/**
 * How many cells each table suppressed, by reason: what the published file may say about its
 * suppression. Saying which cell was suppressed for which reason would itself leak (a cell
 * known to be a complement counts 5 or more, which bounds its partner).
 */
export function suppressionSummary(
  stats: AnonymisedStats,
): { table: StatsTableId; name: Words; primary: number; complementary: number }[] {
  return stats.tables.map((table) => ({
    table: table.id,
    name: table.name,
    primary: stats.suppressed.filter((cell) => cell.table === table.id && cell.reason === 'primary')
      .length,
    complementary: stats.suppressed.filter(
      (cell) => cell.table === table.id && cell.reason === 'complementary',
    ).length,
  }));
}

// ---------------------------------------------------------------------------------------
// CSV

/** Both languages' words in one label ("3 жас / 3 года"); once when they are the same. */
export const bilingual = (words: Words): string =>
  words.kk === words.ru ? words.kk : `${words.kk} / ${words.ru}`;

/** RFC 4180: a field holding the separator, a quote or a line break is quoted, quotes doubled. */
export const csvField = (value: string): string =>
  /[;"\r\n]/.test(value) ? `"${value.replace(/"/g, '""')}"` : value;

export const STATS_CSV_HEADER = 'table;dimension;category;count';

/**
 * The tidy CSV: the header, then one row per cell `table;dimension;category;count`, tables in
 * STATS_TABLES order and cells in the table's order, lines ended by CRLF (RFC 4180), UTF-8
 * text with no byte-order mark (the writer adds one if a spreadsheet needs it). A count is a
 * whole number ≥ 5 or the word `suppressed`.
 */
export function statsCsv(stats: AnonymisedStats): string {
  const rows = [STATS_CSV_HEADER];
  for (const table of stats.tables) {
    for (const cell of table.cells) {
      rows.push(
        [
          bilingual(table.name),
          bilingual(cell.dimension),
          bilingual(cell.category),
          String(cell.count),
        ]
          .map(csvField)
          .join(';'),
      );
    }
  }
  return rows.map((row) => `${row}\r\n`).join('');
}
