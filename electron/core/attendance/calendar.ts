import { z } from 'zod';
import type { AppError } from '../errors/app-error';
import { TextLine } from '../text/human-text';
import { ISO_DATE } from '../vocabulary/field-rules';
import { NonWorkingDay } from './errors';

/**
 * The kindergarten's working days: Monday to Friday, less Kazakhstan's public holidays (preset,
 * editable), the days off a holiday on a weekend moves to, the government's yearly transfers
 * (a day off moved to a working Saturday and the like) and the kindergarten's own closure
 * days. Pure and Node-free: dates are ISO strings ('2026-03-09') and weekdays are computed in
 * UTC, so no time zone can move a day.
 */

export const isoDate = z
  .string()
  .regex(ISO_DATE)
  .refine((value) => toIsoDate(parseIsoDate(value)) === value, 'notADate');
export type IsoDate = string;

/** A month as 'YYYY-MM'. */
export const isoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/);
export type IsoMonth = string;

const DAY_MS = 86_400_000;

function parseIsoDate(value: string): Date {
  return new Date(`${value}T00:00:00Z`);
}

function toIsoDate(date: Date): IsoDate {
  return Number.isNaN(date.getTime()) ? '' : date.toISOString().slice(0, 10);
}

/** The day after (or `days` after) an ISO date. */
export function addDays(date: IsoDate, days: number): IsoDate {
  return toIsoDate(new Date(parseIsoDate(date).getTime() + days * DAY_MS));
}

/** 0 = Sunday … 6 = Saturday, as Date.getUTCDay. */
export function weekday(date: IsoDate): number {
  return parseIsoDate(date).getUTCDay();
}

export function monthOf(date: IsoDate): IsoMonth {
  return date.slice(0, 7);
}

export function monthKey(year: number, month: number): IsoMonth {
  return `${String(year).padStart(4, '0')}-${String(month).padStart(2, '0')}`;
}

export function daysInMonth(year: number, month: number): number {
  return new Date(Date.UTC(year, month, 0)).getUTCDate();
}

/** Every date of a month, 1st to last. */
export function datesOfMonth(year: number, month: number): IsoDate[] {
  const prefix = monthKey(year, month);
  return Array.from(
    { length: daysInMonth(year, month) },
    (_, i) => `${prefix}-${String(i + 1).padStart(2, '0')}`,
  );
}

/** The month's last date: a month may be closed from that day on. */
export function lastDateOfMonth(month: IsoMonth): IsoDate {
  const [year, number] = month.split('-').map(Number) as [number, number];
  return `${month}-${String(daysInMonth(year, number)).padStart(2, '0')}`;
}

/** A holiday that falls on the same day every year. */
export const fixedHoliday = z.object({
  /** Stable name, the translation key `attendance.holidays.<key>` (and the PDF's words). */
  key: z.string().min(1).max(40),
  month: z.number().int().min(1).max(12),
  day: z.number().int().min(1).max(31),
  /**
   * A religious holiday (Orthodox Christmas, Kurban ait): a day off on its own date only. The
   * Labour Code moves the day off of a holiday on a weekend to the next working day, except
   * for these.
   */
  religious: z.boolean().default(false),
});
export type FixedHoliday = z.infer<typeof fixedHoliday>;

/**
 * Kazakhstan's public holidays as DOMAIN.md lists them: New Year (1–2 Jan), Orthodox
 * Christmas (7 Jan), International Women's Day (8 Mar), Nauryz (21–23 Mar), Unity Day (1 May),
 * Defender of the Fatherland Day (7 May), Victory Day (9 May), Capital Day (6 Jul),
 * Constitution Day (30 Aug), Republic Day (25 Oct), Independence Day (16 Dec). Kurban ait
 * moves with the lunar calendar: the director adds its date each year (`extraHolidays`).
 */
export const KZ_PUBLIC_HOLIDAYS: readonly FixedHoliday[] = [
  { key: 'newYear', month: 1, day: 1, religious: false },
  { key: 'newYear', month: 1, day: 2, religious: false },
  { key: 'orthodoxChristmas', month: 1, day: 7, religious: true },
  { key: 'womensDay', month: 3, day: 8, religious: false },
  { key: 'nauryz', month: 3, day: 21, religious: false },
  { key: 'nauryz', month: 3, day: 22, religious: false },
  { key: 'nauryz', month: 3, day: 23, religious: false },
  { key: 'unityDay', month: 5, day: 1, religious: false },
  { key: 'defenderDay', month: 5, day: 7, religious: false },
  { key: 'victoryDay', month: 5, day: 9, religious: false },
  { key: 'capitalDay', month: 7, day: 6, religious: false },
  { key: 'constitutionDay', month: 8, day: 30, religious: false },
  { key: 'republicDay', month: 10, day: 25, religious: false },
  { key: 'independenceDay', month: 12, day: 16, religious: false },
];

/** A dated holiday of one year (Kurban ait's first day, a one-off holiday by decree). */
export const datedHoliday = z.object({
  key: z.string().min(1).max(40),
  date: isoDate,
  religious: z.boolean().default(false),
});

/**
 * A transfer by government decree: `dayOff` (a working day) becomes a day off and
 * `workingDay` (a Saturday, usually) becomes a working day. Either may be absent for a
 * one-sided change.
 */
export const dayTransfer = z
  .object({ dayOff: isoDate.optional(), workingDay: isoDate.optional() })
  .refine((t) => t.dayOff !== undefined || t.workingDay !== undefined, 'emptyTransfer');

/** Days the kindergarten itself is closed (repairs, disinfection, a heating failure). */
export const closure = z
  .object({ from: isoDate, to: isoDate, note: TextLine(200).default('') })
  .refine((c) => c.from <= c.to, { path: ['to'], message: 'endBeforeStart' });

export const calendarSettings = z.object({
  holidays: z.array(fixedHoliday).default(() => KZ_PUBLIC_HOLIDAYS.map((h) => ({ ...h }))),
  extraHolidays: z.array(datedHoliday).default([]),
  /** Weekdays that are days off, 0 = Sunday … 6 = Saturday. */
  weekendDays: z.array(z.number().int().min(0).max(6)).default([0, 6]),
  /** The Labour Code's rule: a holiday on a weekend gives the next working day off. */
  shiftWeekendHolidays: z.boolean().default(true),
  transfers: z.array(dayTransfer).default([]),
  closures: z.array(closure).default([]),
});
export type CalendarSettingsInput = z.input<typeof calendarSettings>;
export type CalendarSettings = z.output<typeof calendarSettings>;

/** The preset: Kazakhstan's holidays, Saturday and Sunday off, no transfers or closures. */
export const DEFAULT_CALENDAR: CalendarSettings = calendarSettings.parse({});

export type DayKind =
  | 'working'
  /** Saturday or Sunday (or whatever `weekendDays` says). */
  | 'weekend'
  | 'holiday'
  /** The day off of a holiday that fell on a weekend. */
  | 'holidayDayOff'
  /** A day off by a decree's transfer. */
  | 'transferredDayOff'
  /** A weekend day made a working day by a decree's transfer. */
  | 'transferredWorkingDay'
  | 'closure';

export interface DayInfo {
  date: IsoDate;
  /** 1 … 31 */
  day: number;
  weekday: number;
  kind: DayKind;
  working: boolean;
  /** The holiday's key for 'holiday' and 'holidayDayOff'. */
  holiday?: string;
}

interface YearHoliday {
  date: IsoDate;
  key: string;
  religious: boolean;
}

/** One year's holidays in date order, with the day off each weekend holiday moves to. */
function yearHolidays(
  year: number,
  settings: CalendarSettings,
): { holidays: Map<IsoDate, string>; daysOff: Map<IsoDate, string> } {
  const list: YearHoliday[] = [];
  for (const h of settings.holidays) {
    if (h.day > daysInMonth(year, h.month)) continue;
    list.push({
      date: `${monthKey(year, h.month)}-${String(h.day).padStart(2, '0')}`,
      key: h.key,
      religious: h.religious,
    });
  }
  for (const h of settings.extraHolidays) {
    if (h.date.startsWith(`${year}-`)) list.push(h);
  }
  list.sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0));
  const holidays = new Map(list.map((h) => [h.date, h.key]));
  const daysOff = new Map<IsoDate, string>();
  if (!settings.shiftWeekendHolidays) return { holidays, daysOff };
  const weekend = new Set(settings.weekendDays);
  for (const h of list) {
    if (h.religious || !weekend.has(weekday(h.date))) continue;
    // Consecutive holidays over a weekend (Nauryz on Sat–Mon) give consecutive days off.
    let next = addDays(h.date, 1);
    while (weekend.has(weekday(next)) || holidays.has(next) || daysOff.has(next))
      next = addDays(next, 1);
    daysOff.set(next, h.key);
  }
  return { holidays, daysOff };
}

/** Memo per settings object: a month grid asks for ~31 days of the same year. */
const yearCache = new WeakMap<CalendarSettings, Map<number, ReturnType<typeof yearHolidays>>>();

function holidaysOf(year: number, settings: CalendarSettings) {
  let years = yearCache.get(settings);
  if (!years) yearCache.set(settings, (years = new Map()));
  let result = years.get(year);
  if (!result) years.set(year, (result = yearHolidays(year, settings)));
  return result;
}

/**
 * What a date is. Precedence: a closure day is closed whatever else it is; a decree's transfer
 * overrides the rest (a working Saturday works, its day off is off); then holidays, the day
 * off of a weekend holiday, and weekends.
 */
export function dayInfo(date: IsoDate, settings: CalendarSettings = DEFAULT_CALENDAR): DayInfo {
  const base = { date, day: Number(date.slice(8, 10)), weekday: weekday(date) };
  const is = (kind: DayKind, holiday?: string): DayInfo => ({
    ...base,
    kind,
    working: kind === 'working' || kind === 'transferredWorkingDay',
    ...(holiday === undefined ? {} : { holiday }),
  });
  if (settings.closures.some((c) => c.from <= date && date <= c.to)) return is('closure');
  if (settings.transfers.some((t) => t.workingDay === date)) return is('transferredWorkingDay');
  if (settings.transfers.some((t) => t.dayOff === date)) return is('transferredDayOff');
  const { holidays, daysOff } = holidaysOf(Number(date.slice(0, 4)), settings);
  const holiday = holidays.get(date);
  if (holiday !== undefined) return is('holiday', holiday);
  const movedFrom = daysOff.get(date);
  if (movedFrom !== undefined) return is('holidayDayOff', movedFrom);
  if (settings.weekendDays.includes(base.weekday)) return is('weekend');
  return is('working');
}

/** Every day of a month with its kind: the register's and the timesheet's columns. */
export function monthDays(
  year: number,
  month: number,
  settings: CalendarSettings = DEFAULT_CALENDAR,
): DayInfo[] {
  return datesOfMonth(year, month).map((date) => dayInfo(date, settings));
}

/** The month's working days, in order. */
export function workingDays(
  year: number,
  month: number,
  settings: CalendarSettings = DEFAULT_CALENDAR,
): IsoDate[] {
  return monthDays(year, month, settings)
    .filter((day) => day.working)
    .map((day) => day.date);
}

export type MarkDateCheck = { ok: true } | { ok: false; error: AppError };

/**
 * Whether a mark may be put on a date: only on working days. The refusal is
 * `attendanceNonWorkingDay` with the day's kind ('weekend', 'holiday', 'closure', …).
 */
export function validateMarkDate(
  date: IsoDate,
  settings: CalendarSettings = DEFAULT_CALENDAR,
): MarkDateCheck {
  const info = dayInfo(date, settings);
  return info.working
    ? { ok: true }
    : { ok: false, error: NonWorkingDay({ date, dayKind: info.kind }) };
}
