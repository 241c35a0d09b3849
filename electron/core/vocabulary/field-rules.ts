/**
 * Field rules shared by the core's input schemas (children/fields.ts, auth/fields.ts …), the
 * sync protocol and the renderer's forms: the shapes and lengths a value must have, declared
 * once. The core adds what only it can check (an IIN's check digit and date through
 * kz-id/kz-id.ts, hidden characters through text/human-text.ts); the forms use these for
 * quick checks before a round trip, with their own messages. Node-free and import-free.
 */

/** An IIN's or a BIN's shape: 12 digits (kz-id/kz-id.ts checks the digits themselves). */
export const TWELVE_DIGITS = /^\d{12}$/;
/** How many characters an IIN or a BIN field takes. */
export const IIN_LENGTH = 12;

/** A calendar date as stored and sent: `YYYY-MM-DD`. */
export const ISO_DATE = /^\d{4}-\d{2}-\d{2}$/;

/** A phone number as people write it: an optional +, then 7–20 digits, spaces, (, ) or -. */
export const PHONE = /^\+?[0-9 ()-]{7,20}$/;

/** Logins: letters (Latin or Cyrillic), digits, dot, dash, underscore; 3–32 of them. */
export const LOGIN = /^[\p{L}\p{N}._-]{3,32}$/u;

/** A staff password's length (it only unwraps the store key; never stored). */
export const PASSWORD_LENGTH = { min: 8, max: 256 } as const;

/**
 * Lengths of the text fields a person types (characters, after trimming). `min` 1 marks a
 * required field.
 */
export const TEXT_LENGTHS = {
  personName: { min: 1, max: 100 },
  patronymic: { min: 0, max: 100 },
  citizenship: { min: 2, max: 60 },
  birthCertificateNumber: { min: 0, max: 40 },
  issuer: { min: 0, max: 200 },
  address: { min: 0, max: 300 },
  referralNumber: { min: 0, max: 40 },
  idDocumentNumber: { min: 3, max: 40 },
  email: { min: 0, max: 200 },
  workplace: { min: 0, max: 200 },
  displayName: { min: 1, max: 120 },
  groupName: { min: 1, max: 100 },
} as const;
