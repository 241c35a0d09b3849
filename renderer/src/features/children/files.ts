/** The core refuses larger files too; checking here spares reading a huge file into memory. */
export const MAX_FILE_BYTES = 25 * 1024 * 1024;
export const MAX_FILE_MEGABYTES = MAX_FILE_BYTES / 1024 / 1024;

/** A picked, dropped or photographed file as base64 for the core, which checks it again. */
export function toBase64(file: Blob, onProgress?: (fraction: number) => void): Promise<string> {
  return new Promise((resolve, reject) => {
    const reader = new FileReader();
    reader.onprogress = (event) => {
      if (event.lengthComputable) onProgress?.(event.loaded / event.total);
    };
    reader.onload = () => resolve(String(reader.result).replace(/^data:[^,]*,/, ''));
    reader.onerror = () => reject(reader.error ?? new Error('read failed'));
    reader.readAsDataURL(file);
  });
}

export const dataUrl = (mime: string, base64: string) => `data:${mime};base64,${base64}`;

/** dd.mm.yyyy from an ISO date or timestamp. */
export const formatDate = (iso: string | null | undefined) =>
  iso ? iso.slice(0, 10).split('-').reverse().join('.') : '—';

/** dd.mm.yyyy hh:mm in local time from a timestamp. */
export function formatDateTime(iso: string): string {
  const at = new Date(iso);
  const two = (n: number) => String(n).padStart(2, '0');
  return `${two(at.getDate())}.${two(at.getMonth() + 1)}.${at.getFullYear()} ${two(at.getHours())}:${two(at.getMinutes())}`;
}

export const fullName = (person: {
  lastName: string;
  firstName: string;
  patronymic?: string | null;
}) => [person.lastName, person.firstName, person.patronymic].filter(Boolean).join(' ');

/** Empty text is "not given" for the core's optional fields. */
export const optional = (value: string | null | undefined) => value?.trim() || null;

/** Today in the local calendar (not UTC: before 05:00 in Kazakhstan that is still yesterday). */
export function today(): string {
  const now = new Date();
  return new Date(now.getTime() - now.getTimezoneOffset() * 60_000).toISOString().slice(0, 10);
}
