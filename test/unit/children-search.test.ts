import { describe, expect, it } from 'vitest';
import { foldKazakh, phoneDigits } from '../../db/search-text';
import { searchQueries } from '../../electron/core/children/search';

describe('search as people type: Kazakh letters folded, phones in any format', () => {
  it('folds each Kazakh letter (and ё) to the Russian letter typed for it, capitals included', () => {
    expect(foldKazakh('әғқңөұүһі')).toBe('агкноуухи');
    expect(foldKazakh('ӘҒҚҢӨҰҮҺІ')).toBe('АГКНОУУХИ');
    expect(foldKazakh('Әбенова')).toBe('Абенова');
    expect(foldKazakh('Нұрлан')).toBe('Нурлан');
    expect(foldKazakh('Өмір')).toBe('Омир');
    expect(foldKazakh('Фёдор Ёлкин')).toBe('Федор Елкин');
    // Russian letters, Latin, digits and punctuation are left as they are.
    expect(foldKazakh('Иванов-Petrov 12, й')).toBe('Иванов-Petrov 12, й');
    // A decomposed ё (е + combining diaeresis) is the same letter.
    expect(foldKazakh('Фе\u0308дор')).toBe('Федор');
  });

  it('keeps a phone number as its ten national digits however it was written', () => {
    for (const written of [
      '+7 701 555 12 34',
      '+77015551234',
      '8 (701) 555-12-34',
      '87015551234',
      '7015551234',
      '701-555-12-34',
    ]) {
      expect(phoneDigits(written), written).toBe('7015551234');
    }
    expect(phoneDigits('+7 7172 55 66 77')).toBe('7172556677');
    // Not a Kazakh number of 11 digits: all digits stay.
    expect(phoneDigits('+49 30 1234567')).toBe('49301234567');
    expect(phoneDigits('55-12-34')).toBe('551234');
  });

  it('reads a typed phone as one number, tried with and without its leading 8 or 7', () => {
    const phone = (typed: string) => searchQueries(typed)!.exact;
    const full =
      '(iin : "87015551234"* OR {family_iin phones} : "87015551234"* OR phones : "7015551234"*)';
    expect(phone('8 701 555 12 34')).toBe(full);
    expect(phone('8(701)555-12-34')).toBe(full);
    expect(phone('+7 701 555 12 34')).toContain('phones : "7015551234"*');
    expect(phone('+7701')).toContain('phones : "701"*');
    expect(phone('8701')).toContain('phones : "701"*');
    expect(phone('+7 7172 55')).toContain('phones : "717255"*');
    expect(phone('701 555')).toBe('(iin : "701555"* OR {family_iin phones} : "701555"*)');
  });

  it('ranks by three queries: the child as typed, representatives as typed, then folded letters', () => {
    expect(searchQueries('Абен')).toEqual({
      child: '(names : "Абен"*)',
      exact: '(names : "Абен"* OR family : "Абен"*)',
      any: '(names : "Абен"* OR family : "Абен"* OR {names names_folded family family_folded} : "Абен"*)',
    });
    // Typed with Kazakh letters, the folded query finds the same name typed without them.
    expect(searchQueries('Әбен')!.any).toContain('family_folded} : "Абен"*');
    // Letters and digits in one query: each word on its own, all must match.
    expect(searchQueries('Нұр 2103')!.child).toBe('(names : "Нұр"*) AND (iin : "2103"*)');
  });

  it('takes typed punctuation literally and control characters as spaces', () => {
    expect(searchQueries('"); DROP')!.child).toBe('(names : "DROP"*)');
    expect(searchQueries('NEAR(Сей* OR')!.child).toBe(
      '(names : "NEAR"*) AND (names : "Сей*"*) AND (names : "OR"*)',
    );
    expect(searchQueries('Сей\u0000тов')!.child).toBe('(names : "Сей"*) AND (names : "тов"*)');
    expect(searchQueries('\u0000')).toBeNull();
    expect(searchQueries(' + ( ) ')).toBeNull();
    expect(searchQueries('')).toBeNull();
  });
});
