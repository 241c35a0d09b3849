import { describe, expect, it, vi } from 'vitest';

// lib/api picks its transport when loaded: give it the desktop bridge it looks for.
vi.hoisted(() => {
  (globalThis as { window?: unknown }).window = {
    balabaqsha: { invoke: () => Promise.reject(new Error('not called')) },
  };
});
import { CoreError } from '../../renderer/src/lib/api';
import { refusedFields } from '../../renderer/src/lib/coreFieldErrors';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';

describe('the core refusing text with hidden characters, as the forms show it', () => {
  it('names the reason on the refused field, in Kazakh and Russian', () => {
    const error = new CoreError('invalidInput', {
      fields: ['representative.firstName'],
      reasons: ['textHiddenCharacters'],
    });
    expect(refusedFields(error, 'representative.')).toEqual([
      { field: 'firstName', message: 'validation.textHiddenCharacters' },
    ]);
    expect(kk.validation.textHiddenCharacters).toMatch(/таңба/);
    expect(ru.validation.textHiddenCharacters).toMatch(/символ/);
  });

  it('keeps the field-bound reasons and the usual hint where no reason applies', () => {
    const error = new CoreError('invalidInput', {
      fields: ['birthDate', 'lastName'],
      reasons: ['iinBirthDateMismatch', 'textHiddenCharacters'],
    });
    expect(refusedFields(error)).toEqual([
      { field: 'birthDate', message: 'child.reasons.iinBirthDateMismatch' },
      { field: 'lastName', message: 'validation.textHiddenCharacters' },
    ]);
    expect(refusedFields(new CoreError('invalidInput', { fields: ['phone'] }))).toEqual([
      { field: 'phone', message: 'child.invalid.phone' },
    ]);
  });

  it('keeps the reason on a health record field, and its general hint where there is none', () => {
    const hidden = new CoreError('invalidInput', {
      fields: ['record.allergen'],
      reasons: ['textHiddenCharacters'],
    });
    expect(refusedFields(hidden, 'record.', 'child.invalid.value')).toEqual([
      { field: 'allergen', message: 'validation.textHiddenCharacters' },
    ]);
    const plain = new CoreError('invalidInput', { fields: ['record.dose'] });
    expect(refusedFields(plain, 'record.', 'child.invalid.value')).toEqual([
      { field: 'dose', message: 'child.invalid.value' },
    ]);
    expect(kk.child.invalid.value).toBeTruthy();
    expect(ru.child.invalid.value).toBeTruthy();
  });
});
