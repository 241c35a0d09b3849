import { randomUUID } from 'node:crypto';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  groupsWithMarks,
  monthStatus,
  monthTimesheet,
} from '../../electron/core/attendance/attendance-record';
import { lastDateOfMonth } from '../../electron/core/attendance/calendar';
import { balances, debtors, feeSheet, type ChildCharge } from '../../electron/core/attendance/fees';
import { inKazakhOrder } from '../../electron/core/attendance/timesheet-pdf';
import {
  feeVersion,
  pricingVersions,
  settingsFor,
  writeFeeVersion,
} from '../../electron/core/fees/fees-record';
import { seedAttendance } from '../../electron/core/seed/synthetic-attendance';
import { seedKindergarten } from '../../electron/core/seed/synthetic-kindergarten';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';

/**
 * fees.debtors and fees.sheet read a month's groups at once (one read of the month's marks,
 * issue 14 item 4's follow-up: the debtors list walks every closed month of the history). On a
 * seeded store with fee versions, reductions, payments, a child moved to another group and
 * one who left, they answer exactly what the per-group computation does: each closed group's
 * monthTimesheet, charged by attendance/fees.ts, summed by its balances() and debtors().
 */

describe('the debtors list and fee sheet over a seeded history', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let months: string[];

  const store = () => fixture.core.services.store();

  /** The per-group computation, one monthTimesheet per closed group-month. */
  function perGroup(through: string) {
    const versions = pricingVersions(store());
    const reductions = store()
      .sqlite.prepare(
        `SELECT child_id AS childId, category_code AS categoryCode, percent,
                valid_from AS validFrom, valid_to AS validTo FROM fee_reductions`,
      )
      .all() as {
      childId: string;
      categoryCode: string;
      percent: number;
      validFrom: string;
      validTo: string | null;
    }[];
    const charges: ChildCharge[] = [];
    const sheets = new Map<string, Map<string, ChildCharge[]>>();
    const names = new Map<
      string,
      { lastName: string; firstName: string; patronymic: string | null; groupName: string }
    >();
    for (const month of months.filter((m) => m <= through && m >= versions[0]!.from)) {
      const fee = settingsFor(versions, month)!;
      const inMonth = reductions.filter(
        (r) =>
          r.validFrom <= lastDateOfMonth(month) &&
          (r.validTo === null || r.validTo >= `${month}-01`),
      );
      const byGroup = new Map<string, ChildCharge[]>();
      for (const groupId of groupsWithMarks(store(), month)) {
        if (monthStatus(store(), groupId, month) !== 'closed') continue;
        const { timesheet, children } = monthTimesheet(store(), groupId, month);
        const rowById = new Map(timesheet.rows.map((row) => [row.childId, row]));
        const rows = inKazakhOrder(children).flatMap((c) => rowById.get(c.id) ?? []);
        const sheet = feeSheet(rows, timesheet.days, month, fee, inMonth);
        byGroup.set(groupId, sheet.charges);
        charges.push(...sheet.charges);
        const groupName = store()
          .sqlite.prepare('SELECT name FROM groups WHERE id = ?')
          .pluck()
          .get(groupId) as string;
        for (const c of children)
          names.set(c.id, {
            lastName: c.lastName,
            firstName: c.firstName,
            patronymic: c.patronymic,
            groupName,
          });
      }
      sheets.set(month, byGroup);
    }
    const payments = store()
      .sqlite.prepare(
        `SELECT id, child_id AS childId, date, amount, receipt_number AS receiptNumber
         FROM payments WHERE date <= ? AND cancelled_at IS NULL`,
      )
      .all(lastDateOfMonth(through)) as {
      id: string;
      childId: string;
      date: string;
      amount: number;
      receiptNumber: string;
    }[];
    const list = debtors(balances(charges, payments, through)).map((b) => ({
      ...b,
      ...names.get(b.childId)!,
    }));
    return { list, sheets };
  }

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    const session = core.services.session!;
    await seedKindergarten(store(), {
      children: 90,
      withDocuments: 0,
      actorId: session.accountId,
      dataDir: core.services.dataDir,
    });
    seedAttendance(store(), { months: 7, actorId: session.accountId });
    months = store()
      .sqlite.prepare(
        "SELECT DISTINCT month FROM attendance_months WHERE status = 'closed' ORDER BY month",
      )
      .pluck()
      .all() as string[];
    expect(months.length).toBeGreaterThanOrEqual(7);
    const [first, , third, , fifth] = months as [string, string, string, string, string];
    const insertReduction = (r: {
      childId: string;
      categoryCode: string;
      percent: number;
      validFrom: string;
      validTo: string | null;
    }) =>
      store()
        .sqlite.prepare(
          `INSERT INTO fee_reductions (id, child_id, category_code, percent, valid_from, valid_to,
             created_by, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
        )
        .run(
          randomUUID(),
          r.childId,
          r.categoryCode,
          r.percent,
          r.validFrom,
          r.validTo,
          session.accountId,
          new Date().toISOString(),
        );

    // Two versions of the fee: a month's fee, then a daily one with two free days without a reason.
    // The seeded history is closed already, so they are written as the store keeps them (the
    // methods refuse settings and reductions reaching into closed months).
    writeFeeVersion(store(), feeVersion.parse({ from: first, mode: 'month', amount: 2_500_000 }));
    writeFeeVersion(
      store(),
      feeVersion.parse({
        from: fifth,
        mode: 'day',
        amount: 150_000,
        freeDaysWithoutReason: 2,
        chargeValidAbsence: true,
        rounding: 'tiyn',
      }),
    );
    const sqlite = store().sqlite;
    const marked = sqlite
      .prepare(
        `SELECT child_id FROM attendance_child_months WHERE month = ? GROUP BY child_id ORDER BY child_id`,
      )
      .pluck()
      .all(third) as string[];
    expect(marked.length).toBeGreaterThan(10);
    const category = sqlite
      .prepare('SELECT code FROM privilege_categories LIMIT 1')
      .pluck()
      .get() as string;
    // Reductions starting and ending inside months, two overlapping for one child.
    for (const [i, childId] of marked.slice(0, 6).entries())
      insertReduction({
        childId,
        categoryCode: category,
        percent: 25 + i * 10,
        validFrom: `${third}-1${i}`,
        validTo: i % 2 ? `${fifth}-05` : null,
      });
    insertReduction({
      childId: marked[0]!,
      categoryCode: category,
      percent: 90,
      validFrom: `${fifth}-03`,
      validTo: `${fifth}-20`,
    });
    // Payments, one cancelled.
    for (const [i, childId] of marked.slice(3, 12).entries())
      await core.call('fees.recordPayment', {
        childId,
        date: `${months[i % months.length]}-15`,
        amount: 1_000_000 + i * 33_300,
        receiptNumber: `ТК-${i}`,
      });
    const payment = (await core.call('fees.payments', { childId: marked[5]! }))[0]!;
    await core.call('fees.cancelPayment', { paymentId: payment.id, reason: 'Қате' });
    // A child moved to another group now (its marked months stay with the first group), and
    // one who left in the middle of a month.
    const groups = sqlite.prepare('SELECT id FROM groups ORDER BY id').pluck().all() as string[];
    const [moved, left] = [marked.at(-1)!, marked.at(-2)!];
    const now = sqlite.prepare('SELECT group_id FROM children WHERE id = ?').pluck().get(moved);
    sqlite.prepare('UPDATE children SET group_id = ? WHERE id = ?').run(
      groups.find((g) => g !== now),
      moved,
    );
    sqlite
      .prepare("UPDATE children SET status = 'withdrawn', left_on = ? WHERE id = ?")
      .run(`${fifth}-12`, left);
  }, 300_000);

  afterAll(() => fixture?.core.close());

  it('fees.debtors answers what the per-group computation does, month by month', async () => {
    const { core } = fixture;
    let compared = 0;
    for (const month of months) {
      const expected = perGroup(month).list;
      const actual = await core.call('fees.debtors', { month });
      expect(actual, month).toEqual(expected);
      compared += actual.length;
    }
    expect(compared).toBeGreaterThan(20);
  }, 300_000);

  it("fees.sheet's charges are the per-group computation's, group by group", async () => {
    const { core } = fixture;
    const { sheets } = perGroup(months.at(-1)!);
    for (const month of months) {
      const sheet = await core.call('fees.sheet', { month });
      const expected = sheets.get(month)!;
      expect(
        sheet.groups.map((g) => g.groupId),
        month,
      ).toEqual([...expected.keys()]);
      for (const group of sheet.groups)
        expect(
          group.rows.map(
            ({ childId, month: m, chargedDays, workingDays, base, reductions, amount }) => ({
              childId,
              month: m,
              chargedDays,
              workingDays,
              base,
              reductions,
              amount,
            }),
          ),
          `${month} ${group.groupName}`,
        ).toEqual(expected.get(group.groupId));
    }
  }, 300_000);
});
