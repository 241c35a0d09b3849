import { randomBytes } from 'node:crypto';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { count, eq } from 'drizzle-orm';
import type Database from 'better-sqlite3';
import {
  openStore,
  readHandle,
  snapshotInto,
  WriteThroughReadHandle,
  type Db,
  type Store,
} from '../../db/connection';
import { statement } from '../../db/prepared';
import { auditLog, groups } from '../../db/schema';
import { NoInput } from '../../electron/core/auth/fields';
import { createDispatcher } from '../../electron/core/registry/dispatch';
import { method, type MethodKind } from '../../electron/core/registry/method';
import { newStore, type Fixture } from '../helpers/store-fixture';
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

  it('refuses to make a read handle of a store over an unknown connection (fails closed)', () => {
    // A connection that is neither a database opened here nor a read handle: handing it on
    // would let its holder write, so readHandle refuses it instead.
    const wrapped = {
      db: store.db,
      sqlite: {
        open: true,
        prepare: (source: string) => store.sqlite.prepare(source),
        pragma: (source: string) => store.sqlite.pragma(source),
      },
    } as unknown as Store;
    expect(() => readHandle(wrapped)).toThrow(WriteThroughReadHandle);
    expect(groupCount()).toBe(1);
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

/** A method of the given kind whose handler is `handler`, for the dispatcher's rules. */
const probe = (kind: MethodKind, handler: Parameters<typeof method>[0]['handler']) =>
  method({ input: NoInput, access: 'signedIn', kind, entity: 'group', handler });

describe('the dispatcher: ctx.store() reads, ctx.transact writes, ctx.audit records an act', () => {
  let fixture: Fixture;
  beforeAll(async () => {
    fixture = await newStore(dir, 'dispatch');
  });
  afterAll(() => fixture?.core.close());

  const store = () => fixture.core.services.store();
  const groupIds = () =>
    store()
      .db.select({ id: groups.id })
      .from(groups)
      .all()
      .map((g) => g.id);
  const audited = (action: string) =>
    store()
      .db.select({ entityId: auditLog.entityId, outcome: auditLog.outcome })
      .from(auditLog)
      .where(eq(auditLog.action, action))
      .all();

  const dispatch = () =>
    createDispatcher(
      {
        // Past the types (see store-handles.types.ts), a write through ctx.store() still fails.
        'test.insertThroughRead': probe('write', (ctx) => {
          const insert = ctx.store().sqlite.prepare(INSERT) as unknown as Database.Statement;
          insert.run();
          return ctx.transact('g2', () => null);
        }),
        'test.drizzleThroughRead': probe('write', (ctx) => {
          (ctx.store().db as unknown as Db)
            .insert(groups)
            .values({ ...GROUP, id: 'g3' })
            .run();
          return ctx.transact('g3', () => null);
        }),
        'test.insertInTransact': probe('write', (ctx) =>
          ctx.transact('g4', (tx) => {
            tx.db
              .insert(groups)
              .values({ ...GROUP, id: 'g4' })
              .run();
            return null;
          }),
        ),
        'test.act': probe('act', (ctx) => {
          ctx.audit('backup-1');
          return null;
        }),
        'test.actUnaudited': probe('act', () => null),
        'test.actThatWrites': probe('act', (ctx) => {
          ctx.audit(null);
          return ctx.transact('g5', (tx) => {
            tx.db
              .insert(groups)
              .values({ ...GROUP, id: 'g5' })
              .run();
            return null;
          });
        }),
        'test.writeAuditedAsAct': probe('write', (ctx) => {
          ctx.audit(null);
          return ctx.transact(null, () => null);
        }),
        'test.readThatTransacts': probe('read', (ctx) => ctx.transact(null, () => null)),
        'test.refused': probe('write', (ctx) => {
          ctx.audit('g1', 'denied');
          throw new Error('refused');
        }),
      },
      fixture.core.services,
    );

  it('answers InternalError for a write through the read handle, and nothing is written', async () => {
    const call = dispatch();
    for (const name of ['test.insertThroughRead', 'test.drizzleThroughRead'])
      expect(await call(name, {})).toMatchObject({ ok: false, error: { code: 'internal' } });
    expect(groupIds()).toEqual([]);
    expect(audited('test.insertThroughRead')).toEqual([]);
    expect(audited('test.drizzleThroughRead')).toEqual([]);
    // The same write through transact's store is made and audited.
    expect(await call('test.insertInTransact', {})).toEqual({ ok: true, value: null });
    expect(groupIds()).toEqual(['g4']);
    expect(audited('test.insertInTransact')).toEqual([{ entityId: 'g4', outcome: 'ok' }]);
  });

  it('records an act with ctx.audit, and refuses an act that does not, or that writes', async () => {
    const call = dispatch();
    expect(await call('test.act', {})).toEqual({ ok: true, value: null });
    expect(audited('test.act')).toEqual([{ entityId: 'backup-1', outcome: 'ok' }]);
    expect(await call('test.actUnaudited', {})).toMatchObject({ error: { code: 'internal' } });
    expect(await call('test.actThatWrites', {})).toMatchObject({ error: { code: 'internal' } });
    expect(groupIds()).not.toContain('g5');
  });

  it('refuses an ok audit outside an act and a transact outside a write', async () => {
    const call = dispatch();
    expect(await call('test.writeAuditedAsAct', {})).toMatchObject({ error: { code: 'internal' } });
    expect(audited('test.writeAuditedAsAct')).toEqual([]);
    expect(await call('test.readThatTransacts', {})).toMatchObject({ error: { code: 'internal' } });
    expect(audited('test.readThatTransacts')).toEqual([]);
  });

  it('lets any method record a refusal of its own as denied', async () => {
    expect(await dispatch()('test.refused', {})).toMatchObject({ ok: false });
    expect(audited('test.refused')).toEqual([{ entityId: 'g1', outcome: 'denied' }]);
  });
});
