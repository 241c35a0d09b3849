import { expect, test, type Locator, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readFileSync, readdirSync, statSync } from 'node:fs';
import { join } from 'node:path';
import ExcelJS from 'exceljs';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';
import { withCheckDigit } from '../helpers/enrolled-child';
import { rasterPages } from '../helpers/raster';
import { extractPdfText } from '../../electron/core/pdf/read-back';

/**
 * Issue 15, lists (kk and ru) at 1024×768: a group's allergy list for the kitchen shows only
 * that group's allergies and prints to the CUPS test printer (the printed pages are the list's
 * own PDF, whose text holds an allergen read from the screen); a list of children with a column
 * added by keyboard is saved as .xlsx after a warning that names the file, and the workbook's
 * rows (read with exceljs) are the table on screen, header included.
 */
const PRINTER = process.env.BALABAQSHA_TEST_PRINTER;
const PRINT_DIR = process.env.BALABAQSHA_TEST_PRINT_DIR;
const SCREENS = 'test-results/screens/reports-lists';
const GROUP = 'Күншуақ';
const OTHER_GROUP = 'Балапан';
const PEANUT = 'Жержаңғақ';
const HONEY = 'Бал (ара балы)';
const FISH = 'Балық';

const WORDS = {
  kk: {
    reports: 'Есептер',
    lists: 'Тізімдер',
    kind: 'Тізім',
    allergies: 'Аллергиялар (ас блогына)',
    children: 'Балалар тізімі',
    group: 'Топ',
    print: 'Басып шығару…',
    printDialog: 'Тізімді басып шығару',
    printer: 'Принтер',
    duplex: 'Парақтың екі жағына басу',
    start: 'Басып шығару',
    printed: 'Тізім принтерге жіберілді.',
    columns: /^Бағандар/,
    xlsx: 'Excel (.xlsx) сақтау',
    warning: 'Дербес деректері бар файл',
    save: 'Сақтау',
    lang: 'Қаз',
    back: '← Есептерге',
  },
  ru: {
    reports: 'Отчёты',
    lists: 'Списки',
    kind: 'Список',
    allergies: 'Аллергии (для пищеблока)',
    children: 'Список детей',
    group: 'Группа',
    print: 'Печать…',
    printDialog: 'Печать списка',
    printer: 'Принтер',
    duplex: 'Печать с двух сторон листа',
    start: 'Печатать',
    printed: 'Список отправлен на принтер.',
    columns: /^Столбцы/,
    xlsx: 'Сохранить Excel (.xlsx)',
    warning: 'Файл с персональными данными',
    save: 'Сохранить',
    lang: 'Рус',
    back: '← К отчётам',
  },
} as const;

let host: RunningHost;
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, locale: 'kk-KZ', viewport: { width: 1024, height: 768 } });
test.setTimeout(180_000);
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startHost();
});
test.afterAll(() => host.stop());

const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(host.url, method, input);

const printedFiles = () =>
  PRINT_DIR && existsSync(PRINT_DIR)
    ? readdirSync(PRINT_DIR).filter((name) => name.endsWith('.pdf'))
    : [];

async function newPrint(before: string[]): Promise<string | undefined> {
  for (let wait = 0; wait < 120; wait++) {
    const added = printedFiles().filter(
      (name) => !before.includes(name) && statSync(join(PRINT_DIR!, name)).size > 0,
    );
    if (added.length) return join(PRINT_DIR!, added[0]!);
    await new Promise((done) => setTimeout(done, 500));
  }
  return undefined;
}

const groupIdOf = async (name: string) =>
  (await rpc<{ id: string; name: string }[]>('groups.list')).find((group) => group.name === name)!
    .id;

const DPI = 100;

type Raster = { width: number; height: number; pixels: Buffer };

/**
 * The share of one page's ink (grey < 96) with no ink at all (grey < 224) within a pixel on the
 * other page, the larger of both ways: 0 for the same page drawn again (Ghostscript's
 * anti-aliasing moves edges, not strokes), well above it for other words.
 */
function strayInk(a: Raster, b: Raster): number {
  const oneWay = (from: Raster, to: Raster) => {
    let ink = 0;
    let stray = 0;
    for (let y = 0; y < from.height; y++)
      for (let x = 0; x < from.width; x++) {
        if (from.pixels[y * from.width + x]! >= 96) continue;
        ink++;
        let near = false;
        for (let dy = -1; dy <= 1 && !near; dy++)
          for (let dx = -1; dx <= 1 && !near; dx++) {
            const [nx, ny] = [x + dx, y + dy];
            near =
              nx >= 0 &&
              ny >= 0 &&
              nx < to.width &&
              ny < to.height &&
              to.pixels[ny * to.width + nx]! < 224;
          }
        if (!near) stray++;
      }
    return ink ? stray / ink : 0;
  };
  return Math.max(oneWay(a, b), oneWay(b, a));
}

/** The list's own PDF, as the core lays it out for printing. */
async function listPdf(query: Record<string, unknown>): Promise<Buffer> {
  const file = await rpc<{ base64: string }>('reports.listPdf', query);
  return Buffer.from(file.base64, 'base64');
}

/** Two groups; allergies in both, so the kitchen's list of one must leave the other's out. */
async function seed(): Promise<void> {
  const group = await rpc<{ id: string }>('groups.create', {
    name: GROUP,
    ageGroup: 'senior',
    language: 'kk',
  });
  const other = await rpc<{ id: string }>('groups.create', {
    name: OTHER_GROUP,
    ageGroup: 'junior',
    language: 'ru',
  });
  const children = [
    { iin: '20031460123', lastName: 'Ұлықбекова', firstName: 'Іңкәр', groupId: group.id },
    { iin: '20052250456', lastName: 'Әбенов', firstName: 'Нұрсұлтан', groupId: group.id },
    { iin: '20110160789', lastName: 'Сергеева', firstName: 'Анна', groupId: group.id },
    { iin: '21070750321', lastName: 'Қасымов', firstName: 'Ерлан', groupId: other.id },
  ];
  const ids: string[] = [];
  for (const child of children) {
    const { id } = await rpc<{ id: string }>('children.create', {
      ...child,
      iin: withCheckDigit(child.iin),
      birthDate: `20${child.iin.slice(0, 2)}-${child.iin.slice(2, 4)}-${child.iin.slice(4, 6)}`,
      sex: child.iin[6] === '5' ? 'male' : 'female',
      citizenship: 'KZ',
      status: 'enrolled',
    });
    ids.push(id);
  }
  const allergy = (childId: string, allergen: string, allergyKind: string, reaction: string) =>
    rpc('health.addRecord', {
      childId,
      record: { kind: 'allergy', allergyKind, allergen, reaction },
    });
  await allergy(ids[0]!, PEANUT, 'food', 'Бөртпе');
  await allergy(ids[1]!, HONEY, 'food', 'Ісіну');
  await allergy(ids[3]!, FISH, 'food', 'Бөртпе');
}

/** The table as the eye reads it: header cells, then each row's cells. */
async function tableOnScreen(table: Locator): Promise<string[][]> {
  return table.evaluate((element) =>
    [...element.querySelectorAll('tr')].map((row) =>
      [...row.querySelectorAll('th, td')].map((cell) => (cell.textContent ?? '').trim()),
    ),
  );
}

/** A workbook's first sheet as text rows (dates as dd.mm.yyyy, as the screen writes them). */
async function workbookRows(bytes: Buffer): Promise<string[][]> {
  const workbook = new ExcelJS.Workbook();
  await workbook.xlsx.load(bytes as unknown as ArrayBuffer);
  const sheet = workbook.worksheets[0]!;
  const rows: string[][] = [];
  sheet.eachRow((row) => {
    const cells: string[] = [];
    for (let column = 1; column <= sheet.columnCount; column++) {
      const value = row.getCell(column).value;
      cells.push(
        value instanceof Date
          ? value.toISOString().slice(0, 10).split('-').reverse().join('.')
          : value === null || value === undefined
            ? ''
            : typeof value === 'object' && 'richText' in value
              ? value.richText.map((part) => part.text).join('')
              : String(value).trim(),
      );
    }
    while (cells.length && cells[cells.length - 1] === '') cells.pop();
    rows.push(cells);
  });
  return rows;
}

/** Nothing on the page reaches past the 1024 px window sideways. */
async function expectFits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
}

async function openLists(page: Page, language: 'kk' | 'ru') {
  const w = WORDS[language];
  await page.goto(host.url);
  await expect(page.getByTestId('signed-in-as')).toBeVisible({ timeout: 30_000 });
  if (language === 'ru') {
    await page.getByTestId('app-bar').getByText(w.lang, { exact: true }).click();
  }
  await page.getByRole('button', { name: w.reports }).click();
  await page.getByRole('tab', { name: w.lists }).click();
  return page.getByTestId('reports-lists');
}

for (const language of ['kk', 'ru'] as const) {
  const w = WORDS[language];
  const shot = (page: Page, name: string) =>
    page.screenshot({ path: `${SCREENS}/${language}-${name}.png`, fullPage: true });

  test(`${language}: a group's allergies for the kitchen, printed`, async ({ page }) => {
    if (language === 'kk') {
      await setUpKindergarten(page, host.url);
      await seed();
    }
    const lists = await openLists(page, language);
    await lists.getByLabel(w.kind, { exact: true }).selectOption({ label: w.allergies });
    await lists.getByLabel(w.group, { exact: true }).selectOption({ label: GROUP });
    const table = lists.getByTestId('reports-list-table');
    await expect(table).toContainText(PEANUT);
    await expect(table).toContainText(HONEY);
    await expect(table).not.toContainText(FISH); // the other group's
    await expect(table).not.toContainText('Сергеева'); // no allergy: not on the kitchen's list
    await expectFits(page);
    await shot(page, '01-allergies');

    // The allergen as the screen shows it is what the printed page must hold.
    const shown = await tableOnScreen(table);
    const allergen = shown.flat().find((cell) => cell === PEANUT);
    expect(allergen).toBe(PEANUT);

    await lists.getByRole('button', { name: w.print }).click();
    const dialog = page.getByRole('dialog', { name: w.printDialog });
    await expect(dialog).toBeVisible();
    await expect(dialog).toContainText(GROUP);
    await shot(page, '02-print-dialog');
    if (!PRINTER) {
      test.info().annotations.push({
        type: 'skip',
        description: 'BALABAQSHA_TEST_PRINTER unset: printing itself not tried',
      });
      return;
    }
    await dialog.getByLabel(w.printer).selectOption(PRINTER);
    await dialog.getByLabel(w.duplex).uncheck();
    const before = printedFiles();
    await dialog.getByRole('button', { name: w.start, exact: true }).click();
    await expect(page.getByText(w.printed)).toBeVisible();
    await expect(dialog).toBeHidden();
    if (!PRINT_DIR) return;
    const printed = await newPrint(before);
    expect(printed, 'a printed file in the CUPS-PDF folder').toBeTruthy();
    // CUPS-PDF distils the job again with Ghostscript, which drops the fonts' text map, so
    // the printed file's words cannot be read back as text (pdftotext gives glyph codes): its
    // pages are compared with the list's own PDF for the same query, whose text (pdf.js) holds
    // the allergen read from the screen. Another group's list shows the comparison tells.
    const groupId = await groupIdOf(GROUP);
    const own = await listPdf({ kind: 'allergies', groupId, status: 'enrolled', language });
    const ownText = (await extractPdfText(own)).join(' ').replace(/\s+/g, ' ');
    expect(ownText).toContain(allergen!);
    expect(ownText).toContain(GROUP);
    expect(ownText).not.toContain(FISH);
    const printedPages = rasterPages(readFileSync(printed!), DPI);
    const ownPages = rasterPages(own, DPI);
    expect(printedPages.length).toBe(ownPages.length);
    const otherPages = rasterPages(
      await listPdf({ kind: 'allergies', groupId: await groupIdOf(OTHER_GROUP), language }),
      DPI,
    );
    const same = strayInk(printedPages[0]!, ownPages[0]!);
    const other = strayInk(printedPages[0]!, otherPages[0]!);
    expect(same, `printed vs. own ${same}, vs. other group ${other}`).toBeLessThan(0.005);
    expect(other).toBeGreaterThan(0.02);
  });

  test(`${language}: a list of children with a column added by keyboard, saved as .xlsx`, async ({
    page,
  }) => {
    const lists = await openLists(page, language);
    await lists.getByLabel(w.kind, { exact: true }).selectOption({ label: w.children });
    await lists.getByLabel(w.group, { exact: true }).selectOption({ label: GROUP });
    const table = lists.getByTestId('reports-list-table');
    await expect(table).toContainText('Ұлықбекова');
    await expect(table).not.toContainText('Қасымов');

    // A column the list does not show yet, ticked with the keyboard alone.
    const groupId = await groupIdOf(GROUP);
    const offered = await rpc<{
      columns: { key: string }[];
      available: { key: string; label: Record<'kk' | 'ru', string> }[];
    }>('reports.list', { kind: 'children', groupId });
    const extra = offered.available.find(
      (column) => !offered.columns.some((shownColumn) => shownColumn.key === column.key),
    )!;
    expect(extra, 'a column to add').toBeTruthy();
    const label = extra.label[language];
    await lists.getByRole('button', { name: w.columns }).focus();
    await page.keyboard.press('Enter');
    const checkbox = page.getByRole('checkbox', { name: label, exact: true });
    await expect(checkbox).toBeVisible();
    for (let step = 0; step < 30; step++) {
      if (await checkbox.evaluate((element) => element === document.activeElement)) break;
      await page.keyboard.press('Tab');
    }
    await expect(checkbox).toBeFocused();
    await page.keyboard.press('Space');
    await expect(checkbox).toBeChecked();
    await shot(page, '03-columns');
    await page.keyboard.press('Escape');
    await expect(checkbox).toBeHidden();
    await expect(table.locator('th', { hasText: label })).toBeVisible();
    await expectFits(page);
    await shot(page, '04-children');

    const screen = await tableOnScreen(table);
    expect(screen.length).toBe(4); // the header and the group's three children

    // The warning names the file and says it holds personal data; Save downloads that file.
    await lists.getByRole('button', { name: w.xlsx }).click();
    const warning = page.getByRole('dialog', { name: w.warning });
    const text = await warning.getByTestId('reports-list-xlsx-warning').innerText();
    const fileName = /«([^«»]+\.xlsx)»/.exec(text)?.[1];
    expect(fileName, text).toBeTruthy();
    expect(fileName).toContain(GROUP);
    await shot(page, '05-xlsx-warning');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      warning.getByRole('button', { name: w.save, exact: true }).click(),
    ]);
    expect(download.suggestedFilename()).toBe(fileName);
    const rows = await workbookRows(readFileSync((await download.path())!));
    // The sheet may have a title above the table: its table starts at the header row.
    const header = rows.findIndex((row) => row.join('|') === screen[0]!.join('|'));
    expect(header, `header ${screen[0]!.join('|')} in ${JSON.stringify(rows)}`).toBeGreaterThan(-1);
    expect(rows.slice(header, header + screen.length)).toEqual(screen);
    const after = rows.slice(header + screen.length).filter((row) => row.length);
    expect(after.flat().join(' ')).not.toContain('Қасымов');

    // A name opens the child's record; back, the list is as it was left.
    await table.getByRole('button', { name: 'Ұлықбекова Іңкәр' }).click();
    await expect(lists).toBeHidden();
    await expect(page.getByText('Ұлықбекова').first()).toBeVisible();
    await shot(page, '06-child-from-list');
    await page.getByRole('button', { name: w.back }).click();
    await expect(lists.getByLabel(w.group, { exact: true })).toHaveValue(groupId);
    await expect(table.locator('th', { hasText: label })).toBeVisible();
  });
}
