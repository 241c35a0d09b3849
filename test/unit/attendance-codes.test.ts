import { describe, expect, it } from 'vitest';
import {
  ABSENCE_REASONS,
  DEFAULT_DAY_CODES,
  dayCode,
  dayCodeTemplate,
  isValidReason,
  legend,
  reasonForKey,
  reasonLetters,
} from '../../electron/core/attendance/codes';

describe('attendance codes', () => {
  it('has a valid default template with distinct codes per language', () => {
    expect(dayCodeTemplate.safeParse(DEFAULT_DAY_CODES).success).toBe(true);
    for (const language of ['kk', 'ru'] as const) {
      const codes = legend(language).map((entry) => entry.code);
      expect(new Set(codes).size).toBe(ABSENCE_REASONS.length + 1);
    }
  });

  it('counts the Model Rules reasons and quarantine as valid, not "without" or "other"', () => {
    expect(ABSENCE_REASONS.filter((reason) => isValidReason(reason))).toEqual([
      'illness',
      'sanatorium',
      'parentLeave',
      'summerHealth',
      'quarantine',
    ]);
  });

  it('refuses a template with a duplicate code or a valid "without a reason"', () => {
    const dup = structuredClone(DEFAULT_DAY_CODES);
    dup.reasons.other.code.ru = 'б'; // same as illness (Б), case folded
    expect(dayCodeTemplate.safeParse(dup).success).toBe(false);
    const valid = structuredClone(DEFAULT_DAY_CODES);
    valid.reasons.unexcused.valid = true;
    expect(dayCodeTemplate.safeParse(valid).success).toBe(false);
    const other = structuredClone(DEFAULT_DAY_CODES);
    other.reasons.other.valid = true;
    expect(isValidReason('other', dayCodeTemplate.parse(other))).toBe(true);
  });

  it('prints codes per language', () => {
    expect(dayCode({ status: 'present' }, 'kk')).toBe('+');
    expect(dayCode({ status: 'absent', reason: 'illness' }, 'kk')).toBe('А');
    expect(dayCode({ status: 'absent', reason: 'illness' }, 'ru')).toBe('Б');
    expect(legend('ru')[1]).toEqual({ code: 'Б', name: 'Болезнь', reason: 'illness', valid: true });
  });

  it('picks a reason by the letter typed, in either layout', () => {
    expect(Object.fromEntries(reasonLetters('kk'))).toEqual({
      а: 'illness',
      с: 'sanatorium',
      д: 'parentLeave',
      ж: 'summerHealth',
      к: 'quarantine',
      н: 'unexcused',
      б: 'other',
    });
    expect(Object.fromEntries(reasonLetters('ru'))).toEqual({
      б: 'illness',
      с: 'sanatorium',
      о: 'parentLeave',
      л: 'summerHealth',
      к: 'quarantine',
      н: 'unexcused',
      п: 'other',
    });
    expect(reasonForKey('Б', 'Comma', 'ru')).toBe('illness');
    expect(reasonForKey('а', 'KeyF', 'kk')).toBe('illness');
    // A Latin layout: the key where the Cyrillic letter sits.
    expect(reasonForKey('f', 'KeyF', 'kk')).toBe('illness');
    expect(reasonForKey(',', 'Comma', 'ru')).toBe('illness');
    expect(reasonForKey('y', 'KeyY', 'ru')).toBe('unexcused');
    expect(reasonForKey('x', 'KeyX', 'ru')).toBeUndefined();
    expect(reasonForKey(' ', 'Space', 'kk')).toBeUndefined();
  });
});
