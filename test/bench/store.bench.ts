import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { applyKey, openStore } from '../../db/connection';
import { drizzle, type BetterSQLite3Database } from 'drizzle-orm/better-sqlite3';
import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
import { eq, sql } from 'drizzle-orm';
import { prepared } from '../../db/prepared';
import { createChild, findChild } from '../../electron/core/children/child-record';
import { collectChanges } from '../../electron/core/registry/record-changes';
import { birthDateBetween, generator, makeIin } from '../../electron/core/seed/random';

const ROWS = 50_000;
const LOOKUPS = 1_000;
const SEARCHES = 1_000;
const REPEATS = 3;

type Variant = 'plain' | 'aegis' | 'sqlcipher' | 'chacha20';
/**
 * raw: better-sqlite3 statements; app: the same rows through drizzle queries prepared once per
 * connection (db/prepared.ts), as the record modules write them.
 */
type Layer = 'raw' | 'app';

const child = sqliteTable('child', {
  id: integer('id').primaryKey(),
  iin: text('iin').notNull().unique(),
  last: text('last_name'),
  first: text('first_name'),
  birth: text('birth_date'),
  address: text('address'),
  phone: text('phone'),
  notes: text('notes'),
});

const LAST = [
  'Нұрланов',
  'Әбенова',
  'Қасымов',
  'Иванова',
  'Сейітқали',
  'Өмірбек',
  'Петров',
  'Жұмабаева',
  'Ұлықбек',
  'Смағұлов',
];
const FIRST = [
  'Айсұлу',
  'Әлихан',
  'Нұрасыл',
  'Мария',
  'Іңкәр',
  'Данияр',
  'Ерасыл',
  'Аружан',
  'Томирис',
  'Мирас',
];

/** Synthetic child-sized rows: names, IIN-shaped key, dates, address, phone, notes. */
function row(i: number) {
  return {
    iin: String(100000000000 + i * 7919).slice(0, 12),
    last: `${LAST[i % LAST.length]}${i % 97}`,
    first: FIRST[(i * 7) % FIRST.length]!,
    birth: `20${String(18 + (i % 6)).padStart(2, '0')}-0${1 + (i % 9)}-1${i % 9}`,
    address: `Астана қ., Тұран даңғылы ${i % 300}, пәтер ${i % 120}`,
    phone: `+7 701 ${String(1000000 + i).slice(0, 7)}`,
    notes: 'x'.repeat(200 + (i % 100)),
  };
}

function open(path: string, variant: Variant): Database.Database {
  const db = new Database(path);
  if (variant === 'aegis') {
    applyKey(db, randomBytes(32)); // exactly as the store does
  } else if (variant !== 'plain') {
    db.pragma(`cipher='${variant}'`);
    if (variant === 'sqlcipher') db.pragma('legacy=4');
    db.pragma(`key="x'${randomBytes(32).toString('hex')}'"`);
  }
  db.pragma('temp_store = MEMORY');
  db.pragma('cache_size = -65536');
  db.pragma('journal_mode = WAL');
  db.pragma('synchronous = FULL');
  db.exec(`
    CREATE TABLE child (id INTEGER PRIMARY KEY, iin TEXT NOT NULL UNIQUE, last_name TEXT, first_name TEXT,
      birth_date TEXT, address TEXT, phone TEXT, notes TEXT);
    CREATE VIRTUAL TABLE child_search USING fts5(last_name, first_name, iin, content='child', content_rowid='id',
      tokenize = 'unicode61 remove_diacritics 0', prefix = '2 3');`);
  return db;
}

/** The bench's connection as the core's Store carries one: drizzle beside the raw connection. */
interface BenchStore {
  db: BetterSQLite3Database;
  sqlite: Database.Database;
}

const p = sql.placeholder;
/** The app layer's statements, built once per connection like a record module's. */
const insertChild = prepared((store: BenchStore) =>
  store.db
    .insert(child)
    .values({
      id: p('id'),
      iin: p('iin'),
      last: p('last'),
      first: p('first'),
      birth: p('birth'),
      address: p('address'),
      phone: p('phone'),
      notes: p('notes'),
    })
    .prepare(),
);
const childByIin = prepared((store: BenchStore) =>
  store.db
    .select()
    .from(child)
    .where(eq(child.iin, p('iin')))
    .prepare(),
);

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function measure(variant: Variant, layer: Layer): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'bq-bench-'));
  try {
    const db = open(join(dir, 'bench.db'), variant);
    const store: BenchStore = { db: drizzle(db), sqlite: db };
    const insert = db.prepare(
      'INSERT INTO child VALUES (@id, @iin, @last, @first, @birth, @address, @phone, @notes)',
    );
    const index = db.prepare(
      'INSERT INTO child_search (rowid, last_name, first_name, iin) VALUES (?, ?, ?, ?)',
    );
    const inserts = time(() =>
      db.transaction(() => {
        for (let i = 0; i < ROWS; i++) {
          const r = row(i);
          if (layer === 'raw') insert.run({ id: i + 1, ...r });
          else insertChild(store).run({ id: i + 1, ...r });
          index.run(i + 1, r.last, r.first, r.iin);
        }
      })(),
    );
    db.pragma('wal_checkpoint(TRUNCATE)');
    const byIin = db.prepare('SELECT * FROM child WHERE iin = ?');
    const lookups = time(() => {
      for (let i = 0; i < LOOKUPS; i++) {
        const iin = row((i * 4999) % ROWS).iin;
        if (layer === 'raw') byIin.get(iin);
        else childByIin(store).get({ iin });
      }
    });
    const search = db.prepare(
      'SELECT c.id, c.last_name FROM child_search s JOIN child c ON c.id = s.rowid WHERE child_search MATCH ? LIMIT 50',
    );
    const searches = time(() => {
      for (let i = 0; i < SEARCHES; i++) search.all(`"${row(i * 13).last.slice(0, 4)}"*`);
    });
    db.close();
    return { inserts, lookups, searches };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

/** Children as the children.create form sends them: valid IINs that agree with birth date and sex. */
function childValues(count: number) {
  const random = generator(12);
  const taken = new Set<string>();
  return Array.from({ length: count }, (_, i) => {
    const sex = i % 2 ? ('male' as const) : ('female' as const);
    const birthDate = birthDateBetween(random, 2019, 2024);
    const r = row(i);
    return {
      id: `00000000-0000-4000-8000-${String(i).padStart(12, '0')}`,
      iin: makeIin(random, birthDate, sex, taken),
      lastName: r.last,
      firstName: r.first,
      patronymic: i % 3 ? null : `Серік${sex === 'male' ? 'ұлы' : 'қызы'}`,
      birthDate,
      sex,
      citizenship: 'KZ',
      registeredAddress: r.address,
      actualAddress: r.address,
      status: 'enrolled' as const,
      enrolledOn: '2026-09-01',
    };
  });
}

/**
 * The child record module (children/child-record.ts) on a store opened as the app opens it
 * (AEGIS-256, migrations, the search index's triggers), beside raw statements on the same
 * schema: createChild (its checks, the insert, the stored record back) and findChild. The
 * audit and outbox rows a method's transaction adds are counted on neither side.
 */
function measureChildRecord(layer: Layer, values: ReturnType<typeof childValues>) {
  const dir = mkdtempSync(join(tmpdir(), 'bq-bench-'));
  try {
    const store = openStore({ path: join(dir, 'store.db'), key: randomBytes(32) });
    const now = '2026-11-30T10:00:00.000Z';
    const insert = store.sqlite.prepare(
      `INSERT INTO children (id, iin, last_name, first_name, patronymic, birth_date, sex,
         citizenship, registered_address, actual_address, status, enrolled_on, created_at, updated_at)
       VALUES (@id, @iin, @lastName, @firstName, @patronymic, @birthDate, @sex, @citizenship,
         @registeredAddress, @actualAddress, @status, @enrolledOn, @now, @now)`,
    );
    // The record module notes each child for the portal, as in a method's transaction
    // (collectChanges); the outbox rows the transaction would write from them are not.
    const inserts = time(() =>
      store.sqlite.transaction(() => {
        if (layer === 'raw') for (const child of values) insert.run({ ...child, now });
        else
          collectChanges(store, ['child'], () => {
            for (const child of values) createChild(store, child, now);
          });
      })(),
    );
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const byId = store.sqlite.prepare('SELECT * FROM children WHERE id = ?');
    const lookups = time(() => {
      for (let i = 0; i < LOOKUPS; i++) {
        const id = values[(i * 4999) % values.length]!.id;
        if (layer === 'raw') byId.get(id);
        else findChild(store, id);
      }
    });
    store.close();
    return { inserts, lookups };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function benchStore(): void {
  const variants: Variant[] = ['plain', 'aegis', 'sqlcipher', 'chacha20'];
  const layers: Layer[] = ['raw', 'app'];
  const ops = ['inserts', 'lookups', 'searches'];
  console.log(
    `store: ${ROWS} child rows in one transaction, ${LOOKUPS} IIN lookups, ${SEARCHES} FTS5 prefix searches; median of ${REPEATS}, variants and layers interleaved`,
  );
  console.log(
    'the store uses AEGIS-256 ("aegis"); SQLCipher v4 and ChaCha20 are measured for the record',
  );
  const samples = new Map<string, Record<string, number>[]>();
  // Interleaved repeats, so drift on the machine falls on every variant and layer alike.
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const variant of variants) {
      for (const layer of layers) {
        const key = `${layer}/${variant}`;
        samples.set(key, [...(samples.get(key) ?? []), measure(variant, layer)]);
      }
    }
  }
  const med = (layer: Layer, variant: Variant, op: string) =>
    median(samples.get(`${layer}/${variant}`)!.map((s) => s[op]!));
  for (const layer of layers) {
    console.log(
      `\n${layer === 'raw' ? 'raw SQL statements' : 'app data layer (drizzle queries prepared once per connection, as record modules write)'}`,
    );
    console.log(
      `${'operation'.padEnd(10)}${variants.map((v) => `${v} ms`.padStart(14)).join('')}${variants
        .slice(1)
        .map((v) => `${v}/plain`.padStart(17))
        .join('')}  target`,
    );
    for (const op of ops) {
      const plain = med(layer, 'plain', op);
      const times = variants.map((v) => med(layer, v, op).toFixed(1).padStart(14)).join('');
      const ratios = variants
        .slice(1)
        .map((v) => (med(layer, v, op) / plain).toFixed(2).padStart(17))
        .join('');
      console.log(`${op.padEnd(10)}${times}${ratios}  ${op === 'searches' ? '' : 'aegis ≤ 1.30'}`);
    }
  }
  console.log(
    '\napp layer ÷ raw statements, same variant (searches run the same statement in both)',
  );
  console.log(`${'operation'.padEnd(10)}${variants.map((v) => v.padStart(14)).join('')}  target`);
  for (const op of ops.slice(0, 2)) {
    const ratios = variants
      .map((v) => (med('app', v, op) / med('raw', v, op)).toFixed(2).padStart(14))
      .join('');
    console.log(`${op.padEnd(10)}${ratios}  ${op === 'inserts' ? 'aegis ≤ 2' : ''}`);
  }

  const values = childValues(ROWS);
  const record = new Map<Layer, Record<string, number>[]>(layers.map((l) => [l, []]));
  for (let repeat = 0; repeat < REPEATS; repeat++) {
    for (const layer of layers) record.get(layer)!.push(measureChildRecord(layer, values));
  }
  const recordMed = (layer: Layer, op: string) => median(record.get(layer)!.map((s) => s[op]!));
  console.log(
    `\nthe child record module on the store (AEGIS-256, its schema and search triggers): ${ROWS} createChild in one transaction, ${LOOKUPS} findChild; median of ${REPEATS}`,
  );
  console.log(
    `${'operation'.padEnd(10)}${'raw ms'.padStart(14)}${'record ms'.padStart(14)}${'record/raw'.padStart(14)}  target`,
  );
  for (const op of ops.slice(0, 2)) {
    const raw = recordMed('raw', op);
    const app = recordMed('app', op);
    console.log(
      `${op.padEnd(10)}${raw.toFixed(1).padStart(14)}${app.toFixed(1).padStart(14)}${(app / raw).toFixed(2).padStart(14)}  ${op === 'inserts' ? '≤ 2' : ''}`,
    );
  }
}
