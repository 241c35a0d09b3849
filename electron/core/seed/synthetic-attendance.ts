import { randomUUID } from 'node:crypto';
import type { Store } from '../../../db/connection';
import { appendAudit } from '../audit/audit-log';
import { monthKey, workingDays, type IsoDate, type IsoMonth } from '../attendance/calendar';
import { readCalendar, storeMonthCounts } from '../attendance/attendance-record';
import { defaultFeeSettings, feeVersions, writeFeeVersion } from '../fees/fees-record';
import type { AbsenceReason } from '../attendance/codes';
import type { MonthEvent } from '../attendance/timesheet';
import { generator, pad, type Random } from './random';

export interface AttendanceSeedOptions {
  /** Whole months before the current one, each closed by the director. */
  months: number;
  actorId: string;
  seed?: number;
  today?: Date;
  /**
   * Every enrolled child is marked over the whole period whatever their age (the bench's
   * kindergarten of a fixed size); otherwise a child's marks start in the month after their
   * first birthday, as a nursery takes them.
   */
  wholePeriod?: boolean;
  onProgress?: (done: number, total: number) => void;
}

export interface AttendanceSeedResult {
  months: number;
  marks: number;
  childMonths: number;
  /** Share of the marks that are "present". */
  presentShare: number;
}

/** Spells of absence: the chance one starts on a working day and how many working days it lasts. */
const SPELLS: readonly {
  reason: AbsenceReason;
  chance: number;
  days: [number, number];
  summerOnly?: boolean;
}[] = [
  { reason: 'illness', chance: 0.02, days: [1, 9] },
  { reason: 'unexcused', chance: 0.012, days: [1, 1] },
  { reason: 'other', chance: 0.003, days: [1, 2] },
  { reason: 'parentLeave', chance: 0.002, days: [5, 10] },
  { reason: 'summerHealth', chance: 0.008, days: [10, 20], summerOnly: true },
  { reason: 'sanatorium', chance: 0.0008, days: [8, 12] },
];
/** A group's quarantine: the chance one starts on a working day, and its length. */
const QUARANTINE = { chance: 0.0015, days: [5, 10] as [number, number] };
const OTHER_NOTES = [
  'Отбасылық жағдай / Семейные обстоятельства',
  'Дәрігерге бару / Визит к врачу',
  'Жол жабық / Дорога закрыта',
];
const DISPUTE_COMMENTS = [
  'Бала сол күні келді / Ребёнок в тот день был в саду',
  'Анықтама тапсырылды / Справка сдана',
];

interface ChildState {
  id: string;
  /** First month the child is marked in. */
  from: IsoMonth;
  /** The child's absence_reason document, linked to some illness spells. */
  certificate: string | null;
  spell: { reason: AbsenceReason; left: number; documentId: string | null } | null;
}

function monthsBack(today: Date, count: number): IsoMonth[] {
  const months: IsoMonth[] = [];
  for (let back = count; back >= 0; back--) {
    const at = new Date(Date.UTC(today.getUTCFullYear(), today.getUTCMonth() - back, 1));
    months.push(monthKey(at.getUTCFullYear(), at.getUTCMonth() + 1));
  }
  return months;
}

function nextMonth(month: IsoMonth): IsoMonth {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return number === 12 ? monthKey(year + 1, 1) : monthKey(year, number + 1);
}

/** The month after a child's first birthday. */
function nurseryMonth(birthDate: string): IsoMonth {
  return nextMonth(`${Number(birthDate.slice(0, 4)) + 1}-${birthDate.slice(5, 7)}`);
}

function startSpell(random: Random, child: ChildState, month: IsoMonth): void {
  const summer = ['06', '07', '08'].includes(month.slice(5, 7));
  for (const spell of SPELLS) {
    if (spell.summerOnly && !summer) continue;
    if (random.next() >= spell.chance) continue;
    const days = random.int(spell.days[0], spell.days[1]);
    // Illness of more than 3 days: the certificate is brought back more often than not.
    const documented =
      spell.reason === 'illness' && days > 3 && child.certificate && random.next() < 0.7;
    child.spell = {
      reason: spell.reason,
      left: days,
      documentId: documented ? child.certificate : null,
    };
    return;
  }
}

/**
 * Attendance history for the seeded kindergarten: `months` whole months before the current
 * one, closed by the director (most children's months confirmed by a parent, a rare one
 * disputed), and the current month open, marked up to yesterday. Every enrolled child in a
 * group is marked on every working day of the store's calendar: present about 85 % of days, absent in
 * spells of illness (more than 3 days: the child's certificate linked, when it has one, most
 * times), a parent's leave, the summer health period, a sanatorium, a group's quarantine, and
 * rarely without a valid reason or for another reason with a note. A child stays in today's
 * group for the whole history. The child's enrolment date moves back to its first marked
 * month, so the timesheet counts the marks. Fee settings still unset become the contract's
 * fee from the first month on, so the seeded months' fee sheets can be made.
 *
 * Written as a bulk insert with its own prepared statements, one transaction per month (audited
 * per month), not through attendance-record.ts's writeGroupDay: 1.2 M marks through the record
 * module would take minutes. Like the rest of the seeder it notes nothing for the portal.
 */
export function seedAttendance(store: Store, options: AttendanceSeedOptions): AttendanceSeedResult {
  const random = generator(options.seed ?? 20261130);
  const today = options.today ?? new Date();
  const todayIso = today.toISOString().slice(0, 10);
  const calendar = readCalendar(store);
  const months = monthsBack(today, options.months);
  const first = months[0]!;
  const sqlite = store.sqlite;

  // A second seed leaves the months already there alone (a closed month never changes here).
  const marked = new Set(
    sqlite
      .prepare("SELECT child_id || '|' || month FROM attendance_child_months")
      .pluck()
      .all() as string[],
  );
  const enrolled = sqlite
    .prepare(
      `SELECT c.id, c.group_id AS groupId, c.birth_date AS birthDate, c.enrolled_on AS enrolledOn,
         (SELECT d.id FROM documents d WHERE d.child_id = c.id AND d.type = 'absence_reason'
           ORDER BY d.created_at LIMIT 1) AS certificate
       FROM children c WHERE c.status = 'enrolled' AND c.group_id IS NOT NULL
       ORDER BY c.group_id, c.id`,
    )
    .all() as {
    id: string;
    groupId: string;
    birthDate: string;
    enrolledOn: string | null;
    certificate: string | null;
  }[];
  const groups = new Map<string, ChildState[]>();
  const enrolledOn = new Map<string, IsoDate>();
  const later = (a: IsoMonth, b: IsoMonth) => (a > b ? a : b);
  for (const row of enrolled) {
    const byAge = options.wholePeriod ? first : later(first, nurseryMonth(row.birthDate));
    // A child enrolled earlier than its age would say (the seeder enrols any child it makes)
    // is marked from its enrolment on.
    const enrolment = row.enrolledOn?.slice(0, 7);
    const from = enrolment && enrolment < byAge ? later(first, enrolment) : byAge;
    if (from > months.at(-1)!) continue;
    const list = groups.get(row.groupId) ?? [];
    list.push({ id: row.id, from, certificate: row.certificate, spell: null });
    groups.set(row.groupId, list);
    const start = `${from}-01`;
    if (!row.enrolledOn || row.enrolledOn > start) enrolledOn.set(row.id, start);
  }

  const moveEnrolment = sqlite.prepare('UPDATE children SET enrolled_on = ? WHERE id = ?');
  const insertMark = sqlite.prepare(
    `INSERT OR IGNORE INTO attendance_marks
       (child_id, date, status, reason, note, document_id, updated_by, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  );
  const insertChildMonth = sqlite.prepare(
    `INSERT INTO attendance_child_months
       (id, child_id, month, group_id, parent_status, parent_comment, parent_at, updated_at)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?)
     ON CONFLICT (child_id, month) DO NOTHING`,
  );
  const insertMonth = sqlite.prepare(
    'INSERT OR IGNORE INTO attendance_months (group_id, month, status, history) VALUES (?, ?, ?, ?)',
  );
  sqlite.transaction(() => {
    for (const [childId, date] of enrolledOn) moveEnrolment.run(date, childId);
    // The fee sheet of a seeded month needs fee settings: the contract's fee, from the first
    // month on, unless the accountant set them already.
    if (!feeVersions(store).length)
      writeFeeVersion(store, { ...defaultFeeSettings(store), from: first });
  })();

  let marks = 0;
  let present = 0;
  let childMonths = 0;
  const quarantines = new Map<string, number>();
  for (const [index, month] of months.entries()) {
    const [year, number] = month.split('-').map(Number) as [number, number];
    const current = index === months.length - 1;
    // The current month is marked up to yesterday; the past ones to their end.
    const days = workingDays(year, number, calendar).filter((d) => !current || d < todayIso);
    if (!days.length) continue;
    const next = nextMonth(month);
    // Closed on the 1st of the next month; parents answer in its first week (Indigo's rule).
    const closedAt = `${next}-01T09:30`;
    sqlite.transaction(() => {
      for (const [groupId, list] of groups) {
        const inMonth = list.filter(
          (child) => child.from <= month && !marked.has(`${child.id}|${month}`),
        );
        if (!inMonth.length) continue;
        for (const date of days) {
          let quarantine = quarantines.get(groupId) ?? 0;
          if (!quarantine && random.next() < QUARANTINE.chance)
            quarantine = random.int(...QUARANTINE.days);
          quarantines.set(groupId, Math.max(0, quarantine - 1));
          const at = `${date}T0${random.int(8, 9)}:${pad(random.int(0, 59))}:00.000Z`;
          for (const child of inMonth) {
            if (!child.spell) startSpell(random, child, month);
            const spell = child.spell;
            if (spell) {
              if (--spell.left <= 0) child.spell = null;
              insertMark.run(
                child.id,
                date,
                'absent',
                spell.reason,
                spell.reason === 'other' ? random.pick(OTHER_NOTES) : null,
                spell.documentId,
                options.actorId,
                at,
              );
            } else if (quarantine) {
              insertMark.run(
                child.id,
                date,
                'absent',
                'quarantine',
                null,
                null,
                options.actorId,
                at,
              );
            } else {
              insertMark.run(child.id, date, 'present', null, null, null, options.actorId, at);
              present++;
            }
            marks++;
          }
        }
        for (const child of inMonth) {
          const answer = current ? 1 : random.next();
          const parentDay = `${next}-0${random.int(1, 7)}T${pad(random.int(8, 21))}:${pad(random.int(0, 59))}:00.000Z`;
          if (answer < 0.7)
            insertChildMonth.run(
              randomUUID(),
              child.id,
              month,
              groupId,
              'confirmed',
              null,
              parentDay,
              parentDay,
            );
          else if (answer < 0.705)
            insertChildMonth.run(
              randomUUID(),
              child.id,
              month,
              groupId,
              'disputed',
              random.pick(DISPUTE_COMMENTS),
              parentDay,
              parentDay,
            );
          else
            insertChildMonth.run(
              randomUUID(),
              child.id,
              month,
              groupId,
              'pending',
              null,
              null,
              current ? today.toISOString() : `${closedAt}:00.000Z`,
            );
          childMonths++;
        }
        // A month no one has closed has no row: open is the default.
        if (!current) {
          const history: MonthEvent[] = [{ type: 'close', by: options.actorId, at: closedAt }];
          insertMonth.run(groupId, month, 'closed', JSON.stringify(history));
          // Its counts, as a closing through the record keeps them (the overview reads them).
          storeMonthCounts(store, groupId, month);
        }
      }
      appendAudit(
        store,
        {
          actorId: options.actorId,
          action: 'seed.attendance',
          entity: 'attendance',
          entityId: null,
          outcome: 'ok',
        },
        today.toISOString(),
      );
    })();
    options.onProgress?.(index + 1, months.length);
  }
  return {
    months: months.length,
    marks,
    childMonths,
    presentShare: marks ? present / marks : 0,
  };
}
