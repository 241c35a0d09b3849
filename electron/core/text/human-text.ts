import { z } from 'zod';

/**
 * The reason (a translation key, `child.reasons.*` / `errors.reasons.*`) a text field gives
 * when it holds characters nobody types: the dispatcher passes it on with the field's path.
 */
export const HIDDEN_CHARACTERS = 'textHiddenCharacters';

// Control characters (NUL, ESC …), lone surrogate halves, the noncharacters U+FFFE/U+FFFF, and
// the invisible bidi controls that reorder what is shown (U+202E turns "exe.txt" into
// "txt.exe"): embeddings and overrides U+202A–202E, isolates U+2066–2069, and the marks
// U+200E, U+200F, U+061C. Kazakh and Russian text never needs any of them.
const BIDI_CONTROLS = '\\u061C\\u200E\\u200F\\u202A-\\u202E\\u2066-\\u2069';
const HIDDEN_IN_LINE = new RegExp(`[\\p{Cc}\\p{Cs}\\uFFFE\\uFFFF${BIDI_CONTROLS}]`, 'u');
// Free text may also hold line breaks and tabs.
const HIDDEN_IN_TEXT = new RegExp(
  `[\\p{Cs}\\uFFFE\\uFFFF${BIDI_CONTROLS}]|(?![\\t\\n\\r])\\p{Cc}`,
  'u',
);

/** True when a one-line value (a name, an address, a document number) is clean. */
export const isHumanLine = (value: string): boolean => !HIDDEN_IN_LINE.test(value);
/** True when free text (a note, a conclusion) is clean; tabs and line breaks are allowed. */
export const isHumanText = (value: string): boolean => !HIDDEN_IN_TEXT.test(value);

/**
 * One line a person types: trimmed, `min`…`max` characters, no hidden characters. Every name,
 * address and short text field in the core's input schemas is one of these.
 */
export const TextLine = (max: number, min = 0) =>
  z.string().trim().min(min).max(max).refine(isHumanLine, { message: HIDDEN_CHARACTERS });

/** Free text (several lines allowed): trimmed, `min`…`max` characters, no hidden characters. */
export const FreeText = (max: number, min = 0) =>
  z.string().trim().min(min).max(max).refine(isHumanText, { message: HIDDEN_CHARACTERS });
