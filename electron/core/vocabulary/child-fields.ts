import { TEXT_LENGTHS } from './field-rules';

/**
 * A child's file, field by field, declared once (README "Adding a field to a record"): the
 * record module (children/child-record.ts) owns this table and builds from it the input rule
 * (`ChildFields`, children/fields.ts), the wire form the portal learns (`toWire`, the content
 * digest's query) and the personal-data report's rows; the renderer's form takes its values
 * from it. Node-free and import-free but for the vocabulary, so db/, the protocol and the
 * renderer may read it too.
 *
 * Each entry: `input` — what a person may enter (absent: set by an act, e.g. the status);
 * `wire` — the portal's name for a field the portal also knows (absent: kept only here);
 * `report` — the personal-data report's words for a field it shows on a row of its own (the
 * fields below without it are shown on the report's composed rows: the full name, the birth
 * certificate …, in children/report-words.ts).
 */
export type ChildFieldInput =
  | { kind: 'iin' | 'name' | 'sex' | 'groupId' }
  /** A date, `required` or not. */
  | { kind: 'date'; required?: boolean }
  /** Text of the given lengths; `min` 0 is optional (empty stored as null). */
  | { kind: 'text'; length: { min: number; max: number } };

export interface ChildFieldSpec {
  input?: ChildFieldInput;
  wire?: string;
  report?: { kk: string; ru: string; date?: boolean };
}

export const CHILD_FIELDS = {
  iin: { input: { kind: 'iin' }, wire: 'iin' },
  lastName: { input: { kind: 'name' }, wire: 'lastName' },
  firstName: { input: { kind: 'name' }, wire: 'firstName' },
  patronymic: { input: { kind: 'text', length: TEXT_LENGTHS.patronymic }, wire: 'patronymic' },
  birthDate: { input: { kind: 'date', required: true }, wire: 'birthDate' },
  sex: { input: { kind: 'sex' }, wire: 'sex' },
  citizenship: { input: { kind: 'text', length: TEXT_LENGTHS.citizenship }, wire: 'citizenship' },
  birthCertificateNumber: { input: { kind: 'text', length: TEXT_LENGTHS.birthCertificateNumber } },
  birthCertificateDate: { input: { kind: 'date' } },
  birthCertificateIssuer: { input: { kind: 'text', length: TEXT_LENGTHS.issuer } },
  registeredAddress: {
    input: { kind: 'text', length: TEXT_LENGTHS.address },
    wire: 'registeredAddress',
  },
  status: { wire: 'status' },
  groupId: { input: { kind: 'groupId' }, wire: 'groupName' },
  actualAddress: { input: { kind: 'text', length: TEXT_LENGTHS.address }, wire: 'actualAddress' },
  referralNumber: { input: { kind: 'text', length: TEXT_LENGTHS.referralNumber } },
  enrolledOn: { wire: 'enrolledOn' },
  leftOn: { wire: 'leftOn' },
} as const satisfies Record<string, ChildFieldSpec>;

export type ChildFieldName = keyof typeof CHILD_FIELDS;

/** The fields a person enters as plain text (the form holds them as strings, '' for none). */
export const CHILD_TEXT_FIELDS = (
  Object.entries(CHILD_FIELDS) as [ChildFieldName, ChildFieldSpec][]
)
  .filter(([, { input }]) => input?.kind === 'text' || (input?.kind === 'date' && !input.required))
  .map(([name]) => name as ChildTextField);

/** The portal's names of the fields it knows, in the table's order. */
export const CHILD_WIRE_NAMES = (Object.values(CHILD_FIELDS) as ChildFieldSpec[]).flatMap((spec) =>
  spec.wire ? [spec.wire] : [],
);

type Spec = typeof CHILD_FIELDS;
/** The names in CHILD_TEXT_FIELDS, as a type. */
export type ChildTextField = {
  [K in keyof Spec]: Spec[K] extends { input: { kind: 'date'; required: true } }
    ? never
    : Spec[K] extends { input: { kind: 'text' | 'date' } }
      ? K
      : never;
}[keyof Spec];
