import { z } from 'zod';
import { requiredText } from '../../lib/validation';
import { parseIin } from '../../../../electron/core/kz-id/kz-id';
import type { MethodOutput } from '../../../../electron/core/api';
import { NEW_CHILD_STATUSES, SEXES } from '../../../../electron/core/vocabulary/enums';
import {
  CHILD_TEXT_FIELDS,
  type ChildTextField,
} from '../../../../electron/core/vocabulary/child-fields';
import {
  ISO_DATE,
  TEXT_LENGTHS,
  TWELVE_DIGITS,
} from '../../../../electron/core/vocabulary/field-rules';

export type Child = MethodOutput<'children.get'>['child'];

/**
 * Quick checks before the round trip; the core checks the IIN's digits and its agreement
 * again. A valid IIN gives the birth date and sex (DOMAIN.md), so a disagreeing date or sex is
 * refused on its field at once. There is no default sex: one must be chosen or come from the IIN.
 */
export const ChildValues = z
  .object({
    // Every text field of the child's table as typed ('' for none); the rest below.
    ...(Object.fromEntries(CHILD_TEXT_FIELDS.map((name) => [name, z.string()])) as Record<
      ChildTextField,
      z.ZodString
    >),
    iin: z.string().trim().regex(TWELVE_DIGITS, 'child.invalid.iin'),
    lastName: requiredText,
    firstName: requiredText,
    birthDate: z.string().regex(ISO_DATE, 'child.invalid.birthDate'),
    // The form holds '' until a sex is chosen or comes from the IIN.
    sex: z.string().pipe(z.enum(SEXES, 'child.invalid.sex')),
    citizenship: z.string().trim().min(TEXT_LENGTHS.citizenship.min, 'child.invalid.citizenship'),
    groupId: z.string(),
    status: z.enum(NEW_CHILD_STATUSES),
  })
  .superRefine((values, ctx) => {
    const facts = parseIin(values.iin.trim());
    if (!facts) return;
    if (values.birthDate && values.birthDate !== facts.birthDate)
      ctx.addIssue({
        code: 'custom',
        path: ['birthDate'],
        message: 'child.reasons.iinBirthDateMismatch',
      });
    if (values.sex && values.sex !== facts.sex)
      ctx.addIssue({ code: 'custom', path: ['sex'], message: 'child.reasons.iinSexMismatch' });
  });
export type ChildValues = z.output<typeof ChildValues>;
/** What the form holds: the sex stays unchosen ('') until picked or given by the IIN. */
export type FormValues = z.input<typeof ChildValues>;
/** What a valid IIN gives the form (birth date and sex), or null while it gives nothing. */
export function factsFromIin(iin: string): Pick<ChildValues, 'birthDate' | 'sex'> | null {
  return parseIin(iin.trim());
}

/** The form's starting values: the child's, or a new child's with no sex chosen. */
export function valuesOf(child: Child | undefined): FormValues {
  return {
    ...(Object.fromEntries(CHILD_TEXT_FIELDS.map((name) => [name, child?.[name] ?? ''])) as Record<
      ChildTextField,
      string
    >),
    iin: child?.iin ?? '',
    lastName: child?.lastName ?? '',
    firstName: child?.firstName ?? '',
    birthDate: child?.birthDate ?? '',
    sex: child?.sex ?? '',
    citizenship: child?.citizenship ?? 'Қазақстан',
    groupId: child?.groupId ?? '',
    status: 'enrolled',
  };
}
