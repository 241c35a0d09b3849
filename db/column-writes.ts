import { getTableColumns, getTableName } from 'drizzle-orm';
import type { SQLiteTable } from 'drizzle-orm/sqlite-core';
import type { Store } from './connection';
import { statement } from './prepared';

/** Plain column values: what the portal sends (text, numbers, null) needs no conversion. */
export type ColumnValues = Record<string, string | number | null>;

/** SQL column names by drizzle key, once per table. */
const namesOf = new WeakMap<SQLiteTable, Record<string, string>>();
function sqlName(table: SQLiteTable, key: string): string {
  let names = namesOf.get(table);
  if (!names) {
    names = Object.fromEntries(
      Object.entries(getTableColumns(table)).map(([k, column]) => [k, column.name]),
    );
    namesOf.set(table, names);
  }
  const name = names[key];
  if (!name) throw new Error(`no column ${key} in ${getTableName(table)}`);
  return `"${name}"`;
}

/**
 * Inserts a row of the named columns through a statement compiled once per connection and
 * shape of columns (`statement`), without building the query each time: for the many rows a
 * pull writes. Values go in as they are (no drizzle mode conversion).
 */
export function insertColumns(store: Store, table: SQLiteTable, values: ColumnValues): void {
  const keys = Object.keys(values);
  statement(
    store,
    `INSERT INTO "${getTableName(table)}" (${keys.map((k) => sqlName(table, k)).join(', ')})
     VALUES (${keys.map(() => '?').join(', ')})`,
  ).run(...keys.map((k) => values[k]));
}

/** Updates the named columns of the row whose `key` column is `id`, as insertColumns does. */
export function updateColumns(
  store: Store,
  table: SQLiteTable,
  values: ColumnValues,
  key: string,
  id: string,
): void {
  const keys = Object.keys(values);
  if (!keys.length) return;
  statement(
    store,
    `UPDATE "${getTableName(table)}" SET ${keys.map((k) => `${sqlName(table, k)} = ?`).join(', ')}
     WHERE ${sqlName(table, key)} = ?`,
  ).run(...keys.map((k) => values[k]), id);
}
