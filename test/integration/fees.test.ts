import ExcelJS from 'exceljs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { DEFAULT_CALENDAR, monthDays } from '../../electron/core/attendance/calendar';
import { childCharge, feeSettings } from '../../electron/core/attendance/fees';
import { monthTimesheet } from '../../electron/core/attendance/attendance-record';
import { fullName } from '../../electron/core/children/fields';
import { parseTenge } from '../../electron/core/vocabulary/money';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { addStaff } from '../helpers/staff';
import { FULL_ORG, withCheckDigit } from '../helpers/enrolled-child';

/**
 * Parental fees on a real encrypted store: the sheet from the closed timesheet, payments with
 * their receipt numbers, balances and debtors, and the exports read back (the PDF with pdf.js,
 * the workbook with exceljs) agreeing on every amount.
 */

const MONTH = '2026-03';
const FEE = 3_000_000; // 30 000 ₸ a month, in tiyn
const ACCOUNTANT = { login: 'accountant-g', password: 'accountant-pass-1' };
const TEACHER = { login: 'teacher-fees', password: 'teacher-pass-1' };

const days = monthDays(2026, 3, DEFAULT_CALENDAR);
const working = days.filter((day) => day.working).map((day) => day.date);

interface Kid {
  id: string;
  lastName: string;
  firstName: string;
  patronymic: string | null;
}

/** The text items of each line of every page, left to right (a line: one y). */
async function pdfLines(bytes: Uint8Array): Promise<string[][]> {
  const pdfjs = await import('pdfjs-dist/legacy/build/pdf.mjs');
  const document = await pdfjs.getDocument({
    data: new Uint8Array(bytes),
    disableFontFace: true,
    isEvalSupported: false,
    verbosity: 0,
  }).promise;
  const lines: string[][] = [];
  for (let number = 1; number <= document.numPages; number++) {
    const page = await document.getPage(number);
    const byY = new Map<number, { x: number; text: string }[]>();
    for (const item of (await page.getTextContent()).items) {
      if (!('str' in item) || !item.str.trim()) continue;
      const y = Math.round(item.transform[5] as number);
      const key = [...byY.keys()].find((k) => Math.abs(k - y) <= 2) ?? y;
      if (!byY.has(key)) byY.set(key, []);
      byY.get(key)!.push({ x: item.transform[4] as number, text: item.str });
    }
    for (const y of [...byY.keys()].sort((a, b) => b - a))
      lines.push(
        byY
          .get(y)!
          .sort((a, b) => a.x - b.x)
          .map((item) => item.text),
      );
  }
  await document.destroy();
  return lines;
}

/** Every worksheet's rows as plain values (a formula's stored result, its formula kept aside). */
async function workbookRows(bytes: Uint8Array) {
  const book = new ExcelJS.Workbook();
  await book.xlsx.load(Buffer.from(bytes) as unknown as ExcelJS.Buffer);
  return book.worksheets.map((sheet) => {
    const rows: { values: unknown[]; formulas: (string | null)[] }[] = [];
    sheet.eachRow((row) => {
      const cells = (row.values as unknown[]).slice(1);
      rows.push({
        values: cells.map((cell) =>
          cell && typeof cell === 'object' && 'result' in cell ? cell.result : cell,
        ),
        formulas: cells.map((cell) =>
          cell && typeof cell === 'object' && 'formula' in cell ? String(cell.formula) : null,
        ),
      });
    });
    return { name: sheet.name, rows, numFmt: sheet.getColumn('H').numFmt };
  });
}

const tiynOf = (value: unknown) => Math.round(Number(value ?? 0) * 100);
/** Every amount on a PDF line ("12 345 ₸", "12 345,50 ₸"), in tiyn, left to right. */
const amountsOf = (line: readonly string[]) =>
  [...line.join(' | ').matchAll(/\d[\d \u00a0]*(?:,\d{2})?[ \u00a0]₸/g)].map((m) =>
    parseTenge(m[0]),
  );
/** The PDF line that names the child (pdf.js may join the number cell to the name). */
const lineOf = (lines: readonly string[][], text: string) =>
  lines.find((line) => line.some((item) => item === text || item.endsWith(` ${text}`)));

describe('parental fees from the closed timesheet', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let groupA: string;
  let groupB: string;
  const kids: Kid[] = [];

  const as = (who: { login: string; password: string }) => fixture.core.call('auth.signIn', who);

  async function child(groupId: string, lastName: string, firstName: string, serial: string) {
    const iin = withCheckDigit(`2103146${serial}`);
    const { id } = await fixture.core.call('children.create', {
      iin,
      lastName,
      firstName,
      patronymic: 'Ғалымқызы',
      birthDate: '2021-03-14',
      sex: 'female',
      citizenship: 'KZ',
      birthCertificateNumber: `00${serial}`,
      birthCertificateDate: '2021-03-20',
      birthCertificateIssuer: 'ХҚКО Астана',
      registeredAddress: 'Астана қ., Сарыарқа даңғылы 7, 21',
      actualAddress: 'Астана қ., Сарыарқа даңғылы 7, 21',
      groupId,
      referralNumber: `KZ-2026-00${serial}`,
      status: 'enrolled',
    });
    // In the group since January: the test month is a past one.
    fixture.core.services
      .store()
      .sqlite.prepare("UPDATE children SET enrolled_on = '2026-01-09' WHERE id = ?")
      .run(id);
    const kid = { id, lastName, firstName, patronymic: 'Ғалымқызы' };
    kids.push(kid);
    return kid;
  }

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core } = fixture;
    await core.call('settings.update', FULL_ORG);
    groupA = (
      await core.call('groups.create', {
        name: 'Ересек «Күншуақ»',
        ageGroup: 'senior',
        language: 'kk',
      })
    ).id;
    groupB = (
      await core.call('groups.create', { name: 'Ортаңғы «Ай»', ageGroup: 'middle', language: 'ru' })
    ).id;
    const [full, ill, reduced] = [
      await child(groupA, 'Әбенова', 'Айару', '0131'),
      await child(groupA, 'Бекова', 'Іңкәр', '0142'),
      await child(groupA, 'Жұмабаева', 'Дана', '0153'),
    ];
    const other = await child(groupB, 'Серікова', 'Мадина', '0164');
    await addStaff(core, {
      login: ACCOUNTANT.login,
      displayName: 'Гүлнар Бухгалтер',
      role: 'accountant',
      password: ACCOUNTANT.password,
    });
    await addStaff(
      core,
      { login: TEACHER.login, displayName: 'Т', role: 'teacher', password: TEACHER.password },
      [groupA],
    );

    // March: the first child every day; the second ill three days and away one without a
    // reason; the third every day (with a 50 % reduction from the 10th).
    for (const date of working) {
      const index = working.indexOf(date);
      await core.call('attendance.saveDay', {
        groupId: groupA,
        date,
        marks: [
          { childId: full.id, value: { status: 'present' } },
          {
            childId: ill.id,
            value:
              index >= 2 && index <= 4
                ? { status: 'absent', reason: 'illness' }
                : index === 10
                  ? { status: 'absent', reason: 'unexcused' }
                  : { status: 'present' },
          },
          { childId: reduced.id, value: { status: 'present' } },
        ],
      });
      await core.call('attendance.saveDay', {
        groupId: groupB,
        date,
        marks: [{ childId: other.id, value: { status: 'present' } }],
      });
    }
    await core.call('attendance.closeMonth', { groupId: groupA, month: MONTH });
    // Group B's March stays open.
  }, 120_000);

  afterAll(() => fixture?.core.close());

  it('a teacher may not see or record fees; the accountant may', async () => {
    await as(TEACHER);
    for (const [name, input] of [
      ['fees.sheet', { month: MONTH }],
      ['fees.settings', undefined],
      [
        'fees.recordPayment',
        { childId: kids[0]!.id, date: '2026-03-20', amount: 100, receiptNumber: '1' },
      ],
    ] as const)
      expect(await fixture.core.dispatch(name, input), name).toMatchObject({
        ok: false,
        error: { code: 'permissionDenied' },
      });
    await as(ACCOUNTANT);
    expect(await fixture.core.dispatch('fees.settings', undefined)).toMatchObject({ ok: true });
  });

  it('refuses a sheet before the fee is set, then charges exactly what attendance/fees.ts computes', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    expect(await core.dispatch('fees.sheet', { month: MONTH })).toMatchObject({
      ok: false,
      error: { code: 'feesNotSet' },
    });
    // Until the accountant saves the settings, the contract's monthly fee charges every month.
    await as({ login: DIRECTOR.login, password: DIRECTOR.password });
    await core.call('contracts.updateTerms', { monthlyFee: FEE / 100 });
    await as(ACCOUNTANT);
    expect(await core.call('fees.settings', undefined)).toMatchObject({ amount: FEE, from: null });
    const byContract = await core.call('fees.sheet', { month: MONTH, groupId: groupA });
    expect(byContract.groups[0]!.rows[0]).toMatchObject({ lastName: 'Әбенова', amount: FEE });
    expect(await core.dispatch('fees.sheet', { month: MONTH, groupId: kids[0]!.id })).toMatchObject(
      {
        ok: false,
        error: { code: 'groupNotFound' },
      },
    );

    // The first save, without a month: the closed month keeps the contract's fee.
    await core.call('fees.setSettings', { mode: 'month', amount: FEE });
    expect((await core.call('fees.settings', undefined)).earlier[0]).toMatchObject({
      amount: FEE,
      from: MONTH,
    });
    const [full, ill, reduced] = kids;
    const reduction = {
      childId: reduced!.id,
      categoryCode: 'large_family',
      percent: 50,
      validFrom: '2026-03-10',
      validTo: null,
    };
    // March is closed: a reduction reaching into it is refused until the director reopens it.
    expect(await core.dispatch('fees.addReduction', reduction)).toMatchObject({
      ok: false,
      error: { code: 'feeReductionMonthClosed', params: { month: MONTH } },
    });
    await as({ login: DIRECTOR.login, password: DIRECTOR.password });
    await core.call('attendance.reopenMonth', {
      groupId: groupA,
      month: MONTH,
      reason: 'Көп балалы отбасы анықтамасы кеш келді',
    });
    await as(ACCOUNTANT);
    await core.call('fees.addReduction', reduction);
    await as({ login: DIRECTOR.login, password: DIRECTOR.password });
    await core.call('attendance.closeMonth', { groupId: groupA, month: MONTH });
    await as(ACCOUNTANT);
    // An unknown category, and an end before the start, are refused.
    expect(
      await core.dispatch('fees.addReduction', {
        childId: reduced!.id,
        categoryCode: 'no_such_category',
        percent: 10,
        validFrom: '2026-03-01',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(
      await core.dispatch('fees.addReduction', {
        childId: reduced!.id,
        categoryCode: 'large_family',
        percent: 10,
        validFrom: '2026-03-10',
        validTo: '2026-03-01',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });

    const sheet = await core.call('fees.sheet', { month: MONTH, groupId: groupA });
    expect(sheet.groups).toHaveLength(1);
    const rows = sheet.groups[0]!.rows;
    // Kazakh order: Ә after А, before Б.
    expect(rows.map((row) => row.lastName)).toEqual(['Әбенова', 'Бекова', 'Жұмабаева']);

    // What the pure rules compute from the same closed timesheet.
    const { timesheet } = monthTimesheet(fixture.core.services.store(), groupA, MONTH);
    const settings = feeSettings.parse({ mode: 'month', amount: FEE });
    const reductions = await core.call('fees.reductions', { childId: reduced!.id });
    for (const row of rows) {
      const expected = childCharge(
        timesheet.rows.find((r) => r.childId === row.childId)!,
        timesheet.days,
        MONTH,
        settings,
        reductions,
      );
      expect(row).toMatchObject(expected);
    }
    // And by hand: a month attended in full costs the fee; valid-reason days are free.
    const W = working.length;
    expect(rows[0]).toMatchObject({ childId: full!.id, chargedDays: W, amount: FEE });
    expect(rows[1]).toMatchObject({
      childId: ill!.id,
      chargedDays: W - 3,
      amount: Math.floor((2 * FEE * (W - 3) + 100 * W) / (200 * W)) * 100,
    });
    const from10 = working.filter((date) => date >= '2026-03-10').length;
    expect(rows[2]!.reductions).toEqual([
      { categoryCode: 'large_family', percent: 50, days: from10, amount: expect.any(Number) },
    ]);
    expect(rows[2]!.amount).toBe(FEE - rows[2]!.reductions[0]!.amount);
    expect(sheet.total).toBe(rows.reduce((sum, row) => sum + row.amount, 0));
  });

  it('refuses an open month; the whole kindergarten sheet names the groups still open', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    expect(await core.dispatch('fees.sheet', { month: MONTH, groupId: groupB })).toMatchObject({
      ok: false,
      error: { code: 'attendanceMonthNotClosed' },
    });
    expect(await core.dispatch('fees.sheet', { month: '2026-04' })).toMatchObject({
      ok: false,
      error: { code: 'attendanceMonthNotClosed' },
    });
    const all = await core.call('fees.sheet', { month: MONTH });
    expect(all.groups.map((g) => g.groupId)).toEqual([groupA]);
    expect(all.openGroups).toEqual([{ groupId: groupB, groupName: 'Ортаңғы «Ай»' }]);
  });

  it('records payments; a receipt number already used is refused and nothing changes', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    const [full, ill] = kids;
    const paid = await core.call('fees.recordPayment', {
      childId: full!.id,
      date: '2026-03-25',
      amount: FEE,
      receiptNumber: 'АБ-0001',
    });
    expect(paid).toMatchObject({ childId: full!.id, amount: FEE, receiptNumber: 'АБ-0001' });
    await core.call('fees.recordPayment', {
      childId: ill!.id,
      date: '2026-03-26',
      amount: 1_000_000,
      receiptNumber: 'АБ-0002',
    });
    const count = () =>
      fixture.core.services.store().sqlite.prepare('SELECT count(*) FROM payments').pluck().get();
    const before = await core.call('fees.payments', { month: MONTH });
    expect(before).toHaveLength(2);
    // The same number in other letters' case is the same receipt.
    expect(
      await core.dispatch('fees.recordPayment', {
        childId: ill!.id,
        date: '2026-03-27',
        amount: 500_000,
        receiptNumber: 'аб-0001',
      }),
    ).toMatchObject({
      ok: false,
      error: { code: 'paymentReceiptTaken', params: { receiptNumber: 'аб-0001' } },
    });
    expect(count()).toBe(2);
    expect(await core.call('fees.payments', { month: MONTH })).toEqual(before);
    // A payment for a child not kept here, or of no money, is refused too.
    expect(
      await core.dispatch('fees.recordPayment', {
        childId: ill!.id,
        date: '2026-03-27',
        amount: 0,
        receiptNumber: 'АБ-0003',
      }),
    ).toMatchObject({ ok: false, error: { code: 'invalidInput' } });
    expect(count()).toBe(2);
    expect(await core.call('fees.payments', { childId: full!.id })).toHaveLength(1);
  });

  it('balances and debtors through the month, the largest debt first', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    const sheet = await core.call('fees.sheet', { month: MONTH, groupId: groupA });
    const charge = new Map(sheet.groups[0]!.rows.map((row) => [row.childId, row.amount]));
    const [full, ill, reduced] = kids;
    const list = await core.call('fees.debtors', { month: MONTH });
    const expected = [
      { childId: ill!.id, charged: charge.get(ill!.id)!, paid: 1_000_000 },
      { childId: reduced!.id, charged: charge.get(reduced!.id)!, paid: 0 },
    ]
      .map((row) => ({ ...row, balance: row.charged - row.paid }))
      .sort((a, b) => b.balance - a.balance);
    expect(list).toMatchObject(expected.map((row) => ({ ...row, groupName: 'Ересек «Күншуақ»' })));
    expect(list.map((row) => row.childId)).not.toContain(full!.id);
    // Before the month nothing is owed (February was never closed).
    expect(await core.call('fees.debtors', { month: '2026-02' })).toEqual([]);
  });

  for (const language of ['kk', 'ru'] as const) {
    it(`the fee sheet's workbook and PDF (${language}) agree on every amount with the sheet`, async () => {
      const { core } = fixture;
      await as(ACCOUNTANT);
      const sheet = await core.call('fees.sheet', { month: MONTH, groupId: groupA });
      const pdf = await core.call('fees.export', {
        month: MONTH,
        kind: 'sheet',
        format: 'pdf',
        language,
        groupId: groupA,
      });
      const xlsx = await core.call('fees.export', {
        month: MONTH,
        kind: 'sheet',
        format: 'xlsx',
        language,
        groupId: groupA,
      });
      expect(pdf.fileName).toBe(`fee-sheet-${MONTH}-${language}.pdf`);
      expect(xlsx.fileName).toBe(`fee-sheet-${MONTH}-${language}.xlsx`);
      const lines = await pdfLines(Buffer.from(pdf.base64, 'base64'));
      const [book] = await workbookRows(Buffer.from(xlsx.base64, 'base64'));
      expect(book!.name).toBe(language === 'kk' ? 'Төлем ведомосы' : 'Ведомость');
      expect(book!.numFmt).toContain('₸');

      for (const row of sheet.groups[0]!.rows) {
        const name = fullName(row);
        const inPdf = lineOf(lines, name);
        const inBook = book!.rows.find((r) => r.values[1] === name);
        expect(inPdf, name).toBeDefined();
        expect(inBook, name).toBeDefined();
        const reduced = row.reductions.reduce((sum, r) => sum + r.amount, 0);
        // PDF: № name charged working base [reduction] [reduction amount] amount paid.
        expect(amountsOf(inPdf!)).toEqual(
          reduced ? [row.base, reduced, row.amount, row.paid] : [row.base, row.amount, row.paid],
        );
        const v = inBook!.values;
        expect([tiynOf(v[4]), tiynOf(v[6]), tiynOf(v[7]), tiynOf(v[8])]).toEqual([
          row.base,
          reduced,
          row.amount,
          row.paid,
        ]);
        expect([v[2], v[3]]).toEqual([row.chargedDays, row.workingDays]);
        if (reduced) {
          // The category in the chosen language, not its code.
          const category =
            language === 'kk'
              ? 'Көп балалы отбасылардың балалары 50 %'
              : 'Дети из многодетных семей 50 %';
          expect(v[5]).toBe(category);
          expect(inPdf!.join(' ')).toContain(category);
        }
        expect(inPdf).toEqual(
          expect.arrayContaining([String(row.chargedDays), String(row.workingDays)]),
        );
      }

      // The totals: the group's and the whole sheet's, as SUM formulas in the workbook.
      const groupLabel = language === 'kk' ? 'Топ бойынша барлығы' : 'Итого по группе';
      const allLabel = language === 'kk' ? 'Барлығы' : 'Всего';
      for (const label of [groupLabel, allLabel]) {
        const inPdf = lineOf(lines, label)!;
        const inBook = book!.rows.find((r) => r.values[1] === label)!;
        expect(inPdf, label).toBeDefined();
        const pdfMoney = amountsOf(inPdf);
        const rows = sheet.groups[0]!.rows;
        const base = rows.reduce((sum, row) => sum + row.base, 0);
        const reduced = rows.reduce(
          (sum, row) => sum + row.reductions.reduce((s, r) => s + r.amount, 0),
          0,
        );
        expect(pdfMoney).toEqual([base, reduced, sheet.total, sheet.paid]);
        expect([4, 6, 7, 8].map((i) => tiynOf(inBook.values[i]))).toEqual(pdfMoney);
        for (const i of [4, 6, 7, 8]) expect(inBook.formulas[i]).toMatch(/^SUM\(/);
      }
    });
  }

  it("the debtors' workbook and PDF agree on every amount with the list", async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    const list = await core.call('fees.debtors', { month: MONTH });
    const pdf = await core.call('fees.export', {
      month: MONTH,
      kind: 'debtors',
      format: 'pdf',
      language: 'ru',
    });
    const xlsx = await core.call('fees.export', {
      month: MONTH,
      kind: 'debtors',
      format: 'xlsx',
      language: 'ru',
    });
    const lines = await pdfLines(Buffer.from(pdf.base64, 'base64'));
    const [book] = await workbookRows(Buffer.from(xlsx.base64, 'base64'));
    expect(book!.name).toBe('Должники');
    expect(lines.flat().join(' ')).toContain('Список должников по родительской плате');
    for (const row of list) {
      const name = fullName(row);
      const inPdf = lineOf(lines, name)!;
      const inBook = book!.rows.find((r) => r.values[1] === name)!;
      expect(amountsOf(inPdf)).toEqual([row.charged, row.paid, row.balance]);
      expect([3, 4, 5].map((i) => tiynOf(inBook.values[i]))).toEqual([
        row.charged,
        row.paid,
        row.balance,
      ]);
    }
    const total = lineOf(lines, 'Всего')!;
    const totalRow = book!.rows.find((r) => r.values[1] === 'Всего')!;
    const sums = ['charged', 'paid', 'balance'].map((key) =>
      list.reduce((sum, row) => sum + (row[key as 'charged'] as number), 0),
    );
    expect(amountsOf(total)).toEqual(sums);
    expect([3, 4, 5].map((i) => tiynOf(totalRow.values[i]))).toEqual(sums);
    for (const i of [3, 4, 5]) expect(totalRow.formulas[i]).toMatch(/^SUM\(/);
    // The file leaves the app with names and money: each child in it is on the audit log.
    const audited = fixture.core.services
      .store()
      .sqlite.prepare("SELECT entity_id FROM audit_log WHERE action = 'fees.export'")
      .pluck()
      .all();
    for (const row of list) expect(audited).toContain(row.childId);
  });

  it('removes a reduction entered by mistake; a second removal finds none', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    const childId = kids[0]!.id;
    const added = await core.call('fees.addReduction', {
      childId,
      categoryCode: 'large_family',
      percent: 25,
      validFrom: '2026-04-01',
      validTo: '2026-05-31',
    });
    expect(await core.call('fees.reductions', { childId })).toMatchObject([
      { id: added.id, percent: 25, validTo: '2026-05-31' },
    ]);
    await core.call('fees.removeReduction', { reductionId: added.id });
    expect(await core.call('fees.reductions', { childId })).toEqual([]);
    expect(await core.dispatch('fees.removeReduction', { reductionId: added.id })).toMatchObject({
      ok: false,
      error: { code: 'feeReductionNotFound' },
    });
  });

  it('a fee change from a later month leaves earlier months as they were charged', async () => {
    const { core } = fixture;
    await as(ACCOUNTANT);
    const before = await core.call('fees.sheet', { month: MONTH, groupId: groupA });
    await core.call('fees.setSettings', { amount: FEE * 2, from: '2026-04' });
    const settings = await core.call('fees.settings', undefined);
    expect(settings).toMatchObject({ amount: FEE * 2, from: '2026-04' });
    expect(settings.earlier).toMatchObject([{ amount: FEE, from: MONTH }]);
    expect(await core.call('fees.sheet', { month: MONTH, groupId: groupA })).toEqual(before);
    // From a closed month: refused, nothing changed.
    expect(
      await core.dispatch('fees.setSettings', { amount: FEE * 3, from: '2026-01' }),
    ).toMatchObject({ ok: false, error: { code: 'feesMonthClosed' } });
    expect(await core.call('fees.settings', undefined)).toEqual(settings);
    await as({ login: DIRECTOR.login, password: DIRECTOR.password });
  });
});
