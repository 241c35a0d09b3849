import { MONTH_NAMES } from '../../../../electron/core/vocabulary/months';

const pad = (n: number) => String(n).padStart(2, '0');

/** YYYY-MM of a local date. */
export const monthOf = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;

/** The month before this one: the one an accountant most often works on (closed by then). */
export function previousMonth(now = new Date()): string {
  return monthOf(new Date(now.getFullYear(), now.getMonth() - 1, 1));
}

/** "қараша 2026" / "ноябрь 2026". */
export function monthLabel(month: string, language: string): string {
  const [year, number] = month.split('-').map(Number);
  const names = language === 'ru' ? MONTH_NAMES.ru : MONTH_NAMES.kk;
  return `${names[(number ?? 1) - 1] ?? month} ${year}`;
}

/** `ahead` months after this one, this one and `back` before it, newest first, as options. */
export function monthOptions(language: string, { ahead = 0, back = 35 } = {}, now = new Date()) {
  return Array.from({ length: ahead + back + 1 }, (_, index) => {
    const month = monthOf(new Date(now.getFullYear(), now.getMonth() + ahead - index, 1));
    return { value: month, label: monthLabel(month, language) };
  });
}
