import { ABSENCE_REASONS, type AbsenceReason } from './enums';

/**
 * The register's keyboard and its steps: space toggles present/absent, and a letter picks a reason — the
 * first letter of the reason's code in the interface language, lower case (with the default
 * codes: Kazakh а с д ж к н б, Russian б с о л к н п). Kazakh and Russian letters differ on
 * purpose: each is the initial of the word the teacher reads on screen. The Kazakh layout
 * keeps every Russian letter where the Russian ЙЦУКЕН layout has it, so the same physical key
 * works when the keyboard is switched to Latin: `reasonForKey` falls back to the key's
 * position (KeyboardEvent.code). Node-free and import-free (but the vocabulary), so the
 * register screen and the core (attendance/codes.ts) use the same letters.
 */

/** What the keyboard reads of a day-code template (attendance/codes.ts DayCodeTemplate). */
export interface ReasonCodes {
  reasons: Record<AbsenceReason, { code: { kk: string; ru: string } }>;
}

type KeyLanguage = 'kk' | 'ru';

/** Each letter and the reason it picks; two codes with one first letter: the first keeps it. */
export function reasonLetters(
  language: KeyLanguage,
  template: ReasonCodes,
): Map<string, AbsenceReason> {
  const letters = new Map<string, AbsenceReason>();
  for (const reason of ABSENCE_REASONS) {
    const letter = [...template.reasons[reason].code[language]][0]!.toLocaleLowerCase(language);
    if (!letters.has(letter)) letters.set(letter, reason);
  }
  return letters;
}

/** Where the Russian (and Kazakh) layout puts each Cyrillic letter, by KeyboardEvent.code. */
// prettier-ignore
const JCUKEN: Readonly<Record<string, string>> = {
  KeyQ: 'й', KeyW: 'ц', KeyE: 'у', KeyR: 'к', KeyT: 'е', KeyY: 'н', KeyU: 'г', KeyI: 'ш',
  KeyO: 'щ', KeyP: 'з', BracketLeft: 'х', BracketRight: 'ъ', KeyA: 'ф', KeyS: 'ы', KeyD: 'в',
  KeyF: 'а', KeyG: 'п', KeyH: 'р', KeyJ: 'о', KeyK: 'л', KeyL: 'д', Semicolon: 'ж',
  Quote: 'э', KeyZ: 'я', KeyX: 'ч', KeyC: 'с', KeyV: 'м', KeyB: 'и', KeyN: 'т', KeyM: 'ь',
  Comma: 'б', Period: 'ю',
};

/**
 * The reason a key press picks in the register, or undefined. `key` is KeyboardEvent.key
 * (the typed letter in the current layout), `code` its physical key for a Latin layout.
 */
export function reasonForKey(
  key: string,
  code: string | undefined,
  language: KeyLanguage,
  template: ReasonCodes,
): AbsenceReason | undefined {
  const letters = reasonLetters(language, template);
  const typed = letters.get(key.toLocaleLowerCase(language));
  if (typed) return typed;
  const positional = code === undefined ? undefined : JCUKEN[code];
  return positional === undefined ? undefined : letters.get(positional);
}

/** A day's mark as the register edits it (attendance/timesheet.ts MarkValue). */
export type RegisterMark =
  | { status: 'present'; arrival?: string; departure?: string }
  | { status: 'absent'; reason: AbsenceReason; note: string; documentId?: string };

/**
 * Space: present becomes absent without a valid reason (the reason is not known yet: parents
 * report by 09:00 and a letter then picks it), any absence becomes present. Arrival and
 * departure times and the absence's note and document go with the state they belong to.
 */
export function toggleMark(value: RegisterMark): RegisterMark {
  return value.status === 'present'
    ? { status: 'absent', reason: 'unexcused', note: '' }
    : { status: 'present' };
}

/** A letter: the child is absent for this reason (an existing note and document are kept). */
export function pickReason(value: RegisterMark, reason: AbsenceReason): RegisterMark {
  return value.status === 'absent' ? { ...value, reason } : { status: 'absent', reason, note: '' };
}
