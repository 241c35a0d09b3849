import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import {
  openStore,
  readHandle,
  snapshotInto,
  WriteThroughReadHandle,
  type Db,
  type Store,
} from '../../db/connection';
import { statement } from '../../db/prepared';
import { groups } from '../../db/schema';
import { tempFolder } from '../helpers/temp';

const dir = tempFolder('bq-handles-');
const key = randomBytes(32);
const GROUP = {
  id: 'g1',
  name: 'Күншуақ',
  ageGroup: 'junior',
  language: 'kk',
  createdAt: '2026-11-30T10:00:00.000Z',
} as const;
const INSERT = `INSERT INTO groups (id, name, age_group, language, active, created_at)
  VALUES ('g2', 'Балапан', 'junior', 'kk', 1, '2026-11-30T10:00:00.000Z')`;

describe('the read handle refuses, before anything runs, every statement that writes', () => {
  let store: Store;
  beforeAll(() => {
    store = openStore({ path: join(dir, 'store.db'), key });
    store.db.insert(groups).values(GROUP).run();
  });
  afterAll(() => store?.close());

  const groupCount = () => store.db.select({ n: count() }).from(groups).get()!.n;

  it('reads through drizzle, raw statements and read pragmas', () => {
    const read = readHandle(store);
    expect(
      read.db
        .select()
        .from(groups)
        .all()
        .map((g) => g.name),
    ).toEqual(['Күншуақ']);
    expect(read.db.query.groups.findFirst({ where: eq(groups.id, 'g1') }).sync()).toMatchObject({
      name: 'Күншуақ',
    });
    expect(read.sqlite.prepare('SELECT name FROM groups').pluck().all()).toEqual(['Күншуақ']);
    expect(read.sqlite.pragma('user_version', { simple: true })).toBeGreaterThan(0);
    // One handle per connection, and a handle of a handle is itself.
    expect(readHandle(store)).toBe(read);
    expect(readHandle(read)).toBe(read);
  });

  it('throws for a raw INSERT, a drizzle insert, update or delete, and a pragma that sets', () => {
    const read = readHandle(store);
    expect(() => read.sqlite.prepare(INSERT)).toThrow(WriteThroughReadHandle);
    expect(() => read.sqlite.prepare('DELETE FROM groups')).toThrow(WriteThroughReadHandle);
    expect(() => read.sqlite.pragma('user_version = 99')).toThrow(WriteThroughReadHandle);
    // The types have no insert/update/delete on a read handle; a cast past them still fails.
    const db = read.db as unknown as Db;
    expect(() =>
      db
        .insert(groups)
        .values({ ...GROUP, id: 'g3' })
        .run(),
    ).toThrow(WriteThroughReadHandle);
    expect(() => db.update(groups).set({ name: 'x' }).where(eq(groups.id, 'g1')).run()).toThrow(
      WriteThroughReadHandle,
    );
    expect(() => db.delete(groups).run()).toThrow(WriteThroughReadHandle);
    // A statement prepared once per connection (db/prepared.ts) is checked too, even one the
    // writable store prepared first.
    statement(store, INSERT);
    expect(() => statement(read, INSERT)).toThrow(WriteThroughReadHandle);
    expect(statement(read, 'SELECT count(*) AS n FROM groups').get()).toEqual({ n: 1 });
    expect(groupCount()).toBe(1);
    expect(store.sqlite.pragma('user_version', { simple: true })).not.toBe(99);
    expect(store.db.select().from(groups).get()!.name).toBe('Күншуақ');
  });

  it('copies the store into a new file through a read handle (a backup changes nothing)', () => {
    const copy = join(dir, 'copy.db');
    snapshotInto(readHandle(store), copy);
    const copied = openStore({ path: copy, key, readonly: true });
    try {
      expect(
        copied.db
          .select()
          .from(groups)
          .all()
          .map((g) => g.name),
      ).toEqual(['Күншуақ']);
    } finally {
      copied.close();
    }
  });
});
