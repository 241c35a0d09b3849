import { CoreError } from './api';
import { textReasonOf } from './validation';

/** Which field a domain reason from the core is about (its params keep them apart). */
const FIELD_OF_REASON: Record<string, string> = {
  iinBirthDateMismatch: 'birthDate',
  iinSexMismatch: 'sex',
  validUntilBeforeFrom: 'validUntil',
  fileTooLarge: 'contentBase64',
};

/** Reasons about a date, whichever date field the core names (a record dated in the future). */
const DATE_REASONS: readonly string[] = ['dateInFuture'];

/**
 * The fields the core refused, each with the translation key of why: a domain reason when
 * the core gave one (an IIN that disagrees with the birth date), else `child.invalid.<field>`.
 * `prefix` strips a nested path such as `representative.`. A form whose fields have no
 * `child.invalid.<field>` hint of their own (the health records) passes the key to show
 * instead as `hint`; the reasons (a date in the future, hidden characters) stay as they are.
 */
export function refusedFields(
  error: unknown,
  prefix = '',
  hint?: string,
): { field: string; message: string }[] {
  if (!(error instanceof CoreError) || error.code !== 'invalidInput') return [];
  const fields = ([] as string[]).concat((error.params.fields as string[] | undefined) ?? []);
  const reasons = ([] as string[]).concat((error.params.reasons as string[] | undefined) ?? []);
  return fields.map((path) => {
    const field = path.startsWith(prefix) ? path.slice(prefix.length) : path;
    const reason =
      reasons.find((r) => FIELD_OF_REASON[r] === field) ??
      (fields.length === 1 ? reasons.find((r) => DATE_REASONS.includes(r)) : undefined);
    if (reason) return { field, message: `child.reasons.${reason}` };
    const textReason = textReasonOf(reasons);
    if (textReason) return { field, message: `validation.${textReason}` };
    return { field, message: hint ?? `child.invalid.${field}` };
  });
}
