/**
 * Amounts of money as people write and type them, for the core's PDFs and workbooks and the
 * renderer's forms alike. An amount is always integer tiyn (1 ₸ = 100 tiyn): no float ever
 * holds one. Node-free and import-free like the rest of the vocabulary.
 */

/**
 * An amount as people write it: "12 345 ₸" or "12 345,50 ₸" (a no-break space between groups
 * of thousands and before the sign, a decimal comma, tiyn shown only when there are some).
 */
export function formatTenge(amount: number): string {
  const sign = amount < 0 ? '−' : '';
  const abs = Math.abs(amount);
  const tenge = Math.floor(abs / 100);
  const rest = abs % 100;
  const grouped = String(tenge).replace(/\B(?=(\d{3})+(?!\d))/g, '\u00a0');
  return `${sign}${grouped}${rest ? `,${String(rest).padStart(2, '0')}` : ''}\u00a0₸`;
}

/**
 * An amount in tenge as staff type it, in tiyn: "12 345", "12345,5", "12 345.50 ₸" (a comma or
 * a point before at most two digits of tiyn; spaces and the sign ignored). Read digit by digit,
 * never through a float, so 0,07 ₸ is exactly 7 tiyn. NaN for anything else (a minus, letters,
 * three decimals, more than the largest safe integer).
 */
export function parseTenge(value: string | undefined): number {
  const text = (value ?? '').replace(/[\s\u00a0₸]/g, '');
  const match = /^(\d+)(?:[.,](\d{0,2}))?$/.exec(text);
  if (!match) return Number.NaN;
  const tiyn = Number(match[1]) * 100 + Number((match[2] ?? '').padEnd(2, '0'));
  return Number.isSafeInteger(tiyn) ? tiyn : Number.NaN;
}

/** Tiyn as the text a form field starts from: "12345" or "12345,50" (no grouping, no sign). */
export function tengeInputText(amount: number): string {
  const rest = amount % 100;
  return `${Math.floor(amount / 100)}${rest ? `,${String(rest).padStart(2, '0')}` : ''}`;
}
