import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { describe, expect, it, vi } from 'vitest';
import { eq, sql } from 'drizzle-orm';
import { openStore, type Store } from '../../db/connection';
import { prepared, statement } from '../../db/prepared';
import { updateColumns } from '../../db/column-writes';
import { groups } from '../../db/schema';
import { tempFolder } from '../helpers/temp';

const dir = tempFolder('bq-prepared-');
const key = randomBytes(32);
const path = join(dir, 'store.db');

const groupName = prepared((store: Store) =>
  store.db
    .select({ name: groups.name })
    .from(groups)
    .where(eq(groups.id, sql.placeholder('id')))
    .prepare(),
);
const COUNT = 'SELECT count(*) AS n FROM groups';

function addGroup(store: Store, id: string, name: string) {
  statement(
    store,
    `INSERT INTO groups (id, name, age_group, language, active, created_at)
     VALUES (?, ?, 'junior', 'kk', 1, '2026-11-30T10:00:00.000Z')`,
  ).run(id, name);
}

describe('db/prepared: statements prepared once per connection', () => {
  it('gives the same statement on a second call on one connection, whichever handle asks', () => {
    const store = openStore({ path, key });
    try {
      const first = statement(store, COUNT);
      expect(statement(store, COUNT)).toBe(first);
      // The raw connection and the store share one set: the key is the connection.
      expect(statement(store.sqlite, COUNT)).toBe(first);
      expect(groupName(store)).toBe(groupName(store));
      addGroup(store, 'g1', 'Күншуақ');
      expect(groupName(store).get({ id: 'g1' })).toEqual({ name: 'Күншуақ' });
      expect(statement(store, COUNT).get()).toEqual({ n: 1 });
    } finally {
      store.close();
    }
  });

  it('gives another connection its own statements', () => {
    const one = openStore({ path, key });
    const two = openStore({ path, key });
    try {
      expect(statement(two, COUNT)).not.toBe(statement(one, COUNT));
      expect(groupName(two)).not.toBe(groupName(one));
      expect(groupName(two).get({ id: 'g1' })).toEqual({ name: 'Күншуақ' });
    } finally {
      one.close();
      two.close();
    }
  });

  it('writes named columns (column-writes) through one statement per set of columns', () => {
    const store = openStore({ path, key });
    try {
      const prepare = vi.spyOn(store.sqlite, 'prepare');
      updateColumns(store, groups, { name: 'Айгөлек' }, 'id', 'g1');
      expect(prepare).toHaveBeenCalledTimes(1);
      updateColumns(store, groups, { name: 'Күншуақ' }, 'id', 'g1');
      expect(prepare).toHaveBeenCalledTimes(1);
      // Another set of columns is another statement, prepared on its own.
      updateColumns(store, groups, { active: 0 }, 'id', 'g1');
      expect(prepare).toHaveBeenCalledTimes(2);
      prepare.mockRestore();
      expect(store.db.select().from(groups).where(eq(groups.id, 'g1')).get()).toMatchObject({
        name: 'Күншуақ',
        active: false,
      });
    } finally {
      store.close();
    }
  });

  it('never hands out a closed connection’s statement: a reopened store prepares anew', () => {
    const before = openStore({ path, key });
    const deadCount = statement(before, COUNT);
    const deadQuery = groupName(before);
    before.close();
    // Asking the closed connection fails loudly instead of returning a dead statement.
    expect(() => statement(before, COUNT)).toThrow(/not open/);
    expect(() => groupName(before)).toThrow(/not open/);

    const after = openStore({ path, key });
    try {
      const fresh = statement(after, COUNT);
      expect(fresh).not.toBe(deadCount);
      expect(groupName(after)).not.toBe(deadQuery);
      addGroup(after, 'g2', 'Балапан');
      expect(fresh.get()).toEqual({ n: 2 });
      expect(groupName(after).get({ id: 'g2' })).toEqual({ name: 'Балапан' });
    } finally {
      after.close();
    }
  });
});
