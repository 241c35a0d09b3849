import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DIRECTOR, startHost, type RunningHost } from './web-host';
import { runCli } from '../helpers/cli';

/**
 * Issue 15, the overview and the statistics export (kk and ru) at 1024×768 on a store the CLI
 * seeded with 2,000 children and 12 months of attendance: the groups' capacity, vacancies and
 * attendance with both charts drawn; the director sets a capacity by keyboard and the
 * vacancies follow; a to-do item opens that child's record and Back returns to the overview;
 * the statistics CSV downloads with its exact header, holds none of the seeded IINs, names or
 * birth dates, and the screen lists what was suppressed and why.
 */
const SCREENS = 'test-results/screens/reports-overview';
const CHILDREN = 2000;

const WORDS = {
  kk: {
    lang: 'Қаз',
    reports: 'Есептер',
    overview: 'Шолу',
    month: 'Ай',
    stats: 'Статистика',
    csv: 'CSV сақтау',
    xlsx: 'Excel (.xlsx) сақтау',
    suppressed: /Жасырылған ұяшықтар: \d+/,
    reasons: ['5-тен аз бала', 'қосындыдан есептеп шығармау үшін'],
    capacityOf: (group: string) => `${group} тобының орын саны`,
    capacitySaved: 'орын саны сақталды',
    withoutPhoto: 'Суреті жоқ балалар',
    open: (name: string) => `${name} ісін ашу`,
    back: 'Есептерге',
  },
  ru: {
    lang: 'Рус',
    reports: 'Отчёты',
    overview: 'Обзор',
    month: 'Месяц',
    stats: 'Статистика',
    csv: 'Сохранить CSV',
    xlsx: 'Сохранить Excel (.xlsx)',
    suppressed: /Скрыто ячеек: \d+/,
    reasons: ['меньше 5 детей', 'чтобы нельзя было вычислить по итогам'],
    capacityOf: (group: string) => `Мест в группе ${group}`,
    capacitySaved: 'число мест сохранено',
    withoutPhoto: 'Дети без фотографии',
    open: (name: string) => `Открыть дело: ${name}`,
    back: 'К отчётам',
  },
} as const;
type Language = keyof typeof WORDS;

interface SeededChild {
  iin: string;
  lastName: string;
  firstName: string;
  birthDate: string;
}

let host: RunningHost;
let seeded: SeededChild[] = [];
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 20_000, locale: 'kk-KZ', viewport: { width: 1024, height: 768 } });
test.setTimeout(180_000);

/** The store is made and seeded by the CLI before the web host opens it. */
test.beforeAll(async () => {
  test.setTimeout(300_000);
  mkdirSync(SCREENS, { recursive: true });
  const root = mkdtempSync(join(tmpdir(), 'bq-e2e-reports-'));
  const data = join(root, 'data');
  const env = {
    BALABAQSHA_DEVICE_KEY: join(root, 'device.key'),
    BALABAQSHA_PASSWORD: DIRECTOR.password,
  };
  const cli = async (args: string[]) => {
    const result = await runCli(args, env);
    if (result.code !== 0) throw new Error(`${args[0]}: ${result.code} ${result.stderr}`);
    return result.stdout;
  };
  await cli([
    'init',
    '--data',
    data,
    '--org-name',
    '«Балапан» бөбекжайы',
    '--org-bin',
    '150440001236',
    '--admin-login',
    DIRECTOR.login,
    '--admin-name',
    DIRECTOR.name,
  ]);
  await cli([
    'seed',
    '--data',
    data,
    '--children',
    String(CHILDREN),
    '--documents',
    '40',
    '--attendance-months',
    '12',
    '--as',
    DIRECTOR.login,
  ]);
  const listed = JSON.parse(
    await cli(['children', 'list', '--data', data, '--json', '--as', DIRECTOR.login]),
  ) as { children: SeededChild[] };
  seeded = listed.children;
  expect(seeded.length).toBe(CHILDREN);
  host = await startHost({}, root);
});
test.afterAll(() => host?.stop());

async function openReports(page: Page, language: Language) {
  const w = WORDS[language];
  await page.goto(host.url);
  const login = page.getByLabel('Логин');
  await expect(login.or(page.getByTestId('signed-in-as'))).toBeVisible({ timeout: 30_000 });
  if (await login.isVisible()) {
    await login.fill(DIRECTOR.login);
    await page.getByLabel('Құпиясөз').fill(DIRECTOR.password);
    await page.getByRole('button', { name: 'Кіру' }).click();
  }
  await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name, { timeout: 30_000 });
  await page.getByTestId('app-bar').getByText(w.lang, { exact: true }).click();
  await page.getByRole('navigation').getByRole('button', { name: w.reports }).click();
  await expect(page.getByRole('tab', { name: w.overview })).toHaveAttribute(
    'aria-selected',
    'true',
  );
}

/** Nothing on the page reaches past the 1024 px window sideways. */
async function expectFits(page: Page) {
  expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(1024);
}

for (const language of ['kk', 'ru'] as const) {
  const w = WORDS[language];
  const shot = (page: Page, name: string, fullPage = false) =>
    page.screenshot({ path: `${SCREENS}/${language}-${name}.png`, fullPage });

  test(`${language}: the overview of ${CHILDREN} children with its charts; a capacity set by keyboard`, async ({
    page,
  }) => {
    await openReports(page, language);
    const overview = page.getByTestId('reports-overview');
    await expect(overview).toBeVisible({ timeout: 30_000 });
    // The seed makes a group per age group and language: ten rows, their children adding up.
    const rows = overview.getByTestId('reports-group-row');
    await expect(rows).toHaveCount(10);
    // Last month: the seed marked every working day of it (this month may have none yet).
    const month = overview.getByLabel(w.month, { exact: true });
    await month.selectOption({ index: 1 });
    await expect(month).toBeEnabled();
    await expect(rows.first().locator('td').nth(4)).toHaveText(/^\d+(\.\d)? %$/);
    const children = await rows.evaluateAll((all) =>
      all.map((row) => Number(row.querySelectorAll('td')[2]!.textContent)),
    );
    expect(children.reduce((a, b) => a + b, 0)).toBeGreaterThan(CHILDREN / 2);
    // This month's rate is a percentage from the seeded marks, for some group at least.
    const rates = await rows.evaluateAll((all) =>
      all.map((row) => row.querySelectorAll('td')[4]!.textContent ?? ''),
    );
    expect(rates.filter((rate) => /^\d+(\.\d)? %$/.test(rate)).length).toBeGreaterThanOrEqual(5);

    // Both charts are drawn: a bar per group, a line per group over 12 months.
    const bars = overview.getByTestId('reports-rate-chart').locator('.recharts-bar-rectangle');
    await expect(bars.first()).toBeVisible();
    expect(await bars.count()).toBeGreaterThanOrEqual(5);
    const lines = overview.getByTestId('reports-trend-chart').locator('path.recharts-line-curve');
    await expect(lines.first()).toBeVisible();
    expect(await lines.count()).toBe(10);
    const ticks = overview
      .getByTestId('reports-trend-chart')
      .locator('.recharts-xAxis .recharts-cartesian-axis-tick');
    expect(await ticks.count()).toBeGreaterThanOrEqual(6);

    // The counts tables hold every counted child once.
    await expect(overview.getByTestId('counts-groups')).toBeVisible();
    await expectFits(page);
    await shot(page, 'overview');
    await overview.getByTestId('reports-rate-chart').scrollIntoViewIfNeeded();
    await shot(page, 'charts');

    // The director sets the first group's capacity by keyboard: Enter saves, vacancies follow.
    const first = rows.first();
    const group = (await first.locator('td').first().locator('p').first().innerText()).trim();
    const count = children[0]!;
    const capacity = count + (language === 'kk' ? 5 : 7);
    const input = first.getByRole('textbox', { name: w.capacityOf(group) });
    await input.focus();
    await page.keyboard.press('ControlOrMeta+a');
    await page.keyboard.type(String(capacity));
    await page.keyboard.press('Enter');
    await expect(page.getByText(w.capacitySaved).first()).toBeVisible();
    await expect(first.getByTestId('reports-vacancies')).toHaveText(String(capacity - count));
    await expect(input).toHaveValue(String(capacity));
    await shot(page, 'capacity');
  });

  test(`${language}: a to-do item opens its child's record; Back returns to the overview`, async ({
    page,
  }) => {
    await openReports(page, language);
    const todo = page.getByTestId('todo-withoutPhoto');
    await expect(todo).toBeVisible({ timeout: 30_000 });
    await expect(todo).toContainText(w.withoutPhoto);
    // Far more than the 40 with a photo lack one; the count is the full number.
    const count = Number(await todo.locator('.mantine-Badge-root').first().innerText());
    expect(count).toBeGreaterThan(CHILDREN / 2);
    const item = todo
      .getByRole('listitem')
      .nth(language === 'kk' ? 0 : 1)
      .getByRole('button');
    const name = (await item.innerText()).trim();
    await expect(item).toHaveAccessibleName(w.open(name));
    await item.scrollIntoViewIfNeeded();
    await shot(page, 'todo');
    // By keyboard: the link takes the focus and Enter opens it.
    await item.focus();
    await page.keyboard.press('Enter');
    await expect(page.getByRole('heading', { name })).toBeVisible({ timeout: 30_000 });
    await expectFits(page);
    await shot(page, 'todo-opened');
    await page.getByRole('button', { name: new RegExp(w.back) }).click();
    await expect(page.getByTestId('todo-withoutPhoto')).toBeVisible();
  });

  test(`${language}: the statistics CSV holds no seeded child; the screen says what was suppressed`, async ({
    page,
  }) => {
    await openReports(page, language);
    // The keyboard moves along the tabs: Overview → (Lists) → Statistics.
    await page.getByRole('tab', { name: w.overview }).focus();
    await page.keyboard.press('ArrowRight');
    await page.keyboard.press('ArrowRight');
    await expect(page.getByRole('tab', { name: w.stats })).toHaveAttribute('aria-selected', 'true');
    const stats = page.getByTestId('reports-stats');
    const download = page.waitForEvent('download');
    await stats.getByRole('button', { name: w.csv }).click();
    const file = await download;
    expect(file.suggestedFilename()).toMatch(/\.csv$/);
    const text = readFileSync(await file.path(), 'utf8');
    const lines = text.split('\r\n').filter(Boolean);
    expect(lines[0]).toBe('table;dimension;category;count');
    expect(lines.length).toBeGreaterThan(20);
    for (const line of lines.slice(1)) expect(line).toMatch(/;(suppressed|[5-9]|\d{2,})$/);
    // No seeded identifier: IIN, birth date in both spellings, last name with first name.
    for (const child of seeded) {
      expect(text).not.toContain(child.iin);
      expect(text).not.toContain(child.birthDate);
      expect(text).not.toContain(child.birthDate.split('-').reverse().join('.'));
      expect(text).not.toContain(`${child.lastName} ${child.firstName}`);
    }
    expect(text).not.toMatch(/\d{12}/);
    const suppressed = page.getByTestId('reports-suppressed');
    await expect(suppressed).toContainText(w.suppressed);
    await expect(suppressed).toContainText(file.suggestedFilename());
    await expect(
      suppressed.getByText(w.reasons[0]).or(suppressed.getByText(w.reasons[1])).first(),
    ).toBeVisible();
    await expectFits(page);
    await shot(page, 'stats', true);

    const xlsx = page.waitForEvent('download');
    await stats.getByRole('button', { name: w.xlsx }).click();
    expect((await xlsx).suggestedFilename()).toMatch(/\.xlsx$/);
  });
}
