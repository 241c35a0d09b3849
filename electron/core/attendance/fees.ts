import { z } from 'zod';
import { Id } from '../children/fields';
import { TextLine } from '../text/human-text';
import { isoDate, isoMonth, type IsoDate, type IsoMonth } from './calendar';
import { ReceiptNumberTaken } from './errors';
import type { TimesheetRow } from './timesheet';

/**
 * Parental fees from the closed timesheet. Money is integer tiyn (1 ₸ = 100 tiyn) everywhere:
 * no float ever holds an amount. Rounding is half up, at two points only — the month's base
 * charge and each reduction — to a whole tenge by default (receipts are written in tenge) or to
 * the tiyn; the charge is base − reductions, so the three always add up exactly.
 */

export const tiyn = z.number().int().safe();
const positiveTiyn = tiyn.positive();

export const feeSettings = z.object({
  /** 'month': the fee is for a whole month, prorated by charged days; 'day': per charged day. */
  mode: z.enum(['month', 'day']),
  /** The monthly or daily fee in tiyn. */
  amount: tiyn.nonnegative(),
  /** Days absent for a valid reason are charged: false (free) by law, a setting anyway. */
  chargeValidAbsence: z.boolean().default(false),
  /** Days absent without a valid reason are charged. */
  chargeAbsenceWithout: z.boolean().default(true),
  /**
   * Days absent without a reason a month that are still free (a draft amendment once allowed 3
   * on a parent's statement; not verified as in force, so 0 by default).
   */
  freeDaysWithoutReason: z.number().int().min(0).max(31).default(0),
  rounding: z.enum(['tenge', 'tiyn']).default('tenge'),
});
export type FeeSettingsInput = z.input<typeof feeSettings>;
export type FeeSettings = z.output<typeof feeSettings>;

/** A reduction by privileged category for one child, e.g. 50 % from 1 Sep to 31 May. */
export const feeReduction = z
  .object({
    childId: Id,
    /** The privilege category's code (the local authority's list). */
    categoryCode: TextLine(40, 1),
    /** Whole percent, 1…100. */
    percent: z.number().int().min(1).max(100),
    validFrom: isoDate,
    /** Last day of validity; none: open-ended. */
    validTo: isoDate.nullable().default(null),
  })
  .refine((r) => r.validTo === null || r.validFrom <= r.validTo, {
    path: ['validTo'],
    message: 'endBeforeStart',
  });
export type FeeReduction = z.output<typeof feeReduction>;

export const payment = z.object({
  id: z.string().min(1).max(64),
  childId: Id,
  date: isoDate,
  amount: positiveTiyn,
  receiptNumber: TextLine(40, 1),
});
export type Payment = z.infer<typeof payment>;

/** numerator / denominator rounded half up, both non-negative integers. */
function divideHalfUp(numerator: number, denominator: number): number {
  return Math.floor((2 * numerator + denominator) / (2 * denominator));
}

function roundTo(amount: number, unit: number, denominator = 1): number {
  return divideHalfUp(amount, denominator * unit) * unit;
}

export interface ChildCharge {
  childId: string;
  month: IsoMonth;
  /** Days charged (attended, plus absences charged by the settings). */
  chargedDays: number;
  /** The month's working days (the prorating denominator in 'month' mode). */
  workingDays: number;
  /** Before reductions. */
  base: number;
  /** Reductions by percent, with their categories; largest first. */
  reductions: { categoryCode: string; percent: number; days: number; amount: number }[];
  /** base − reductions, in tiyn; never negative. */
  amount: number;
}

/**
 * The reduction in force on a day: of several overlapping ones, the largest percent (a child
 * with two privileged categories gets the better one, not their sum).
 */
export function reductionOn(
  date: IsoDate,
  reductions: readonly FeeReduction[],
): FeeReduction | undefined {
  let best: FeeReduction | undefined;
  for (const r of reductions) {
    if (r.validFrom > date || (r.validTo !== null && r.validTo < date)) continue;
    if (!best || r.percent > best.percent) best = r;
  }
  return best;
}

/**
 * One child's charge for a month from the child's timesheet row. A charged day is one
 * attended, or absent in a way the settings charge; unmarked days and days outside the
 * child's period are not charged. 'month' mode charges fee × charged days ÷ working days (a
 * month fully attended costs exactly the fee); 'day' mode fee × charged days. Each reduction
 * applies to the charged days within its dates.
 */
export function childCharge(
  row: TimesheetRow,
  days: readonly { date: IsoDate; working: boolean }[],
  month: IsoMonth,
  settings: FeeSettings,
  reductions: readonly FeeReduction[] = [],
): ChildCharge {
  const unit = settings.rounding === 'tenge' ? 100 : 1;
  const mine = reductions.filter((r) => r.childId === row.childId);
  const workingDays = days.filter((day) => day.working).length;
  let freeLeft = settings.freeDaysWithoutReason;
  const chargedDates: IsoDate[] = [];
  row.cells.forEach((cell, index) => {
    const date = days[index]!.date;
    if (cell.status === 'present') chargedDates.push(date);
    else if (cell.status === 'absent') {
      if (cell.valid) {
        if (settings.chargeValidAbsence) chargedDates.push(date);
      } else if (settings.chargeAbsenceWithout) {
        if (freeLeft > 0) freeLeft--;
        else chargedDates.push(date);
      }
    }
  });
  const chargedDays = chargedDates.length;
  // Amount for n days before rounding, as a fraction over `denominator`.
  const denominator = settings.mode === 'month' ? Math.max(workingDays, 1) : 1;
  const raw = (n: number) => settings.amount * n;
  const base = roundTo(raw(chargedDays), unit, denominator);

  const byReduction = new Map<FeeReduction, number>();
  for (const date of chargedDates) {
    const r = reductionOn(date, mine);
    if (r) byReduction.set(r, (byReduction.get(r) ?? 0) + 1);
  }
  const lines = [...byReduction]
    .map(([r, n]) => ({
      categoryCode: r.categoryCode,
      percent: r.percent,
      days: n,
      amount: roundTo(raw(n) * r.percent, unit, denominator * 100),
    }))
    .sort((a, b) => b.percent - a.percent || (a.categoryCode < b.categoryCode ? -1 : 1));
  const reduced = lines.reduce((sum, line) => sum + line.amount, 0);
  return {
    childId: row.childId,
    month,
    chargedDays,
    workingDays,
    base,
    reductions: lines,
    amount: Math.max(base - reduced, 0),
  };
}

/** Every child of a timesheet: a group's fee sheet. */
export function feeSheet(
  rows: readonly TimesheetRow[],
  days: readonly { date: IsoDate; working: boolean }[],
  month: IsoMonth,
  settings: FeeSettings,
  reductions: readonly FeeReduction[] = [],
): { charges: ChildCharge[]; total: number } {
  const charges = rows.map((row) => childCharge(row, days, month, settings, reductions));
  return { charges, total: charges.reduce((sum, c) => sum + c.amount, 0) };
}

export interface Balance {
  childId: string;
  charged: number;
  paid: number;
  /** charged − paid: positive is a debt, negative money paid ahead. */
  balance: number;
}

/**
 * Balances up to and including `throughMonth`: every charge of a month up to it and every
 * payment dated up to its last day. Children in the order they first appear.
 */
export function balances(
  charges: readonly { childId: string; month: IsoMonth; amount: number }[],
  payments: readonly Payment[],
  throughMonth?: IsoMonth,
): Balance[] {
  isoMonth.optional().parse(throughMonth);
  const result = new Map<string, Balance>();
  const of = (childId: string) => {
    let b = result.get(childId);
    if (!b) result.set(childId, (b = { childId, charged: 0, paid: 0, balance: 0 }));
    return b;
  };
  for (const c of charges) {
    if (throughMonth !== undefined && c.month > throughMonth) continue;
    const b = of(c.childId);
    b.charged += c.amount;
    b.balance += c.amount;
  }
  for (const p of payments) {
    if (throughMonth !== undefined && p.date.slice(0, 7) > throughMonth) continue;
    const b = of(p.childId);
    b.paid += p.amount;
    b.balance -= p.amount;
  }
  return [...result.values()];
}

/** Children who owe at least `minimum` tiyn (1 ₸ by default), the largest debt first. */
export function debtors(list: readonly Balance[], minimum = 100): Balance[] {
  return list
    .filter((b) => b.balance >= minimum)
    .sort((a, b) => b.balance - a.balance || (a.childId < b.childId ? -1 : 1));
}

/** A new payment, refused when its receipt number is already used (the same receipt twice). */
export function validatePayment(input: unknown, existing: readonly Payment[]): Payment {
  const parsed = payment.parse(input);
  const number = parsed.receiptNumber.toLocaleUpperCase('ru');
  if (
    existing.some((p) => p.id !== parsed.id && p.receiptNumber.toLocaleUpperCase('ru') === number)
  )
    throw ReceiptNumberTaken({ receiptNumber: parsed.receiptNumber });
  return parsed;
}

/** Amounts as people write them: one function for the core and the renderer (vocabulary). */
export { formatTenge } from '../vocabulary/money';
