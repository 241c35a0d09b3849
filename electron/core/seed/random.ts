import { checkDigit } from '../kz-id/kz-id';
import type { Sex } from '../vocabulary/enums';

/** Deterministic pseudo-random numbers, so a seed of N children is the same every time. */
export function generator(seed: number) {
  let state = seed >>> 0;
  const next = () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
  return {
    next,
    int: (min: number, max: number) => min + Math.floor(next() * (max - min + 1)),
    pick: <T>(items: readonly T[]): T => items[Math.floor(next() * items.length)]!,
  };
}
export type Random = ReturnType<typeof generator>;

export const pad = (n: number, width = 2) => String(n).padStart(width, '0');

/** A valid IIN for a birth date and sex, unique within `taken`. */
export function makeIin(random: Random, birthDate: string, sex: Sex, taken: Set<string>): string {
  const [year, month, day] = birthDate.split('-').map(Number) as [number, number, number];
  const century = year >= 2000 ? (sex === 'male' ? 5 : 6) : sex === 'male' ? 3 : 4;
  for (;;) {
    const first11 = `${pad(year % 100)}${pad(month)}${pad(day)}${century}${pad(random.int(0, 9999), 4)}`;
    const digit = checkDigit([...first11].map(Number));
    const iin = digit === null ? null : `${first11}${digit}`;
    if (iin && !taken.has(iin)) {
      taken.add(iin);
      return iin;
    }
  }
}

export function birthDateBetween(random: Random, fromYear: number, toYear: number): string {
  const year = random.int(fromYear, toYear);
  const month = random.int(1, 12);
  const day = random.int(1, new Date(Date.UTC(year, month, 0)).getUTCDate());
  return `${year}-${pad(month)}-${pad(day)}`;
}
