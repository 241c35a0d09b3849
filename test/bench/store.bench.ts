import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import Database from 'better-sqlite3';
import { applyKey } from '../../db/connection';
import { drizzle } from 'drizzle-orm/better-sqlite3';
import { sqliteTable, integer, text } from 'drizzle-orm/sqlite-core';
import { eq } from 'drizzle-orm';

const ROWS = 50_000;
const LOOKUPS = 1_000;
const SEARCHES = 1_000;
const REPEATS = 3;

type Variant = 'plain' | 'aegis' | 'sqlcipher' | 'chacha20';
/** raw: prepared statements; app: the same rows through drizzle, as the core writes them. */
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

function time(run: () => void): number {
  const start = process.hrtime.bigint();
  run();
  return Number(process.hrtime.bigint() - start) / 1e6;
}

function measure(variant: Variant, layer: Layer): Record<string, number> {
  const dir = mkdtempSync(join(tmpdir(), 'bq-bench-'));
  try {
    const db = open(join(dir, 'bench.db'), variant);
    const orm = drizzle(db);
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
          else
            orm
              .insert(child)
              .values({ id: i + 1, ...r })
              .run();
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
        else orm.select().from(child).where(eq(child.iin, iin)).get();
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

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)]!;

export function benchStore(): void {
  const variants: Variant[] = ['plain', 'aegis', 'sqlcipher', 'chacha20'];
  console.log(
    `store: ${ROWS} child rows in one transaction, ${LOOKUPS} IIN lookups, ${SEARCHES} FTS5 prefix searches; median of ${REPEATS}, variants interleaved`,
  );
  console.log(
    'the store uses AEGIS-256 ("aegis"); SQLCipher v4 and ChaCha20 are measured for the record',
  );
  for (const layer of ['raw', 'app'] as const) {
    const samples = new Map<Variant, Record<string, number>[]>(variants.map((v) => [v, []]));
    // Interleaved repeats, so drift on the machine falls on every variant alike.
    for (let repeat = 0; repeat < REPEATS; repeat++) {
      for (const variant of variants) samples.get(variant)!.push(measure(variant, layer));
    }
    const med = (variant: Variant, op: string) => median(samples.get(variant)!.map((s) => s[op]!));
    console.log(
      `\n${layer === 'raw' ? 'raw SQL statements' : 'app data layer (drizzle, as the core writes)'}`,
    );
    console.log(
      `${'operation'.padEnd(10)}${variants.map((v) => `${v} ms`.padStart(14)).join('')}${variants
        .slice(1)
        .map((v) => `${v}/plain`.padStart(17))
        .join('')}  target`,
    );
    for (const op of ['inserts', 'lookups', 'searches']) {
      const plain = med('plain', op);
      const times = variants.map((v) => med(v, op).toFixed(1).padStart(14)).join('');
      const ratios = variants
        .slice(1)
        .map((v) => (med(v, op) / plain).toFixed(2).padStart(17))
        .join('');
      console.log(`${op.padEnd(10)}${times}${ratios}  ${op === 'searches' ? '' : 'aegis ≤ 1.30'}`);
    }
  }
}
