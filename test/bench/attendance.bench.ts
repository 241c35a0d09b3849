/**
 * `npm run bench -- attendance` (issue 14 item 7): a kindergarten of 1,000 children in 40
 * groups with 5 years of attendance (~1.2 M marks), each measurement through the core as the
 * app calls it, beside the raw SQLite cost of the same work (the same rows read or written by
 * plain prepared statements; for a PDF, those reads and the timesheet layout alone):
 *
 * - save a group's day (30 children), target ≤ 50 ms;
 * - open a group's month grid (attendance.month), ≤ 50 ms;
 * - one group's timesheet PDF, ≤ 1 s; all 40 groups in one PDF, ≤ 15 s;
 * - the month's fee sheet for 1,000 children (fees.sheet), ≤ 2 s;
 * - the pull of a year of the portal's attendance, 1,000 children × 12 months, ≤ 20 s: the
 *   parents' answers to child-months pushed from here; and a new device's initial pull of the
 *   children and those child-months with their marks and closings; and, without a target, the
 *   push of those child-months;
 * - bytes on disk per mark, beside plain SQLite's for the same rows.
 *
 * Smaller runs for development: BENCH_ATTENDANCE_CHILDREN, BENCH_ATTENDANCE_GROUPS,
 * BENCH_ATTENDANCE_YEARS. The store is built with the seeder's bulk insert
 * (seed/synthetic-attendance.ts), not timed against a target.
 */
import { mkdtempSync, rmSync, statSync } from 'node:fs';
import { cpus, loadavg, tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import type { Store } from '../../db/connection';
import type { Core } from '../../electron/core/core';
import { seedKindergarten } from '../../electron/core/seed/synthetic-kindergarten';
import { seedAttendance } from '../../electron/core/seed/synthetic-attendance';
import {
  DEFAULT_CALENDAR,
  monthDays,
  monthKey,
  workingDays,
  type IsoMonth,
} from '../../electron/core/attendance/calendar';
import {
  buildTimesheet,
  type Mark,
  type MarkValue,
} from '../../electron/core/attendance/timesheet';
import {
  renderTimesheetPdf,
  type TimesheetPdfGroup,
} from '../../electron/core/attendance/timesheet-pdf';
import { AGE_GROUPS } from '../../db/schema';
import { newStore } from '../helpers/store-fixture';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';
import { syncRuntime } from '../../electron/core/sync/app';
import { recordCurrent } from '../../electron/core/sync/outbox';
import { ChangesResponse, PATHS } from '../../electron/core/sync/protocol';
import { fmt, line, median, timed } from './report';

const CHILDREN = Number(process.env.BENCH_ATTENDANCE_CHILDREN ?? 1_000);
const GROUPS = Number(process.env.BENCH_ATTENDANCE_GROUPS ?? 40);
const YEARS = Number(process.env.BENCH_ATTENDANCE_YEARS ?? 5);
/** The group whose day is saved: 30 children, as the target says. */
const DAY_GROUP_SIZE = 30;

interface BenchGroup {
  id: string;
  name: string;
  childIds: string[];
}

/**
 * The seeder's ten groups become GROUPS groups, sized alternately 30 and 20 around the
 * average (1,000 children: twenty of 30 and twenty of 20), every child enrolled.
 */
function regroup(store: Store, count: number): BenchGroup[] {
  const ids = store.sqlite.prepare('SELECT id FROM children ORDER BY id').pluck().all() as string[];
  const average = ids.length / count;
  const big = Math.min(DAY_GROUP_SIZE, Math.round(average * 1.2));
  const small = Math.max(1, Math.round(2 * average - big));
  const groups: BenchGroup[] = [];
  let next = 0;
  for (let i = 0; i < count; i++) {
    const size = i === count - 1 ? ids.length - next : i % 2 ? small : big;
    groups.push({
      id: randomUUID(),
      name: `Топ ${String(i + 1).padStart(2, '0')} «${i % 2 ? 'Солнышко' : 'Балапан'}»`,
      childIds: ids.slice(next, next + size),
    });
    next += size;
  }
  const now = new Date().toISOString();
  const insert = store.sqlite.prepare(
    `INSERT INTO groups (id, name, age_group, language, active, created_at) VALUES (?, ?, ?, ?, 1, ?)`,
  );
  const move = store.sqlite.prepare(
    "UPDATE children SET group_id = ?, status = 'enrolled', left_on = NULL WHERE id = ?",
  );
  store.sqlite.transaction(() => {
    store.sqlite.prepare('UPDATE groups SET active = 0').run();
    for (const [i, group] of groups.entries()) {
      insert.run(group.id, group.name, AGE_GROUPS[i % AGE_GROUPS.length], i % 2 ? 'ru' : 'kk', now);
      for (const childId of group.childIds) move.run(group.id, childId);
    }
  })();
  return groups;
}

function previousMonth(month: IsoMonth): IsoMonth {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 1 ? monthKey(year - 1, 12) : monthKey(year, number - 1);
}

/** Raw reads: a group's children and their marks of a month, by plain prepared statements. */
function rawReads(store: Store) {
  const children = store.sqlite.prepare(
    `SELECT c.id, c.last_name AS lastName, c.first_name AS firstName, c.patronymic, c.iin
     FROM attendance_child_months cm JOIN children c ON c.id = cm.child_id
     WHERE cm.group_id = ? AND cm.month = ?`,
  );
  const marks = store.sqlite.prepare(
    `SELECT m.child_id AS childId, m.date, m.status, m.reason, m.note, m.document_id AS documentId,
       m.arrival, m.departure
     FROM attendance_child_months cm
     JOIN attendance_marks m ON m.child_id = cm.child_id AND m.date BETWEEN ? AND ?
     WHERE cm.group_id = ? AND cm.month = ?`,
  );
  const childMonths = store.sqlite.prepare(
    'SELECT * FROM attendance_child_months WHERE group_id = ? AND month = ?',
  );
  return (groupId: string, month: IsoMonth) => ({
    children: children.all(groupId, month) as {
      id: string;
      lastName: string;
      firstName: string;
      patronymic: string | null;
      iin: string;
    }[],
    marks: marks.all(`${month}-01`, `${month}-31`, groupId, month) as (Mark & {
      arrival: string | null;
    })[],
    childMonths: childMonths.all(groupId, month),
  });
}

/** The timesheet layout alone, on rows read raw. */
function pdfGroup(
  group: BenchGroup,
  month: IsoMonth,
  read: ReturnType<ReturnType<typeof rawReads>>,
): TimesheetPdfGroup {
  const [year, number] = month.split('-').map(Number) as [number, number];
  const marks = read.marks.map((m): Mark =>
    m.status === 'present'
      ? { childId: m.childId, date: m.date, status: 'present' }
      : {
          childId: m.childId,
          date: m.date,
          status: 'absent',
          reason: (m as { reason: Extract<Mark, { status: 'absent' }>['reason'] }).reason,
          note: (m as { note: string | null }).note ?? '',
        },
  );
  return {
    organisation: 'Bench kindergarten',
    groupName: group.name,
    month,
    children: read.children,
    timesheet: buildTimesheet({
      days: monthDays(year, number, DEFAULT_CALENDAR),
      children: read.children.map((c) => ({ id: c.id })),
      marks,
    }),
  };
}

/** Bytes of the b-trees of tables whose names start with `prefix` (dbstat). */
function treeBytes(db: Database.Database, prefix: string): number {
  return (
    (db
      .prepare('SELECT SUM(pgsize) FROM dbstat WHERE name = ? OR name LIKE ?')
      .pluck()
      .get(prefix, `sqlite_autoindex_${prefix}%`) as number | null) ?? 0
  );
}

/**
 * The same marks in an unencrypted SQLite file: the same table, and a minimal one (child and
 * day as integers, one code) for what the text keys cost.
 */
function plainCopy(store: Store, dir: string): { same: number; minimal: number } {
  const db = new Database(join(dir, 'plain.db'));
  db.pragma('journal_mode = WAL');
  const info = store.sqlite.prepare('PRAGMA table_info(attendance_marks)').all() as {
    name: string;
    type: string;
    notnull: number;
    pk: number;
  }[];
  // The same columns and key, without the references to tables that are not there.
  db.exec(
    `CREATE TABLE attendance_marks (${info
      .map((c) => `${c.name} ${c.type}${c.notnull ? ' NOT NULL' : ''}`)
      .join(', ')}, PRIMARY KEY (${info
      .filter((c) => c.pk)
      .sort((a, b) => a.pk - b.pk)
      .map((c) => c.name)
      .join(', ')})) WITHOUT ROWID`,
  );
  db.exec(
    'CREATE TABLE minimal (child INTEGER, day INTEGER, code INTEGER, PRIMARY KEY (child, day)) WITHOUT ROWID',
  );
  const columns = info.map((c) => c.name);
  const insert = db.prepare(
    `INSERT INTO attendance_marks (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  );
  const minimal = db.prepare('INSERT INTO minimal VALUES (?, ?, ?)');
  const childNumber = new Map<string, number>();
  const reasons = new Map<string | null, number>();
  db.transaction(() => {
    for (const row of store.sqlite
      .prepare('SELECT * FROM attendance_marks')
      .raw()
      .iterate() as IterableIterator<unknown[]>) {
      insert.run(...row);
      const child = row[0] as string;
      if (!childNumber.has(child)) childNumber.set(child, childNumber.size);
      const reason = (row[3] as string | null) ?? null;
      if (!reasons.has(reason)) reasons.set(reason, reasons.size);
      minimal.run(
        childNumber.get(child),
        Date.parse(`${row[1] as string}T00:00:00Z`) / 86_400_000,
        reasons.get(reason),
      );
    }
  })();
  db.pragma('wal_checkpoint(TRUNCATE)');
  const result = { same: treeBytes(db, 'attendance_marks'), minimal: treeBytes(db, 'minimal') };
  db.close();
  return result;
}

/**
 * The portal's side of the last 12 closed months and the open one: this store, enrolled before
 * its history was seeded (enrolment queued the children), pushes the children and those
 * child-months, each parent's answer of the year reset to pending first (timed, no target).
 * Returns the closed child-months pushed.
 */
async function pushYear(
  core: Core,
  portal: SpawnedPortal,
  months: IsoMonth[],
  thisMonth: IsoMonth,
): Promise<{ id: string; childId: string; month: IsoMonth }[]> {
  const store = core.services.store();
  const childMonths = store.sqlite
    .prepare(
      `SELECT id, child_id AS childId, month FROM attendance_child_months
       WHERE month BETWEEN ? AND ? ORDER BY month, child_id`,
    )
    .all(months[0], thisMonth) as { id: string; childId: string; month: IsoMonth }[];
  const now = new Date().toISOString();
  // The seeder writes with its own statements and notes nothing: the records are queued here.
  store.sqlite.transaction(() => {
    store.sqlite
      .prepare(
        `UPDATE attendance_child_months SET parent_status = 'pending', parent_comment = NULL,
           parent_at = NULL WHERE month BETWEEN ? AND ?`,
      )
      .run(months[0], months.at(-1));
    for (const { id } of childMonths) recordCurrent(store, 'attendance', id, now);
  })();
  const push = await timed(() => core.call('sync.run', {}));
  line(`push: children + ${childMonths.length} child-months`, push.ms, null, []);
  const held = (await portal.childMonths()).length;
  console.log(
    `  (${push.value.pushed} mutations; the portal holds ${held} child-months, rejected ${push.value.rejected})`,
  );
  return childMonths.filter((c) => c.month <= months.at(-1)!);
}

/**
 * The pull of a year of the portal's attendance: every parent answered (confirmed; one in
 * twenty disputed with a comment) through the emulator's admin API, then one sync brings the
 * answers back (≤ 20 s). Raw: the same pages over HTTP from the same cursor, applied nowhere;
 * the same answers written by plain UPDATEs.
 */
async function pullYear(
  core: Core,
  portal: SpawnedPortal,
  childMonths: { id: string; childId: string; month: IsoMonth }[],
): Promise<void> {
  const at = new Date().toISOString();
  const answers = childMonths.map(({ childId, month }, i) =>
    i % 20 === 7
      ? {
          childId,
          month,
          status: 'disputed' as const,
          comment: 'Бір күн дұрыс емес / Один день неверно',
          at,
        }
      : { childId, month, status: 'confirmed' as const, at },
  );
  for (let i = 0; i < answers.length; i += 16)
    await Promise.all(answers.slice(i, i + 16).map((answer) => portal.parentAnswer(answer)));

  const store = core.services.store();
  const token = syncRuntime(core.services).client.connection()!.accessToken;
  const from = (store.sqlite.prepare('SELECT cursor FROM sync_state WHERE id = 1').pluck().get() ??
    '') as string;
  const pages: ChangesResponse[] = [];
  const rawHttp = await timed(async () => {
    let since = from;
    for (;;) {
      const response = await fetch(
        `${portal.url}${PATHS.changes}?limit=500${since ? `&since=${since}` : ''}`,
        { headers: { authorization: `Bearer ${token}` } },
      );
      const page = ChangesResponse.parse(await response.json());
      pages.push(page);
      since = page.cursor;
      if (!page.hasMore || !page.changes.length) return;
    }
  });
  const changes = pages.reduce((n, page) => n + page.changes.length, 0);
  const pull = await timed(() => core.call('sync.run', {}));
  const update = store.sqlite.prepare(
    `UPDATE attendance_child_months SET parent_status = ?, parent_comment = ?, parent_at = ?,
       updated_at = ? WHERE id = ?`,
  );
  const rawApply = await timed(() =>
    store.sqlite.transaction(() => {
      for (const [i, { id }] of childMonths.entries()) {
        const answer = answers[i]!;
        update.run(answer.status, answer.comment ?? null, answer.at, at, id);
      }
    })(),
  );
  line(`pull: a year's answers (${changes} changes)`, pull.ms, 20_000, [
    ['HTTP only', rawHttp.ms],
    ['same UPDATEs', rawApply.ms],
    ['sum', rawHttp.ms + rawApply.ms],
  ]);
  const answered = store.sqlite
    .prepare(
      `SELECT COUNT(*) FROM attendance_child_months
       WHERE parent_status <> 'pending' AND month BETWEEN ? AND ?`,
    )
    .pluck()
    .get(childMonths[0]?.month, childMonths.at(-1)?.month) as number;
  if (answered !== childMonths.length || pull.value.rejected)
    console.log(
      `  answered here ${answered} of ${childMonths.length}; pulled ${pull.value.pulled}, rejected ${pull.value.rejected}`,
    );
}

/**
 * The initial pull of a new device of the same kindergarten (a second store, enrolled with the
 * same emulator, the same groups made by name: groups are not synced): it brings the children
 * and every child-month the first store pushed, their marks and closings applied (≤ 20 s for
 * 1,000 children × 12 months). Raw: the same pages over HTTP from the start of the feed,
 * applied nowhere; the same child-months and marks written by plain INSERTs into copies of
 * their tables in that store (with the group-months closed).
 */
async function pullNewDevice(root: string, portal: SpawnedPortal, groups: BenchGroup[]) {
  const { core: device } = await newStore(root, 'new-device');
  try {
    for (const [i, group] of groups.entries())
      await device.call('groups.create', {
        name: group.name,
        ageGroup: AGE_GROUPS[i % AGE_GROUPS.length]!,
        language: i % 2 ? 'ru' : 'kk',
      });
    await device.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: await portal.createEnrollmentCode(0),
      deviceName: 'bench new device',
    });
    const token = syncRuntime(device.services).client.connection()!.accessToken;
    const kinds = new Map<string, number>();
    const rawHttp = await timed(async () => {
      let since = '';
      for (;;) {
        const response = await fetch(
          `${portal.url}${PATHS.changes}?limit=500${since ? `&since=${since}` : ''}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const page = ChangesResponse.parse(await response.json());
        for (const change of page.changes)
          kinds.set(change.entity, (kinds.get(change.entity) ?? 0) + 1);
        since = page.cursor;
        if (!page.hasMore || !page.changes.length) return;
      }
    });
    const pull = await timed(() => device.call('sync.run', {}));
    const store = device.services.store();
    const count = (table: string) =>
      store.sqlite.prepare(`SELECT COUNT(*) FROM ${table}`).pluck().get() as number;
    const childMonths = count('attendance_child_months');
    const marks = count('attendance_marks');
    const closed = store.sqlite
      .prepare("SELECT COUNT(*) FROM attendance_months WHERE status = 'closed'")
      .pluck()
      .get() as number;
    // Copies of the two tables (their columns, keys and indexes), filled by plain INSERTs.
    const rawInsert = (table: string) => {
      const copy = `raw_${table}`;
      const ddl = store.sqlite
        .prepare('SELECT sql FROM sqlite_master WHERE tbl_name = ? AND sql IS NOT NULL')
        .pluck()
        .all(table) as string[];
      for (const sql of ddl) store.sqlite.exec(sql.replaceAll(table, copy));
      const rows = store.sqlite.prepare(`SELECT * FROM ${table}`).raw().all() as unknown[][];
      if (!rows.length) return () => undefined;
      const insert = store.sqlite.prepare(
        `INSERT INTO ${copy} VALUES (${rows[0]!.map(() => '?').join(', ')})`,
      );
      return () => store.sqlite.transaction(() => rows.forEach((row) => insert.run(...row)))();
    };
    const insertChildMonths = rawInsert('attendance_child_months');
    const insertMarks = rawInsert('attendance_marks');
    const insertMonths = rawInsert('attendance_months');
    const rawApply = await timed(() => {
      insertChildMonths();
      insertMarks();
      insertMonths();
    });
    const feed = [...kinds].map(([entity, n]) => `${n} ${entity}`).join(', ');
    line(`new device's initial pull (${feed})`, pull.ms, 20_000, [
      ['HTTP only', rawHttp.ms],
      ['same INSERTs', rawApply.ms],
      ['sum', rawHttp.ms + rawApply.ms],
    ]);
    console.log(
      `  (here now: ${count('children')} children, ${childMonths} child-months, ${closed} group-months closed, ${marks} marks; pulled ${pull.value.pulled}, rejected ${pull.value.rejected})`,
    );
  } finally {
    device.close();
  }
}

export async function benchAttendance(): Promise<void> {
  process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';
  const root = mkdtempSync(join(tmpdir(), 'bq-attendance-bench-'));
  let core: Core | undefined;
  let portal: SpawnedPortal | undefined;
  try {
    const fixture = await newStore(root);
    core = fixture.core;
    const session = core.services.session!;
    const store = core.services.store();
    const today = new Date();
    const thisMonth = monthKey(today.getUTCFullYear(), today.getUTCMonth() + 1);
    const closedMonth = previousMonth(thisMonth);

    const seeded = await timed(() =>
      seedKindergarten(store, {
        children: CHILDREN,
        withDocuments: 0,
        actorId: session.accountId,
        dataDir: core!.services.dataDir,
      }),
    );
    const groups = regroup(store, GROUPS);
    // Enrolled before the history is seeded: enrolment queues every record kept here, and the
    // portal is to hold one year of attendance, not five.
    portal = await spawnPortalEmulator({ referrals: 0 });
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
    });
    const history = await timed(() =>
      seedAttendance(store, {
        months: YEARS * 12 - 1,
        actorId: session.accountId,
        wholePeriod: true,
      }),
    );
    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const marks = history.value.marks;
    console.log(
      `attendance bench (load average ${loadavg()[0]!.toFixed(1)} on ${cpus().length} cores): ${CHILDREN} children in ${GROUPS} groups, ${YEARS} years: ${marks} marks (${Math.round(history.value.presentShare * 100)} % present), ${history.value.childMonths} child-months; built in ${fmt(seeded.ms)} (children) + ${fmt(history.ms)} (marks, bulk insert)`,
    );

    const months: IsoMonth[] = [closedMonth];
    while (months.length < 12) months.unshift(previousMonth(months[0]!));
    const year = await pushYear(core, portal, months, thisMonth);

    const read = rawReads(store);
    const dayGroup = groups[0]!;

    // Save a group's day: the last working day up to today in the open month, every child's
    // mark changing each time (all present, then one in ten absent ill, and again).
    const todayIso = today.toISOString().slice(0, 10);
    const days = workingDays(today.getUTCFullYear(), today.getUTCMonth() + 1, DEFAULT_CALENDAR);
    const date = days.filter((d) => d <= todayIso).at(-1) ?? days[0]!;
    let round = 0;
    const dayMarks = () => {
      round++;
      return dayGroup.childIds.map((childId, i) => ({
        childId,
        value: (round % 2 && i % 10 === 0
          ? { status: 'absent', reason: 'illness', note: '' }
          : { status: 'present' }) as MarkValue,
      }));
    };
    const save = await median(15, () =>
      core!.call('attendance.saveDay', { groupId: dayGroup.id, date, marks: dayMarks() }),
    );
    const upsert = store.sqlite.prepare(
      `INSERT INTO attendance_marks (child_id, date, status, reason, note, updated_by, updated_at)
       VALUES (?, ?, ?, ?, ?, ?, ?)
       ON CONFLICT (child_id, date) DO UPDATE SET status = excluded.status,
         reason = excluded.reason, note = excluded.note, updated_by = excluded.updated_by,
         updated_at = excluded.updated_at`,
    );
    const touch = store.sqlite.prepare(
      'UPDATE attendance_child_months SET updated_at = ? WHERE child_id = ? AND month = ?',
    );
    const rawSave = await median(15, async () => {
      const at = new Date().toISOString();
      store.sqlite.transaction(() => {
        for (const { childId, value } of dayMarks()) {
          upsert.run(
            childId,
            date,
            value.status,
            value.status === 'absent' ? value.reason : null,
            value.status === 'absent' ? value.note : null,
            session.accountId,
            at,
          );
          touch.run(at, childId, thisMonth);
        }
      })();
    });
    line(`save a group's day (${dayGroup.childIds.length} children)`, save, 50, [
      ['same upserts', rawSave],
    ]);

    const grid = await median(15, () =>
      core!.call('attendance.month', { groupId: dayGroup.id, month: closedMonth }),
    );
    const rawGrid = await median(15, async () => read(dayGroup.id, closedMonth));
    line(`month grid (${closedMonth}, closed)`, grid, 50, [['same reads', rawGrid]]);

    const onePdf = await median(5, () =>
      core!.call('attendance.timesheetPdf', {
        groupId: dayGroup.id,
        month: closedMonth,
        language: 'kk',
      }),
    );
    const rawOneRead = await median(5, async () => read(dayGroup.id, closedMonth));
    const oneGroup = pdfGroup(dayGroup, closedMonth, read(dayGroup.id, closedMonth));
    const rawOneRender = await median(5, () =>
      renderTimesheetPdf({ groups: [oneGroup], languages: ['kk'] }),
    );
    line("one group's timesheet PDF (kk)", onePdf, 1_000, [
      ['reads', rawOneRead],
      ['layout only', rawOneRender],
      ['sum', rawOneRead + rawOneRender],
    ]);

    // Three rounds, the app's call and the raw work alternating, so each side meets the other's
    // garbage and warm caches alike; medians.
    const all = { app: [] as number[], reads: [] as number[], layout: [] as number[], bytes: 0 };
    for (let i = 0; i < 3; i++) {
      const app = await timed(() =>
        core!.call('attendance.timesheetPdf', {
          groupId: null,
          month: closedMonth,
          language: 'kk',
        }),
      );
      all.app.push(app.ms);
      all.bytes = Buffer.from(app.value.pdfBase64, 'base64').length;
      const reads = await timed(() => groups.map((g) => read(g.id, closedMonth)));
      all.reads.push(reads.ms);
      all.layout.push(
        (
          await timed(() =>
            renderTimesheetPdf({
              groups: groups.map((g, i) => pdfGroup(g, closedMonth, reads.value[i]!)),
              languages: ['kk'],
            }),
          )
        ).ms,
      );
    }
    const mid = (values: number[]) => [...values].sort((a, b) => a - b)[1]!;
    line(`all ${GROUPS} groups, one PDF (kk)`, mid(all.app), 15_000, [
      ['reads', mid(all.reads)],
      ['layout only', mid(all.layout)],
      ['sum', mid(all.reads) + mid(all.layout)],
    ]);
    console.log(`  (${(all.bytes / 1024 / 1024).toFixed(1)} MB, median of 3)`);

    const sheet = await median(3, () => core!.call('fees.sheet', { month: closedMonth }));
    const countDays = store.sqlite.prepare(
      `SELECT cm.child_id, SUM(m.status = 'present') AS attended,
         SUM(m.status = 'absent' AND m.reason <> 'unexcused' AND m.reason <> 'other') AS valid,
         SUM(m.status = 'absent' AND m.reason IN ('unexcused', 'other')) AS without
       FROM attendance_child_months cm
       JOIN attendance_marks m ON m.child_id = cm.child_id AND m.date BETWEEN ? AND ?
       WHERE cm.month = ? GROUP BY cm.child_id`,
    );
    const rawSheet = await median(3, async () =>
      countDays.all(`${closedMonth}-01`, `${closedMonth}-31`, closedMonth),
    );
    line(`fee sheet (${CHILDREN} children)`, sheet, 2_000, [['day counts by SQL', rawSheet]]);

    await pullYear(core, portal, year);
    await pullNewDevice(root, portal, groups);

    store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
    const storeBytes = treeBytes(store.sqlite, 'attendance_marks');
    const fileBytes = statSync(join(core.services.dataDir, 'store.db')).size;
    const plain = plainCopy(store, root);
    const perMark = (bytes: number) => (bytes / marks).toFixed(1);
    console.log(
      `bytes on disk per mark            ${perMark(storeBytes).padStart(10)}   (attendance_marks b-tree, AEGIS-256); raw: plain SQLite, same table ${perMark(plain.same)}, ×${(storeBytes / plain.same).toFixed(2)}; minimal integer table ${perMark(plain.minimal)}, ×${(storeBytes / plain.minimal).toFixed(2)}; whole store file ${perMark(fileBytes)} a mark`,
    );
  } finally {
    core?.close();
    await portal?.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
