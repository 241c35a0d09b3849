import { z } from 'zod';
import type { FieldValues, Path, UseFormSetError } from 'react-hook-form';
import { CoreError } from './api';
import { LOGIN, PASSWORD_LENGTH } from '../../../electron/core/vocabulary/field-rules';

/**
 * Quick checks before a round trip, with the core's field rules (the vocabulary's); the core
 * validates everything again (IIN/BIN digits too).
 */
export const loginRule = z.string().trim().regex(LOGIN, 'validation.login');
export const passwordRule = z
  .string()
  .min(PASSWORD_LENGTH.min, 'validation.password')
  .max(PASSWORD_LENGTH.max);
export const requiredText = z.string().trim().min(1, 'validation.required');

/**
 * A reason the core gives about any text field (hidden characters such as NUL or U+202E): it
 * names no field, so it goes to the refused fields no field-bound reason explains (the forms
 * check required fields and lengths before sending). Its text is `validation.<reason>`.
 */
export function textReasonOf(reasons: readonly string[]): string | undefined {
  return reasons.find((reason) => reason === 'textHiddenCharacters');
}

/**
 * Shows the core's verdict on the fields it refused (e.g. a BIN with a wrong check digit).
 * Returns false when the error was not about fields, so the caller shows it as a whole.
 */
export function showFieldErrors<T extends FieldValues>(
  error: unknown,
  setError: UseFormSetError<T>,
  fields: readonly Path<T>[],
): boolean {
  if (!(error instanceof CoreError) || error.code !== 'invalidInput') return false;
  const refused = ([] as string[]).concat((error.params.fields as string[] | undefined) ?? []);
  const reasons = ([] as string[]).concat((error.params.reasons as string[] | undefined) ?? []);
  const textReason = textReasonOf(reasons);
  const known = refused.filter((field): field is Path<T> =>
    (fields as readonly string[]).includes(field),
  );
  for (const field of known) setError(field, { message: `validation.${textReason ?? field}` });
  return known.length > 0;
}
