import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import ExcelJS from 'exceljs';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { MONTH_NAMES } from '../../electron/core/vocabulary/months';
import { withCheckDigit } from '../helpers/enrolled-child';
import { addReadyStaff, callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';

/**
 * Issue 14 item 4 in both languages: with last month's timesheet closed by the director, the
 * accountant sees the month's fee sheet, records a payment from a child's row and sees what is
 * left change; a receipt number already used is refused on its field and nothing changes; the
 * fee sheet is saved as .xlsx (read back with exceljs: its total is the sheet's) and as PDF
 * (read back with pdf.js). The month still open says so and leads to the timesheet.
 */
const SCREENS = 'test-results/screens/fees';
const ACCOUNTANT = {
  login: 'saule',
  displayName: 'Сәуле Бекқызы',
  role: 'accountant',
  password: 'accountant-pass-1',
};
const GROUP = 'Ортаңғы «Күншуақ»';
const FEE = 25_000; // ₸ a month, charged by attended days

const WORDS = {
  kk: {
    fees: 'Ата-ана төлемі',
    record: 'Төлем енгізу',
    amount: 'Сомасы, ₸',
    receipt: 'Түбіртек нөмірі',
    save: 'Сақтау',
    taken: 'түбіртек бойынша төлем бұрын енгізілген',
    notClosed: 'Ай әлі жабылмаған',
    openTimesheet: 'Табельді ашу',
    month: 'Ай',
    pdf: 'PDF сақтау',
    xlsx: 'Excel (.xlsx) сақтау',
    login: 'Логин',
    password: 'Құпиясөз',
    submit: 'Кіру',
    signOut: 'Шығу',
    date: 'Төлем күні',
    otherMonth: 'айының ведомосына кіреді',
    settingsTab: 'Баптаулар',
    feeMonth: 'Айлық төлем, ₸',
    chargeWithout: 'Себепсіз келмеген күндер есептеледі',
    settingsSaved: 'Төлем баптаулары сақталды',
    paymentsTab: 'Төлемдер',
    child: 'Бала',
    sheetTab: 'Ай ведомосы',
    pdfTitle: 'Ата-ана төлемін есептеу ведомосы',
    attendanceTitle: 'Келу-кетуді есепке алу',
    cancelAction: 'Болдырмау',
    from: 'Қай айдан бастап',
    monthClosed: 'Жаңа төлем баптаулары ең ерте',
    cancelReason: 'Себебі',
    cancelWhy: 'Басқа баланың түбіртегі',
    required: 'Міндетті өріс',
    debtorsTab: 'Қарыздарлар',
    reductionsTab: 'Жеңілдіктер',
    category: 'Жеңілдік санаты',
    largeFamily: 'Көп балалы отбасылардың балалары',
    percent: 'Жеңілдік, %',
    validFrom: 'Басталуы',
    validTo: 'Аяқталуы',
    endBeforeStart: 'Аяқталуы басталуынан ерте болмауы керек',
    openEnded: 'мерзімсіз',
  },
  ru: {
    fees: 'Родительская плата',
    record: 'Внести оплату',
    amount: 'Сумма, ₸',
    receipt: 'Номер квитанции',
    save: 'Сохранить',
    taken: 'уже внесена',
    notClosed: 'Месяц ещё не закрыт',
    openTimesheet: 'Открыть табель',
    month: 'Месяц',
    pdf: 'Сохранить PDF',
    xlsx: 'Сохранить Excel (.xlsx)',
    login: 'Логин',
    password: 'Пароль',
    submit: 'Войти',
    signOut: 'Выйти',
    date: 'Дата оплаты',
    otherMonth: 'попадёт в ведомость за',
    settingsTab: 'Настройки',
    feeMonth: 'Плата за месяц, ₸',
    chargeWithout: 'Оплачиваются дни отсутствия без уважительной причины',
    settingsSaved: 'Настройки платы сохранены',
    paymentsTab: 'Оплаты',
    child: 'Ребёнок',
    sheetTab: 'Ведомость за месяц',
    pdfTitle: 'Ведомость начисления родительской платы',
    attendanceTitle: 'Посещаемость',
    cancelAction: 'Отменить',
    from: 'Действует с месяца',
    monthClosed: 'Новые настройки платы действуют не раньше',
    cancelReason: 'Причина',
    cancelWhy: 'Квитанция другого ребёнка',
    required: 'Обязательное поле',
    debtorsTab: 'Должники',
    reductionsTab: 'Льготы',
    category: 'Льготная категория',
    largeFamily: 'Дети из многодетных семей',
    percent: 'Скидка, %',
    validFrom: 'Действует с',
    validTo: 'Действует по',
    endBeforeStart: 'Окончание не может быть раньше начала',
    openEnded: 'бессрочно',
  },
} as const;

const pad = (n: number) => String(n).padStart(2, '0');
const monthOf = (date: Date) => `${date.getFullYear()}-${pad(date.getMonth() + 1)}`;
const now = new Date();
/** Last month: over, so the director may close it (the page opens on it). */
const MONTH = monthOf(new Date(now.getFullYear(), now.getMonth() - 1, 1));
const ENROLLED_ON = `${monthOf(new Date(now.getFullYear(), now.getMonth() - 2, 1))}-01`;
/** "12 345,50 ₸" as the page prints it (no-break spaces). */
const tenge = (text: string) => text.replace(/ /g, '\u00a0') + '\u00a0₸';

/** No visible text may be a raw translation key such as `fees.sheet.hint`. */
async function expectNoRawKeys(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\b(fees|nav|errors|validation)\.[a-zA-Z]+/);
}

/**
 * Through the core as the director: a group of two children enrolled two months ago, every
 * working day of last month marked (one child ill on two days, which are not charged), the month
 * closed, the fee set. Returns the children's ids.
 */
async function closedMonth(url: string): Promise<{ present: string; absent: string }> {
  const { id: groupId } = await callRpc<{ id: string }>(url, 'groups.create', {
    name: GROUP,
    ageGroup: 'middle',
    language: 'kk',
  });
  const ids: string[] = [];
  for (const [index, lastName] of ['Әлиева', 'Бекова'].entries()) {
    const { id } = await callRpc<{ id: string }>(url, 'children.create', {
      iin: withCheckDigit(`2103146${index}12${index}`),
      lastName,
      firstName: 'Айару',
      birthDate: '2021-03-14',
      sex: 'female',
      citizenship: 'KZ',
      groupId,
      status: 'referred',
    });
    await callRpc(url, 'children.setStatus', { childId: id, status: 'enrolled', on: ENROLLED_ON });
    ids.push(id);
  }
  const [present, absent] = ids as [string, string];
  const calendar = await callRpc<{ days: { date: string; working: boolean }[] }>(
    url,
    'attendance.calendar',
    { year: Number(MONTH.slice(0, 4)) },
  );
  const days = calendar.days.filter((d) => d.working && d.date.startsWith(MONTH));
  for (const [index, { date }] of days.entries())
    await callRpc(url, 'attendance.saveDay', {
      groupId,
      date,
      marks: [
        { childId: present, value: { status: 'present' } },
        {
          childId: absent,
          value: index < 2 ? { status: 'absent', reason: 'illness' } : { status: 'present' },
        },
      ],
    });
  // The fee settings before the month closes: a closed month's fee no longer changes.
  await callRpc(url, 'fees.setSettings', {
    mode: 'month',
    amount: FEE * 100,
    chargeValidAbsence: false,
    chargeAbsenceWithout: true,
    freeDaysWithoutReason: 0,
    rounding: 'tenge',
    from: MONTH,
  });
  await callRpc(url, 'attendance.closeMonth', { groupId, month: MONTH });
  return { present, absent };
}

/** The cell values of a workbook, formulas as their results. */
async function workbookValues(bytes: Buffer): Promise<unknown[]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const values: unknown[] = [];
  workbook.eachSheet((sheet) =>
    sheet.eachRow((row) =>
      row.eachCell((cell) => {
        const value = cell.value;
        values.push(value && typeof value === 'object' && 'result' in value ? value.result : value);
      }),
    ),
  );
  return values;
}

for (const language of ['kk', 'ru'] as const) {
  const w = WORDS[language];
  test.describe(`fees (${language})`, () => {
    let host: RunningHost;
    // Each test sets up its own kindergarten.
    test.beforeEach(async () => {
      mkdirSync(SCREENS, { recursive: true });
      host = await startHost();
    });
    test.afterEach(() => host.stop());
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${SCREENS}/${language}-${name}.png`, fullPage: true });

    test(`the accountant records a payment and saves the fee sheet (${language})`, async ({
      page,
    }) => {
      test.setTimeout(180_000);
      await setUpKindergarten(page, host.url);
      await closedMonth(host.url);
      await addReadyStaff(host.url, ACCOUNTANT);

      // The accountant signs in (in Russian for the ru run).
      await page.getByRole('button', { name: 'Шығу' }).click();
      if (language === 'ru') await page.getByText('Рус', { exact: true }).click();
      await page.getByLabel(w.login).fill(ACCOUNTANT.login);
      await page.getByLabel(w.password).fill(ACCOUNTANT.password);
      await page.getByRole('button', { name: w.submit, exact: true }).click();
      await expect(page.getByTestId('signed-in-as')).toContainText(ACCOUNTANT.displayName, {
        timeout: 30_000,
      });
      if (language === 'ru') {
        await page.getByTestId('app-bar').getByText('Рус', { exact: true }).click();
        await expect(page.getByRole('button', { name: w.fees })).toBeVisible();
      }

      // Last month's sheet: a full month costs the fee, two days ill (not charged) less.
      await page.getByRole('button', { name: w.fees }).click();
      const group = page.getByTestId(`fee-group-${GROUP}`);
      const fullRow = group.getByTestId('fee-row').filter({ hasText: 'Әлиева' });
      const partRow = group.getByTestId('fee-row').filter({ hasText: 'Бекова' });
      await expect(fullRow.getByTestId('fee-left')).toHaveText(tenge('25 000'));
      const partText = (await partRow.getByTestId('fee-left').innerText()).replace(/\D/g, '');
      const partCharge = Number(partText);
      expect(partCharge).toBeGreaterThan(0);
      expect(partCharge).toBeLessThan(FEE);
      await expectNoRawKeys(page);
      await shot(page, '01-sheet');

      // A payment of 10 000,50 ₸ from the row: what is left drops by exactly that.
      // Dated today it would count in this month's sheet, and the dialog says so; the
      // receipt's date in last month puts it on this sheet.
      await fullRow.getByRole('button', { name: w.record }).click();
      const dialog = page.getByRole('dialog');
      await expect(dialog.getByText(w.otherMonth)).toBeVisible();
      await dialog.getByLabel(w.date).fill(`15.${MONTH.slice(5)}.${MONTH.slice(0, 4)}`);
      await expect(dialog.getByText(w.otherMonth)).toHaveCount(0);
      await dialog.getByLabel(w.amount).fill('10 000,50');
      await dialog.getByLabel(w.receipt).fill('КВ-101');
      await shot(page, '02-payment');
      await dialog.getByRole('button', { name: w.save }).click();
      await expect(dialog).toHaveCount(0);
      await expect(fullRow.getByTestId('fee-paid')).toHaveText(tenge('10 000,50'));
      await expect(fullRow.getByTestId('fee-left')).toHaveText(tenge('14 999,50'));

      // The same receipt number again (in lower case) is refused on its field; nothing changes.
      await partRow.getByRole('button', { name: w.record }).click();
      await dialog.getByLabel(w.date).fill(`16.${MONTH.slice(5)}.${MONTH.slice(0, 4)}`);
      await dialog.getByLabel(w.amount).fill('5000');
      await dialog.getByLabel(w.receipt).fill('кв-101');
      await dialog.getByRole('button', { name: w.save }).click();
      await expect(dialog.getByText(w.taken)).toBeVisible();
      await expectNoRawKeys(page);
      await shot(page, '03-receipt-taken');
      await page.keyboard.press('Escape');
      await expect(dialog).toHaveCount(0);
      await expect(partRow.getByTestId('fee-paid')).toHaveText(tenge('0'));

      // The sheet as a workbook: its total is the two charges (in tenge).
      const [xlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('fees-export-sheet').getByRole('button', { name: w.xlsx }).click(),
      ]);
      expect(xlsx.suggestedFilename()).toMatch(/\.xlsx$/);
      const values = await workbookValues(readFileSync((await xlsx.path())!));
      expect(values).toContain(FEE + partCharge);
      expect(values).toContain(10_000.5);
      expect(values.join(' ')).toContain('Әлиева');

      // And as a PDF in the interface's language.
      const [pdf] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('fees-export-sheet').getByRole('button', { name: w.pdf }).click(),
      ]);
      expect(pdf.suggestedFilename()).toMatch(/\.pdf$/);
      const bytes = readFileSync((await pdf.path())!);
      expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
      const text = (await extractPdfText(bytes)).join('\n');
      expect(text).toContain('Әлиева');
      expect(text).toContain('Бекова');
      expect(text.replace(/\s/g, '')).toContain(
        `${(FEE + partCharge).toLocaleString('en').replace(/,/g, '')}₸`,
      );
      expect(text).toContain(w.pdfTitle);

      // The other language is a choice beside the buttons.
      const other = language === 'kk' ? 'ru' : 'kk';
      await page
        .getByTestId('fees-export-sheet')
        .getByText(other === 'kk' ? 'Қаз' : 'Рус', { exact: true })
        .click();
      const [otherPdf] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('fees-export-sheet').getByRole('button', { name: w.pdf }).click(),
      ]);
      const otherText = (await extractPdfText(readFileSync((await otherPdf.path())!))).join('\n');
      expect(otherText).toContain(WORDS[other].pdfTitle);
      expect(otherText).not.toContain(w.pdfTitle);

      // The debtors at the month's end: both children, the larger debt first.
      await page.getByRole('tab', { name: w.debtorsTab }).click();
      const debtors = page.getByTestId('fee-debtors').locator('tbody tr');
      await expect(debtors).toHaveCount(2);
      await expect(debtors.nth(0)).toContainText('Бекова');
      await expect(debtors.nth(0)).toContainText(tenge(partCharge.toLocaleString('ru')));
      await expect(debtors.nth(1)).toContainText('Әлиева');
      await expect(debtors.nth(1)).toContainText(tenge('14 999,50'));
      await expectNoRawKeys(page);
      await shot(page, '04-debtors');
      const [debtorsXlsx] = await Promise.all([
        page.waitForEvent('download'),
        page.getByTestId('fees-export-debtors').getByRole('button', { name: w.xlsx }).click(),
      ]);
      const owed = await workbookValues(readFileSync((await debtorsXlsx.path())!));
      expect(owed).toContain(partCharge + FEE - 10_000.5);

      // A new fee from last month, which is closed, is refused on the month field, naming
      // this month as the first allowed; nothing changes.
      await page.getByRole('tab', { name: w.settingsTab }).click();
      const settings = page.getByTestId('fee-settings');
      await settings.getByLabel(w.from).selectOption(MONTH);
      await settings.getByLabel(w.feeMonth).fill('30 000');
      await settings.locator('button[type="submit"]').click();
      const thisMonth = `${MONTH_NAMES[language][now.getMonth()]} ${now.getFullYear()}`;
      await expect(settings.getByText(w.monthClosed)).toContainText(thisMonth);
      await expectNoRawKeys(page);
      await shot(page, '04b-settings-month-closed');
      expect(
        await callRpc<{ amount: number; from: string }>(host.url, 'fees.settings'),
      ).toMatchObject({ amount: FEE * 100, from: MONTH });

      // This month is not closed: the page says so and leads to the timesheet.
      await page.getByRole('tab', { name: w.sheetTab }).click();
      await page.getByTestId('fees-month').selectOption(monthOf(now));
      await expect(page.getByTestId('fees-not-closed')).toContainText(w.notClosed);
      await expect(page.getByRole('button', { name: w.openTimesheet })).toBeVisible();
      await expectNoRawKeys(page);
      await shot(page, '05-month-open');
      await page.getByRole('button', { name: w.openTimesheet }).click();
      await expect(page.getByRole('heading', { name: w.attendanceTitle })).toBeVisible();
    });

    test(`settings with a decimal comma, a payment from the list, a taken receipt, a reduction (${language})`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await setUpKindergarten(page, host.url);
      if (language === 'ru') {
        await page.getByTestId('app-bar').getByText('Рус', { exact: true }).click();
        await expect(page.getByRole('button', { name: w.fees })).toBeVisible();
      }
      const { id: groupId } = await callRpc<{ id: string }>(host.url, 'groups.create', {
        name: GROUP,
        ageGroup: 'middle',
        language: 'kk',
      });
      await callRpc(host.url, 'children.create', {
        iin: withCheckDigit('21031460120'),
        lastName: 'Сейітова',
        firstName: 'Айару',
        birthDate: '2021-03-14',
        sex: 'female',
        citizenship: 'KZ',
        groupId,
        status: 'enrolled',
      });
      await page.getByRole('button', { name: w.fees }).click();

      // The fee in tenge with a decimal comma is stored as exact tiyn.
      await page.getByRole('tab', { name: w.settingsTab }).click();
      const settings = page.getByTestId('fee-settings');
      // Never saved: the contract's fee charges every closed month; with no month picked the
      // core applies the settings from this month (none is closed here).
      await expect(page.getByTestId('fees-never-saved')).toBeVisible();
      await expect(settings.getByLabel(w.from)).toHaveValue('');
      await settings.getByLabel(w.feeMonth).fill('18 500,50');
      await expect(settings.getByLabel(w.chargeWithout)).toBeChecked();
      await settings.getByLabel(w.chargeWithout).uncheck();
      await settings.locator('button[type="submit"]').click();
      await expect(page.getByText(w.settingsSaved)).toBeVisible();
      const saved = await callRpc<{ amount: number; chargeAbsenceWithout: boolean; from: string }>(
        host.url,
        'fees.settings',
      );
      expect(saved).toMatchObject({
        amount: 1_850_050,
        chargeAbsenceWithout: false,
        from: monthOf(now),
      });
      await expectNoRawKeys(page);
      await shot(page, '11-settings');

      // This month's sheet: not closed yet, with the way to the timesheet.
      await page.getByRole('tab', { name: w.sheetTab }).click();
      await page.getByTestId('fees-month').selectOption(monthOf(now));
      await expect(page.getByTestId('fees-not-closed')).toContainText(w.notClosed);
      await expect(page.getByRole('button', { name: w.openTimesheet })).toBeVisible();
      await shot(page, '12-month-open');

      // A payment for a child found by name; the same receipt again is refused.
      await page.getByRole('tab', { name: w.paymentsTab }).click();
      for (const [amount, receipt] of [
        ['7 000', '55-А'],
        ['1 000', '55-А'],
      ] as const) {
        await page.getByRole('button', { name: w.record }).click();
        const dialog = page.getByRole('dialog');
        await dialog.getByLabel(w.child).fill('Сейіт');
        await page.getByRole('option', { name: /Сейітова Айару/ }).click();
        await dialog.getByLabel(w.amount).fill(amount);
        await dialog.getByLabel(w.receipt).fill(receipt);
        await dialog.getByRole('button', { name: w.save }).click();
        if (amount === '7 000') await expect(dialog).toHaveCount(0);
      }
      await expect(page.getByRole('dialog').getByText(w.taken)).toBeVisible();
      await shot(page, '13-receipt-taken');
      await page.keyboard.press('Escape');
      const rows = page.getByTestId('fee-payments').locator('tbody tr');
      await expect(rows).toHaveCount(1);
      await expect(rows.first()).toContainText(tenge('7 000'));
      await expectNoRawKeys(page);

      // Recorded by mistake: cancelled with a reason, it stays listed, marked, and out of the total.
      await rows.first().getByRole('button', { name: w.cancelAction }).click();
      const cancel = page.getByTestId('cancel-payment-form');
      await cancel.locator('button[type="submit"]').click();
      await expect(cancel.getByText(w.required)).toBeVisible();
      await cancel.getByLabel(w.cancelReason).fill(w.cancelWhy);
      await cancel.locator('button[type="submit"]').click();
      await expect(cancel).toHaveCount(0);
      await expect(rows.first().getByTestId('payment-cancelled')).toContainText(w.cancelWhy);
      await expect(page.getByTestId('fee-payments').locator('tfoot')).toContainText(tenge('0'));
      await shot(page, '15-payment-cancelled');

      // A reduction by privileged category: 50 % from the 1st of this month, open-ended.
      await page.getByRole('tab', { name: w.reductionsTab }).click();
      const form = page.getByTestId('reduction-form');
      await form.getByLabel(w.child).fill('Сейіт');
      await page.getByRole('option', { name: /Сейітова Айару/ }).click();
      await form.getByLabel(w.category).click();
      await page.getByRole('option', { name: w.largeFamily }).click();
      await form.getByLabel(w.percent).fill('50');
      await form.getByLabel(w.validFrom).fill(`01.${monthOf(now).slice(5)}.${now.getFullYear()}`);
      await form.getByLabel(w.validTo).fill(`01.01.${now.getFullYear()}`);
      await form.locator('button[type="submit"]').click();
      await expect(form.getByText(w.endBeforeStart)).toBeVisible();
      await form.getByLabel(w.validTo).fill('');
      await form.locator('button[type="submit"]').click();
      const reductions = page.getByTestId('fee-reductions').locator('tbody tr');
      await expect(reductions).toHaveCount(1);
      await expect(reductions.first()).toContainText('Сейітова Айару');
      await expect(reductions.first()).toContainText(w.largeFamily);
      await expect(reductions.first()).toContainText('50 %');
      await expect(reductions.first()).toContainText(w.openEnded);
      expect(await callRpc(host.url, 'fees.reductions', {})).toMatchObject([
        { categoryCode: 'large_family', percent: 50, validTo: null },
      ]);
      await expectNoRawKeys(page);
      await shot(page, '14-reductions');
    });
  });
}
