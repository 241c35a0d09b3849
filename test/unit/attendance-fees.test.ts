import { describe, expect, it } from 'vitest';
import { monthDays, workingDays } from '../../electron/core/attendance/calendar';
import {
  balances,
  childCharge,
  debtors,
  feeReduction,
  feeSettings,
  feeSheet,
  formatTenge,
  reductionOn,
  validatePayment,
  type Payment,
} from '../../electron/core/attendance/fees';
import { buildTimesheet, type Mark } from '../../electron/core/attendance/timesheet';
import { AppError } from '../../electron/core/errors/app-error';

const days = monthDays(2026, 3);
const working = workingDays(2026, 3); // 18
const TENGE = 100;
/** The children's ids: ids are UUIDs at every input. */
const A = '00000000-0000-4000-8000-00000000000a';
const B = '00000000-0000-4000-8000-00000000000b';
const C = '00000000-0000-4000-8000-00000000000c';

/** Child a: every day; b: 12 present, 4 ill, 2 without a reason; c: 9 present only. */
function sheet() {
  const marks: Mark[] = [
    ...working.map((date): Mark => ({ childId: A, date, status: 'present' })),
    ...working.map((date, i): Mark =>
      i < 12
        ? { childId: B, date, status: 'present' }
        : i < 16
          ? { childId: B, date, status: 'absent', reason: 'illness', note: '' }
          : { childId: B, date, status: 'absent', reason: 'unexcused', note: '' },
    ),
    ...working.slice(0, 9).map((date): Mark => ({ childId: C, date, status: 'present' })),
  ];
  return buildTimesheet({ days, children: [{ id: A }, { id: B }, { id: C }], marks });
}

describe('fees', () => {
  it('prorates a monthly fee by charged days, valid absences free, in whole tenge', () => {
    const settings = feeSettings.parse({ mode: 'month', amount: 25_000 * TENGE });
    const [a, b, c] = feeSheet(sheet().rows, days, '2026-03', settings).charges;
    expect(a).toMatchObject({
      chargedDays: 18,
      workingDays: 18,
      base: 2_500_000,
      amount: 2_500_000,
    });
    // 14 charged (12 + 2 without a reason): 25 000 × 14 / 18 = 19 444,44… → 19 444 ₸.
    expect(b).toMatchObject({ chargedDays: 14, base: 1_944_400, amount: 1_944_400 });
    // 9 / 18 of 25 000 = 12 500 exactly.
    expect(c!.amount).toBe(1_250_000);
    for (const charge of [a, b, c]) expect(Number.isInteger(charge!.amount)).toBe(true);
  });

  it('rounds half up, to the tiyn when asked', () => {
    const settings = feeSettings.parse({ mode: 'month', amount: 2_500_000, rounding: 'tiyn' });
    const b = childCharge(sheet().rows[1]!, days, '2026-03', settings);
    expect(b.amount).toBe(1_944_444); // 1 944 444,44… tiyn
    const half = feeSettings.parse({ mode: 'day', amount: 50, rounding: 'tenge' }); // 0,50 ₸ a day
    expect(childCharge(sheet().rows[2]!, days, '2026-03', half).amount).toBe(500); // 4,50 → 5 ₸
  });

  it('charges per day, with free days without a reason as a setting', () => {
    const perDay = feeSettings.parse({
      mode: 'day',
      amount: 1_500 * TENGE,
      freeDaysWithoutReason: 1,
    });
    const b = childCharge(sheet().rows[1]!, days, '2026-03', perDay);
    expect(b.chargedDays).toBe(13);
    expect(b.amount).toBe(13 * 1_500 * TENGE);
    const all = feeSettings.parse({ mode: 'day', amount: 1_500 * TENGE, chargeValidAbsence: true });
    expect(childCharge(sheet().rows[1]!, days, '2026-03', all).chargedDays).toBe(18);
  });

  it('takes only UUIDs for the child of a reduction or a payment', () => {
    for (const childId of ['a', 'x'.repeat(10_000)]) {
      expect(
        feeReduction.safeParse({
          childId,
          categoryCode: 'large-family',
          percent: 50,
          validFrom: '2026-01-01',
        }).success,
      ).toBe(false);
      expect(() =>
        validatePayment(
          { id: 'p9', childId, date: '2026-04-01', amount: 100, receiptNumber: 'Б-1' },
          [],
        ),
      ).toThrow();
    }
  });

  it('reduces by privileged category for the days in force, the larger of overlapping ones', () => {
    const settings = feeSettings.parse({ mode: 'month', amount: 18_000 * TENGE });
    const reductions = [
      feeReduction.parse({
        childId: A,
        categoryCode: 'large-family',
        percent: 50,
        validFrom: '2025-09-01',
        validTo: '2026-03-15',
      }),
      feeReduction.parse({
        childId: A,
        categoryCode: 'disability',
        percent: 100,
        validFrom: '2026-03-11',
      }),
      feeReduction.parse({
        childId: B,
        categoryCode: 'large-family',
        percent: 30,
        validFrom: '2026-01-01',
      }),
    ];
    expect(reductionOn('2026-03-12', reductions)!.percent).toBe(100);
    const [a, b] = feeSheet(sheet().rows, days, '2026-03', settings, reductions).charges;
    // a: 1 000 ₸ a day; until the 10th (working days 2–6 and 10 Mar) at 50 %, from the 11th free.
    const halfDays = working.filter((d) => d < '2026-03-11').length;
    expect(a!.reductions).toEqual([
      {
        categoryCode: 'disability',
        percent: 100,
        days: 18 - halfDays,
        amount: (18 - halfDays) * 1_000 * TENGE,
      },
      { categoryCode: 'large-family', percent: 50, days: halfDays, amount: halfDays * 500 * TENGE },
    ]);
    expect(a!.amount).toBe(halfDays * 500 * TENGE);
    expect(a!.base - a!.reductions.reduce((s, r) => s + r.amount, 0)).toBe(a!.amount);
    // b: 14 days × 1 000 ₸ − 30 %.
    expect(b!.amount).toBe(14 * 700 * TENGE);
    expect(
      feeReduction.safeParse({
        childId: A,
        categoryCode: 'x',
        percent: 12.5,
        validFrom: '2026-01-01',
      }).success,
    ).toBe(false);
    expect(
      feeReduction.safeParse({
        childId: A,
        categoryCode: 'x',
        percent: 10,
        validFrom: '2026-02-01',
        validTo: '2026-01-01',
      }).success,
    ).toBe(false);
  });

  it('balances, debtors and receipt numbers', () => {
    const charges = [
      { childId: A, month: '2026-02', amount: 2_000_000 },
      { childId: A, month: '2026-03', amount: 2_500_000 },
      { childId: B, month: '2026-03', amount: 1_944_400 },
      { childId: C, month: '2026-03', amount: 1_250_000 },
    ];
    const payments: Payment[] = [
      { id: 'p1', childId: A, date: '2026-03-05', amount: 2_000_000, receiptNumber: 'А-001' },
      { id: 'p2', childId: B, date: '2026-04-03', amount: 1_944_400, receiptNumber: 'А-002' },
      { id: 'p3', childId: C, date: '2026-03-20', amount: 1_300_000, receiptNumber: 'А-003' },
    ];
    const march = balances(charges, payments, '2026-03');
    expect(march).toEqual([
      { childId: A, charged: 4_500_000, paid: 2_000_000, balance: 2_500_000 },
      { childId: B, charged: 1_944_400, paid: 0, balance: 1_944_400 },
      { childId: C, charged: 1_250_000, paid: 1_300_000, balance: -50_000 },
    ]);
    expect(debtors(march).map((d) => d.childId)).toEqual([A, B]);
    expect(debtors(balances(charges, payments)).map((d) => d.childId)).toEqual([A]);
    const dup = (() => {
      try {
        validatePayment(
          { id: 'p4', childId: A, date: '2026-04-01', amount: 100, receiptNumber: 'а-001' },
          payments,
        );
      } catch (error) {
        return error;
      }
    })();
    expect(dup).toBeInstanceOf(AppError);
    expect((dup as AppError).translationKey).toBe('errors.paymentReceiptTaken');
    expect(
      validatePayment(
        { id: 'p4', childId: A, date: '2026-04-01', amount: 100, receiptNumber: ' А-004 ' },
        payments,
      ).receiptNumber,
    ).toBe('А-004');
    expect(() =>
      validatePayment(
        { id: 'p5', childId: A, date: '2026-04-01', amount: 10.5, receiptNumber: 'x' },
        payments,
      ),
    ).toThrow();
    expect(() =>
      validatePayment(
        { id: 'p5', childId: A, date: '2026-04-01', amount: 0, receiptNumber: 'x' },
        payments,
      ),
    ).toThrow();
  });

  it('formats tenge', () => {
    expect(formatTenge(1_944_400)).toBe('19\u00a0444\u00a0₸');
    expect(formatTenge(1_944_444)).toBe('19\u00a0444,44\u00a0₸');
    expect(formatTenge(-50_000)).toBe('−500\u00a0₸');
    expect(formatTenge(5)).toBe('0,05\u00a0₸');
  });
});
