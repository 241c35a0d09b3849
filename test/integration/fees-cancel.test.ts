import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { registerDays } from '../helpers/attendance-register';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { addStaff } from '../helpers/staff';
import { enrolledChild, FULL_ORG } from '../helpers/enrolled-child';

/**
 * A payment recorded by mistake is cancelled with a reason, never deleted (issue 14 item 4):
 * the row stays in fees.payments marked with who, when and why, it no longer counts in the
 * balances or the debtors list, its receipt number stays taken, and a second cancelling is
 * refused. On a real encrypted store, through the core's methods.
 */

const MONTH = '2026-03';
const FEE = 3_000_000; // 30 000 ₸ a month, in tiyn
const ACCOUNTANT = { login: 'accountant-c', password: 'accountant-pass-1' };

describe('cancelling a payment recorded by mistake', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let childId: string;
  let groupId: string;
  let charged: number;

  const as = (who: { login: string; password: string }) => fixture.core.call('auth.signIn', who);
  const db = () => fixture.core.services.store().sqlite;

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    await core.call('settings.update', FULL_ORG);
    ({ childId, groupId } = await enrolledChild(core));
    db().prepare("UPDATE children SET enrolled_on = '2026-01-09' WHERE id = ?").run(childId);
    // Fee settings before the month closes: a closed month's fee no longer changes.
    await core.call('fees.setSettings', { from: MONTH, mode: 'month', amount: FEE });
    for (const date of registerDays(MONTH))
      await core.call('attendance.saveDay', {
        groupId,
        date,
        marks: [{ childId, value: { status: 'present' } }],
      });
    await core.call('attendance.closeMonth', { groupId, month: MONTH });
    await addStaff(core, {
      login: ACCOUNTANT.login,
      displayName: 'Гүлнар Бухгалтер',
      role: 'accountant',
      password: ACCOUNTANT.password,
    });
    const sheet = await core.call('fees.sheet', { month: MONTH, groupId });
    charged = sheet.groups[0]!.rows[0]!.amount;
  }, 120_000);

  afterAll(() => fixture?.core.close());

  it('the payment stays listed, marked; it counts nowhere; its receipt stays taken', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    expect(charged).toBe(FEE);
    const right = await core.call('fees.recordPayment', {
      childId,
      date: '2026-03-20',
      amount: 1_000_000,
      receiptNumber: 'ВК-0101',
    });
    // The mistake: a whole month paid twice on one receipt typed wrong.
    const wrong = await core.call('fees.recordPayment', {
      childId,
      date: '2026-03-21',
      amount: FEE,
      receiptNumber: 'ВК-0110',
    });
    expect(await core.call('fees.debtors', { month: MONTH })).toEqual([]);
    const sheetPaid = async () => (await core.call('fees.sheet', { month: MONTH })).paid;
    expect(await sheetPaid()).toBe(1_000_000 + FEE);

    // A reason is required; nothing changes without one.
    for (const reason of ['', '   '])
      expect(
        await core.dispatch('fees.cancelPayment', { paymentId: wrong.id, reason }),
      ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(
      await core.dispatch('fees.cancelPayment', { paymentId: randomUUID(), reason: 'Қате' }),
    ).toMatchObject({ ok: false, error: { code: 'paymentNotFound' } });
    expect(
      db().prepare('SELECT count(*) FROM payments WHERE cancelled_at IS NOT NULL').pluck().get(),
    ).toBe(0);

    const reason = 'Түбіртек нөмірі қате жазылды / Ошибка в номере квитанции';
    const cancelled = await core.call('fees.cancelPayment', { paymentId: wrong.id, reason });
    const accountant = db()
      .prepare('SELECT id FROM staff_accounts WHERE login = ?')
      .pluck()
      .get(ACCOUNTANT.login) as string;
    expect(cancelled).toMatchObject({
      id: wrong.id,
      amount: FEE,
      receiptNumber: 'ВК-0110',
      cancelledBy: accountant,
      cancelReason: reason,
    });
    expect(cancelled.cancelledAt).toEqual(expect.any(String));

    // Still there, marked, with who cancelled it by name; the other payment stands.
    const listed = await core.call('fees.payments', { month: MONTH });
    expect(listed).toHaveLength(2);
    expect(listed.find((p) => p.id === wrong.id)).toMatchObject({
      cancelledAt: cancelled.cancelledAt,
      cancelledBy: accountant,
      cancelledByName: 'Гүлнар Бухгалтер',
      cancelReason: reason,
    });
    expect(listed.find((p) => p.id === right.id)).toMatchObject({
      cancelledAt: null,
      cancelledBy: null,
      cancelledByName: null,
      cancelReason: null,
    });
    expect(await core.call('fees.payments', { childId })).toHaveLength(2);

    // Balances and debtors: only the payment that stands counts.
    expect(await core.call('fees.debtors', { month: MONTH })).toMatchObject([
      { childId, charged: FEE, paid: 1_000_000, balance: FEE - 1_000_000 },
    ]);
    expect(await sheetPaid()).toBe(1_000_000);

    // The cancelled payment's receipt number is still taken, whatever the letters' case.
    expect(
      await core.dispatch('fees.recordPayment', {
        childId,
        date: '2026-03-22',
        amount: FEE,
        receiptNumber: 'вк-0110',
      }),
    ).toMatchObject({ ok: false, error: { code: 'paymentReceiptTaken' } });

    // Twice: a typed refusal, nothing changed.
    const before = db().prepare('SELECT * FROM payments ORDER BY id').all();
    expect(
      await core.dispatch('fees.cancelPayment', { paymentId: wrong.id, reason: 'Тағы да' }),
    ).toMatchObject({
      ok: false,
      error: {
        code: 'paymentAlreadyCancelled',
        params: { receiptNumber: 'ВК-0110', cancelledAt: cancelled.cancelledAt },
      },
    });
    expect(db().prepare('SELECT * FROM payments ORDER BY id').all()).toEqual(before);

    // Audited as a write on the child, once (the refusals wrote nothing).
    expect(
      db()
        .prepare(
          "SELECT entity_id AS entityId FROM audit_log WHERE action = 'fees.cancelPayment' ORDER BY rowid",
        )
        .all(),
    ).toEqual([{ entityId: childId }]);
  });

  it('a teacher may not cancel a payment; the director may', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    const paid = await core.call('fees.recordPayment', {
      childId,
      date: '2026-03-23',
      amount: 500_000,
      receiptNumber: 'ВК-0120',
    });
    await as({ login: DIRECTOR.login, password: DIRECTOR.password });
    await addStaff(
      core,
      {
        login: 'teacher-cancel',
        displayName: 'Сәуле Тәрбиеші',
        role: 'teacher',
        password: 'teacher-pass-1',
      },
      [groupId],
    );
    await as({ login: 'teacher-cancel', password: 'teacher-pass-1' });
    expect(
      await core.dispatch('fees.cancelPayment', { paymentId: paid.id, reason: 'Қате' }),
    ).toMatchObject({ ok: false, error: { code: 'permissionDenied' } });
    await as({ login: DIRECTOR.login, password: DIRECTOR.password });
    expect(
      await core.call('fees.cancelPayment', { paymentId: paid.id, reason: 'Қате' }),
    ).toMatchObject({ id: paid.id, cancelReason: 'Қате' });
  });
});
