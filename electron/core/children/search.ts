import { sql, type SQL } from 'drizzle-orm';
import { children } from '../../../db/schema';
import { foldKazakh } from '../../../db/search-text';

/**
 * FTS5 queries for what a person typed, over the children_search index (migration 0010).
 * Each word is a prefix and all words must match: letters match the child's names, a
 * representative's names, or either with the Kazakh letters folded (db/search-text.ts: "Абен"
 * finds "Әбенова"); digits match the child's IIN, a representative's IIN, or a
 * representative's phone. A query of digits and phone punctuation only is one number, so
 * "+7 701 555 12 34", "8 (701) 555-12-34" and "701 555" are each one phone prefix; an 8 or 7
 * before the national number's 7 may be the trunk or country code, so it is also tried
 * without it.
 *
 * Three queries rank the matches: `child` (every word in the child's own names or IIN),
 * `exact` (every word as typed, representatives included) and `any` (folded letters too).
 * Quotes are doubled so typed punctuation is taken literally, never as FTS syntax. Control
 * characters and lone surrogate halves separate words like spaces: FTS5 refuses a NUL inside
 * a phrase, and nobody types one on purpose.
 */
export interface SearchQueries {
  child: string;
  exact: string;
  any: string;
}

const SEPARATORS = /[\s\p{Cc}\p{Cs},.;:()"'«»-]+/u;
/** Digits with what people put between them when they type a phone number. */
const NUMBER_ONLY = /^[\d\s\p{Cc}\p{Cs}+().-]+$/u;
const MAX_WORDS = 6;

const prefix = (word: string) => `"${word.replace(/"/g, '""')}"*`;

interface Alternatives {
  child: string;
  family: string;
  folded: string | null;
}

function numberAlternatives(digits: string): Alternatives {
  const family = [`{family_iin phones} : ${prefix(digits)}`];
  // Every Kazakh number starts with 7 (701…, 7172…): an 8 or a 7 before it is the trunk or
  // country code.
  if (/^[78]7/.test(digits)) family.push(`phones : ${prefix(digits.slice(1))}`);
  return { child: `iin : ${prefix(digits)}`, family: family.join(' OR '), folded: null };
}

function nameAlternatives(word: string): Alternatives {
  return {
    child: `names : ${prefix(word)}`,
    family: `family : ${prefix(word)}`,
    // A name without a foldable letter is kept only as written, hence names and family too.
    folded: `{names names_folded family family_folded} : ${prefix(foldKazakh(word))}`,
  };
}

export function searchQueries(typed: string): SearchQueries | null {
  const text = typed.normalize('NFC');
  const number = NUMBER_ONLY.test(text) ? text.replace(/\D/g, '') : null;
  const words = number !== null ? [number] : text.split(SEPARATORS);
  const terms = words
    .filter(Boolean)
    .slice(0, MAX_WORDS)
    .map((word) => (/^\d+$/.test(word) ? numberAlternatives(word) : nameAlternatives(word)));
  if (!terms.length) return null;
  const all = (each: (term: Alternatives) => string[]) =>
    terms.map((term) => `(${each(term).join(' OR ')})`).join(' AND ');
  return {
    child: all((term) => [term.child]),
    exact: all((term) => [term.child, term.family]),
    any: all((term) => [term.child, term.family, ...(term.folded ? [term.folded] : [])]),
  };
}

/**
 * The children whose index row matches. `scan` keeps SQLite from reading the children by the
 * matches' rowids (the unary plus): a page is then read in order from children_kazakh_order,
 * probing each entry, instead of sorting every match by kazakh_sort_key, a JavaScript call
 * per name that cost 20 ms for the 5,000 children a one-letter search finds at 10,000.
 */
const matching = (query: string, scan = false) =>
  sql`${sql.raw(scan ? '+' : '')}${children}.rowid IN (SELECT rowid FROM children_search WHERE children_search MATCH ${query})`;

/**
 * A WHERE condition on `children` for a typed search (to count the matches), and the ranks the
 * matches are listed in, each in alphabetical order: the child's own name or IIN as typed, then
 * a representative's name, IIN or phone as typed, then letters matched only folded. Each
 * rank's condition holds exactly its own matches, to read a page with instead of `where`.
 * Null for a query with no words.
 */
export function childrenSearch(typed: string): { where: SQL; ranks: SQL[] } | null {
  const queries = searchQueries(typed);
  if (!queries) return null;
  const child = matching(queries.child, true);
  const exact = matching(queries.exact, true);
  const ranks = [child, sql`${exact} AND NOT ${child}`];
  if (queries.any !== queries.exact)
    ranks.push(sql`${matching(queries.any, true)} AND NOT ${exact}`);
  return { where: matching(queries.any), ranks };
}
