import type { Sex } from '../vocabulary/enums';

/**
 * Kazakhstan's 12-digit individual (IIN / ЖСН) and business (BIN / БСН) identification
 * numbers share one check-digit scheme (see shared DOMAIN.md).
 */
const FIRST_WEIGHTS = [1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11] as const;
const SECOND_WEIGHTS = [3, 4, 5, 6, 7, 8, 9, 10, 11, 1, 2] as const;

function weightedMod11(digits: readonly number[], weights: readonly number[]): number {
  return weights.reduce((sum, weight, i) => sum + weight * (digits[i] ?? 0), 0) % 11;
}

/** The check digit for the first 11 digits, or null when the scheme yields none. */
export function checkDigit(first11: readonly number[]): number | null {
  const first = weightedMod11(first11, FIRST_WEIGHTS);
  if (first !== 10) return first;
  const second = weightedMod11(first11, SECOND_WEIGHTS);
  return second === 10 ? null : second;
}

function toDigits(value: string): number[] | null {
  return /^\d{12}$/.test(value) ? [...value].map(Number) : null;
}

export function hasValidCheckDigit(value: string): boolean {
  const digits = toDigits(value);
  if (!digits) return false;
  const expected = checkDigit(digits.slice(0, 11));
  return expected !== null && expected === digits[11];
}

export interface IinFacts {
  birthDate: string; // YYYY-MM-DD
  sex: Sex;
}

const CENTURY_BY_DIGIT: Record<number, { century: number; sex: Sex }> = {
  1: { century: 1800, sex: 'male' },
  2: { century: 1800, sex: 'female' },
  3: { century: 1900, sex: 'male' },
  4: { century: 1900, sex: 'female' },
  5: { century: 2000, sex: 'male' },
  6: { century: 2000, sex: 'female' },
};

function isRealDate(year: number, month: number, day: number): boolean {
  const date = new Date(Date.UTC(year, month - 1, day));
  return (
    date.getUTCFullYear() === year && date.getUTCMonth() === month - 1 && date.getUTCDate() === day
  );
}

/** Birth date and sex encoded in a natural person's IIN, or null when the IIN is invalid. */
export function parseIin(value: string): IinFacts | null {
  const digits = toDigits(value);
  if (!digits || !hasValidCheckDigit(value)) return null;
  const era = CENTURY_BY_DIGIT[digits[6] ?? -1];
  if (!era) return null;
  const year = era.century + Number(value.slice(0, 2));
  const month = Number(value.slice(2, 4));
  const day = Number(value.slice(4, 6));
  if (!isRealDate(year, month, day)) return null;
  const pad = (n: number) => String(n).padStart(2, '0');
  return { birthDate: `${year}-${pad(month)}-${pad(day)}`, sex: era.sex };
}

export function isValidIin(value: string): boolean {
  return parseIin(value) !== null;
}

/** Digit 5 of a BIN: 4 resident legal entity, 5 non-resident, 6 individual entrepreneur. */
const BIN_TYPE_DIGITS = new Set(['4', '5', '6']);

/** BIN: registration year and month in digits 1–4, the entity type, the common check digit. */
export function isValidBin(value: string): boolean {
  if (!hasValidCheckDigit(value)) return false;
  const month = Number(value.slice(2, 4));
  return month >= 1 && month <= 12 && BIN_TYPE_DIGITS.has(value[4] ?? '');
}

/**
 * A Kazakh account number (IBAN, ЖСК / ИИК): KZ, two check digits, a 3-digit bank code and
 * 13 characters of account, 20 in all; the check digits make the whole number, read as
 * ISO 13616 does (country and check digits moved to the end, letters as 10–35), ≡ 1 mod 97.
 */
export function isValidKzIban(value: string): boolean {
  if (!/^KZ\d{2}\d{3}[0-9A-Z]{13}$/.test(value)) return false;
  const rearranged = value.slice(4) + value.slice(0, 4);
  let remainder = 0;
  for (const char of rearranged) {
    const code = /\d/.test(char) ? char : String(char.charCodeAt(0) - 55);
    for (const digit of code) remainder = (remainder * 10 + Number(digit)) % 97;
  }
  return remainder === 1;
}

/** The two IBAN check digits for a Kazakh bank code and account, e.g. for synthetic data. */
export function kzIban(bankCode: string, account: string): string {
  for (let check = 2; check <= 98; check++) {
    const iban = `KZ${String(check).padStart(2, '0')}${bankCode}${account}`;
    if (isValidKzIban(iban)) return iban;
  }
  throw new Error('no IBAN check digits');
}
