import { expect as baseExpect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';

/**
 * Issue 13, items 2, 3 and 12 in Kazakh and Russian against the real web host: back from a
 * child's file the list is where it was (search, filters, scroll) and its scrollbar is the whole
 * list from the start; enrolment fills the birth date and sex from the IIN and chooses no sex by
 * itself; the app bar fits at 1024×768 with every badge and a long name.
 */
const SCREENS = 'test-results/screens';
const expect = baseExpect.configure({ timeout: 15_000 });
const ROW_HEIGHT = 41;
/** A long name, as some are: the app bar must cut it, not overflow. */
const DIRECTOR = {
  name: 'Гүлжаһан Бақытжанқызы Әбдірахманова-Сейітқасымова',
  login: 'gulzhahan',
  password: 'director-pass-1',
};

/** A valid IIN from its first 11 digits (birth date, century/sex digit, serial). */
function iin(first11: string): string {
  const digit = checkDigit([...first11].map(Number));
  if (digit === null) throw new Error('no check digit for these 11 digits: pick another serial');
  return first11 + digit;
}

const WORDS = {
  kk: {
    lang: 'Қаз',
    search: 'Аты немесе ЖСН бойынша іздеу',
    group: 'Тобы',
    status: 'Мәртебесі',
    total: 'Барлығы',
    back: 'Балалар тізіміне',
    enrol: 'Баланы қабылдау',
    submit: 'Қабылдау',
    iin: 'ЖСН',
    birthDate: 'Туған күні',
    sex: 'Жынысы',
    lastName: 'Тегі',
    firstName: 'Аты',
    fromIin: 'ЖСН бойынша толтырылды',
    sexMismatch: 'Жынысы ЖСН-мен сәйкес келмейді',
  },
  ru: {
    lang: 'Рус',
    search: 'Поиск по имени или ИИН',
    group: 'Группа',
    status: 'Статус',
    total: 'Всего',
    back: 'К списку детей',
    enrol: 'Принять ребёнка',
    submit: 'Принять',
    iin: 'ИИН',
    birthDate: 'Дата рождения',
    sex: 'Пол',
    lastName: 'Фамилия',
    firstName: 'Имя',
    fromIin: 'Заполнено по ИИН',
    sexMismatch: 'Пол не совпадает с ИИН',
  },
} as const;
type Language = keyof typeof WORDS;

/** A field's label exactly, with or without the required-field asterisk. */
const exactly = (label: string) => new RegExp(`^${label}\\s*\\*?$`);

let host: RunningHost;
/** How many seeded children the search and filters below find. */
let found = 0;
test.describe.configure({ mode: 'serial' });
test.use({ actionTimeout: 15_000, locale: 'kk-KZ', viewport: { width: 1024, height: 768 } });
test.setTimeout(240_000);
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startHost();
});
test.afterAll(() => host.stop());

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENS}/everyday-${name}.png` });

async function signIn(page: Page, language: Language) {
  await page.goto(host.url);
  // The web host keeps the session of the test before: signed in still, or the sign-in screen.
  const login = page.getByLabel('Логин');
  await expect(login.or(page.getByTestId('signed-in-as'))).toBeVisible();
  if (await login.isVisible()) {
    await login.fill(DIRECTOR.login);
    await page.getByLabel('Құпиясөз').fill(DIRECTOR.password);
    await page.getByRole('button', { name: 'Кіру' }).click();
  }
  await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name);
  await page.locator('header').getByText(WORDS[language].lang, { exact: true }).click();
  await expect(page.getByLabel(WORDS[language].search)).toBeVisible();
}

test('set-up: a kindergarten whose director has a long name, two groups, 400 children', async ({
  page,
}) => {
  await setUpKindergarten(page, host.url, DIRECTOR);

  const aqbota = await callRpc<{ id: string }>(host.url, 'groups.create', {
    name: 'Ақбота',
    ageGroup: 'senior',
    language: 'kk',
  });
  const balapan = await callRpc<{ id: string }>(host.url, 'groups.create', {
    name: 'Балапан',
    ageGroup: 'middle',
    language: 'ru',
  });
  // Two surnames in turn, every fifth child in the other group, every seventh only referred:
  // the search and both filters below leave well over one page of 100.
  for (let i = 0; i < 400; i++) {
    const [month, day] = [1 + (Math.floor(i / 28) % 12), 1 + (i % 28)];
    const date = `19${String(month).padStart(2, '0')}${String(day).padStart(2, '0')}`;
    const first11 = `${date}5${String(1000 + i)}`;
    if (checkDigit([...first11].map(Number)) === null) continue;
    const lastName = i % 2 === 0 ? 'Серікбаев' : 'Нұрланов';
    const groupId = i % 5 === 0 ? balapan.id : aqbota.id;
    const status = i % 7 === 0 ? 'referred' : 'enrolled';
    await callRpc(host.url, 'children.create', {
      iin: iin(first11),
      lastName,
      firstName: `Тимур-${String(i).padStart(3, '0')}`,
      birthDate: `2019-${date.slice(2, 4)}-${date.slice(4, 6)}`,
      sex: 'male',
      citizenship: 'Қазақстан',
      groupId,
      status,
    });
    if (lastName === 'Серікбаев' && groupId === aqbota.id && status === 'enrolled') found++;
  }
  expect(found).toBeGreaterThan(130);
});

for (const language of ['kk', 'ru'] as const) {
  const w = WORDS[language];

  test(`${language}: back from a child's file the list keeps its search, filters and scroll; its scrollbar is the whole list`, async ({
    page,
  }) => {
    await signIn(page, language);
    const scroller = page.getByTestId('children-scroller');
    const header = await page.locator('thead').boundingBox();
    // The whole list's height from the first page on, not the 100 rows loaded so far.
    await expect(page.getByTestId('children-total')).toHaveText(new RegExp(`${w.total}: \\d+`));
    const all = Number(/\d+/.exec(await page.getByTestId('children-total').innerText())![0]);
    expect(all).toBeGreaterThan(350);
    await expect
      .poll(() => scroller.evaluate((element) => element.scrollHeight))
      .toBeGreaterThanOrEqual(all * ROW_HEIGHT);
    expect(await page.locator('tr[data-index]').count()).toBeLessThan(60);

    await page.getByLabel(w.search).fill('Серікбаев');
    await page.getByLabel(exactly(w.group)).selectOption({ label: 'Ақбота' });
    await page
      .getByLabel(exactly(w.status))
      .selectOption({ label: language === 'kk' ? 'Қабылданды' : 'Зачислен' });
    await expect(page.getByTestId('children-total')).toHaveText(`${w.total}: ${found}`);
    const height = await scroller.evaluate((element) => element.scrollHeight);
    expect(height).toBeGreaterThanOrEqual(found * ROW_HEIGHT);
    expect(height).toBeLessThan(found * ROW_HEIGHT + (header?.height ?? 0) + 60);

    // Far down, on the second page: the rows come in as they scroll into view.
    const target = 105;
    await scroller.evaluate((element, top) => element.scrollTo({ top }), target * ROW_HEIGHT);
    const row = page.locator(`tr[data-index="${target}"]`);
    await expect(row).not.toHaveAttribute('aria-busy', 'true');
    await expect(row.locator('td').first()).toContainText('Серікбаев Тимур-');
    const name = (await row.locator('td').first().innerText()).trim();
    const scrolled = await scroller.evaluate((element) => element.scrollTop);
    expect(scrolled).toBeGreaterThan(100 * ROW_HEIGHT);
    await shot(page, `${language}-list-scrolled`);

    await row.click();
    await expect(page.getByRole('heading', { name })).toBeVisible();
    await page.getByRole('button', { name: new RegExp(w.back) }).click();

    await expect(page.getByLabel(w.search)).toHaveValue('Серікбаев');
    await expect(page.getByLabel(exactly(w.group))).toHaveValue(/.+/);
    expect(
      await page
        .getByLabel(exactly(w.group))
        .evaluate((select: HTMLSelectElement) => select.selectedOptions[0]?.text),
    ).toBe('Ақбота');
    await expect(page.getByLabel(exactly(w.status))).toHaveValue('enrolled');
    await expect(page.getByTestId('children-total')).toHaveText(`${w.total}: ${found}`);
    await expect.poll(() => scroller.evaluate((element) => element.scrollTop)).toBe(scrolled);
    await expect(row).toHaveAttribute('aria-selected', 'true');
    await expect(row.locator('td').first()).toHaveText(name);
    await expect(row).toBeInViewport();
    await shot(page, `${language}-list-back`);

    // The keyboard goes on from that row.
    await page.keyboard.press('ArrowDown');
    await expect(page.locator(`tr[data-index="${target + 1}"]`)).toHaveAttribute(
      'aria-selected',
      'true',
    );
  });

  test(`${language}: enrolment fills the birth date and sex from the IIN and chooses no sex by itself`, async ({
    page,
  }) => {
    await signIn(page, language);
    await page.getByRole('button', { name: w.enrol }).click();
    const form = page.getByRole('dialog');
    const sex = form.getByLabel(exactly(w.sex));
    const birthDate = form.getByLabel(exactly(w.birthDate));
    await expect(sex).toHaveValue('');
    await expect(birthDate).toHaveValue('');

    // A girl born 14.03.2021 (kk) or a boy born 02.07.2020 (ru).
    const child =
      language === 'kk'
        ? { iin: iin('21031460223'), date: '14.03.2021', sex: 'female', other: 'male' }
        : { iin: iin('20070250557'), date: '02.07.2020', sex: 'male', other: 'female' };
    // Not yet a whole IIN: nothing is filled.
    await form.getByLabel(exactly(w.iin)).fill(child.iin.slice(0, 11));
    await expect(birthDate).toHaveValue('');
    await expect(sex).toHaveValue('');
    await form.getByLabel(exactly(w.iin)).fill(child.iin);
    await expect(birthDate).toHaveValue(child.date);
    await expect(sex).toHaveValue(child.sex);
    await expect(form.getByText(w.fromIin)).toHaveCount(2);
    await form.getByLabel(exactly(w.lastName)).fill(language === 'kk' ? 'Омарова' : 'Ким');
    await form.getByLabel(exactly(w.firstName)).fill(language === 'kk' ? 'Аружан' : 'Артём');
    await shot(page, `${language}-enrol-from-iin`);

    // What the IIN says cannot be changed: a different sex is refused on its field.
    await sex.selectOption(child.other);
    await form.getByRole('button', { name: w.submit, exact: true }).click();
    await expect(form.getByText(w.sexMismatch)).toBeVisible();
    await shot(page, `${language}-enrol-sex-mismatch`);
    await sex.selectOption(child.sex);
    await form.getByRole('button', { name: w.submit, exact: true }).click();
    await expect(page.getByRole('dialog')).toHaveCount(0);
    await expect(
      page.getByRole('heading', { name: language === 'kk' ? /Омарова/ : /Ким/ }),
    ).toBeVisible();
    await expect(page.getByText(child.date).first()).toBeVisible();
  });

  test(`${language}: the app bar fits at 1024×768 with offline, conflicts, pending, a long name and the language switch`, async ({
    page,
  }) => {
    // The core's own status with every badge on (this device is not enrolled with a portal
    // here): offline since the day before yesterday, 12 conflicts, 1 234 changes waiting.
    await page.route('**/rpc/sync.status', async (route) => {
      const response = await route.fetch();
      const body = (await response.json()) as { ok: boolean; value: Record<string, unknown> };
      const dayBefore = new Date(Date.now() - 2 * 86_400_000).toISOString();
      body.value = {
        ...body.value,
        enrolled: true,
        portalUrl: 'https://portal.example.kz',
        phase: 'offline',
        reason: 'offline',
        lastSuccessAt: dayBefore,
        lastAttemptAt: new Date().toISOString(),
        pending: 1234,
        rejected: 3,
        conflicts: 12,
      };
      await route.fulfill({ response, json: body });
    });
    await signIn(page, language);
    await expect(page.getByTestId('sync-status')).toHaveAttribute('data-state', 'offline');
    await expect(page.getByTestId('sync-conflicts')).toBeVisible();
    await expect(page.getByTestId('sync-pending')).toContainText('1234');
    await expect(page.getByTestId('sync-reason')).toBeVisible();
    await expect(page.getByTestId('sync-now')).toBeVisible();

    await shot(page, `${language}-header-1024`);
    const bar = page.locator('header');
    const overflow = await bar.evaluate((header) => {
      const box = header.getBoundingClientRect();
      const out: string[] = [];
      for (const element of [header, ...header.querySelectorAll<HTMLElement>('*')]) {
        const rect = element.getBoundingClientRect();
        if (rect.width === 0 || rect.height === 0) continue;
        const name = `${element.tagName}.${element.className}[${element.textContent?.slice(0, 30)}]`;
        if (rect.left < box.left - 0.5 || rect.right > box.right + 0.5)
          out.push(`${name} sticks out sideways`);
        if (rect.top < box.top - 0.5 || rect.bottom > box.bottom + 0.5)
          out.push(`${name} sticks out of the bar's height`);
        // A cut name is meant (its tooltip has it whole); nothing else may hide its content.
        if (
          element.scrollWidth > element.clientWidth + 1 &&
          element.dataset.testid !== 'signed-in-as'
        )
          out.push(`${name} overflows (${element.scrollWidth} > ${element.clientWidth})`);
      }
      return out;
    });
    expect(overflow).toEqual([]);
    expect(await page.evaluate(() => document.documentElement.scrollWidth)).toBeLessThanOrEqual(
      1024,
    );
    for (const id of ['sync-state', 'sync-conflicts', 'sync-pending', 'sync-now', 'signed-in-as'])
      await expect(page.getByTestId(id)).toBeInViewport({ ratio: 1 });
    await expect(page.locator('header').getByText(w.lang, { exact: true })).toBeInViewport({
      ratio: 1,
    });
    await expect(
      page.getByRole('button', { name: language === 'kk' ? 'Шығу' : 'Выйти' }),
    ).toBeInViewport({ ratio: 1 });

    // The cut name is whole in its tooltip.
    await page.getByTestId('signed-in-as').hover();
    await expect(page.getByRole('tooltip', { name: new RegExp(DIRECTOR.name) })).toBeVisible();
    await shot(page, `${language}-header-name-tooltip`);
  });
}
