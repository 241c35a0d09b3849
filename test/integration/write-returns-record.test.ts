/**
 * Writes return the stored record (issue 12, item 4): what a write answers is the record as the
 * corresponding read shows it (its id, its fields as stored: text trimmed, defaults filled), so
 * the window shows it without rebuilding it or reading the medical data again.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { enrolledChild } from '../helpers/enrolled-child';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';

describe('health writes return the stored record', () => {
  const root = tempFolder();
  let core: Core;
  let childId: string;

  beforeAll(async () => {
    ({ core } = await newStore(root));
    ({ childId } = await enrolledChild(core));
  });

  afterAll(() => core?.close());

  it('health.addRecord answers the record as health.get lists it', async () => {
    const allergy = await core.call('health.addRecord', {
      childId,
      record: { kind: 'allergy', allergyKind: 'food', allergen: '  Жаңғақ  ', reaction: ' ' },
    });
    expect(allergy).toEqual({
      id: expect.any(String),
      childId,
      kind: 'food',
      allergen: 'Жаңғақ',
      reaction: null,
    });
    const chronic = await core.call('health.addRecord', {
      childId,
      record: { kind: 'chronic', condition: ' Бронх демікпесі ' },
    });
    expect(chronic).toMatchObject({ condition: 'Бронх демікпесі', dispensaryObservation: false });
    const card = await core.call('health.addRecord', {
      childId,
      record: { kind: 'medicalCard', date: '2024-03-01', complaint: ' Жөтел\n' },
    });
    const health = await core.call('health.get', { childId });
    expect(health.allergies).toEqual([allergy]);
    expect(health.chronicConditions).toEqual([chronic]);
    // The account that wrote it is part of the stored entry.
    expect(health.medicalCard).toEqual([card]);
    expect(card).toMatchObject({ complaint: 'Жөтел', recordedBy: expect.any(String) });
  });

  it('health.updatePassport answers the passport as stored, with its time', async () => {
    const passport = await core.call('health.updatePassport', {
      childId,
      bloodGroup: 'A',
      disability: '  жоқ  ',
    });
    expect(passport).toEqual({
      childId,
      bloodGroup: 'A',
      rhFactor: null,
      healthGroup: null,
      peGroup: null,
      disability: 'жоқ',
      updatedAt: expect.any(String),
    });
    // A partial update answers the whole passport, the fields it did not name as they were.
    const changed = await core.call('health.updatePassport', { childId, rhFactor: '+' });
    expect(changed).toMatchObject({ bloodGroup: 'A', rhFactor: '+', disability: 'жоқ' });
    expect((await core.call('health.get', { childId })).passport).toEqual(changed);
  });

  it('health.removeRecord answers the record it removed', async () => {
    const measured = await core.call('health.addRecord', {
      childId,
      record: { kind: 'measurement', measuredOn: '2024-02-01', heightCm: 104.5, weightKg: 19.5 },
    });
    const removed = await core.call('health.removeRecord', {
      childId,
      kind: 'measurement',
      recordId: measured.id,
    });
    expect(removed).toEqual(measured);
    expect((await core.call('health.get', { childId })).anthropometry).toEqual([]);
  });
});
