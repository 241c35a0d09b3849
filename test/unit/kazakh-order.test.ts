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
});
