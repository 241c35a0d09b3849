import type { MethodOutput } from '../../../../electron/core/api';
import type { AbsenceReason } from '../../../../electron/core/vocabulary/enums';

/** A group's day as the core opened it (attendance.day) and what the register edits. */
export type RegisterDay = MethodOutput<'attendance.day'>;
export type DayChild = RegisterDay['children'][number];
export type MarkValue = NonNullable<DayChild['mark']>;
export type DayCodes = RegisterDay['codes'];
export type Language = 'kk' | 'ru';

export const PRESENT: MarkValue = { status: 'present' };

/** Whether an absence for this reason is valid under the template (unexcused never is). */
export const isValidReason = (codes: DayCodes, reason: AbsenceReason) =>
  reason !== 'unexcused' && codes.reasons[reason].valid;

/** The day code a mark prints as (the timesheet's). */
export const codeOf = (codes: DayCodes, value: MarkValue, language: Language) =>
  value.status === 'present'
    ? codes.present.code[language]
    : codes.reasons[value.reason].code[language];

export const languageOf = (language: string): Language => (language === 'ru' ? 'ru' : 'kk');

/** ISO date arithmetic in UTC, so no time zone moves a day. */
export function addDays(date: string, days: number): string {
  const at = new Date(`${date}T00:00:00Z`);
  at.setUTCDate(at.getUTCDate() + days);
  return at.toISOString().slice(0, 10);
}

/**
 * A time of day as typed (24-hour: "8:15", "08.15", "815", "0815") → 'HH:MM' as the core
 * takes it (markValue's arrival/departure, 00:00–23:59); '' for nothing typed; null for text
 * that is not such a time.
 */
export function clockOf(text: string): string | null {
  const typed = text.trim();
  if (!typed) return '';
  const match = /^(\d{1,2})[:.\s]?(\d{2})$/.exec(typed);
  if (!match) return null;
  const [hours, minutes] = [Number(match[1]), Number(match[2])];
  if (hours > 23 || minutes > 59) return null;
  return `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
}
