/**
 * A decimal number as staff type it on a Kazakh or Russian keyboard: a comma or a point before
 * the fraction (19,5 or 19.5), spaces around and between digit groups ignored. NaN for anything
 * else (letters, two separators, a sign), which the core then refuses on the field.
 */
export function parseDecimal(value: string | undefined): number {
  const text = (value ?? '').replace(/\s/g, '');
  if (!/^(\d+([.,]\d*)?|[.,]\d+)$/.test(text)) return Number.NaN;
  return Number(text.replace(',', '.'));
}
