import { describe, expect, it } from 'vitest';
import { dateFieldError, isoFromDisplay } from '../../renderer/src/components/DateField';

describe('DateField', () => {
  it('reads dd.mm.yyyy as an ISO date only when the day exists', () => {
    expect(isoFromDisplay('14.03.2021')).toBe('2021-03-14');
    expect(isoFromDisplay(' 29.02.2024 ')).toBe('2024-02-29');
    expect(isoFromDisplay('29.02.2023')).toBeNull();
    expect(isoFromDisplay('31.09.2025')).toBeNull();
    expect(isoFromDisplay('14.3.2021')).toBeNull();
    expect(isoFromDisplay('2021-03-14')).toBeNull();
  });

  it('names what is wrong with a value before it is sent', () => {
    expect(dateFieldError('2025-09-01')).toBeNull();
    expect(dateFieldError('')).toBe('validation.required');
    expect(dateFieldError('  ')).toBe('validation.required');
    // What the field hands on when the text is not a date: the text as typed.
    expect(dateFieldError('31.09.2025')).toBe('validation.date');
    expect(dateFieldError('01.09')).toBe('validation.date');
    expect(dateFieldError('2025-09-31')).toBe('validation.date');
  });
});
