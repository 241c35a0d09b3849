import type { MethodOutput } from '../../../../electron/core/api';
import { ABSENCE_REASONS, type AbsenceReason } from '../../../../electron/core/vocabulary/enums';

/** A group's day as the core opened it (attendance.day) and what the register edits. */
export type RegisterDay = MethodOutput<'attendance.day'>;
export type DayChild = RegisterDay['children'][number];
export type MarkValue = NonNullable<DayChild['mark']>;
export type DayCodes = RegisterDay['codes'];
export type Language = 'kk' | 'ru';

export const PRESENT: MarkValue = { status: 'present' };

/**
 * Space: present becomes absent without a valid reason until a letter names it (parents
 * report by 09:00), any absence becomes present — the core's register.ts toggleMark.
 */
export function toggled(value: MarkValue): MarkValue {
  return value.status === 'present'
    ? { status: 'absent', reason: 'unexcused', note: '' }
    : { status: 'present' };
}

/** A letter: absent for this reason; an absence's note and document stay (register.ts pickReason). */
export function withReason(value: MarkValue, reason: AbsenceReason): MarkValue {
  return value.status === 'absent' ? { ...value, reason } : { status: 'absent', reason, note: '' };
}

/**
 * The reason a typed letter picks: the first letter of the reason's code in the interface
 * language, lower case, from the day-code template the core returned (codes.ts reasonLetters:
 * with the default codes Kazakh а с д ж к н б, Russian б с о л к н п); a letter two codes
 * share belongs to the first reason.
 */
export function reasonLetters(codes: DayCodes, language: Language): Map<string, AbsenceReason> {
  const letters = new Map<string, AbsenceReason>();
  for (const reason of ABSENCE_REASONS) {
    const letter = [...codes.reasons[reason].code[language]][0]?.toLocaleLowerCase(language);
    if (letter && !letters.has(letter)) letters.set(letter, reason);
  }
  return letters;
}

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
