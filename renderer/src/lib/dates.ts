import { MONTH_NAMES_OF_DAY } from '../../../electron/core/vocabulary/months';

/**
 * Dates and times as Kazakhstan writes them in both languages: 31.05.2020, 31.05.2020 14:05
 * (Chromium's kk-KZ locale would print ISO dates).
 */
const pad = (n: number) => String(n).padStart(2, '0');

const dayOf = (date: Date) =>
  `${pad(date.getDate())}.${pad(date.getMonth() + 1)}.${date.getFullYear()}`;
const timeOf = (date: Date) => `${pad(date.getHours())}:${pad(date.getMinutes())}`;

export function formatDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return `${dayOf(date)} ${timeOf(date)}`;
}

/** A calendar date (YYYY-MM-DD, no time zone) as DD.MM.YYYY. */
export function formatDate(iso: string | null | undefined): string {
  if (!iso) return '—';
  const match = /^(\d{4})-(\d{2})-(\d{2})/.exec(iso);
  return match ? `${match[3]}.${match[2]}.${match[1]}` : iso;
}

/** The time alone when it is today, else date and time: short enough for the app bar. */
export function shortDateTime(iso: string | null | undefined): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toDateString() === new Date().toDateString() ? timeOf(date) : formatDateTime(iso);
}

const dayIso = (date: Date) =>
  `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  return dayIso(new Date());
}

/** A calendar date in words: "2026 жылғы 2 қыркүйек" (kk), "2 сентября 2026 г." (ru). */
export function formatDateWords(iso: string | null | undefined, language: string): string {
  const match = iso ? /^(\d{4})-(\d{2})-(\d{2})/.exec(iso) : null;
  if (!match) return formatDate(iso);
  const [, year, month, day] = match;
  const months = language === 'ru' ? MONTH_NAMES_OF_DAY.ru : MONTH_NAMES_OF_DAY.kk;
  const name = months[Number(month) - 1];
  if (!name) return formatDate(iso);
  return language === 'ru'
    ? `${Number(day)} ${name} ${year} г.`
    : `${year} жылғы ${Number(day)} ${name}`;
}
