import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { withCheckDigit } from '../helpers/enrolled-child';
import { DIRECTOR, callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';

/**
 * Issue 13 item 10 in both languages: the sign-in screen says what to do with a forgotten
 * password; the director adds a teacher and assigns her a group on the staff page; the
 * teacher's first sign-in asks for a password of her own before anything else, and then she
 * sees only her group's children (the core refuses another group's child).
 */
const SCREENS = 'test-results/screens/staff-accounts';
const TEACHER = {
  name: 'Гүлнар Әлиева',
  login: 'gulnar',
  first: 'teacher-first-1',
  own: 'gulnar-own-7',
};

const WORDS = {
  kk: {
    staff: 'Қызметкерлер',
    add: 'Қызметкер қосу',
    name: 'Аты-жөні',
    role: 'Рөлі',
    firstPassword: 'Бастапқы құпиясөз',
    save: 'Сақтау',
    mustChange: 'Алғаш кіргенде құпиясөзін ауыстырады',
    noGroups: 'топ берілмеген — ешбір баланы көрмейді',
    groups: 'Топтар',
    signOut: 'Шығу',
    login: 'Логин',
    password: 'Құпиясөз',
    submit: 'Кіру',
    forgot: 'Құпиясөзді ұмыттыңыз ба?',
    forgotHelp: 'Меңгерушіден жаңа құпиясөз сұраңыз',
    forgotDirector: 'қалпына келтіру кілті',
    changeTitle: 'Өз құпиясөзіңізді ойлап табыңыз',
    current: 'Меңгеруші берген құпиясөз',
    newPassword: 'Жаңа құпиясөз (кемінде 8 таңба)',
    repeat: 'Жаңа құпиясөзді қайталаңыз',
    mismatch: 'Құпиясөздер сәйкес келмейді',
    unchanged: 'Жаңа құпиясөз бұрынғысымен бірдей',
    changeSubmit: 'Сақтау және кіру',
    children: 'Балалар',
    audit: 'Аудит журналы',
    actionFilter: 'Әрекет',
    person: 'Қызметкер',
    denied: 'бас тартылды',
    pdfTitle: 'Аудит журналы',
  },
  ru: {
    staff: 'Сотрудники',
    add: 'Добавить сотрудника',
    name: 'ФИО',
    role: 'Роль',
    firstPassword: 'Начальный пароль',
    save: 'Сохранить',
    mustChange: 'Сменит пароль при первом входе',
    noGroups: 'группы не назначены — не видит ни одного ребёнка',
    groups: 'Группы',
    signOut: 'Выйти',
    login: 'Логин',
    password: 'Пароль',
    submit: 'Войти',
    forgot: 'Забыли пароль?',
    forgotHelp: 'Попросите новый пароль у заведующего',
    forgotDirector: 'ключ восстановления',
    changeTitle: 'Придумайте свой пароль',
    current: 'Пароль, выданный заведующим',
    newPassword: 'Новый пароль (не короче 8 символов)',
    repeat: 'Повторите новый пароль',
    mismatch: 'Пароли не совпадают',
    unchanged: 'Новый пароль совпадает с прежним',
    changeSubmit: 'Сохранить и войти',
    children: 'Дети',
    audit: 'Журнал аудита',
    actionFilter: 'Действие',
    person: 'Сотрудник',
    denied: 'отказано',
    pdfTitle: 'Журнал аудита',
  },
} as const;

/** No visible text may be a raw translation key such as `login.forgot`. */
async function expectNoRawKeys(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\b(app|nav|roles|login|staff|audit|errors|validation)\.[a-zA-Z]+/);
}

for (const language of ['kk', 'ru'] as const) {
  const w = WORDS[language];
  test.describe(`staff accounts (${language})`, () => {
    let host: RunningHost;
    test.beforeAll(async () => {
      mkdirSync(SCREENS, { recursive: true });
      host = await startHost();
    });
    test.afterAll(() => host.stop());
    const shot = (page: Page, name: string) =>
      page.screenshot({ path: `${SCREENS}/${language}-${name}.png`, fullPage: true });

    test(`first password, forgotten password and a teacher's groups (${language})`, async ({
      page,
    }) => {
      test.setTimeout(120_000);
      await setUpKindergarten(page, host.url);
      if (language === 'ru') {
        await page.getByText('Рус', { exact: true }).click();
        await expect(page.getByRole('button', { name: w.staff })).toBeVisible();
      }
      // Two groups with a child each, entered through the core as the director.
      const groupIds: string[] = [];
      const childIds: string[] = [];
      for (const [index, [group, lastName]] of [
        ['Ортаңғы «Балапан»', 'Сейітова'],
        ['Ересек «Күншуақ»', 'Бекова'],
      ].entries()) {
        const { id } = await callRpc<{ id: string }>(host.url, 'groups.create', {
          name: group,
          ageGroup: index ? 'senior' : 'middle',
          language: 'kk',
        });
        groupIds.push(id);
        const created = await callRpc<{ id: string }>(host.url, 'children.create', {
          iin: withCheckDigit(`2103146${index}12${index}`),
          lastName,
          firstName: 'Айару',
          birthDate: '2021-03-14',
          sex: 'female',
          citizenship: 'KZ',
          groupId: id,
          status: 'enrolled',
        });
        childIds.push(created.id);
      }

      // The staff page: a new teacher, marked as changing her password at the first sign-in.
      await page.getByRole('button', { name: w.staff }).click();
      await page.getByRole('button', { name: w.add }).click();
      const dialog = page.getByRole('dialog');
      await dialog.getByLabel(w.name).fill(TEACHER.name);
      await dialog.getByLabel(w.login).fill(TEACHER.login);
      await dialog.getByLabel(w.role, { exact: true }).selectOption('teacher');
      await dialog.getByLabel(w.firstPassword).fill(TEACHER.first);
      await page.getByRole('button', { name: w.save }).click();
      const row = page.getByRole('row', { name: new RegExp(TEACHER.name) });
      await expect(row.getByTestId('must-change-password')).toHaveText(w.mustChange);
      await expect(row.getByTestId('staff-groups')).toHaveText(w.noGroups);

      // Her group, chosen with the keyboard.
      await row.getByRole('button', { name: w.groups, exact: true }).click();
      const groupsDialog = page.getByRole('dialog');
      await groupsDialog.getByRole('checkbox', { name: 'Ортаңғы «Балапан»' }).press('Space');
      await expect(groupsDialog.getByRole('checkbox', { name: 'Ортаңғы «Балапан»' })).toBeChecked();
      await shot(page, '01-teacher-groups');
      await groupsDialog.getByRole('button', { name: w.save }).click();
      await expect(row.getByTestId('staff-groups')).toHaveText('Ортаңғы «Балапан»');
      await expectNoRawKeys(page);
      await shot(page, '02-staff');

      // Signed out: the sign-in screen says what to do with a forgotten password.
      await page.getByRole('button', { name: w.signOut }).click();
      await page.getByRole('button', { name: w.forgot }).click();
      await expect(page.getByTestId('forgot-password')).toContainText(w.forgotHelp);
      await expect(page.getByTestId('forgot-password')).toContainText(w.forgotDirector);
      await expectNoRawKeys(page);
      await shot(page, '03-forgot-password');

      // The teacher's first sign-in: a password of her own before anything else.
      await page.getByLabel(w.login).fill(TEACHER.login);
      await page.getByLabel(w.password).fill(TEACHER.first);
      await page.getByRole('button', { name: w.submit, exact: true }).click();
      // Her account's language is Kazakh; the Russian run switches on this very screen.
      await expect(page.getByTestId('change-password')).toBeVisible();
      if (language === 'ru') await page.getByText('Рус', { exact: true }).click();
      await expect(page.getByRole('heading', { name: w.changeTitle })).toBeVisible();
      // Nothing else answers meanwhile.
      await expect(callRpc(host.url, 'children.list', {})).rejects.toThrow(
        'passwordChangeRequired',
      );
      await page.getByLabel(w.current).fill(TEACHER.first);
      await page.getByLabel(w.newPassword).fill(TEACHER.own);
      await page.getByLabel(w.repeat).fill(`${TEACHER.own}x`);
      await expect(page.getByText(w.mismatch)).toBeVisible();
      await page.getByLabel(w.newPassword).fill(TEACHER.first);
      await page.getByLabel(w.repeat).fill(TEACHER.first);
      await page.getByRole('button', { name: w.changeSubmit }).click();
      await expect(page.getByTestId('change-password').getByRole('alert')).toContainText(
        w.unchanged,
      );
      await expectNoRawKeys(page);
      await shot(page, '04-change-password');
      await page.getByLabel(w.newPassword).fill(TEACHER.own);
      await page.getByLabel(w.repeat).fill(TEACHER.own);
      await page.getByRole('button', { name: w.changeSubmit }).click();

      // Only her group's child, in the list and in the core.
      await expect(page.getByTestId('signed-in-as')).toContainText(TEACHER.name);
      await expect(page.getByRole('heading', { name: w.children })).toBeVisible();
      await expect(page.getByText('Сейітова').first()).toBeVisible();
      await expect(page.getByText('Бекова')).toHaveCount(0);
      await shot(page, '05-teacher-children');
      await expect(callRpc(host.url, 'children.get', { childId: childIds[1] })).rejects.toThrow(
        'childNotFound',
      );
      const own = await callRpc<{ child: { id: string } }>(host.url, 'children.get', {
        childId: childIds[0],
      });
      expect(own.child.id).toBe(childIds[0]);

      // Signed in again with her own password: straight to work.
      await page.getByRole('button', { name: w.signOut }).click();
      await page.getByLabel(w.login).fill(TEACHER.login);
      await page.getByLabel(w.password).fill(TEACHER.own);
      await page.getByRole('button', { name: w.submit, exact: true }).click();
      await expect(page.getByRole('heading', { name: w.children })).toBeVisible();
      await expect(page.getByTestId('change-password')).toHaveCount(0);

      // Item 9 in the window: a mistyped password, then the director finds it in the audit log
      // by its filters, with the child she opened named, and saves the filtered log as a PDF.
      await page.getByRole('button', { name: w.signOut }).click();
      await page.getByLabel(w.login).fill(TEACHER.login);
      await page.getByLabel(w.password).fill('not-her-password');
      await page.getByRole('button', { name: w.submit, exact: true }).click();
      await expect(page.locator('.mantine-Alert-root')).toBeVisible();
      await page.getByLabel(w.login).fill(DIRECTOR.login);
      await page.getByLabel(w.password).fill(DIRECTOR.password);
      await page.getByRole('button', { name: w.submit, exact: true }).click();
      await page.getByRole('button', { name: w.audit }).click();
      const table = page.getByTestId('audit-table');
      await page.getByLabel(w.actionFilter, { exact: true }).selectOption('failedSignIns');
      await expect(table.locator('tbody tr')).toHaveCount(1);
      await expect(table.locator('tbody tr')).toContainText(TEACHER.name);
      await expect(table.locator('tbody tr')).toContainText(w.denied);
      await page.getByLabel(w.actionFilter, { exact: true }).selectOption('children.get');
      await page.getByLabel(w.person, { exact: true }).selectOption({ label: TEACHER.name });
      await expect(table.locator('tbody tr').first()).toContainText('Сейітова Айару');
      await expect(table).not.toContainText('Бекова');
      await expectNoRawKeys(page);
      await shot(page, '06-audit-filtered');
      const download = page.waitForEvent('download');
      await page.getByTestId('audit-export').click();
      const file = await (await download).path();
      const text = (await extractPdfText(readFileSync(file))).join('\n');
      expect(text).toContain(w.pdfTitle);
      expect(text).toContain(TEACHER.name);
      expect(text).toContain('Сейітова Айару');
      expect(text).not.toContain('Бекова');
    });
  });
}
