/**
 * Health entry (issue 13, item 7): a vaccination, measurement or examination dated after today
 * is refused with the reason dateInFuture on its field (kk/ru) and nothing is stored, while
 * today's date goes through; the renderer's decimal-comma parsing gives the core numbers.
 */
import { afterAll, beforeAll, describe, expect, it, vi } from 'vitest';

// lib/api (under coreFieldErrors) picks its transport when loaded: give it the desktop bridge.
vi.hoisted(() => {
  (globalThis as { window?: unknown }).window = {
    balabaqsha: { invoke: () => Promise.reject(new Error('not called')) },
  };
});
import type { Core } from '../../electron/core/core';
import { CoreError } from '../../renderer/src/lib/api';
import { parseDecimal } from '../../renderer/src/lib/numbers';
import { refusedFields } from '../../renderer/src/lib/coreFieldErrors';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { enrolledChild } from '../helpers/enrolled-child';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';

/** A calendar day `days` from today, on this computer's calendar. */
function dayFromToday(days: number): string {
  const date = new Date();
  date.setDate(date.getDate() + days);
  const pad = (n: number) => String(n).padStart(2, '0');
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
}

describe('health records dated in the future', () => {
  const root = tempFolder();
  let core: Core;
  let childId: string;

  beforeAll(async () => {
    ({ core } = await newStore(root));
    ({ childId } = await enrolledChild(core));
  });

  afterAll(() => core?.close());

  const tomorrow = dayFromToday(1);
  const records = [
    ['givenOn', { kind: 'vaccination', vaccine: 'ҚҚП', dose: 1, givenOn: tomorrow }],
    ['measuredOn', { kind: 'measurement', measuredOn: tomorrow, heightCm: 104, weightKg: 19.5 }],
    [
      'examinedOn',
      { kind: 'examination', examinedOn: dayFromToday(400), specialist: 'ЛОР', conclusion: 'Сау' },
    ],
  ] as const;

  it.each(records)('refuses %s after today and stores nothing', async (field, record) => {
    const answer = await core.dispatch('health.addRecord', { childId, record });
    expect(answer).toEqual({
      ok: false,
      error: {
        code: 'invalidInput',
        params: { fields: [`record.${field}`], reasons: ['dateInFuture'] },
      },
    });
    // The form shows the reason on the date field, in Kazakh and Russian.
    const error = !answer.ok ? answer.error : null;
    expect(refusedFields(new CoreError(error!.code, error!.params), 'record.')).toEqual([
      { field, message: 'child.reasons.dateInFuture' },
    ]);
    const health = await core.call('health.get', { childId });
    expect(health.vaccinations).toEqual([]);
    expect(health.anthropometry).toEqual([]);
    expect(health.examinations).toEqual([]);
  });

  it('has the reason in both languages', () => {
    expect(kk.child.reasons.dateInFuture).toBeTruthy();
    expect(ru.child.reasons.dateInFuture).toBeTruthy();
  });

  it("takes today's date, with the weight typed with a decimal comma", async () => {
    const today = dayFromToday(0);
    await core.call('health.addRecord', {
      childId,
      record: {
        kind: 'measurement',
        measuredOn: today,
        heightCm: parseDecimal('104,5'),
        weightKg: parseDecimal(' 19,5 '),
      },
    });
    await core.call('health.addRecord', {
      childId,
      record: { kind: 'vaccination', vaccine: 'ҚҚП', dose: parseDecimal('2'), givenOn: today },
    });
    const health = await core.call('health.get', { childId });
    expect(health.anthropometry).toMatchObject([
      { measuredOn: today, heightCm: 104.5, weightKg: 19.5 },
    ]);
    expect(health.vaccinations).toMatchObject([{ givenOn: today, dose: 2 }]);
  });
});
