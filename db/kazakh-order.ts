import { sql, type SQL } from 'drizzle-orm';
import type { SQLiteColumn } from 'drizzle-orm/sqlite-core';

/**
 * Alphabetical order for Kazakh and Russian names. SQLite's default order compares code
 * points, which puts ә, ғ, қ, ң, ө, ұ, ү, һ, і after the whole Russian alphabet; the Kazakh
 * alphabet (which holds every Russian letter) places each where a reader looks for it.
 */
const KAZAKH_ALPHABET = 'аәбвгғдеёжзийкқлмнңоөпрстуұүфхһцчшщъыіьэюя';
const LETTER_RANK = new Map([...KAZAKH_ALPHABET].map((letter, rank) => [letter, rank]));
/** Ranks land above every Latin letter, digit and punctuation mark, which keep their order. */
const FIRST_RANK_CODE = 0x2000;

/**
 * A string that sorts by code point in Kazakh alphabetical order, case folded.
 *
 * The keys are stored on disk in the children_kazakh_order index, so they must never change
 * for the same text: a different key makes integrity_check (and so `verify` and restore)
 * report the index as damaged. Hence `toLowerCase` (no locale, no ICU data that differs
 * between Node and Electron builds) and a test that pins exact keys. Changing the order means
 * a new function name and a migration that rebuilds the index.
 */
export function kazakhSortKey(text: string | null): string {
  if (text === null) return '';
  let key = '';
  for (const char of text.toLowerCase()) {
    const rank = LETTER_RANK.get(char);
    key += rank === undefined ? char : String.fromCharCode(FIRST_RANK_CODE + rank);
  }
  return key;
}

/** The SQL function name the store registers (deterministic, so an index may use it). */
export const KAZAKH_SORT_KEY_SQL = 'kazakh_sort_key';

/**
 * A column's Kazakh sort key as SQL. The children's list orders by exactly these expressions
 * and an index holds them (children_kazakh_order), so a page is read in order from the index
 * instead of computing a key for every child and sorting on each request.
 */
export function kazakhOrder(column: SQLiteColumn): SQL {
  return sql`${sql.raw(KAZAKH_SORT_KEY_SQL)}(${column})`;
}
