/** The health inputs' numbers as staff type them (issue 13, item 7): 19,5 kg is 19.5. */
import { describe, expect, it } from 'vitest';
import { parseDecimal } from '../../renderer/src/lib/numbers';

describe('parseDecimal (the health inputs)', () => {
  it('reads a decimal comma or point, spaces ignored', () => {
    expect(parseDecimal('19,5')).toBe(19.5);
    expect(parseDecimal('19.5')).toBe(19.5);
    expect(parseDecimal(' 104,25 ')).toBe(104.25);
    expect(parseDecimal('18')).toBe(18);
    expect(parseDecimal('19,')).toBe(19);
    expect(parseDecimal(',5')).toBe(0.5);
    expect(parseDecimal('1 250,5')).toBe(1250.5);
  });

  it('gives NaN for what is not a number (the core then refuses the field)', () => {
    for (const text of ['', 'abc', '19,5,1', '19.5.1', '1,2.3', '-3', '19кг', undefined])
      expect(parseDecimal(text)).toBeNaN();
  });
});
