import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDays } from '../helpers/attendance-register';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';
import { enrolledChild, FULL_ORG } from '../helpers/enrolled-child';

/**
 * A closed month's charges never change silently (issue 14 item 4): a later contract fee, fee
 * settings from a closed month, a reduction added into or removed from it, none reprices it;
 * a payment dated after today is refused. On a real encrypted store, through the core.
 */

const MONTH = '2026-03';

describe('a closed month keeps its charges', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let childId: string;
  let groupId: string;
  let reductionId: string;

  const db = () => fixture.core.services.store().sqlite;
  const charge = async () =>
    (await fixture.core.call('fees.sheet', { month: MONTH, groupId })).groups[0]!.rows[0]!;

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    await core.call('settings.update', FULL_ORG);
    ({ childId, groupId } = await enrolledChild(core));
    await core.call('contracts.updateTerms', { monthlyFee: 20_000 });
    db().prepare("UPDATE children SET enrolled_on = '2026-01-09' WHERE id = ?").run(childId);
    reductionId = (
      await core.call('fees.addReduction', {
        childId,
        categoryCode: 'large_family',
        percent: 50,
        validFrom: '2026-03-01',
        validTo: null,
      })
    ).id;
    for (const date of registerDays(MONTH))
      await core.call('attendance.saveDay', {
        groupId,
        date,
        marks: [{ childId, value: { status: 'present' } }],
      });
    await core.call('attendance.closeMonth', { groupId, month: MONTH });
  }, 120_000);

  afterAll(() => fixture?.core.close());

  it('a new contract fee leaves the closed month charged at the old one', async () => {
    const { core } = fixture;
    expect(await charge()).toMatchObject({ amount: 1_000_000 });
    await core.call('contracts.updateTerms', { monthlyFee: 40_000 });
    expect(await charge()).toMatchObject({ amount: 1_000_000 });
    const settings = await core.call('fees.settings', undefined);
    expect(settings).toMatchObject({ amount: 4_000_000, from: '2026-04' });
    expect(settings.earlier).toMatchObject([{ amount: 2_000_000, from: MONTH }]);
  });

  it('fee settings from a closed month are refused; without a month they start after it', async () => {
    const { core } = fixture;
    const before = await core.call('fees.settings', undefined);
    for (const from of [MONTH, '2026-01'])
      expect(await core.dispatch('fees.setSettings', { from, amount: 100 })).toMatchObject({
        ok: false,
        error: { code: 'feesMonthClosed', params: { month: from, firstOpen: '2026-04' } },
      });
    expect(await core.call('fees.settings', undefined)).toEqual(before);
    const saved = await core.call('fees.setSettings', { amount: 5_000_000 });
    expect(saved.from > MONTH).toBe(true);
    expect(await charge()).toMatchObject({ amount: 1_000_000 });
  });

  it('a reduction is removed from the next open month on, kept, and never reaches a closed one', async () => {
    const { core } = fixture;
    expect(
      await core.dispatch('fees.addReduction', {
        childId,
        categoryCode: 'large_family',
        percent: 10,
        validFrom: '2026-03-15',
        validTo: '2026-04-30',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'feeReductionMonthClosed', params: { month: MONTH } },
    });
    expect(await core.call('fees.removeReduction', { reductionId })).toEqual({
      removed: reductionId,
      from: '2026-04',
    });
    expect(await core.call('fees.reductions', { childId })).toEqual([]);
    expect(
      db()
        .prepare('SELECT removed_at, removed_by, removed_from FROM fee_reductions WHERE id = ?')
        .get(reductionId),
    ).toMatchObject({ removed_from: '2026-04', removed_at: expect.any(String) });
    expect(await charge()).toMatchObject({ amount: 1_000_000 });
  });

  it('a payment dated after today is refused', async () => {
    const { core } = fixture;
    const tomorrow = new Date(Date.now() + 2 * 86_400_000).toISOString().slice(0, 10);
    expect(
      await core.dispatch('fees.recordPayment', {
        childId,
        date: tomorrow,
        amount: 100_000,
        receiptNumber: 'ЖК-1',
      }),
    ).toMatchObject({ ok: false, error: { code: 'paymentFutureDate' } });
    expect(await core.call('fees.payments', { childId })).toEqual([]);
  });
});
