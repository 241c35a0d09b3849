import type Database from 'better-sqlite3';
import type { ReadableSqlite, ReadStatement } from './connection';

/** Anything that carries the store's connection: a Store, a read or write handle, or the raw connection. */
export type Connection =
  { readonly sqlite: Database.Database | ReadableSqlite } | Database.Database;

/**
 * What each connection has prepared, by SQL text (raw statements) or by builder (queries).
 * Keyed by the sqlite connection itself, so every writable handle over one connection shares
 * one set, and a store opened anew (a new connection) prepares its own: a closed connection's
 * statements are never handed out again. A read handle (connection.ts `readHandle`) has its
 * own set, so a statement that writes is never handed to it from the writable set.
 */
const preparedOn = new WeakMap<Database.Database | ReadableSqlite, Map<unknown, unknown>>();

function sqliteOf(connection: Connection): Database.Database | ReadableSqlite {
  return 'sqlite' in connection ? connection.sqlite : connection;
}

function once<T>(connection: Connection, key: unknown, build: () => T): T {
  const sqlite = sqliteOf(connection);
  // Statements of a closed connection are dead; forget them so the prepare below fails
  // loudly ("connection is not open") instead of returning one.
  if (!sqlite.open) preparedOn.delete(sqlite);
  let cache = preparedOn.get(sqlite);
  if (!cache) preparedOn.set(sqlite, (cache = new Map()));
  if (cache.has(key)) return cache.get(key) as T;
  const value = build();
  cache.set(key, value);
  return value;
}

/**
 * A raw SQL statement, prepared on its first use on this connection and reused after.
 * Building a query anew on every call costs more than the write itself: drizzle builds the
 * query's text, and SQLite compiles it with every trigger of the table it writes, so a drizzle
 * insert into `children` (its search-index triggers included) built per call took about ten
 * times the same insert prepared once (`npm run bench -- store`, the child record section).
 */
export function statement(
  connection: { readonly sqlite: Database.Database } | Database.Database,
  text: string,
): Database.Statement;
/** Through a read handle: the statement must only read (else WriteThroughReadHandle). */
export function statement(
  connection: { readonly sqlite: ReadableSqlite },
  text: string,
): ReadStatement;
export function statement(
  connection: Connection,
  text: string,
): Database.Statement | ReadStatement {
  const sqlite = sqliteOf(connection);
  return once(connection, text, () => sqlite.prepare(text));
}

/**
 * A query built once per connection: pass a builder that ends in drizzle's `.prepare()` with
 * `sql.placeholder` for the values, and call the returned function with the store each time:
 *
 *     const childByIin = prepared((store: ReadableStore) =>
 *       store.db.select().from(children).where(eq(children.iin, sql.placeholder('iin'))).prepare(),
 *     );
 *     childByIin(store).get({ iin });
 *
 * The builder itself is the cache key, so define it once at module level.
 */
export function prepared<S extends Connection, T>(
  build: (connection: S) => T,
): (connection: S) => T {
  return (connection) => once(connection, build, () => build(connection));
}
