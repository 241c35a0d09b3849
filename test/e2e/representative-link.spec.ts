import { expect as baseExpect, test } from '@playwright/test';
import { mkdirSync } from 'node:fs';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';

/**
 * Issue 10, item 4 in Chromium against the real web host: adding a representative whose IIN
 * is already stored (another child's mother) under another name shows the stored person
 * beside what was typed; nothing changes until the user links them, and a field changes only
 * when it is ticked and the change confirmed.
 */
const SCREENS = 'test-results/screens';
const expect = baseExpect.configure({ timeout: 15_000 });

function iin(first11: string): string {
  const digit = checkDigit([...first11].map(Number));
  if (digit === null) throw new Error('no check digit for these 11 digits: pick another serial');
  return first11 + digit;
}
const MOTHER = {
  iin: iin('90051240456'),
  lastName: 'Ұлықбекова',
  firstName: 'Әйгерім',
  patronymic: 'Нұрланқызы',
  idDocumentType: 'id_card',
  idDocumentNumber: '049912345',
  idDocumentIssuedOn: '2019-05-01',
  idDocumentIssuer: 'ҚР ІІМ',
  phone: '+7 701 555 12 34',
  email: 'aigerim@example.kz',
  workplace: '«Ақ жол» ЖШС',
  position: 'бухгалтер',
  address: 'Астана қ., Сарыарқа даңғылы 7, 21',
};

let host: RunningHost;
test.use({ actionTimeout: 15_000, locale: 'kk-KZ' });
test.setTimeout(180_000);
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startHost();
});
test.afterAll(() => host.stop());

test('a stored IIN under another name: side by side, linked as stored, only confirmed fields change', async ({
  page,
}) => {
  await setUpKindergarten(page, host.url);
  const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(host.url, method, input);
  const { id: groupId } = await rpc<{ id: string }>('groups.create', {
    name: 'Ересек «Күншуақ»',
    ageGroup: 'senior',
    language: 'kk',
  });
  const { id: childA } = await rpc<{ id: string }>('children.create', {
    iin: iin('21031460123'),
    lastName: 'Ұлықбекова',
    firstName: 'Іңкәр',
    birthDate: '2021-03-14',
    sex: 'female',
    citizenship: 'KZ',
    groupId,
    status: 'enrolled',
  });
  const { representativeId } = await rpc<{ representativeId: string }>('representatives.link', {
    childId: childA,
    representative: MOTHER,
    relation: 'mother',
    isPrimary: true,
  });
  const childBIin = iin('22051050123');
  await rpc('children.create', {
    iin: childBIin,
    lastName: 'Серіков',
    firstName: 'Арман',
    birthDate: '2022-05-10',
    sex: 'male',
    citizenship: 'KZ',
    groupId,
    status: 'enrolled',
  });

  await page.getByRole('button', { name: 'Балалар', exact: true }).click();
  await page.getByLabel('Аты немесе ЖСН бойынша іздеу').fill(childBIin);
  await page.getByRole('row', { name: /Серіков Арман/ }).click();
  await expect(page.getByRole('heading', { name: 'Серіков Арман' })).toBeVisible();
  await page.getByRole('tab', { name: 'Заңды өкілдер' }).click();

  // The mother's IIN typed for child B, under another name and with little else.
  await page.getByRole('button', { name: 'Заңды өкіл қосу' }).click();
  const dialog = page.getByRole('dialog');
  await dialog.getByLabel('ЖСН').fill(MOTHER.iin);
  await dialog.getByLabel('Тегі').fill('Серікова');
  await dialog.getByLabel(/^Аты\s*\*?$/).fill('Дана');
  await dialog.getByLabel('Құжат нөмірі').fill('049912345');
  await dialog.getByLabel(/^Телефон\s*\*?$/).fill('+7 705 111 22 33');
  await dialog.getByRole('button', { name: 'Сақтау' }).click();

  await expect(dialog.getByText('Бұл ЖСН-мен адам бұрыннан бар')).toBeVisible();
  await expect(dialog.getByText(/Қазір заңды өкілі: Ұлықбекова Іңкәр \(Анасы\)/)).toBeVisible();
  await expect(dialog.getByTestId('name-differs')).toContainText('Ұлықбекова Әйгерім Нұрланқызы');
  await expect(dialog.getByTestId('name-differs')).toContainText('Серікова Дана');
  // Stored and typed values side by side, each row with its field.
  const row = (field: string) => dialog.locator(`tr[data-field="${field}"]`);
  const cells = (field: string) => row(field).getByRole('cell');
  await expect(cells('lastName')).toHaveText(['Тегі', 'Ұлықбекова', 'Серікова', '']);
  await expect(cells('firstName')).toHaveText(['Аты', 'Әйгерім', 'Дана', '']);
  await expect(cells('email')).toHaveText(['Электрондық пошта', MOTHER.email, '(бос)', '']);
  await expect(cells('workplace')).toHaveText(['Жұмыс орны', MOTHER.workplace, '(бос)', '']);
  await expect(cells('address')).toHaveText(['Мекенжайы', MOTHER.address, '(бос)', '']);
  await expect(cells('idDocumentNumber')).toHaveText([
    'Құжат нөмірі',
    '049912345',
    '049912345',
    '',
  ]);
  await expect(row('idDocumentNumber').getByRole('checkbox')).toHaveCount(0);
  await expect(dialog.locator('tr[data-differs]')).toHaveCount(10);
  // Nothing is ticked: the stored person would be linked as stored.
  await expect(dialog.getByRole('checkbox', { checked: true })).toHaveCount(0);
  await page.screenshot({ path: `${SCREENS}/representative-existing.png`, fullPage: true });

  // A field changes only when ticked and confirmed.
  await dialog.getByRole('checkbox', { name: '«Телефон» өрісіне жаңа мәнді жазу' }).check();
  const change = dialog.getByRole('button', { name: 'Байланыстыру және өзгерту (өрістер: 1)' });
  await expect(change).toBeDisabled();
  await dialog.getByRole('checkbox', { name: /Ескі және жаңа мәндерді салыстырдым/ }).check();
  await expect(change).toBeEnabled();
  await page.screenshot({ path: `${SCREENS}/representative-existing-confirm.png`, fullPage: true });
  await change.click();
  await expect(page.getByRole('dialog')).toHaveCount(0);

  const card = page.getByTestId('representative');
  await expect(card).toHaveCount(1);
  await expect(card).toContainText('Ұлықбекова Әйгерім Нұрланқызы');
  await expect(card).toContainText('+7 705 111 22 33');
  await expect(card).toContainText(MOTHER.email);
  await expect(card).toContainText(MOTHER.address);

  // The same person on the first child's file: only the confirmed phone changed.
  const stored = await rpc<Record<string, unknown>>('representatives.findByIin', {
    iin: MOTHER.iin,
  });
  expect(stored).toMatchObject({
    ...MOTHER,
    id: representativeId,
    phone: '+7 705 111 22 33',
  });
  expect(stored.linkedTo).toHaveLength(2);
});
