import { describe, expect, it } from 'vitest';
import { formatTenge, parseTenge, tengeInputText } from '../../electron/core/vocabulary/money';

/** Amounts typed in the fee forms are read as exact tiyn, never through a float. */
describe('money as typed', () => {
  it.each([
    ['12 345', 1_234_500],
    ['12345,5', 1_234_550],
    ['12\u00a0345.50 ₸', 1_234_550],
    ['0,07', 7],
    ['0,29', 29], // 0.29 * 100 is 28.999… as a float
    ['1,', 100],
    ['  8 000  ', 800_000],
  ])('%j is %i tiyn', (text, tiyn) => expect(parseTenge(text)).toBe(tiyn));

  it.each(['', '-5', '1,234', '1,2,3', 'abc', '1e5', ',5', '99999999999999999'])(
    '%j is refused',
    (text) => expect(parseTenge(text)).toBeNaN(),
  );

  it('a form field starts from the stored amount and reads back the same', () => {
    for (const tiyn of [0, 7, 100, 1_234_550, 2_500_000])
      expect(parseTenge(tengeInputText(tiyn))).toBe(tiyn);
    expect(tengeInputText(1_234_550)).toBe('12345,50');
    expect(formatTenge(1_234_550)).toBe('12\u00a0345,50\u00a0₸');
  });
});
