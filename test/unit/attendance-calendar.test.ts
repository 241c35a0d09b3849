import { describe, expect, it } from 'vitest';
import {
  DEFAULT_CALENDAR,
  KZ_PUBLIC_HOLIDAYS,
  calendarSettings,
  dayInfo,
  monthDays,
  validateMarkDate,
  workingDays,
} from '../../electron/core/attendance/calendar';

const offDays = (year: number, month: number, settings = DEFAULT_CALENDAR) =>
  monthDays(year, month, settings)
    .filter((day) => !day.working)
    .map((day) => `${day.day}:${day.kind}`);

describe('attendance calendar', () => {
  it('presets exactly the holidays DOMAIN.md lists', () => {
    expect(KZ_PUBLIC_HOLIDAYS.map((h) => `${h.day}.${h.month}`)).toEqual([
      '1.1',
      '2.1',
      '7.1',
      '8.3',
      '21.3',
      '22.3',
      '23.3',
      '1.5',
      '7.5',
      '9.5',
      '6.7',
      '30.8',
      '25.10',
      '16.12',
    ]);
  });

  it('moves the day off of a holiday on a weekend to the next working day (March 2026)', () => {
    // 8 Mar is a Sunday: Monday 9th is off. Nauryz 21–23 falls Sat–Mon: Tue 24 and Wed 25 off.
    expect(offDays(2026, 3)).toEqual([
      '1:weekend',
      '7:weekend',
      '8:holiday',
      '9:holidayDayOff',
      '14:weekend',
      '15:weekend',
      '21:holiday',
      '22:holiday',
      '23:holiday',
      '24:holidayDayOff',
      '25:holidayDayOff',
      '28:weekend',
      '29:weekend',
    ]);
    expect(workingDays(2026, 3)).toHaveLength(18);
    expect(dayInfo('2026-03-24').holiday).toBe('nauryz');
  });

  it('does not move Orthodox Christmas off a weekend (7 Jan 2023 was a Saturday)', () => {
    expect(dayInfo('2023-01-07').kind).toBe('holiday');
    expect(dayInfo('2023-01-09').kind).toBe('working');
    // New Year 2023: 1 Jan Sunday → Tuesday 3 Jan off (2 Jan is itself a holiday).
    expect(dayInfo('2023-01-03').kind).toBe('holidayDayOff');
  });

  it('applies a decree transfer, a dated holiday and the kindergarten closure days', () => {
    const settings = calendarSettings.parse({
      transfers: [{ dayOff: '2025-01-03', workingDay: '2025-01-04' }],
      extraHolidays: [{ key: 'kurbanAit', date: '2025-06-06', religious: true }],
      closures: [{ from: '2025-01-13', to: '2025-01-14', note: 'Disinfection' }],
    });
    expect(dayInfo('2025-01-03', settings).kind).toBe('transferredDayOff');
    expect(dayInfo('2025-01-04', settings)).toMatchObject({
      kind: 'transferredWorkingDay',
      working: true,
    });
    expect(dayInfo('2025-06-06', settings).kind).toBe('holiday');
    expect(dayInfo('2025-01-13', settings).kind).toBe('closure');
    expect(dayInfo('2025-01-15', settings).kind).toBe('working');
    // January 2025: 23 weekdays − 1, 2, 7 − the 3rd + Saturday 4th − two closure days.
    expect(workingDays(2025, 1, settings)).toHaveLength(23 - 3 - 1 + 1 - 2);
  });

  it('can turn the weekend-shift rule off and edit the preset', () => {
    const settings = calendarSettings.parse({
      shiftWeekendHolidays: false,
      holidays: KZ_PUBLIC_HOLIDAYS.filter((h) => h.key !== 'womensDay'),
    });
    expect(dayInfo('2026-03-09', settings).kind).toBe('working');
    expect(dayInfo('2026-03-08', settings).kind).toBe('weekend');
  });

  it('refuses a mark on a non-working day with a translation key', () => {
    expect(validateMarkDate('2026-03-10')).toEqual({ ok: true });
    for (const [date, dayKind] of [
      ['2026-03-07', 'weekend'],
      ['2026-03-23', 'holiday'],
      ['2026-03-24', 'holidayDayOff'],
    ] as const) {
      const check = validateMarkDate(date);
      expect(check.ok).toBe(false);
      if (check.ok) continue;
      expect(check.error.translationKey).toBe('errors.attendanceNonWorkingDay');
      expect(check.error.params).toEqual({ date, dayKind });
    }
  });

  it('rejects malformed settings at the boundary', () => {
    expect(
      calendarSettings.safeParse({ closures: [{ from: '2026-02-30', to: '2026-03-01' }] }).success,
    ).toBe(false);
    expect(
      calendarSettings.safeParse({ closures: [{ from: '2026-03-02', to: '2026-03-01' }] }).success,
    ).toBe(false);
    expect(calendarSettings.safeParse({ transfers: [{}] }).success).toBe(false);
  });
});
