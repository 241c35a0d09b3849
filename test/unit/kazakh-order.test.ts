import { describe, expect, it } from 'vitest';
import { kazakhSortKey } from '../../db/kazakh-order';

const byKazakhOrder = (names: string[]) =>
  [...names].sort((a, b) => (kazakhSortKey(a) < kazakhSortKey(b) ? -1 : 1));

describe('Kazakh alphabetical order', () => {
  it('places each Kazakh letter after its Russian neighbour, not after я', () => {
    const names = ['Яковлев', 'Қасымов', 'Ахметов', 'Өмірбек', 'Кенжебаев', 'Әбенов', 'Бекова'];
    expect(byKazakhOrder(names)).toEqual([
      'Ахметов',
      'Әбенов',
      'Бекова',
      'Кенжебаев',
      'Қасымов',
      'Өмірбек',
      'Яковлев',
    ]);
  });

  it('folds case, Kazakh capitals included, and keeps і between ы and ь', () => {
    expect(kazakhSortKey('ӘБЕН')).toBe(kazakhSortKey('әбен'));
    expect(byKazakhOrder(['Ілияс', 'Ыбырай', 'Эльвира'])).toEqual(['Ыбырай', 'Ілияс', 'Эльвира']);
  });

  it('keeps exactly the same keys: they are stored in an index, and a change breaks verify', () => {
    const codes = (text: string) => [...kazakhSortKey(text)].map((c) => c.codePointAt(0));
    expect(codes('Әб')).toEqual([0x2001, 0x2002]);
    expect(codes('ЯҚі-1 Z')).toEqual([0x2029, 0x200e, 0x2025, 0x2d, 0x31, 0x20, 0x7a]);
    expect(kazakhSortKey(null)).toBe('');
  });
});
