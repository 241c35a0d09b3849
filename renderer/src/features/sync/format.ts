/** Dates and times in the UI language's conventions (kk-KZ, ru-RU). */
export function localeOf(language: string): string {
  return language.startsWith('ru') ? 'ru-RU' : 'kk-KZ';
}

export function formatDateTime(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  const date = new Date(iso);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleString(localeOf(language), { dateStyle: 'short', timeStyle: 'short' });
}

export function formatDate(iso: string | null | undefined, language: string): string {
  if (!iso) return '—';
  const date = new Date(`${iso.slice(0, 10)}T00:00:00`);
  if (Number.isNaN(date.getTime())) return iso;
  return date.toLocaleDateString(localeOf(language));
}

/** Today as YYYY-MM-DD in local time. */
export function today(): string {
  const now = new Date();
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${now.getFullYear()}-${pad(now.getMonth() + 1)}-${pad(now.getDate())}`;
}
