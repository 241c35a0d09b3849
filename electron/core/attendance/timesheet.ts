import { z } from 'zod';
import { InvalidInput, PermissionDenied } from '../errors/app-error';
import { Id } from '../children/fields';
import { TextLine } from '../text/human-text';
import { CHILD_MONTH_STATUSES, type ChildMonthStatus, type StaffRole } from '../vocabulary/enums';
import {
  isoDate,
  lastDateOfMonth,
  monthOf,
  type DayInfo,
  type IsoDate,
  type IsoMonth,
} from './calendar';
import {
  ABSENCE_REASONS,
  DEFAULT_DAY_CODES,
  REASONS_NEEDING_NOTE,
  isValidReason,
  type AbsenceReason,
  type DayCodeTemplate,
} from './codes';
import {
  ChildMonthConfirmed,
  MonthAlreadyClosed,
  MonthClosed,
  MonthIncomplete,
  MonthNotClosed,
  MonthNotOver,
} from './errors';

/**
 * The monthly timesheet (табель) from the day marks, and the month's life: open → closed by
 * the director → confirmed or disputed per child by the parents; reopened only by the director
 * with a reason, every change after the first closing kept as a correction. Pure: the record
 * module stores what these functions return.
 */

const time = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/);

/** What a mark says about the day, without whose and which day it is. */
export const markValue = z
  .discriminatedUnion('status', [
    z.object({
      status: z.literal('present'),
      arrival: time.optional(),
      departure: time.optional(),
    }),
    z.object({
      status: z.literal('absent'),
      reason: z.enum(ABSENCE_REASONS),
      note: TextLine(500).default(''),
      /** The supporting document (certificate, parent's statement) in the child's documents. */
      documentId: Id.optional(),
    }),
  ])
  .superRefine((value, ctx) => {
    if (value.status === 'absent' && REASONS_NEEDING_NOTE.includes(value.reason) && !value.note)
      ctx.addIssue({ code: 'custom', path: ['note'], message: 'required' });
    if (
      value.status === 'present' &&
      value.arrival !== undefined &&
      value.departure !== undefined &&
      value.departure < value.arrival
    )
      ctx.addIssue({ code: 'custom', path: ['departure'], message: 'beforeArrival' });
  });
export type MarkValue = z.infer<typeof markValue>;

/** One mark: one child, one working day. */
export const mark = z.intersection(
  z.object({ childId: z.string().min(1).max(64), date: isoDate }),
  markValue,
);
export type Mark = z.infer<typeof mark>;

// ---------------------------------------------------------------------------------------
// The timesheet

export type Cell =
  | { status: 'present' }
  | { status: 'absent'; reason: AbsenceReason; valid: boolean }
  /** A working day without a mark (the day was not opened). */
  | { status: 'unmarked' }
  /** Weekend, holiday, closure. */
  | { status: 'dayOff' }
  /** Before the child came or after the child left. */
  | { status: 'notEnrolled' };

export interface Totals {
  attended: number;
  absentValid: number;
  absentWithout: number;
  /** Working days in the child's period without a mark. */
  unmarked: number;
}

export interface TimesheetChild {
  id: string;
  /** First day in the group, when it falls in the month. */
  from?: IsoDate;
  /** Last day in the group, when it falls in the month. */
  to?: IsoDate;
}

export interface TimesheetRow {
  childId: string;
  /** One cell per day of `days`, in order. */
  cells: Cell[];
  totals: Totals;
}

export interface DayTotals extends Totals {
  date: IsoDate;
  working: boolean;
}

export interface Timesheet {
  days: DayInfo[];
  rows: TimesheetRow[];
  dayTotals: DayTotals[];
  /** The whole group's month. */
  totals: Totals;
  /**
   * Marks not counted: on a day off, outside the child's period or of a child not in the list.
   * The register refuses them, so a non-empty list means data came in another way.
   */
  ignored: Mark[];
}

const zero = (): Totals => ({ attended: 0, absentValid: 0, absentWithout: 0, unmarked: 0 });

function count(totals: Totals, cell: Cell): void {
  if (cell.status === 'present') totals.attended++;
  else if (cell.status === 'absent') {
    if (cell.valid) totals.absentValid++;
    else totals.absentWithout++;
  } else if (cell.status === 'unmarked') totals.unmarked++;
}

/**
 * The timesheet of a group's month. `days` is the month from `monthDays`; children keep the
 * order given (the caller sorts them, in Kazakh order for print); one mark per child and day
 * (a second one for the same day replaces the first).
 */
export function buildTimesheet(input: {
  days: readonly DayInfo[];
  children: readonly TimesheetChild[];
  marks: readonly Mark[];
  template?: DayCodeTemplate;
}): Timesheet {
  const template = input.template ?? DEFAULT_DAY_CODES;
  const dayIndex = new Map(input.days.map((day, index) => [day.date, index]));
  const byChild = new Map<string, Map<IsoDate, Mark>>();
  for (const child of input.children) byChild.set(child.id, new Map());
  const ignored: Mark[] = [];
  const childById = new Map(input.children.map((child) => [child.id, child]));
  for (const m of input.marks) {
    const index = dayIndex.get(m.date);
    const child = childById.get(m.childId);
    const inPeriod =
      child !== undefined &&
      (child.from === undefined || child.from <= m.date) &&
      (child.to === undefined || m.date <= child.to);
    if (index === undefined || !input.days[index]!.working || !inPeriod) ignored.push(m);
    else byChild.get(m.childId)!.set(m.date, m);
  }

  const dayTotals: DayTotals[] = input.days.map((day) => ({
    date: day.date,
    working: day.working,
    ...zero(),
  }));
  const totals = zero();
  const rows = input.children.map((child): TimesheetRow => {
    const marks = byChild.get(child.id)!;
    const rowTotals = zero();
    const cells = input.days.map((day, index): Cell => {
      let cell: Cell;
      if (!day.working) cell = { status: 'dayOff' };
      else if ((child.from && day.date < child.from) || (child.to && day.date > child.to))
        cell = { status: 'notEnrolled' };
      else {
        const m = marks.get(day.date);
        if (!m) cell = { status: 'unmarked' };
        else if (m.status === 'present') cell = { status: 'present' };
        else
          cell = { status: 'absent', reason: m.reason, valid: isValidReason(m.reason, template) };
      }
      count(rowTotals, cell);
      count(dayTotals[index]!, cell);
      count(totals, cell);
      return cell;
    });
    return { childId: child.id, cells, totals: rowTotals };
  });
  return { days: [...input.days], rows, dayTotals, totals, ignored };
}

// ---------------------------------------------------------------------------------------
// Certificates after illness

export interface CertificateDue {
  childId: string;
  /** First and last day of the absence (working days). */
  from: IsoDate;
  to: IsoDate;
  /** Working days absent in a row. */
  days: number;
  /** The day the child came back: the certificate is asked for then. */
  returnDate: IsoDate;
}

export interface CertificateRule {
  /** A certificate is asked for after MORE than this many working days absent; 3 by default. */
  moreThanDays: number;
  /** The reasons whose runs count; illness by default. */
  reasons: readonly AbsenceReason[];
}

export const DEFAULT_CERTIFICATE_RULE: CertificateRule = { moreThanDays: 3, reasons: ['illness'] };

/**
 * The child-days on which a certificate is asked for: a child back (marked present) after more
 * than `moreThanDays` working days absent in a row for a listed reason, when no mark of that
 * absence links a document yet. Days are counted in working days, as a paediatrician's rule
 * counts them (weekends and holidays are not days missed); a working day without a mark
 * neither breaks nor lengthens the run. A child still absent is not listed yet.
 * `workingDays` lists every working day the marks may fall on, in order (it may span months).
 */
export function certificatesNeeded(
  marks: readonly Mark[],
  workingDays: readonly IsoDate[],
  rule: CertificateRule = DEFAULT_CERTIFICATE_RULE,
): CertificateDue[] {
  const byChild = new Map<string, Map<IsoDate, Mark>>();
  for (const m of marks) {
    let days = byChild.get(m.childId);
    if (!days) byChild.set(m.childId, (days = new Map()));
    days.set(m.date, m);
  }
  const due: CertificateDue[] = [];
  for (const [childId, days] of byChild) {
    let run: { from: IsoDate; to: IsoDate; days: number; documented: boolean } | null = null;
    for (const date of workingDays) {
      const m = days.get(date);
      if (!m) continue;
      if (m.status === 'absent' && rule.reasons.includes(m.reason)) {
        if (!run) run = { from: date, to: date, days: 0, documented: false };
        run.to = date;
        run.days++;
        run.documented ||= m.documentId !== undefined;
        continue;
      }
      if (run && m.status === 'present' && run.days > rule.moreThanDays && !run.documented)
        due.push({ childId, from: run.from, to: run.to, days: run.days, returnDate: date });
      run = null;
    }
  }
  return due.sort((a, b) =>
    a.returnDate === b.returnDate
      ? a.childId < b.childId
        ? -1
        : 1
      : a.returnDate < b.returnDate
        ? -1
        : 1,
  );
}

// ---------------------------------------------------------------------------------------
// The month's states

export { CHILD_MONTH_STATUSES, type ChildMonthStatus };

export interface ChildMonth {
  status: ChildMonthStatus;
  /** The parent's comment on a dispute. */
  comment?: string;
  /** When the parent confirmed or disputed. */
  at?: string;
}

export interface MonthEvent {
  type: 'close' | 'reopen';
  by: string;
  at: string;
  reason?: string;
}

export interface MonthState {
  month: IsoMonth;
  status: 'open' | 'closed';
  /** Per child, from the first closing on: what the parent said about the month. */
  children: Record<string, ChildMonth>;
  /** Closings and reopenings, oldest first. Once closed, every edit is a correction. */
  history: MonthEvent[];
}

/** A change after the month was first closed: printed on the timesheet's correction list. */
export interface Correction {
  childId: string;
  date: IsoDate;
  before: MarkValue | null;
  after: MarkValue | null;
  /** Staff id. */
  by: string;
  at: string;
  reason: string;
}

export interface Actor {
  staffId: string;
  role: StaffRole;
}

export type MonthAction =
  /**
   * `at` is the kindergarten's local date-time ('2026-03-31T18:05'); the month must be over
   * and its timesheet complete (`unmarked`: its working days without a mark, totals.unmarked).
   */
  | { type: 'close'; actor: Actor; at: string; childIds: readonly string[]; unmarked: number }
  | { type: 'reopen'; actor: Actor; at: string; reason: string }
  /** From the portal: the parent confirmed the child's month. */
  | { type: 'confirm'; childId: string; at: string }
  | { type: 'dispute'; childId: string; at: string; comment: string }
  /**
   * A mark written, changed or removed. Open and never closed: a plain edit. Reopened: a
   * correction, whose reason is `reason` or else the reopening's. Closed: refused.
   */
  | {
      type: 'edit';
      actor: Actor;
      at: string;
      childId: string;
      date: IsoDate;
      before: MarkValue | null;
      after: MarkValue | null;
      reason?: string;
    };

export interface MonthTransition {
  state: MonthState;
  correction?: Correction;
}

/** A month no one has closed yet. */
export function openMonth(month: IsoMonth): MonthState {
  return { month, status: 'open', children: {}, history: [] };
}

const DIRECTOR: StaffRole = 'director';

function sameValue(a: MarkValue | null, b: MarkValue | null): boolean {
  return JSON.stringify(a) === JSON.stringify(b);
}

/**
 * The month's one transition function: the new state (the old one is not changed) and, for an
 * edit after the first closing, the correction to keep. An illegal step throws an AppError
 * with a translation key and changes nothing.
 */
export function applyMonthAction(state: MonthState, action: MonthAction): MonthTransition {
  const month = state.month;
  switch (action.type) {
    case 'close': {
      if (action.actor.role !== DIRECTOR) throw PermissionDenied('attendance.closeMonth');
      if (state.status === 'closed') throw MonthAlreadyClosed({ month });
      if (action.at.slice(0, 10) < lastDateOfMonth(month)) throw MonthNotOver({ month });
      if (action.unmarked > 0) throw MonthIncomplete({ month, unmarked: action.unmarked });
      const children: Record<string, ChildMonth> = {};
      // A parent's answer from an earlier closing stands unless a correction reset it.
      for (const childId of action.childIds)
        children[childId] = state.children[childId] ?? { status: 'pending' };
      return {
        state: {
          ...state,
          status: 'closed',
          children,
          history: [...state.history, { type: 'close', by: action.actor.staffId, at: action.at }],
        },
      };
    }
    case 'reopen': {
      if (action.actor.role !== DIRECTOR) throw PermissionDenied('attendance.reopenMonth');
      if (state.status !== 'closed') throw MonthNotClosed({ month });
      const reason = action.reason.trim();
      if (!reason) throw InvalidInput(['reason']);
      return {
        state: {
          ...state,
          status: 'open',
          history: [
            ...state.history,
            { type: 'reopen', by: action.actor.staffId, at: action.at, reason },
          ],
        },
      };
    }
    case 'confirm':
    case 'dispute': {
      if (state.status !== 'closed') throw MonthNotClosed({ month });
      const current = state.children[action.childId];
      if (!current) throw InvalidInput(['childId']);
      let next: ChildMonth;
      if (action.type === 'confirm') next = { status: 'confirmed', at: action.at };
      else {
        // Once confirmed, a month is final for the parent (Indigo's rule).
        if (current.status === 'confirmed') throw ChildMonthConfirmed({ month });
        const comment = action.comment.trim();
        if (!comment) throw InvalidInput(['comment']);
        next = { status: 'disputed', comment, at: action.at };
      }
      return { state: { ...state, children: { ...state.children, [action.childId]: next } } };
    }
    case 'edit': {
      if (state.status === 'closed') throw MonthClosed({ month });
      if (monthOf(action.date) !== month) throw InvalidInput(['date']);
      if (sameValue(action.before, action.after)) return { state };
      const lastReopen = state.history.findLast((event) => event.type === 'reopen');
      if (!lastReopen) return { state };
      const reason = action.reason?.trim() || lastReopen.reason || '';
      const correction: Correction = {
        childId: action.childId,
        date: action.date,
        before: action.before,
        after: action.after,
        by: action.actor.staffId,
        at: action.at,
        reason,
      };
      // The parent's answer was about the old marks: the child's month awaits a new one.
      const children =
        action.childId in state.children
          ? { ...state.children, [action.childId]: { status: 'pending' as const } }
          : state.children;
      return { state: { ...state, children }, correction };
    }
  }
}

/** Whether the register may write marks of this month now. */
export function monthAcceptsEdits(state: MonthState): boolean {
  return state.status === 'open';
}
