import { randomUUID } from 'node:crypto';
import fc from 'fast-check';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Store } from '../../db/connection';
import { loadMigrations } from '../../db/migrate';
import { seedKindergarten } from '../../electron/core/seed/synthetic-kindergarten';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';

/**
 * A child-month's present and marked counts (migration 0022) are kept by triggers, so every
 * writer of marks keeps them right: random sequences of inserts, upserts, deletes, child-months
 * made after their marks and moved to another group, on a real encrypted store, each compared
 * with a count of the marks themselves. The overview's open months and the closed months'
 * stored counts are sums of these.
 */

const MONTHS = ['2026-02', '2026-03'] as const;
const DAYS = ['01', '02', '15', '28'] as const;
const STATUSES = ['present', 'absent', 'present'] as const;

const RECOUNT = `SELECT m.id, m.present AS present, m.marked AS marked,
       (SELECT COALESCE(SUM(a.status = 'present'), 0) FROM attendance_marks a
         WHERE a.child_id = m.child_id AND a.date >= m.month || '-01' AND a.date <= m.month || '-31') AS presentNow,
       (SELECT COUNT(*) FROM attendance_marks a
         WHERE a.child_id = m.child_id AND a.date >= m.month || '-01' AND a.date <= m.month || '-31') AS markedNow
  FROM attendance_child_months m`;

type Row = { id: string; present: number; marked: number; presentNow: number; markedNow: number };

describe('attendance child-month counts (triggers)', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let store: Store;
  let childIds: string[];
  let groupIds: string[];

  beforeAll(async () => {
    fixture = await newStore(root);
    store = fixture.core.services.store();
    await seedKindergarten(store, {
      children: 4,
      withDocuments: 0,
      actorId: fixture.core.services.session!.accountId,
      dataDir: fixture.dataDir,
    });
    childIds = store.sqlite.prepare('SELECT id FROM children ORDER BY id').pluck().all() as string[];
    groupIds = store.sqlite.prepare('SELECT id FROM groups ORDER BY id').pluck().all() as string[];
  });
  afterAll(() => fixture?.core.close());

  const operation = fc.oneof(
    fc.record({
      kind: fc.constant('mark' as const),
      child: fc.nat(3),
      month: fc.constantFrom(...MONTHS),
      day: fc.constantFrom(...DAYS),
      status: fc.constantFrom(...STATUSES),
    }),
    fc.record({
      kind: fc.constant('unmark' as const),
      child: fc.nat(3),
      month: fc.constantFrom(...MONTHS),
      day: fc.constantFrom(...DAYS),
    }),
    fc.record({
      kind: fc.constant('childMonth' as const),
      child: fc.nat(3),
      month: fc.constantFrom(...MONTHS),
      group: fc.nat(9),
    }),
    fc.record({
      kind: fc.constant('move' as const),
      child: fc.nat(3),
      month: fc.constantFrom(...MONTHS),
      group: fc.nat(9),
    }),
  );

  it('equal a count of the marks after any sequence of writes', () => {
    const now = new Date().toISOString();
    const upsert = store.sqlite.prepare(
      `INSERT INTO attendance_marks (child_id, date, status, updated_at) VALUES (?, ?, ?, ?)
       ON CONFLICT (child_id, date) DO UPDATE SET status = excluded.status`,
    );
    const remove = store.sqlite.prepare(
      'DELETE FROM attendance_marks WHERE child_id = ? AND date = ?',
    );
    const addMonth = store.sqlite.prepare(
      `INSERT INTO attendance_child_months (id, child_id, month, group_id, updated_at)
       VALUES (?, ?, ?, ?, ?) ON CONFLICT (child_id, month) DO NOTHING`,
    );
    const move = store.sqlite.prepare(
      'UPDATE attendance_child_months SET group_id = ? WHERE child_id = ? AND month = ?',
    );
    fc.assert(
      fc.property(fc.array(operation, { maxLength: 40 }), (operations) => {
        store.sqlite.exec('DELETE FROM attendance_marks; DELETE FROM attendance_child_months');
        for (const op of operations) {
          const childId = childIds[op.child % childIds.length]!;
          if (op.kind === 'mark') upsert.run(childId, `${op.month}-${op.day}`, op.status, now);
          else if (op.kind === 'unmark') remove.run(childId, `${op.month}-${op.day}`);
          else if (op.kind === 'childMonth')
            addMonth.run(randomUUID(), childId, op.month, groupIds[op.group % groupIds.length], now);
          else move.run(groupIds[op.group % groupIds.length], childId, op.month);
        }
        const rows = store.sqlite.prepare(RECOUNT).all() as Row[];
        for (const row of rows) {
          expect(row.present).toBe(row.presentNow);
          expect(row.marked).toBe(row.markedNow);
        }
      }),
      { numRuns: 200 },
    );
  });

  it('are filled by the migration for the marks written before it', () => {
    const now = new Date().toISOString();
    store.sqlite.exec('DELETE FROM attendance_marks; DELETE FROM attendance_child_months');
    const [first, second] = childIds as [string, string];
    store.sqlite
      .prepare(
        `INSERT INTO attendance_child_months (id, child_id, month, group_id, updated_at)
         VALUES (?, ?, '2026-03', ?, ?), (?, ?, '2026-03', ?, ?)`,
      )
      .run(randomUUID(), first, groupIds[0], now, randomUUID(), second, groupIds[0], now);
    const mark = store.sqlite.prepare(
      'INSERT INTO attendance_marks (child_id, date, status, updated_at) VALUES (?, ?, ?, ?)',
    );
    mark.run(first, '2026-03-02', 'present', now);
    mark.run(first, '2026-03-03', 'absent', now);
    mark.run(second, '2026-03-02', 'present', now);
    // As a store from before 0022 has them: no counts.
    store.sqlite.exec('UPDATE attendance_child_months SET present = 0, marked = 0');
    const backfill = loadMigrations()
      .find((migration) => migration.tag === '0022_overview-speed')!
      .statements.find((sql) => sql.startsWith('UPDATE `attendance_child_months`'))!;
    store.sqlite.exec(backfill);
    const counts = store.sqlite
      .prepare(
        'SELECT child_id AS childId, present, marked FROM attendance_child_months ORDER BY child_id',
      )
      .all();
    expect(counts).toEqual(
      [
        { childId: first, present: 1, marked: 2 },
        { childId: second, present: 1, marked: 1 },
      ].sort((a, b) => (a.childId < b.childId ? -1 : 1)),
    );
  });
});
