import { createHmac } from 'node:crypto';
import { closeSync, openSync, readSync } from 'node:fs';
import Database from 'better-sqlite3';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import * as schema from './schema';
import { runMigrations } from './migrate';
import { StoreError } from './store-errors';
import { KAZAKH_SORT_KEY_SQL, kazakhSortKey } from './kazakh-order';
import { foldKazakh, KAZAKH_FOLD_SQL, PHONE_DIGITS_SQL, phoneDigits } from './search-text';

export type Schema = typeof schema;
export type Db = BetterSQLite3Database<Schema>;

/*
 * Reads and writes are different types (as Signal Desktop's ReadableDB / WritableDB): a
 * handler's `ctx.store()` is a ReadableStore; the writable Store reaches a handler only inside
 * `ctx.transact`, which audits the change in the same transaction. A Store is a ReadableStore,
 * so code that only reads takes a ReadableStore and serves both.
 */

/** drizzle without the builders that change data (and without its raw client). */
export type ReadableDb = Omit<
  Db,
  'insert' | 'update' | 'delete' | 'run' | 'transaction' | 'with' | '$client'
>;

/** A statement prepared through a read handle: it answers rows, it cannot be run. */
export interface ReadStatement<BindParameters extends unknown[] = unknown[], Result = unknown> {
  readonly source: string;
  readonly reader: boolean;
  readonly readonly: boolean;
  get(...params: BindParameters): Result | undefined;
  all(...params: BindParameters): Result[];
  iterate(...params: BindParameters): IterableIterator<Result>;
  pluck(toggleState?: boolean): this;
  expand(toggleState?: boolean): this;
  raw(toggleState?: boolean): this;
  bind(...params: BindParameters): this;
  columns(): ReturnType<Database.Statement['columns']>;
  safeIntegers(toggleState?: boolean): this;
}

/** The connection as a read handle shows it: statements and pragmas that only read. */
export interface ReadableSqlite {
  readonly open: boolean;
  // The same signature as better-sqlite3's, so a Store's connection is a ReadableSqlite.
  // eslint-disable-next-line @typescript-eslint/no-empty-object-type
  prepare<BindParameters extends unknown[] | {} = unknown[], Result = unknown>(
    source: string,
  ): BindParameters extends unknown[]
    ? ReadStatement<BindParameters, Result>
    : ReadStatement<[BindParameters], Result>;
  pragma(source: string, options?: Database.PragmaOptions): unknown;
}

export interface ReadableStore {
  /** drizzle over the connection, for reading. */
  readonly db: ReadableDb;
  /** The connection, for FTS and read pragmas: whatever it prepares must only read. */
  readonly sqlite: ReadableSqlite;
}

export interface Store extends ReadableStore {
  /** drizzle over the connection; the only way domain code touches data. */
  readonly db: Db;
  /** The raw connection, for pragmas, FTS and backups. */
  readonly sqlite: Database.Database;
  close(): void;
}

/** The store with its writes: what `ctx.transact` hands to its change. */
export type WritableStore = Store;

/**
 * A write attempted through a read handle: a bug in the core, never the user's doing. Not an
 * AppError (db/ knows none): the dispatcher reports it and answers InternalError.
 */
export class WriteThroughReadHandle extends Error {
  constructor() {
    super('a statement that writes was prepared through a read handle');
    this.name = 'WriteThroughReadHandle';
  }
}

const readHandles = new WeakMap<Database.Database, ReadableStore>();
/** The connection under each read handle, for `snapshotInto`. */
const connectionOf = new WeakMap<ReadableSqlite, Database.Database>();

/**
 * The read handle over a store's connection (one per connection): a statement it prepares,
 * its drizzle queries included, must be one SQLite calls read-only (`stmt.readonly`), or it
 * throws WriteThroughReadHandle before anything runs. A read handle gives itself back; a store
 * over anything else (no known connection) is refused with WriteThroughReadHandle rather than
 * handed on as it is, since nothing would keep it from writing.
 */
export function readHandle(store: ReadableStore): ReadableStore {
  if (!(store.sqlite instanceof Database)) {
    const under = connectionOf.get(store.sqlite);
    const handle = under && readHandles.get(under);
    if (handle) return handle;
    throw new WriteThroughReadHandle();
  }
  const connection = store.sqlite;
  let handle = readHandles.get(connection);
  if (!handle) {
    const prepare = (source: string) => {
      const statement = connection.prepare(source);
      if (!statement.readonly) throw new WriteThroughReadHandle();
      return statement;
    };
    const sqlite: ReadableSqlite = {
      get open() {
        return connection.open;
      },
      prepare: prepare as ReadableSqlite['prepare'],
      pragma: (source, options) => {
        const statement = prepare(`PRAGMA ${source}`);
        return options?.simple ? statement.pluck().get() : statement.all();
      },
    };
    connectionOf.set(sqlite, connection);
    // drizzle prepares every query through its client: here, the checking `prepare` above.
    const client = sqlite as unknown as Database.Database;
    handle = { db: drizzle({ client, schema }), sqlite };
    readHandles.set(connection, handle);
  }
  return handle;
}

/**
 * Writes a consistent, encrypted copy of the store into a new file (VACUUM INTO): it changes
 * nothing in the store itself, so a read handle may ask for it (a backup is an audited act,
 * not a write).
 */
export function snapshotInto(store: ReadableStore, path: string): void {
  const connection =
    store.sqlite instanceof Database ? store.sqlite : connectionOf.get(store.sqlite);
  if (!connection) throw new WriteThroughReadHandle();
  connection.prepare('VACUUM INTO ?').run(path);
}

export const DEK_BYTES = 32;

/** 64 MB of decrypted pages in memory: lookups cost the same as plain SQLite (ARCHITECTURE §3). */
const PAGE_CACHE_KIB = 64 * 1024;

/**
 * AEGIS-256 (SQLite3MultipleCiphers' authenticated cipher): every page encrypted and
 * authenticated, with a raw 256-bit key (no per-open KDF). Chosen over the SQLCipher-v4
 * format on measurement: see README "Design" and `npm run bench -- store`.
 */
export const STORE_CIPHER = 'aegis';

/**
 * The 16 bytes at the start of the file. A raw key does not use them, so nothing would notice
 * them changing; we fix them to a value derived from the key and `verify` checks them.
 */
export function storeSalt(key: Buffer): Buffer {
  return createHmac('sha256', key).update('balabaqsha/store-salt/v1').digest().subarray(0, 16);
}

export function applyKey(sqlite: Database.Database, key: Buffer): void {
  if (key.length !== DEK_BYTES) throw new Error('store key must be 256 bits');
  sqlite.pragma(`cipher='${STORE_CIPHER}'`);
  sqlite.pragma(`key="x'${key.toString('hex')}${storeSalt(key).toString('hex')}'"`);
}

/** Whether the file's unencrypted header still carries the salt this key expects. */
export function storeHeaderIntact(path: string, key: Buffer): boolean {
  const fd = openSync(path, 'r');
  try {
    const header = Buffer.alloc(16);
    readSync(fd, header, 0, 16, 0);
    return header.equals(storeSalt(key));
  } finally {
    closeSync(fd);
  }
}

export interface OpenStoreOptions {
  path: string;
  key: Buffer;
  readonly?: boolean;
}

/**
 * Opens (creating if absent) the encrypted store, applies pending migrations in one
 * transaction, and refuses a database written by a newer version of the app.
 */
export function openStore({ path, key, readonly = false }: OpenStoreOptions): Store {
  const sqlite = new Database(path, { readonly, fileMustExist: readonly });
  try {
    applyKey(sqlite, key);
    try {
      sqlite.prepare('SELECT count(*) FROM sqlite_master').get();
    } catch {
      throw new StoreError('databaseUnreadable');
    }
    // Temporary tables and sort spills stay in memory: nothing decrypted touches the disk.
    sqlite.pragma('temp_store = MEMORY');
    sqlite.pragma(`cache_size = -${PAGE_CACHE_KIB}`);
    sqlite.pragma('foreign_keys = ON');
    sqlite.pragma('busy_timeout = 5000');
    sqlite.function(KAZAKH_SORT_KEY_SQL, { deterministic: true }, (text: unknown) =>
      kazakhSortKey(typeof text === 'string' ? text : null),
    );
    // The children's search index is filled through these (migration 0010's triggers).
    sqlite.function(KAZAKH_FOLD_SQL, { deterministic: true }, (text: unknown) =>
      typeof text === 'string' ? foldKazakh(text) : null,
    );
    sqlite.function(PHONE_DIGITS_SQL, { deterministic: true }, (phone: unknown) =>
      typeof phone === 'string' ? phoneDigits(phone) : null,
    );
    if (!readonly) {
      // Before the first table exists: keeps no free pages, so `verify` reads every page.
      sqlite.pragma('auto_vacuum = FULL');
      sqlite.pragma('journal_mode = WAL');
      sqlite.pragma('synchronous = FULL');
      runMigrations(sqlite);
    }
    return { db: drizzle(sqlite, { schema }), sqlite, close: () => sqlite.close() };
  } catch (error) {
    sqlite.close();
    throw error;
  }
}
