import { eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import { settings } from '../../../db/schema';
import { AppError } from '../errors/app-error';
import { readContractTerms } from '../contracts/terms';
import {
  groupRoster,
  groupsWithMarks,
  marksOf,
  monthStatus,
  periodIn,
  readCalendar,
  readDayCodes,
} from '../attendance/attendance-record';
import {
  isoMonth,
  lastDateOfMonth,
  monthDays,
  type IsoDate,
  type IsoMonth,
} from '../attendance/calendar';
import { buildTimesheet, type Mark } from '../attendance/timesheet';
import { MonthNotClosed } from '../attendance/errors';
import {
  balances,
  debtors,
  feeSettings,
  feeSheet,
  validatePayment,
  type ChildCharge,
  type FeeReduction,
  type FeeSettings,
  type Payment,
} from '../attendance/fees';
import { inKazakhOrder } from '../attendance/timesheet-pdf';

/**
 * Parental fees as stored: the fee settings (the `settings` row `fees`), reductions by
 * privileged category and payments. The only reader and writer of the fee tables; the rules
 * (charges, balances, debtors, a receipt used once) are attendance/fees.ts's, applied here to
 * the CLOSED timesheets attendance-record.ts keeps.
 */

/** Fee settings in force from a month on: a change of the fee never rewrites earlier months. */
export const feeVersion = feeSettings.extend({ from: isoMonth });
export type FeeVersion = FeeSettings & { from: IsoMonth };

const KEY = 'fees';

/** No fee settings for the month (before the first month the accountant set them for). */
export const FeesNotSet = (params: { month: string }) => new AppError('feesNotSet', params);
export const FeeReductionNotFound = () => new AppError('feeReductionNotFound');
/** Fee settings from a month already closed for some group (`firstOpen`: the earliest allowed). */
export const FeesMonthClosed = (params: { month: string; firstOpen: string }) =>
  new AppError('feesMonthClosed', params);
/** A reduction whose validity touches a month closed for the child (`month`: that month). */
export const FeeReductionMonthClosed = (params: { month: string }) =>
  new AppError('feeReductionMonthClosed', params);
/** A payment dated after the kindergarten's today. */
export const PaymentFutureDate = (params: { date: string }) =>
  new AppError('paymentFutureDate', params);

/** The earliest and the latest month closed for any group (attendance_months), or nulls. */
export function closedMonthsSpan(store: ReadableStore): {
  first: IsoMonth | null;
  last: IsoMonth | null;
} {
  const row = statement(
    store,
    `SELECT MIN(month) AS first, MAX(month) AS last FROM attendance_months WHERE status = 'closed'`,
  ).get() as { first: IsoMonth | null; last: IsoMonth | null } | undefined;
  return { first: row?.first ?? null, last: row?.last ?? null };
}

/** Every version of the settings, oldest first; none until the accountant saves them. */
export function feeVersions(store: ReadableStore): FeeVersion[] {
  const row = store.db.select().from(settings).where(eq(settings.key, KEY)).get();
  if (!row) return [];
  let raw: unknown;
  try {
    raw = JSON.parse(row.value);
  } catch {
    return [];
  }
  const list = (raw as { versions?: unknown } | null)?.versions;
  if (!Array.isArray(list)) return [];
  return list
    .map((entry) => feeVersion.safeParse(entry))
    .filter((parsed) => parsed.success)
    .map((parsed) => parsed.data)
    .sort((a, b) => (a.from < b.from ? -1 : 1));
}

/** What the settings screen starts from before anything is saved: the contract's fee. */
export function defaultFeeSettings(store: ReadableStore): FeeSettings {
  const terms = readContractTerms(store);
  return feeSettings.parse({ mode: 'month', amount: terms.monthlyFee * 100 });
}

/**
 * Saves `next`: it replaces the version starting in its month and every later one (a
 * correction), or follows the earlier ones (a change from that month on).
 */
export function writeFeeVersion(store: Store, next: FeeVersion): FeeVersion[] {
  const versions = [...feeVersions(store).filter((v) => v.from < next.from), next];
  writeFeeVersions(store, versions);
  return versions;
}

function writeFeeVersions(store: Store, versions: FeeVersion[]): void {
  const value = JSON.stringify({ versions });
  store.db
    .insert(settings)
    .values({ key: KEY, value })
    .onConflictDoUpdate({ target: settings.key, set: { value } })
    .run();
}

/**
 * Before anything may change what the contract-fee fallback charges (the contract's fee, the
 * first fee settings): none saved yet, a contract fee and some month closed, the fallback is
 * saved as the version from the earliest closed month, so every closed month keeps the fee it
 * was closed with. (With no contract fee the closed months were not priced at all: the first
 * fee then prices them.) Returns the versions saved now.
 */
export function freezeFeeFallback(store: Store): FeeVersion[] {
  const saved = feeVersions(store);
  if (saved.length > 0) return saved;
  const { first } = closedMonthsSpan(store);
  const fallback = defaultFeeSettings(store);
  if (first === null || fallback.amount === 0) return saved;
  const versions = [{ ...fallback, from: first }];
  writeFeeVersions(store, versions);
  return versions;
}

/**
 * The contract's monthly fee changes (contracts.updateTerms, `before` → `after` in tenge):
 * until fee settings are saved it is the fee, so the closed months are frozen at the old fee
 * first and the new one applies from the first month not closed. Once fee settings are saved,
 * the fees screen alone sets the fee.
 */
export function contractFeeChanging(store: Store, before: number, after: number): void {
  if (before === after || feeVersions(store).length > 0) return;
  const { last } = closedMonthsSpan(store);
  if (last === null || freezeFeeFallback(store).length === 0) return;
  writeFeeVersion(store, {
    ...defaultFeeSettings(store),
    amount: after * 100,
    from: nextMonth(last),
  });
}

/**
 * The month fee settings saved without a month apply from: the latest version's (changed in
 * place) when it is after every closed month; otherwise this month (the kindergarten's) or,
 * when it is closed already, the first month after the last closed one.
 */
export function settingsStartMonth(
  versions: readonly FeeVersion[],
  lastClosed: IsoMonth | null,
  thisMonth: IsoMonth,
): IsoMonth {
  const latest = versions.at(-1);
  if (latest && (lastClosed === null || latest.from > lastClosed)) return latest.from;
  if (lastClosed === null || thisMonth > lastClosed) return thisMonth;
  return nextMonth(lastClosed);
}

/**
 * Until the first months were saved: the month a fee taken from the contract applies from, so
 * every closed month is charged with it (its months before any timesheet cost nothing to walk).
 */
const FIRST_MONTH = '2000-01';

/**
 * The versions that price months: the saved ones or, none saved yet, the contract's monthly
 * fee (contracts.terms) with the default rules for every month — none when that fee is 0.
 */
export function pricingVersions(store: ReadableStore): FeeVersion[] {
  const saved = feeVersions(store);
  if (saved.length > 0) return saved;
  const fallback = defaultFeeSettings(store);
  return fallback.amount > 0 ? [{ ...fallback, from: FIRST_MONTH }] : [];
}

/** The settings in force in `month`, or none. */
export function settingsFor(versions: readonly FeeVersion[], month: IsoMonth): FeeVersion | null {
  return versions.findLast((v) => v.from <= month) ?? null;
}

// ---------------------------------------------------------------------------------------
// Reductions

export interface StoredReduction extends FeeReduction {
  id: string;
  createdBy: string;
  createdAt: string;
}

const REDUCTION_COLUMNS = `id, child_id AS childId, category_code AS categoryCode, percent,
  valid_from AS validFrom, valid_to AS validTo, created_by AS createdBy, created_at AS createdAt`;

/** The reductions in force (not removed), a child's or everyone's. */
export function reductionsOf(store: ReadableStore, childId?: string): StoredReduction[] {
  return childId === undefined
    ? (statement(
        store,
        `SELECT ${REDUCTION_COLUMNS} FROM fee_reductions WHERE removed_at IS NULL
         ORDER BY valid_from, id`,
      ).all() as StoredReduction[])
    : (statement(
        store,
        `SELECT ${REDUCTION_COLUMNS} FROM fee_reductions WHERE child_id = ? AND removed_at IS NULL
         ORDER BY valid_from, id`,
      ).all(childId) as StoredReduction[]);
}

/**
 * Reductions valid on some day of the month: a removed one still counts in the months before
 * the one it was removed from (those closed when it was removed).
 */
function reductionsInMonth(store: ReadableStore, month: IsoMonth): StoredReduction[] {
  return statement(
    store,
    `SELECT ${REDUCTION_COLUMNS} FROM fee_reductions
     WHERE valid_from <= ? AND (valid_to IS NULL OR valid_to >= ?)
       AND (removed_from IS NULL OR removed_from > ?)`,
  ).all(lastDateOfMonth(month), `${month}-01`, month) as StoredReduction[];
}

/** The latest month closed for the child within [from, to] (months; `to` null: open-ended). */
function childClosedMonthIn(
  store: ReadableStore,
  childId: string,
  from: IsoMonth,
  to: IsoMonth | null,
): IsoMonth | null {
  return (
    (statement(
      store,
      `SELECT MAX(cm.month) FROM attendance_child_months cm
       JOIN attendance_months m ON m.group_id = cm.group_id AND m.month = cm.month
       WHERE cm.child_id = ? AND m.status = 'closed' AND cm.month >= ? AND cm.month <= ?`,
    )
      .pluck()
      .get(childId, from, to ?? '9999-12') as IsoMonth | null | undefined) ?? null
  );
}

/** A new reduction may not reach back into a month closed for its child. */
export function checkReductionOpen(store: ReadableStore, reduction: FeeReduction): void {
  const closed = childClosedMonthIn(
    store,
    reduction.childId,
    reduction.validFrom.slice(0, 7),
    reduction.validTo?.slice(0, 7) ?? null,
  );
  if (closed !== null) throw FeeReductionMonthClosed({ month: closed });
}

/**
 * A reduction's category must be one the store knows (the privilege categories' list), and its
 * validity may not reach into a month closed for the child (checkReductionOpen).
 */
export function insertReduction(store: Store, reduction: StoredReduction): void {
  if (
    !statement(store, 'SELECT 1 FROM privilege_categories WHERE code = ?').get(
      reduction.categoryCode,
    )
  )
    throw new AppError('invalidInput', { fields: ['categoryCode'] });
  checkReductionOpen(store, reduction);
  statement(
    store,
    `INSERT INTO fee_reductions (id, child_id, category_code, percent, valid_from, valid_to,
       created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    reduction.id,
    reduction.childId,
    reduction.categoryCode,
    reduction.percent,
    reduction.validFrom,
    reduction.validTo,
    reduction.createdBy,
    reduction.createdAt,
  );
}

/** A reduction in force (a removed one is not found). */
export function findReduction(store: ReadableStore, id: string): StoredReduction {
  const found = statement(
    store,
    `SELECT ${REDUCTION_COLUMNS} FROM fee_reductions WHERE id = ? AND removed_at IS NULL`,
  ).get(id) as StoredReduction | undefined;
  if (!found) throw FeeReductionNotFound();
  return found;
}

/**
 * Removes a reduction, never deleting it: the row stays with who and when, and it stops from
 * the child's first month after the months closed within its validity (the closed ones keep
 * it). One valid only in closed months has nothing left to remove: refused.
 * Returns the month it stops applying from.
 */
export function removeReduction(
  store: Store,
  id: string,
  removal: { by: string; at: string },
): IsoMonth {
  const reduction = findReduction(store, id);
  const validFrom = reduction.validFrom.slice(0, 7);
  const validTo = reduction.validTo?.slice(0, 7) ?? null;
  const closed = childClosedMonthIn(store, reduction.childId, validFrom, validTo);
  const from = closed === null ? validFrom : nextMonth(closed);
  if (validTo !== null && from > validTo) throw FeeReductionMonthClosed({ month: closed! });
  statement(
    store,
    `UPDATE fee_reductions SET removed_at = ?, removed_by = ?, removed_from = ?
     WHERE id = ? AND removed_at IS NULL`,
  ).run(removal.at, removal.by, from, id);
  return from;
}

// ---------------------------------------------------------------------------------------
// Payments

export interface StoredPayment extends Payment {
  createdBy: string;
  createdAt: string;
  /** Set once the payment is cancelled (a mistake): when, by whom, why; null otherwise. */
  cancelledAt: string | null;
  cancelledBy: string | null;
  cancelReason: string | null;
}

const PAYMENT_COLUMNS = `p.id, p.child_id AS childId, p.date, p.amount,
  p.receipt_number AS receiptNumber, p.created_by AS createdBy, p.created_at AS createdAt,
  p.cancelled_at AS cancelledAt, p.cancelled_by AS cancelledBy, p.cancel_reason AS cancelReason`;

/** No payment with this id. */
export const PaymentNotFound = () => new AppError('paymentNotFound');
/** Cancelling a payment cancelled already (its date of cancelling, local time). */
export const PaymentAlreadyCancelled = (params: { receiptNumber: string; cancelledAt: string }) =>
  new AppError('paymentAlreadyCancelled', params);

const receiptKey = (receiptNumber: string) => receiptNumber.toLocaleUpperCase('ru');

/**
 * Records a payment: validatePayment's rules, checked against the payment that already has
 * this receipt number if any, cancelled or not (the UNIQUE receipt key is the backstop).
 */
export function insertPayment(
  store: Store,
  input: Payment,
  by: { createdBy: string; createdAt: string },
): StoredPayment {
  const key = receiptKey(input.receiptNumber.trim());
  const sameNumber = statement(
    store,
    `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.receipt_key = ?`,
  ).all(key) as StoredPayment[];
  const payment = validatePayment(input, sameNumber);
  statement(
    store,
    `INSERT INTO payments (id, child_id, date, amount, receipt_number, receipt_key, created_by,
       created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    payment.id,
    payment.childId,
    payment.date,
    payment.amount,
    payment.receiptNumber,
    receiptKey(payment.receiptNumber),
    by.createdBy,
    by.createdAt,
  );
  return { ...payment, ...by, cancelledAt: null, cancelledBy: null, cancelReason: null };
}

export function findPayment(store: ReadableStore, id: string): StoredPayment {
  const found = statement(store, `SELECT ${PAYMENT_COLUMNS} FROM payments p WHERE p.id = ?`).get(
    id,
  ) as StoredPayment | undefined;
  if (!found) throw PaymentNotFound();
  return found;
}

/**
 * Cancels a payment recorded by mistake: the row stays, marked with when, by whom and why; it
 * counts in no balance any more and its receipt number stays taken. Twice is refused.
 */
export function cancelPayment(
  store: Store,
  id: string,
  cancel: { by: string; at: string; reason: string },
): StoredPayment {
  const payment = findPayment(store, id);
  if (payment.cancelledAt !== null)
    throw PaymentAlreadyCancelled({
      receiptNumber: payment.receiptNumber,
      cancelledAt: payment.cancelledAt,
    });
  statement(
    store,
    `UPDATE payments SET cancelled_at = ?, cancelled_by = ?, cancel_reason = ?
     WHERE id = ? AND cancelled_at IS NULL`,
  ).run(cancel.at, cancel.by, cancel.reason, id);
  return {
    ...payment,
    cancelledAt: cancel.at,
    cancelledBy: cancel.by,
    cancelReason: cancel.reason,
  };
}

export interface PaymentRow extends StoredPayment {
  lastName: string;
  firstName: string;
  patronymic: string | null;
  /** The name of the staff member who cancelled the payment; null while it stands. */
  cancelledByName: string | null;
}

const PAYMENT_ROWS = `SELECT ${PAYMENT_COLUMNS}, c.last_name AS lastName,
  c.first_name AS firstName, c.patronymic, s.display_name AS cancelledByName
  FROM payments p JOIN children c ON c.id = p.child_id
  LEFT JOIN staff_accounts s ON s.id = p.cancelled_by`;

/** Payments of a month (by date) or of a child, newest first, the cancelled ones marked. */
export function paymentRows(
  store: ReadableStore,
  filter: { month?: IsoMonth; childId?: string },
): PaymentRow[] {
  const where: string[] = [];
  const params: string[] = [];
  if (filter.month !== undefined) {
    where.push('p.date BETWEEN ? AND ?');
    params.push(`${filter.month}-01`, lastDateOfMonth(filter.month));
  }
  if (filter.childId !== undefined) {
    where.push('p.child_id = ?');
    params.push(filter.childId);
  }
  return statement(
    store,
    `${PAYMENT_ROWS} ${where.length ? `WHERE ${where.join(' AND ')}` : ''}
     ORDER BY p.date DESC, p.created_at DESC`,
  ).all(...params) as PaymentRow[];
}

function paymentsThrough(store: ReadableStore, date: IsoDate): Payment[] {
  return statement(
    store,
    `SELECT p.id, p.child_id AS childId, p.date, p.amount, p.receipt_number AS receiptNumber
     FROM payments p WHERE p.date <= ? AND p.cancelled_at IS NULL`,
  ).all(date) as Payment[];
}

// ---------------------------------------------------------------------------------------
// The fee sheet

export interface ChildNames {
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

export interface FeeSheetRow extends ChildCharge, ChildNames {
  /** Paid in the month (payments dated in it). */
  paid: number;
}

export interface FeeSheetGroup {
  groupId: string;
  groupName: string;
  rows: FeeSheetRow[];
  total: number;
  paid: number;
}

export interface FeeSheet {
  month: IsoMonth;
  settings: FeeVersion;
  groups: FeeSheetGroup[];
  /** Groups with marks this month whose month is not closed yet: not charged. */
  openGroups: { groupId: string; groupName: string }[];
  total: number;
  paid: number;
  /** The words of the privilege categories the reductions name, by code. */
  categories: Record<string, { kk: string; ru: string }>;
}

function categoryWords(
  store: ReadableStore,
  codes: Iterable<string>,
): Record<string, { kk: string; ru: string }> {
  const words: Record<string, { kk: string; ru: string }> = {};
  for (const code of new Set(codes)) {
    const row = statement(
      store,
      'SELECT name_kk AS kk, name_ru AS ru FROM privilege_categories WHERE code = ?',
    ).get(code) as { kk: string; ru: string } | undefined;
    words[code] = row ?? { kk: code, ru: code };
  }
  return words;
}

function groupName(store: ReadableStore, groupId: string): string {
  const row = statement(store, 'SELECT name FROM groups WHERE id = ?').get(groupId) as
    { name: string } | undefined;
  return row?.name ?? '';
}

interface GroupCharges {
  groupId: string;
  charges: ChildCharge[];
  names: Map<string, ChildNames>;
}

/**
 * The charges of each of these groups whose month is closed (open ones are left out), from
 * their timesheets as attendance-record.ts's monthTimesheet builds them (each group's roster,
 * the calendar's days, the day-code template), but read once for the month: the calendar and
 * template once, every group's marks in one read, and nothing the charge does not use (the
 * month's state and corrections). Balances walk every closed month of the history, so the
 * work per month is what counts.
 */
function closedGroupsCharges(
  store: ReadableStore,
  month: IsoMonth,
  groupIds: readonly string[],
  fee: FeeSettings,
  reductions: readonly FeeReduction[],
): GroupCharges[] {
  const closed = groupIds.filter((id) => monthStatus(store, id, month) === 'closed');
  if (closed.length === 0) return [];
  const [year, number] = month.split('-').map(Number) as [number, number];
  const days = monthDays(year, number, readCalendar(store));
  const template = readDayCodes(store);
  const rosters = closed.map((groupId) => ({
    groupId,
    roster: groupRoster(store, groupId, month),
  }));
  const marksByChild = new Map<string, Mark[]>();
  for (const mark of marksOf(
    store,
    rosters.flatMap(({ roster }) => roster.map((child) => child.id)),
    `${month}-01`,
    lastDateOfMonth(month),
  )) {
    const list = marksByChild.get(mark.childId);
    if (list) list.push(mark);
    else marksByChild.set(mark.childId, [mark]);
  }
  return rosters.map(({ groupId, roster }) => {
    const timesheet = buildTimesheet({
      days,
      children: roster.map((child) => periodIn(child, month)),
      marks: roster.flatMap((child) => marksByChild.get(child.id) ?? []),
      template,
    });
    const rowById = new Map(timesheet.rows.map((row) => [row.childId, row]));
    const rows = inKazakhOrder(roster).flatMap((child) => rowById.get(child.id) ?? []);
    const { charges } = feeSheet(rows, timesheet.days, month, fee, reductions);
    return {
      groupId,
      charges,
      names: new Map(
        roster.map((c) => [
          c.id,
          { lastName: c.lastName, firstName: c.firstName, patronymic: c.patronymic },
        ]),
      ),
    };
  });
}

/**
 * The month's fee sheet from the closed timesheets: one group's (refused while its month is
 * open) or every group's with marks that month (those still open are listed, not charged;
 * refused when none is closed), groups in Kazakh order of their names.
 */
export function monthFeeSheet(store: ReadableStore, month: IsoMonth, groupId?: string): FeeSheet {
  if (groupId !== undefined && !statement(store, 'SELECT 1 FROM groups WHERE id = ?').get(groupId))
    throw new AppError('groupNotFound');
  const groupIds = groupId === undefined ? groupsWithMarks(store, month) : [groupId];
  if (!groupIds.some((id) => monthStatus(store, id, month) === 'closed'))
    throw MonthNotClosed({ month });
  const fee = settingsFor(pricingVersions(store), month);
  if (!fee) throw FeesNotSet({ month });
  const reductions = reductionsInMonth(store, month);
  const paidInMonth = new Map<string, number>();
  for (const p of paymentRows(store, { month }))
    if (p.cancelledAt === null)
      paidInMonth.set(p.childId, (paidInMonth.get(p.childId) ?? 0) + p.amount);

  const groups: FeeSheetGroup[] = [];
  const openGroups: FeeSheet['openGroups'] = [];
  const chargedGroups = new Map(
    closedGroupsCharges(store, month, groupIds, fee, reductions).map((g) => [g.groupId, g]),
  );
  for (const id of groupIds) {
    const name = groupName(store, id);
    const charged = chargedGroups.get(id);
    if (!charged) {
      openGroups.push({ groupId: id, groupName: name });
      continue;
    }
    const rows = charged.charges.map((charge) => ({
      ...charge,
      ...charged.names.get(charge.childId)!,
      paid: paidInMonth.get(charge.childId) ?? 0,
    }));
    groups.push({
      groupId: id,
      groupName: name,
      rows,
      total: rows.reduce((sum, row) => sum + row.amount, 0),
      paid: rows.reduce((sum, row) => sum + row.paid, 0),
    });
  }
  return {
    month,
    settings: fee,
    groups,
    openGroups,
    total: groups.reduce((sum, g) => sum + g.total, 0),
    paid: groups.reduce((sum, g) => sum + g.paid, 0),
    categories: categoryWords(
      store,
      groups.flatMap((g) => g.rows.flatMap((row) => row.reductions.map((r) => r.categoryCode))),
    ),
  };
}

// ---------------------------------------------------------------------------------------
// Balances and debtors

export interface DebtorRow extends ChildNames {
  childId: string;
  /** The group of the child's latest charge. */
  groupName: string;
  charged: number;
  paid: number;
  /** charged − paid: the debt. */
  balance: number;
}

export function nextMonth(month: IsoMonth): IsoMonth {
  const [year, m] = month.split('-').map(Number) as [number, number];
  return m === 12 ? `${year + 1}-01` : `${year}-${String(m + 1).padStart(2, '0')}`;
}

/**
 * Every child's balance through `month`: the charges of each closed group-month from the
 * first month with fee settings (pricingVersions) up to it, and every payment dated up to its last day. A month
 * still open is not charged yet.
 */
export function balancesThrough(store: ReadableStore, month: IsoMonth) {
  const versions = pricingVersions(store);
  const charges: ChildCharge[] = [];
  const names = new Map<string, ChildNames & { groupName: string }>();
  const groupNames = new Map<string, string>();
  if (versions.length > 0) {
    for (let m = versions[0]!.from; m <= month; m = nextMonth(m)) {
      const groupIds = groupsWithMarks(store, m);
      if (groupIds.length === 0) continue;
      const fee = settingsFor(versions, m)!;
      const reductions = reductionsInMonth(store, m);
      for (const charged of closedGroupsCharges(store, m, groupIds, fee, reductions)) {
        const { groupId } = charged;
        if (!groupNames.has(groupId)) groupNames.set(groupId, groupName(store, groupId));
        charges.push(...charged.charges);
        for (const [childId, child] of charged.names)
          names.set(childId, { ...child, groupName: groupNames.get(groupId)! });
      }
    }
  }
  const list = balances(charges, paymentsThrough(store, lastDateOfMonth(month)), month);
  return { list, names };
}

/** Children owing at least 1 ₸ through `month`, the largest debt first. */
export function monthDebtors(store: ReadableStore, month: IsoMonth): DebtorRow[] {
  const { list, names } = balancesThrough(store, month);
  return debtors(list).map((b) => ({ ...b, ...names.get(b.childId)! }));
}
