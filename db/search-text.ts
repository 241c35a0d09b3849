/**
 * What the children's search index holds besides the names as written (migration 0010).
 *
 * Many staff type Kazakh names on a Russian keyboard layout: "Абенова" for "Әбенова",
 * "Нурлан" for "Нұрлан". The index keeps a folded copy of every name that has a Kazakh letter
 * (or ё), and a typed word is folded the same way, so such a search finds the name as a
 * second, lower-ranked match. Phone numbers are kept as their ten national digits, however
 * they were typed, so +7 701…, 8 701… and 701… all find them.
 *
 * Both functions are registered on the store's connection and run in the index's triggers:
 * changing them changes what is found only after the index is rebuilt (a new migration).
 */
const FOLDED: Readonly<Record<string, string>> = {
  ә: 'а',
  ғ: 'г',
  қ: 'к',
  ң: 'н',
  ө: 'о',
  ұ: 'у',
  ү: 'у',
  һ: 'х',
  і: 'и',
  ё: 'е',
  Ә: 'А',
  Ғ: 'Г',
  Қ: 'К',
  Ң: 'Н',
  Ө: 'О',
  Ұ: 'У',
  Ү: 'У',
  Һ: 'Х',
  І: 'И',
  Ё: 'Е',
};
const FOLDABLE = new RegExp(`[${Object.keys(FOLDED).join('')}]`, 'gu');

/** The text with each Kazakh letter (and ё) replaced by the Russian letter typed for it. */
export function foldKazakh(text: string): string {
  return text.normalize('NFC').replace(FOLDABLE, (letter) => FOLDED[letter]!);
}

/**
 * A phone number as its national digits: +7 701 555 12 34, 8 (701) 555-12-34 and 7015551234
 * all become 7015551234. A number of another length keeps all its digits.
 */
export function phoneDigits(phone: string): string {
  const digits = phone.replace(/\D/g, '');
  return digits.length === 11 && /^[78]/.test(digits) ? digits.slice(1) : digits;
}

/** The SQL function names the store registers (deterministic) for the search index. */
export const KAZAKH_FOLD_SQL = 'kazakh_fold';
export const PHONE_DIGITS_SQL = 'phone_digits';
