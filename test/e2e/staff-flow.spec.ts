import { expect, test, type Page } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { changeFirstPassword, firstPassword, startHost, type RunningHost } from './web-host';

const SCREENS = 'test-results/screens';
const DIRECTOR = { name: 'Айгүл Нұрланқызы', login: 'aigul', password: 'director-pass-1' };
const NURSE = { name: 'Сәуле Қасымова', login: 'saule', password: 'nurse-pass-1' };

let host: RunningHost;
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startHost();
});
test.afterAll(() => host.stop());

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });

/** No visible text may be a raw translation key such as `errors.wrongPassword`. */
async function expectNoRawKeys(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(
    /\b(app|nav|roles|setup|recovery|login|staff|settings|children|audit|errors|validation)\.[a-zA-Z]+/,
  );
}

async function signIn(page: Page, login: string, password: string) {
  await page.getByLabel('Логин').fill(login);
  await page.getByLabel('Құпиясөз').fill(password);
  await page.getByRole('button', { name: 'Кіру' }).click();
}

test('first run in Kazakh: setup, recovery key, staff, roles, wrong password, idle lock', async ({
  page,
}) => {
  await page.clock.install();
  await page.goto(host.url);

  await expect(page.getByRole('heading', { name: 'Балабақшаны баптау' })).toBeVisible();
  await expectNoRawKeys(page);
  await shot(page, '01-setup-kk');
  await page.getByLabel('Ұйымның атауы').fill('«Балапан» бөбекжайы');
  await page.getByLabel('БСН').fill('150440001237'); // wrong check digit: the core refuses it
  await page.getByLabel('Меңгерушінің аты-жөні').fill(DIRECTOR.name);
  await page.getByLabel('Логин').fill(DIRECTOR.login);
  await page.getByLabel('Құпиясөз', { exact: true }).fill(DIRECTOR.password);
  await page.getByLabel('Құпиясөзді қайталаңыз').fill(DIRECTOR.password);
  await page.getByRole('button', { name: 'Құру' }).click();
  await expect(
    page.getByText('БСН 12 цифрдан тұрады және тексеру цифры дұрыс болуы керек'),
  ).toBeVisible();
  await page.getByLabel('БСН').fill('150440001236');
  await page.getByRole('button', { name: 'Құру' }).click();

  await expect(page.getByRole('heading', { name: 'Қалпына келтіру кілті' })).toBeVisible();
  const key = (await page.getByTestId('recovery-key').innerText()).trim();
  expect(key).toMatch(/^([0-9A-Z]{4}-){7}[0-9A-Z]{4}$/);
  await shot(page, '02-recovery-key');
  await page.getByLabel('Кілтті басып шығардым немесе жазып алдым').check();
  await page.getByLabel('Кілттің соңғы төрт таңбасын енгізіңіз').fill('0000');
  await page.getByRole('button', { name: 'Жалғастыру' }).click();
  await expect(page.getByRole('alert')).toContainText('Соңғы топ сәйкес келмейді');
  await page.getByLabel('Кілттің соңғы төрт таңбасын енгізіңіз').fill(key.slice(-4));
  await page.getByRole('button', { name: 'Жалғастыру' }).click();

  await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name);
  await expect(page.getByRole('heading', { name: 'Балалар' })).toBeVisible();
  await shot(page, '03-children-empty');

  await page.getByRole('button', { name: 'Қызметкерлер' }).click();
  await page.getByRole('button', { name: 'Қызметкер қосу' }).click();
  await page.getByLabel('Аты-жөні').fill(NURSE.name);
  await page.getByRole('dialog').getByLabel('Логин').fill(NURSE.login);
  await page.getByLabel('Рөлі').selectOption('nurse');
  await page.getByLabel('Бастапқы құпиясөз').fill(firstPassword(NURSE.password));
  await shot(page, '04-add-nurse');
  await page.getByRole('button', { name: 'Сақтау' }).click();
  await expect(page.getByRole('cell', { name: NURSE.name })).toBeVisible();
  await expect(page.getByRole('cell', { name: 'Медбике' })).toBeVisible();
  await shot(page, '05-staff');
  await expectNoRawKeys(page);

  await page.getByRole('button', { name: 'Шығу' }).click();
  await expect(page.getByRole('heading', { name: 'Кіру' })).toBeVisible();
  await signIn(page, NURSE.login, firstPassword(NURSE.password));
  await changeFirstPassword(page, NURSE.password); // the director's password, changed first
  await expect(page.getByTestId('signed-in-as')).toContainText('Медбике');
  await expect(page.getByRole('button', { name: 'Қызметкерлер' })).toHaveCount(0);
  await expect(page.getByRole('button', { name: 'Балалар' })).toBeVisible();
  await shot(page, '06-nurse');

  await page.getByRole('button', { name: 'Шығу' }).click();
  await signIn(page, DIRECTOR.login, 'not-the-password');
  await expect(page.locator('.mantine-Alert-root')).toHaveText('Логин немесе құпиясөз қате.');
  await shot(page, '07-wrong-password');
  await page.clock.runFor(1500); // the core's first delay after a failure is one second
  await page.waitForTimeout(1500);
  await signIn(page, DIRECTOR.login, DIRECTOR.password);
  await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name);

  await page.clock.fastForward('10:30'); // the default idle lock is 10 minutes
  await expect(page.getByRole('heading', { name: 'Бағдарлама бұғатталған' })).toBeVisible();
  await expect(
    page.getByText(`${DIRECTOR.name}, жалғастыру үшін құпиясөзді енгізіңіз.`),
  ).toBeVisible();
  await shot(page, '08-locked');
  await page.getByLabel('Құпиясөз').fill(DIRECTOR.password);
  await page.getByRole('button', { name: 'Ашу' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name);
  await page.getByRole('button', { name: 'Шығу' }).click();
  await expect(page.getByRole('heading', { name: 'Кіру' })).toBeVisible();
});

test('Russian: the sign-in and the app read in Russian, with no untranslated text', async ({
  page,
}) => {
  await page.goto(host.url);
  await expect(page.getByRole('heading', { name: 'Кіру' })).toBeVisible();
  await page.getByText('Рус', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Вход' })).toBeVisible();
  await page.getByLabel('Логин').fill(DIRECTOR.login);
  await page.getByLabel('Пароль').fill('wrong-password-9');
  await page.getByRole('button', { name: 'Войти' }).click();
  await expect(page.locator('.mantine-Alert-root')).toHaveText('Неверный логин или пароль.');
  await page.waitForTimeout(2200); // second failure in a row: two seconds
  await page.getByLabel('Пароль').fill(DIRECTOR.password);
  await page.getByRole('button', { name: 'Войти' }).click();
  // After sign-in the user's own language applies; switching it is remembered for the user.
  await expect(page.getByTestId('signed-in-as')).toContainText('Меңгеруші');
  await page.getByText('Рус', { exact: true }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText('Заведующий');
  await page.getByRole('button', { name: 'Выйти' }).click();
  await page.evaluate(() => localStorage.clear());
  await page.reload();
  await page.getByLabel('Логин').fill(DIRECTOR.login);
  await page.getByLabel('Құпиясөз').fill(DIRECTOR.password);
  await page.getByRole('button', { name: 'Кіру' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText('Заведующий');
  for (const [nav, heading] of [
    ['Сотрудники', 'Сотрудники'],
    ['Настройки', 'Настройки'],
    ['Журнал аудита', 'Журнал аудита'],
    ['Дети', 'Дети'],
  ]) {
    await page.getByRole('button', { name: nav }).click();
    await expect(page.getByRole('heading', { name: heading })).toBeVisible();
    await expectNoRawKeys(page);
  }
  // The audit table: the newest sign-in is the director's, at dd.mm.yyyy HH:MM.
  await page.getByRole('button', { name: 'Журнал аудита' }).click();
  const signInRow = page.getByTestId('audit-table').getByRole('row', { name: /Вход/ }).first();
  await expect(signInRow).toContainText(DIRECTOR.name);
  await expect(signInRow).toContainText('выполнено');
  await expect(signInRow.getByRole('cell').first()).toHaveText(/^\d{2}\.\d{2}\.\d{4} \d{2}:\d{2}$/);
  await page.getByRole('button', { name: 'Дети' }).click();
  await shot(page, '09-app-ru');
});
