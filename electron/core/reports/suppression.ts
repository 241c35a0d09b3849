/**
 * Small-cell suppression for the anonymised statistics (issue 15 item 2), on any set of tables
 * whose cells are sums over the same "atoms" (the finest counts a family of tables is made of,
 * e.g. the children of each group for the group table and the age group × language table,
 * which adds groups up). Pure and Node-free.
 *
 * The attacker's view is linear algebra: each published cell is an equation over the atoms;
 * a suppressed cell is protected when its value is not uniquely determined by them, i.e. its
 * atom vector is not in the span of the published cells' vectors. The steps:
 *
 * 1. Primary: every cell counting fewer than 5 is suppressed, zero included. A published 0
 *    would tell the reader that no child has the attribute (in a small group, a fact about
 *    every child of it), and it would narrow the suppressed neighbours: once zeros are
 *    published a suppressed cell is known to be ≥ 1, so two suppressed cells for which their
 *    line's published cells leave 2 are both exactly 1. The export's format agrees: a count
 *    is a whole number ≥ 5 or the word `suppressed`. The price: a category no child is in
 *    (a status nobody has) hides one more cell beside it.
 * 2. Complementary, on each line (a total and the cells it adds up): a line holding exactly
 *    one suppressed cell (the total counts as a member) gets a second one, the smallest other
 *    non-zero part, or its total when no part is left; so does a line whose suppressed cells
 *    are all zero (the difference would be 0 and, counts being ≥ 0, pin each of them at 0).
 * 3. Audit: the rank test above over every cell; a primary cell still determined (through
 *    several lines at once, e.g. a group alone in its age group × language cell) takes the
 *    smallest published non-zero cell sharing one of its atoms. Back to 2 until nothing moves
 *    (it ends: every round suppresses at least one more cell, and with all cells suppressed
 *    nothing is determined).
 *
 * A cell of no atoms (an age group × language pair no group has) is 0 for anyone who knows
 * the groups: it is suppressed (0 is not a count the export shows) but counts as known, so
 * it neither protects nor needs protecting.
 *
 * Bounds from counts being ≥ 0 are checked line by line only (the rule above: no line leaves 0
 * for its hidden cells); combinations of several lines' bounds are not searched (that would
 * take a linear-programming audit).
 *
 * The rank test runs in floating point with partial pivoting; the matrices are 0/1 with a few
 * dozen columns (groups, categories), well inside what doubles keep exact enough, and the unit
 * test checks every result again in modular arithmetic.
 */

export type SuppressionReason = 'primary' | 'complementary';

/** Fewer children than this in a cell and it is not published. */
export const SMALL_CELL = 5;

export interface SuppressionCell {
  count: number;
  /** The atoms (indices) this cell adds up. */
  atoms: readonly number[];
  /** Suppressed from the start, e.g. a total suppressed in another family of tables. */
  forced?: boolean;
  /** Chosen as a complement only when nothing else will do (a total shared between tables). */
  lastResort?: boolean;
}

/** A total and the cells it adds up (cell indices). */
export interface SuppressionLine {
  total: number;
  parts: readonly number[];
}

const EPSILON = 1e-9;

/** Reduces `vector` against an echelon basis (rows with a pivot column each); answers the rest. */
function reduce(basis: readonly { pivot: number; row: Float64Array }[], vector: Float64Array) {
  const rest = Float64Array.from(vector);
  for (const { pivot, row } of basis) {
    const factor = rest[pivot];
    if (factor === undefined || Math.abs(factor) < EPSILON) continue;
    for (let column = 0; column < rest.length; column++) rest[column]! -= factor * row[column]!;
  }
  return rest;
}

function vectorOf(cell: SuppressionCell, atomCount: number): Float64Array {
  const vector = new Float64Array(atomCount);
  for (const atom of cell.atoms) vector[atom] = 1;
  return vector;
}

/**
 * Which cells are uniquely determined by the published ones (`published[i]` true): for each
 * cell, true when its vector lies in the published cells' span.
 */
export function determinedCells(
  cells: readonly SuppressionCell[],
  published: readonly boolean[],
  atomCount: number,
): boolean[] {
  const basis: { pivot: number; row: Float64Array }[] = [];
  cells.forEach((cell, index) => {
    if (!published[index]) return;
    const rest = reduce(basis, vectorOf(cell, atomCount));
    let pivot = -1;
    for (let column = 0; column < atomCount; column++) {
      if (
        Math.abs(rest[column]!) > EPSILON &&
        (pivot < 0 || Math.abs(rest[column]!) > Math.abs(rest[pivot]!))
      ) {
        pivot = column;
      }
    }
    if (pivot < 0) return;
    const scale = rest[pivot]!;
    for (let column = 0; column < atomCount; column++) rest[column]! /= scale;
    // Keep the basis fully reduced so one pass of `reduce` suffices for any later vector.
    for (const other of basis) {
      const factor = other.row[pivot]!;
      if (Math.abs(factor) < EPSILON) continue;
      for (let column = 0; column < atomCount; column++)
        other.row[column]! -= factor * rest[column]!;
    }
    basis.push({ pivot, row: rest });
  });
  return cells.map((cell, index) => {
    if (published[index]) return true;
    const rest = reduce(basis, vectorOf(cell, atomCount));
    return rest.every((value) => Math.abs(value) < EPSILON);
  });
}

/**
 * Suppresses the cells of one family of tables: for each cell its reason, or null when it is
 * published.
 */
export function suppressCells(
  cells: readonly SuppressionCell[],
  lines: readonly SuppressionLine[],
  atomCount: number,
): (SuppressionReason | null)[] {
  const reasons: (SuppressionReason | null)[] = cells.map((cell) =>
    cell.count < SMALL_CELL ? 'primary' : cell.forced ? 'complementary' : null,
  );
  const suppress = (index: number) => {
    reasons[index] = cells[index]!.count < SMALL_CELL ? 'primary' : 'complementary';
  };
  /** The smallest published cell among `candidates`, non-zero first, shared totals last. */
  const smallest = (candidates: readonly number[]): number | undefined => {
    let best: number | undefined;
    const rank = (index: number) => [cells[index]!.lastResort ? 1 : 0, cells[index]!.count, index];
    for (const index of candidates) {
      if (reasons[index] !== null || cells[index]!.count === 0) continue;
      if (best === undefined) best = index;
      else {
        const [a, b] = [rank(index), rank(best)];
        if (a[0]! < b[0]! || (a[0] === b[0] && (a[1]! < b[1]! || (a[1] === b[1] && a[2]! < b[2]!))))
          best = index;
      }
    }
    return best;
  };

  for (;;) {
    // Step 2: the lines, to their fixpoint.
    let moved = true;
    while (moved) {
      moved = false;
      for (const line of lines) {
        const members = [line.total, ...line.parts];
        const hidden = members.filter(
          (index) => reasons[index] !== null && cells[index]!.atoms.length > 0,
        );
        if (hidden.length === 0) continue;
        const hiddenSum = hidden.reduce((sum, index) => sum + cells[index]!.count, 0);
        if (hidden.length >= 2 && hiddenSum > 0) continue;
        const next =
          smallest(line.parts) ?? (reasons[line.total] === null ? line.total : undefined);
        if (next === undefined) continue;
        suppress(next);
        moved = true;
      }
    }
    // Step 3: the audit.
    const published = reasons.map((reason) => reason === null);
    const determined = determinedCells(cells, published, atomCount);
    const exposed = cells.findIndex(
      (cell, index) => reasons[index] === 'primary' && determined[index] && cell.atoms.length > 0,
    );
    if (exposed < 0) return reasons;
    const atoms = new Set(cells[exposed]!.atoms);
    const touching = cells.flatMap((cell, index) =>
      cell.atoms.some((atom) => atoms.has(atom)) ? [index] : [],
    );
    const next =
      smallest(touching) ?? touching.find((index) => reasons[index] === null) ?? undefined;
    // Cannot happen: with every cell touching its atoms hidden, nothing published reaches it.
    if (next === undefined) return reasons;
    suppress(next);
  }
}
