/**
 * `npm run bench -- reports` (issue 15): the director's overview (`reports.overview`) of a
 * kindergarten of 10,000 children in 400 groups with 12 months of attendance (~2.5 M marks),
 * through the core as the app calls it (the audit rows of the children its to-do lists name
 * included), p50 and p95 against the 300 ms target, beside the raw costs: the same parts
 * called without the core, and the plain SQL of its two heaviest reads (the 12 months' marks
 * aggregate and the counted children with their privileges).
 *
 * Smaller runs for development: BENCH_REPORTS_CHILDREN, BENCH_REPORTS_GROUPS,
 * BENCH_REPORTS_MONTHS. The store is built by the seeder (seed/synthetic-kindergarten.ts and
 * its attendance bulk insert), not timed against a target.
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import type { Core } from '../../electron/core/core';
import { seedKindergarten } from '../../electron/core/seed/synthetic-kindergarten';
import { seedAttendance } from '../../electron/core/seed/synthetic-attendance';
import { localDateTime } from '../../electron/core/attendance/attendance-record';
import {
  overviewCounts,
  overviewGroups,
  overviewMoney,
  todoList,
  trendMonths,
  TODO_KINDS,
} from '../../electron/core/reports/overview';
import { AGE_GROUPS } from '../../db/schema';
import { createCore } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { DIRECTOR, newStore } from '../helpers/store-fixture';
import { fmt, line, timed } from './report';

const CHILDREN = Number(process.env.BENCH_REPORTS_CHILDREN ?? 10_000);
const GROUPS = Number(process.env.BENCH_REPORTS_GROUPS ?? 400);
const MONTHS = Number(process.env.BENCH_REPORTS_MONTHS ?? 12);
const RUNS = 21;
const TARGET_MS = 300;

async function samples(runs: number, work: () => unknown): Promise<number[]> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) times.push((await timed(async () => work())).ms);
  return times.sort((a, b) => a - b);
}
const p = (sorted: number[], q: number) =>
  sorted[Math.min(sorted.length - 1, Math.ceil(q * sorted.length) - 1)]!;

export async function benchReports(): Promise<void> {
  process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';
  const root = mkdtempSync(join(tmpdir(), 'bq-reports-bench-'));
  let core: Core | undefined;
  try {
    const fixture = await newStore(root);
    core = fixture.core;
    const session = core.services.session!;
    let store = core.services.store();
    const seeded = await timed(() =>
      seedKindergarten(store, {
        children: CHILDREN,
        withDocuments: 0,
        actorId: session.accountId,
        dataDir: core!.services.dataDir,
      }),
    );
    // The seeder's ten groups become GROUPS groups of ~25 children, each with a capacity.
    const ids = store.sqlite
      .prepare('SELECT id FROM children ORDER BY id')
      .pluck()
      .all() as string[];
    const now = new Date().toISOString();
    store.sqlite.transaction(() => {
      const insert = store.sqlite.prepare(
        'INSERT INTO groups (id, name, age_group, language, capacity, created_at) VALUES (?, ?, ?, ?, ?, ?)',
      );
      const move = store.sqlite.prepare('UPDATE children SET group_id = ? WHERE id = ?');
      const per = Math.ceil(ids.length / GROUPS);
      for (let g = 0; g < GROUPS; g++) {
        const id = randomUUID();
        insert.run(
          id,
          `Топ ${g + 1}`,
          AGE_GROUPS[g % AGE_GROUPS.length],
          g % 2 ? 'ru' : 'kk',
          25,
          now,
        );
        for (const childId of ids.slice(g * per, (g + 1) * per)) move.run(id, childId);
      }
      store.sqlite.exec(
        'UPDATE groups SET active = 0 WHERE id NOT IN (SELECT DISTINCT group_id FROM children WHERE group_id IS NOT NULL)',
      );
    })();
    const history = await timed(() =>
      seedAttendance(store, { months: MONTHS, actorId: session.accountId, wholePeriod: true }),
    );
    // To-dos as a real kindergarten has them: a few consents withdrawn (about 1 in 29 children
    // without a current one), a few privileges ending within the 30-day window (1 in 13).
    const todayIso = localDateTime(new Date().toISOString()).slice(0, 10);
    store.sqlite.transaction(() => {
      store.sqlite
        .prepare('UPDATE consents SET withdrawn_on = ?, withdrawn_by = ? WHERE rowid % 29 = 0')
        .run(todayIso, session.accountId);
      store.sqlite
        .prepare(
          `UPDATE child_privileges SET valid_until = date(?, '+' || (rowid % 30) || ' days')
            WHERE confirmation = 'confirmed' AND rowid % 13 = 0`,
        )
        .run(todayIso);
    })();
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    store.sqlite.pragma('optimize');
    // Seeding 10,000 children outlasts the idle lock: sign in again, as the director would.
    await core.call('auth.signOut', undefined);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    console.log(
      `reports bench (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores): ${CHILDREN} children in ${GROUPS} groups, ${MONTHS} months: ${history.value.marks} marks, ${history.value.childMonths} child-months; built in ${fmt(seeded.ms)} (children) + ${fmt(history.ms)} (marks)`,
    );

    const today = localDateTime(new Date().toISOString()).slice(0, 10);
    const month = today.slice(0, 7);
    const months = trendMonths(month);

    // The first call on a store opened anew (the app started, the director signed in): no
    // statement prepared, the page cache cold as SQLite keeps it.
    core.close();
    core = createCore({
      dataDir: fixture.dataDir,
      deviceSeal: new FileDeviceSeal(fixture.deviceKeyPath),
    });
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    store = core.services.store();
    const call = () => core!.call('reports.overview', {});
    const cold = await timed(call);
    const answer = await call();
    const named = new Set(
      Object.values(answer.todo).flatMap((list) => list.items.map((item) => item.childId)),
    ).size;
    console.log(
      `  to-do counts: ${TODO_KINDS.map((kind) => `${kind} ${answer.todo[kind]?.count ?? '—'}`).join(', ')}; ${named} children named (audited) per call`,
    );
    const throughCore = await samples(RUNS, call);
    const parts = await samples(RUNS, () => {
      overviewCounts(store, today);
      overviewGroups(store, month);
      for (const kind of TODO_KINDS) todoList(store, kind, today);
      overviewMoney(store, month);
    });
    const marksSql = store.sqlite.prepare(
      `SELECT m.group_id, m.month, SUM(a.status = 'present'), COUNT(*)
         FROM attendance_child_months m JOIN attendance_marks a
           ON a.child_id = m.child_id AND a.date >= m.month || '-01' AND a.date <= m.month || '-31'
        WHERE m.month >= ? AND m.month <= ? GROUP BY m.group_id, m.month`,
    );
    const rawMarks = await samples(RUNS, () => marksSql.all(months[0], months.at(-1)));
    const storedSql = store.sqlite.prepare(
      `SELECT group_id, month, present, marked FROM attendance_months
        WHERE status = 'closed' AND month >= ? AND month <= ?`,
    );
    const openSql = store.sqlite.prepare(
      `SELECT group_id, SUM(present), SUM(marked) FROM attendance_child_months
        WHERE month = ? GROUP BY group_id`,
    );
    const rawStored = await samples(RUNS, () => {
      storedSql.all(months[0], months.at(-1));
      openSql.all(month);
    });
    const childrenSql = store.sqlite.prepare(
      `SELECT c.id, c.status, c.birth_date, g.name, g.age_group, g.language,
              (SELECT group_concat(p.category_code) FROM child_privileges p
                WHERE p.child_id = c.id AND p.confirmation = 'confirmed') AS privileges
         FROM children c JOIN groups g ON g.id = c.group_id
        WHERE c.archived = 0 AND c.status IN ('enrolled', 'referred')`,
    );
    const rawChildren = await samples(RUNS, () => childrenSql.all());
    const rawBoth = p(rawStored, 0.5) + p(rawChildren, 0.5);

    line('reports.overview (p50)', p(throughCore, 0.5), TARGET_MS, [
      ['parts without the core', p(parts, 0.5)],
      ['raw SQL (stored counts + open month + children)', rawBoth],
    ]);
    line('reports.overview (p95)', p(throughCore, 0.95), TARGET_MS, [
      ['parts without the core', p(parts, 0.95)],
    ]);
    line('reports.overview (first call, store opened anew)', cold.ms, TARGET_MS, []);
    line(
      '  part: counts',
      p(await samples(RUNS, () => overviewCounts(store, today)), 0.5),
      null,
      [],
    );
    line(
      '  part: groups',
      p(await samples(RUNS, () => overviewGroups(store, month)), 0.5),
      null,
      [],
    );
    for (const kind of TODO_KINDS)
      line(
        `  part: ${kind}`,
        p(await samples(RUNS, () => todoList(store, kind, today)), 0.5),
        null,
        [],
      );
    line('  raw: 12 months of marks counted live (before 0020)', p(rawMarks, 0.5), null, []);
    line('  raw: stored closed counts + the open month', p(rawStored, 0.5), null, []);
    line('  raw: counted children', p(rawChildren, 0.5), null, []);
    // An open month at its end holds a whole month of marks: what counting them live cost
    // (before 0022), and the overview with the month before reopened standing for it (its
    // rate then summed from the child-months' counts, as the open month's always is).
    line(
      '  raw: a whole month of marks counted live (before 0022)',
      p(await samples(RUNS, () => marksSql.all(months.at(-2), months.at(-2))), 0.5),
      null,
      [],
    );
    store.sqlite
      .prepare(
        `UPDATE attendance_months SET status = 'open', present = NULL, marked = NULL WHERE month = ?`,
      )
      .run(months.at(-2));
    const monthEnd = await samples(RUNS, call);
    line('reports.overview, a whole month open (p50)', p(monthEnd, 0.5), TARGET_MS, []);
    line('reports.overview, a whole month open (p95)', p(monthEnd, 0.95), TARGET_MS, []);
  } finally {
    core?.close();
    rmSync(root, { recursive: true, force: true });
  }
}
