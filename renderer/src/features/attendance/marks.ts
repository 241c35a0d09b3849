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
