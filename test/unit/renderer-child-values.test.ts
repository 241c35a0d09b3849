import { describe, expect, it, vi } from 'vitest';

// lib/api (under lib/validation) picks its transport when loaded: give it the desktop bridge.
vi.hoisted(() => {
  (globalThis as { window?: unknown }).window = {
    balabaqsha: { invoke: () => Promise.reject(new Error('not called')) },
  };
});
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import {
  ChildValues,
  factsFromIin,
  valuesOf,
} from '../../renderer/src/features/children/childValues';

/** A valid IIN from its first 11 digits (birth date, century/sex digit, serial). */
function iin(first11: string): string {
  const digit = checkDigit([...first11].map(Number));
  if (digit === null) throw new Error('pick another serial');
  return first11 + digit;
}
const GIRL = iin('21031460123'); // 14.03.2021, digit 7 = 6: a girl born in the 2000s
const BOY = iin('20070250457'); // 02.07.2020, digit 7 = 5: a boy born in the 2000s

/** A new child's form as typed, with what the test sets. */
const typed = (values: Partial<ReturnType<typeof valuesOf>>) => ({
  ...valuesOf(undefined),
  lastName: 'Әбенова',
  firstName: 'Әсем',
  ...values,
});
const issues = (values: Partial<ReturnType<typeof valuesOf>>) => {
  const result = ChildValues.safeParse(typed(values));
  return result.success
    ? []
    : result.error.issues.map((issue) => `${issue.path.join('.')}: ${issue.message}`);
};

describe('enrolment form: the IIN gives the birth date and sex', () => {
  it('reads birth date and sex from a valid IIN, and nothing from an invalid or foreign one', () => {
    expect(factsFromIin(GIRL)).toEqual({ birthDate: '2021-03-14', sex: 'female' });
    expect(factsFromIin(` ${BOY} `)).toEqual({ birthDate: '2020-07-02', sex: 'male' });
    expect(factsFromIin(GIRL.slice(0, 11))).toBeNull(); // still typing
    expect(factsFromIin(GIRL.slice(0, 11) + ((Number(GIRL[11]) + 1) % 10))).toBeNull();
    expect(factsFromIin(iin('21031400123'))).toBeNull(); // digit 7 = 0: no date in it
  });

  it('chooses no sex for a new child: one must be picked or come from the IIN', () => {
    expect(valuesOf(undefined).sex).toBe('');
    expect(issues({ iin: GIRL, birthDate: '2021-03-14' })).toEqual(['sex: child.invalid.sex']);
    expect(issues({ iin: GIRL, birthDate: '2021-03-14', sex: 'female' })).toEqual([]);
  });

  it('refuses a birth date or sex the valid IIN disagrees with, on that field', () => {
    expect(issues({ iin: GIRL, birthDate: '2021-03-15', sex: 'male' })).toEqual([
      'birthDate: child.reasons.iinBirthDateMismatch',
      'sex: child.reasons.iinSexMismatch',
    ]);
    // An IIN that gives nothing leaves both to the person (the core refuses the IIN itself).
    const wrong = GIRL.slice(0, 11) + ((Number(GIRL[11]) + 1) % 10);
    expect(issues({ iin: wrong, birthDate: '2021-03-15', sex: 'male' })).toEqual([]);
  });
});
