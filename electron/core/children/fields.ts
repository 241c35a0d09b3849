import { z } from 'zod';
import { AGE_GROUPS, CHILD_STATUSES, RELATIONS, SEXES } from '../../../db/schema';
import { isValidIin, parseIin } from '../kz-id/kz-id';
import { TextLine } from '../text/human-text';
import { updateInput } from '../registry/update-input';

/** A person's full name as documents write it: last, first, then the patronymic when there is one. */
export const fullName = (p: { lastName: string; firstName: string; patronymic: string | null }) =>
  [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ');

export const Id = z.string().uuid();
export const IsoDate = z
  .string()
  .regex(/^\d{4}-\d{2}-\d{2}$/)
  .refine((value) => !Number.isNaN(Date.parse(value)));
const Name = TextLine(100, 1);
const OptionalText = (max: number) =>
  TextLine(max)
    .nullish()
    .transform((value) => value || null);

/** Any valid IIN (check digit, date, century digit). */
export const Iin = z.string().trim().refine(isValidIin);

export const ChildFields = z
  .object({
    iin: Iin,
    lastName: Name,
    firstName: Name,
    patronymic: OptionalText(100),
    birthDate: IsoDate,
    sex: z.enum(SEXES),
    citizenship: TextLine(60, 2),
    birthCertificateNumber: OptionalText(40),
    birthCertificateDate: IsoDate.nullish(),
    birthCertificateIssuer: OptionalText(200),
    registeredAddress: OptionalText(300),
    actualAddress: OptionalText(300),
    groupId: Id.nullish(),
    referralNumber: OptionalText(40),
  })
  .strict();

/**
 * A child's IIN must agree with the entered birth date and sex (DOMAIN.md): a mismatch is
 * shown to the user to correct, never fixed silently.
 */
export function iinAgrees(
  child: { iin: string; birthDate: string; sex: string },
  ctx: z.RefinementCtx,
): void {
  const facts = parseIin(child.iin);
  if (!facts) return;
  if (facts.birthDate !== child.birthDate) {
    ctx.addIssue({ code: 'custom', path: ['birthDate'], message: 'iinBirthDateMismatch' });
  }
  if (facts.sex !== child.sex)
    ctx.addIssue({ code: 'custom', path: ['sex'], message: 'iinSexMismatch' });
}

export const NewChild = ChildFields.extend({
  status: z.enum(['referred', 'enrolled']).default('enrolled'),
}).superRefine(iinAgrees);

export const RepresentativeFields = z
  .object({
    iin: Iin,
    lastName: Name,
    firstName: Name,
    patronymic: OptionalText(100),
    idDocumentType: z.enum(['id_card', 'passport', 'residence_permit', 'other']),
    idDocumentNumber: TextLine(40, 3),
    idDocumentIssuedOn: IsoDate.nullish(),
    idDocumentIssuer: OptionalText(200),
    phone: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{7,20}$/),
    phoneExtra: z
      .string()
      .trim()
      .regex(/^\+?[0-9 ()-]{7,20}$/)
      .nullish(),
    email: z.string().trim().email().max(200).nullish(),
    workplace: OptionalText(200),
    position: OptionalText(200),
    address: OptionalText(300),
  })
  .strict();

/**
 * Changes to a representative already in the store: exactly the fields named, nothing else
 * (an absent field keeps its value; `null` clears it). The IIN is the person's key and stays.
 */
export const RepresentativeChanges = updateInput(RepresentativeFields.omit({ iin: true }));
export type RepresentativeChanges = z.output<typeof RepresentativeChanges>;

/** A representative's identity-document details: only staff who handle documents see them. */
export const ID_DOCUMENT_FIELDS = [
  'idDocumentType',
  'idDocumentNumber',
  'idDocumentIssuedOn',
  'idDocumentIssuer',
] as const;

export const Relation = z.enum(RELATIONS);
export const ChildStatus = z.enum(CHILD_STATUSES);
export const AgeGroup = z.enum(AGE_GROUPS);
