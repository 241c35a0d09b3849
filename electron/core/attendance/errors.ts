import { AppError } from '../errors/app-error';

/**
 * The attendance refusals: each an AppError whose code is the translation key
 * `errors.<code>` (kk and ru in renderer/src/i18n). Parameters carry dates, counts and kinds,
 * never names or IINs.
 */

/** A mark on a weekend, a public holiday (or its day off) or a kindergarten closure day. */
export const NonWorkingDay = (params: { date: string; dayKind: string }) =>
  new AppError('attendanceNonWorkingDay', params);

/**
 * The calendar would turn working days of an open month that hold marks into days off, and
 * the director has not confirmed removing exactly these marks: every such day (`dates`, with
 * `counts[i]` marks on `dates[i]`), the `total` (what the confirmation must name) and `list`,
 * the same as text ("2026-05-18 — 3, 2026-05-19 — 1") for the messages.
 */
export const DayMarked = (days: readonly { date: string; marks: number }[]) =>
  new AppError('attendanceDayMarked', {
    dates: days.map((day) => day.date),
    counts: days.map((day) => String(day.marks)),
    total: days.reduce((sum, day) => sum + day.marks, 0),
    list: days.map((day) => `${day.date} — ${day.marks}`).join(', '),
  });

/** The month is closed: the register refuses edits until the director reopens it. */
export const MonthClosed = (params: { month: string }) =>
  new AppError('attendanceMonthClosed', params);

/** Closing a month already closed. */
export const MonthAlreadyClosed = (params: { month: string }) =>
  new AppError('attendanceMonthAlreadyClosed', params);

/** Reopening, confirming or disputing a month that is not closed. */
export const MonthNotClosed = (params: { month: string }) =>
  new AppError('attendanceMonthNotClosed', params);

/** Closing a month whose register still has working days without a mark. */
export const MonthIncomplete = (params: { month: string; unmarked: number }) =>
  new AppError('attendanceMonthIncomplete', params);

/** Closing a month before its last day. */
export const MonthNotOver = (params: { month: string }) =>
  new AppError('attendanceMonthNotOver', params);

/** A parent confirmed the child's month: it can no longer be disputed. */
export const ChildMonthConfirmed = (params: { month: string }) =>
  new AppError('attendanceChildMonthConfirmed', params);

/** A mark for a child who is not in the group on that day (not enrolled yet, left, moved). */
export const ChildNotInGroup = (params: { date: string }) =>
  new AppError('attendanceChildNotInGroup', params);

/** An absence mark linking a document that is not one of the child's absence-reason documents. */
export const NotAbsenceDocument = (params: { date: string }) =>
  new AppError('attendanceNotAbsenceDocument', params);

/** A mark for a day after the kindergarten's today: the register marks what happened. */
export const FutureDay = (params: { date: string }) => new AppError('attendanceFutureDay', params);

/** A payment whose receipt number another payment already has. */
export const ReceiptNumberTaken = (params: { receiptNumber: string }) =>
  new AppError('paymentReceiptTaken', params);
