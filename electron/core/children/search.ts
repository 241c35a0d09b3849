import { sql, type SQL } from 'drizzle-orm';
import { children } from '../../../db/schema';

/**
 * An FTS5 query for what a person typed: each word is a prefix; digits search the IIN,
 * letters the names (Kazakh and Russian letters, case-insensitive). All words must match.
 * Quotes are doubled so typed punctuation is taken literally, never as FTS syntax. Control
 * characters and lone surrogate halves separate words like spaces: FTS5 refuses a NUL inside
 * a phrase, and nobody types one on purpose.
 */
export function ftsQuery(typed: string): string | null {
  const words = typed
    .normalize('NFC')
    .split(/[\s\p{Cc}\p{Cs},.;:()"'«»-]+/u)
    .filter(Boolean)
    .slice(0, 6);
  if (!words.length) return null;
  return words
    .map((word) => {
      const phrase = `"${word.replace(/"/g, '""')}"*`;
      return /^\d+$/.test(word)
        ? `iin : ${phrase}`
        : `{last_name first_name patronymic} : ${phrase}`;
    })
    .join(' AND ');
}

/** A WHERE condition on `children` for a typed search; matches nothing for an empty query. */
export function childrenMatching(typed: string): SQL {
  const query = ftsQuery(typed);
  if (!query) return sql`0`;
  return sql`${children}.rowid IN (SELECT rowid FROM children_search WHERE children_search MATCH ${query})`;
}
