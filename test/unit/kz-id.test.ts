import { describe, expect, it } from 'vitest';
import fc from 'fast-check';
import {
  checkDigit,
  isValidBin,
  isValidIin,
  isValidKzIban,
  kzIban,
  parseIin,
} from '../../electron/core/kz-id/kz-id';

describe('IIN', () => {
  it('accepts the public vectors and rejects the invalid one', () => {
    expect(isValidIin('061211600012')).toBe(true);
    expect(isValidIin('871203350924')).toBe(true);
    expect(isValidIin('150520500002')).toBe(true); // valid only through the second weights
    expect(isValidIin('123456789012')).toBe(false);
  });

  it('reads birth date and sex from the century digit', () => {
    expect(parseIin('061211600012')).toEqual({ birthDate: '2006-12-11', sex: 'female' });
    expect(parseIin('871203350924')).toEqual({ birthDate: '1987-12-03', sex: 'male' });
  });

  it('rejects impossible dates, century digits 0 and 7–9, and wrong lengths', () => {
    const withCheck = (first11: string) => {
      const digit = checkDigit([...first11].map(Number));
      return digit === null ? null : first11 + digit;
    };
    for (const first11 of [
      '19022950001',
      '21022950001',
      '20130150001',
      '20010170001',
      '20010100001',
    ]) {
      const iin = withCheck(first11);
      if (iin) expect(isValidIin(iin), iin).toBe(false);
    }
    expect(isValidIin(withCheck('20022950001') ?? '')).toBe(true); // 29 Feb 2020 exists
    expect(isValidIin('06121160001')).toBe(false);
    expect(isValidIin('0612116000123')).toBe(false);
  });

  it('rejects a valid IIN whose check digit was changed, for any serial number', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 9999 }),
        fc.integer({ min: 1, max: 9 }),
        (serial, delta) => {
          const first11 = `8712033${String(serial).padStart(4, '0')}`;
          const digit = checkDigit([...first11].map(Number));
          fc.pre(digit !== null);
          expect(isValidIin(first11 + digit)).toBe(true);
          expect(isValidIin(first11 + ((digit! + delta) % 10))).toBe(false);
        },
      ),
    );
  });
});

describe('BIN', () => {
  it('checks digit, month and entity type', () => {
    expect(isValidBin('150440001236')).toBe(true);
    expect(isValidBin('150440001237')).toBe(false);
    const badType = '15047000123';
    expect(isValidBin(badType + checkDigit([...badType].map(Number)))).toBe(false);
  });
});

describe('Kazakh IBAN', () => {
  it('checks the mod-97 check digits, the country and the length', () => {
    expect(isValidKzIban('KZ86125KZT5004100100')).toBe(true);
    expect(isValidKzIban('KZ87125KZT5004100100')).toBe(false);
    expect(isValidKzIban('KZ86125KZT500410010')).toBe(false);
    expect(isValidKzIban('DE86125KZT5004100100')).toBe(false);
    expect(isValidKzIban('kz86125kzt5004100100')).toBe(false);
  });

  it('kzIban gives the check digits for any bank code and account, and a changed digit fails', () => {
    fc.assert(
      fc.property(
        fc.integer({ min: 0, max: 999 }),
        fc.stringMatching(/^[0-9A-Z]{13}$/),
        fc.integer({ min: 1, max: 9 }),
        (bank, account, delta) => {
          const iban = kzIban(String(bank).padStart(3, '0'), account);
          expect(isValidKzIban(iban)).toBe(true);
          const last = Number(iban.at(-1));
          if (!Number.isNaN(last))
            expect(isValidKzIban(iban.slice(0, -1) + ((last + delta) % 10))).toBe(false);
        },
      ),
    );
  });
});
