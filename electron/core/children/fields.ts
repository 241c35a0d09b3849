import { z } from 'zod';
import {
  AGE_GROUPS,
  CHILD_STATUSES,
  ID_DOCUMENT_TYPES,
  NEW_CHILD_STATUSES,
  RELATIONS,
  SEXES,
} from '../vocabulary/enums';
import { ISO_DATE, PHONE, TEXT_LENGTHS } from '../vocabulary/field-rules';
import {
  CHILD_FIELDS,
  type ChildFieldInput,
  type ChildFieldSpec,
} from '../vocabulary/child-fields';
import { isValidIin, parseIin } from '../kz-id/kz-id';
import { TextLine } from '../text/human-text';
import { updateInput } from '../registry/update-input';

/** A person's full name as documents write it: last, first, then the patronymic when there is one. */
export const fullName = (p: { lastName: string; firstName: string; patronymic: string | null }) =>
  [p.lastName, p.firstName, p.patronymic].filter(Boolean).join(' ');

export const Id = z.string().uuid();
export const IsoDate = z
  .string()
  .regex(ISO_DATE)
  .refine((value) => !Number.isNaN(Date.parse(value)));
/** A text field with its length from the vocabulary's TEXT_LENGTHS. */
const Line = ({ min, max }: { min: number; max: number }) => TextLine(max, min);
const Name = Line(TEXT_LENGTHS.personName);
const OptionalText = (max: number) =>
  TextLine(max)
    .nullish()
    .transform((value) => value || null);

/** Any valid IIN (check digit, date, century digit). */
export const Iin = z.string().trim().refine(isValidIin);

const Sex = z.enum(SEXES);
const OptionalId = Id.nullish();
const OptionalDate = IsoDate.nullish();
type Required = ReturnType<typeof Line>;
type Optional = ReturnType<typeof OptionalText>;

/** The input rule of one kind of field in the child's field table. */
type RuleOf<I> = I extends { kind: 'iin' }
  ? typeof Iin
  : I extends { kind: 'name' }
    ? typeof Name
    : I extends { kind: 'sex' }
      ? typeof Sex
      : I extends { kind: 'groupId' }
        ? typeof OptionalId
        : I extends { kind: 'date'; required: true }
          ? typeof IsoDate
          : I extends { kind: 'date' }
            ? typeof OptionalDate
            : I extends { kind: 'text'; length: { min: 0 } }
              ? Optional
              : Required;

function ruleOf(input: ChildFieldInput): z.ZodType {
  switch (input.kind) {
    case 'iin':
      return Iin;
    case 'name':
      return Name;
    case 'sex':
      return Sex;
    case 'groupId':
      return OptionalId;
    case 'date':
      return input.required ? IsoDate : OptionalDate;
    case 'text':
      return input.length.min > 0 ? Line(input.length) : OptionalText(input.length.max);
  }
}

type Fields = typeof CHILD_FIELDS;
type InputField = {
  [K in keyof Fields]: Fields[K] extends { input: object } ? K : never;
}[keyof Fields];
type ChildShape = { [K in InputField]: Fields[K] extends { input: infer I } ? RuleOf<I> : never };

/** What a person may enter in a child's file: the input rule of each field of CHILD_FIELDS. */
export const ChildFields = z
  .object(
    Object.fromEntries(
      Object.entries(CHILD_FIELDS as Record<string, ChildFieldSpec>).flatMap(([name, spec]) =>
        spec.input ? [[name, ruleOf(spec.input)]] : [],
      ),
    ) as ChildShape,
  )
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
  status: z.enum(NEW_CHILD_STATUSES).default('enrolled'),
}).superRefine(iinAgrees);

export const RepresentativeFields = z
  .object({
    iin: Iin,
    lastName: Name,
    firstName: Name,
    patronymic: OptionalText(TEXT_LENGTHS.patronymic.max),
    idDocumentType: z.enum(ID_DOCUMENT_TYPES),
    idDocumentNumber: Line(TEXT_LENGTHS.idDocumentNumber),
    idDocumentIssuedOn: IsoDate.nullish(),
    idDocumentIssuer: OptionalText(TEXT_LENGTHS.issuer.max),
    phone: z.string().trim().regex(PHONE),
    phoneExtra: z.string().trim().regex(PHONE).nullish(),
    email: z.string().trim().email().max(TEXT_LENGTHS.email.max).nullish(),
    workplace: OptionalText(TEXT_LENGTHS.workplace.max),
    position: OptionalText(TEXT_LENGTHS.workplace.max),
    address: OptionalText(TEXT_LENGTHS.address.max),
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
