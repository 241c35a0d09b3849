import { describe, expect, it } from 'vitest';
import { clockOf } from '../../renderer/src/features/attendance/marks';
import { markValue } from '../../electron/core/attendance/timesheet';

/** The register's 24-hour time field reads what is typed into what the core takes. */
describe("the register's time of day", () => {
  it('reads 24-hour times typed with or without a separator', () => {
    expect(clockOf('08:15')).toBe('08:15');
    expect(clockOf('8:15')).toBe('08:15');
    expect(clockOf('8.15')).toBe('08:15');
    expect(clockOf('815')).toBe('08:15');
    expect(clockOf('0815')).toBe('08:15');
    expect(clockOf('1830')).toBe('18:30');
    expect(clockOf(' 23:59 ')).toBe('23:59');
    expect(clockOf('0:00')).toBe('00:00');
    expect(clockOf('')).toBe('');
    expect(clockOf('   ')).toBe('');
  });

  it('refuses what is not a time of day (no AM/PM, no 24:00)', () => {
    for (const text of [
      '2530',
      '24:00',
      '12:60',
      '8:5',
      '8',
      'abc',
      '8:15 PM',
      '08:15:00',
      '12345',
    ])
      expect(clockOf(text), text).toBeNull();
  });

  it("every time it gives is one the core's mark takes, and every time the core takes it reads back", () => {
    for (let hours = 0; hours < 30; hours++)
      for (let minutes = 0; minutes < 70; minutes++) {
        const text = `${String(hours).padStart(2, '0')}:${String(minutes).padStart(2, '0')}`;
        const core = markValue.safeParse({ status: 'present', arrival: text }).success;
        expect(clockOf(text) === text, text).toBe(core);
      }
  });
});
