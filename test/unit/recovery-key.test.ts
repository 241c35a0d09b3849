import { describe, expect, it } from 'vitest';
import { newRecoveryKey, normalizeRecoveryKey } from '../../electron/core/vault/recovery-key';

describe('recovery key', () => {
  it('is 8 groups of 4 unambiguous characters, different each time', () => {
    const key = newRecoveryKey();
    expect(key).toMatch(/^([0-9A-HJKMNP-TV-Z]{4}-){7}[0-9A-HJKMNP-TV-Z]{4}$/);
    expect(newRecoveryKey()).not.toBe(key);
  });

  it('accepts the key typed in lower case, with spaces, and with O/I/L for 0/1/1', () => {
    const key = '0A1B-CDEF-GH10-JKMN-PQRS-TVWX-YZ01-2345';
    const canonical = normalizeRecoveryKey(key);
    expect(canonical).toBe(key.replace(/-/g, ''));
    expect(normalizeRecoveryKey(' oa1b cdef gh1o jkmn pqrs tvwx yzo1 2345 ')).toBe(canonical);
    expect(normalizeRecoveryKey('0A1B-CDEF-GHLO-JKMN-PQRS-TVWX-YZ01-2345')).toBe(canonical);
  });

  it('rejects wrong lengths and characters outside the alphabet', () => {
    expect(normalizeRecoveryKey('0A1B-CDEF')).toBeNull();
    expect(normalizeRecoveryKey('0A1B-CDEF-GH10-JKMN-PQRS-TVWX-YZ01-234U')).toBeNull();
  });
});
