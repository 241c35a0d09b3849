import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, readFileSync } from 'node:fs';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';
import { FULL_ORG, FULL_TERMS } from '../helpers/enrolled-child';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { extractPdfText } from '../../electron/core/pdf/read-back';

/**
 * Issue 13 item 6: a group's drafts in one action, the children whose data is incomplete named
 * with what is missing, and contracts saved as a PDF file for the family — in Kazakh and Russian.
 */
const SCREENS = 'test-results/screens';

let host: RunningHost;
test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  host = await startHost();
});
test.afterAll(() => host.stop());

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENS}/contracts-group-${name}.png`, fullPage: true });

const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(host.url, method, input);

let nextSerial = 300;
function iin(prefix: string): string {
  for (;;) {
    const first11 = `${prefix}${String(nextSerial++).padStart(4, '0')}`;
    const digit = checkDigit([...first11].map(Number));
    if (digit !== null) return first11 + digit;
  }
}

/** An enrolled child with a representative; `complete` adds the birth certificate, addresses and consent. */
async function child(groupId: string, lastName: string, firstName: string, complete: boolean) {
  const { id: childId } = await rpc<{ id: string }>('children.create', {
    iin: iin('2103146'),
    lastName,
    firstName,
    birthDate: '2021-03-14',
    sex: 'female',
    citizenship: 'KZ',
    groupId,
    referralNumber: 'KZ-2026-004512',
    status: 'enrolled',
    ...(complete && {
      birthCertificateNumber: '0012345',
      birthCertificateDate: '2021-03-20',
      birthCertificateIssuer: 'ХҚКО Астана',
      registeredAddress: 'Астана қ., Сарыарқа даңғылы 7, 21',
      actualAddress: 'Астана қ., Сарыарқа даңғылы 7, 21',
    }),
  });
  const { representativeId } = await rpc<{ representativeId: string }>('representatives.link', {
    childId,
    representative: {
      iin: iin('9005124'),
      lastName,
      firstName: 'Әйгерім',
      idDocumentType: 'id_card',
      idDocumentNumber: '049912345',
      idDocumentIssuedOn: '2019-05-01',
      idDocumentIssuer: 'ҚР ІІМ',
      phone: '+7 701 555 12 34',
      address: 'Астана қ., Сарыарқа даңғылы 7, 21',
    },
    relation: 'mother',
    authorityDocument: 'Туу туралы куәлік № 0012345',
    isPrimary: true,
  });
  if (complete)
    await rpc('consents.record', {
      childId,
      representativeId,
      rulesVersion: '2024-1',
      givenOn: '2026-09-01',
    });
  return childId;
}

async function expectNoRawKeys(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(/\b(contracts|print|errors|nav|validation)\.[a-zA-Z]+/);
}

/** Clicks a save button; the download's name, the notice, and the saved PDF's text. */
async function savedPdfText(
  page: Page,
  click: () => Promise<void>,
  fileName: RegExp,
  notice: string,
) {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  expect(download.suggestedFilename()).toMatch(fileName);
  await expect(page.getByText(notice)).toBeVisible();
  const bytes = readFileSync((await download.path())!);
  expect(bytes.subarray(0, 5).toString()).toBe('%PDF-');
  return (await extractPdfText(bytes)).join('\n');
}

const audited = async (action: string) =>
  JSON.stringify(await rpc('audit.list', { limit: 200 })).split(`"${action}"`).length - 1;

test('contracts for a group: drafts, incomplete children named, saved as PDF (kk and ru)', async ({
  page,
}) => {
  test.setTimeout(240_000);
  await setUpKindergarten(page, host.url);
  await rpc('settings.update', FULL_ORG);
  await rpc('contracts.updateTerms', FULL_TERMS);
  const { id: senior } = await rpc<{ id: string }>('groups.create', {
    name: 'Ересек «Күншуақ»',
    ageGroup: 'senior',
    language: 'kk',
  });
  const { id: middle } = await rpc<{ id: string }>('groups.create', {
    name: 'Средняя «Солнышко»',
    ageGroup: 'middle',
    language: 'ru',
  });
  await child(senior, 'Абенова', 'Айша', true);
  await child(senior, 'Бекова', 'Бибігүл', true);
  await child(senior, 'Дәулетова', 'Дана', false);
  await child(middle, 'Иванова', 'Мария', true);
  await child(middle, 'Петрова', 'Анна', true);
  await child(middle, 'Сидорова', 'Ольга', false);

  // Kazakh: the whole senior group in one action.
  await page.getByRole('button', { name: 'Шарттар', exact: true }).click();
  await page.getByRole('button', { name: 'Шарт жасау' }).click();
  const dialog = page.getByRole('dialog', { name: 'Шарт жасау' });
  await dialog.getByText('Топ үшін', { exact: true }).click();
  await dialog.getByLabel('Топ', { exact: true }).selectOption({ label: 'Ересек «Күншуақ»' });
  const list = dialog.getByTestId('group-children');
  await expect(list.getByRole('checkbox')).toHaveCount(3);
  await expect(list.getByLabel('Дәулетова Дана')).toBeChecked();
  await dialog.getByLabel('Мерзімінің басы').fill('01.09.2026');
  await expect(dialog.getByLabel('Мерзімінің соңы')).toHaveValue('31.05.2027');
  await shot(page, '01-kk-choose');
  await dialog.getByRole('button', { name: 'Жобаларды жасау (3)' }).click();
  await expect(dialog.getByTestId('group-created')).toContainText('Жасалған жобалар: 2');
  await expect(dialog.getByTestId('group-created')).toContainText('№ 2026-0001 — Абенова Айша');
  const incomplete = dialog.getByTestId('group-incomplete');
  await expect(incomplete).toContainText('шарт жасалмады: 1');
  await expect(incomplete).toContainText('Дәулетова Дана');
  await expect(incomplete).toContainText('Туу туралы куәлік / Свидетельство о рождении');
  await expect(incomplete).toContainText('Дербес деректерді өңдеуге келісім');
  await expectNoRawKeys(page);
  await shot(page, '02-kk-result');

  // The created drafts saved as one PDF for the families; the export is audited per child.
  const before = await audited('contracts.savePdf');
  const text = await savedPdfText(
    page,
    () => dialog.getByRole('button', { name: 'Жасалғандарын PDF-ке сақтау' }).click(),
    /^Шарттар-2\.pdf$/,
    'PDF файл дайын: 2 шарт. Сақтау аудит журналына жазылды.',
  );
  expect(text).toContain('2026-0001');
  expect(text).toContain('2026-0002');
  expect(text).not.toContain('Дәулетова');
  expect(await audited('contracts.savePdf')).toBe(before + 2);
  await dialog.getByRole('button', { name: 'Жабу' }).click();
  await expect(page.getByTestId('contract-2026-0002')).toBeVisible();
  await expect(page.getByTestId('contract-2026-0003')).toHaveCount(0); // nothing for Dana

  // Russian: a selection of the middle group — one child unticked, one incomplete.
  await page.getByText('Рус', { exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Договоры', exact: true })).toBeVisible();
  await page.getByRole('button', { name: 'Создать договор' }).click();
  const ru = page.getByRole('dialog', { name: 'Создать договор' });
  await ru.getByText('Для группы', { exact: true }).click();
  await ru.getByLabel('Группа', { exact: true }).selectOption({ label: 'Средняя «Солнышко»' });
  await ru.getByTestId('group-children').getByLabel('Петрова Анна').uncheck();
  await ru.getByLabel('Начало срока').fill('01.09.2026');
  await expect(ru.getByRole('button', { name: 'Создать черновики (2)' })).toBeEnabled();
  await shot(page, '03-ru-choose');
  await ru.getByRole('button', { name: 'Создать черновики (2)' }).click();
  await expect(ru.getByTestId('group-created')).toContainText('Создано черновиков: 1');
  await expect(ru.getByTestId('group-created')).toContainText('№ 2026-0003 — Иванова Мария');
  const ruIncomplete = ru.getByTestId('group-incomplete');
  await expect(ruIncomplete).toContainText('Сидорова Ольга');
  await expect(ruIncomplete).toContainText('Свидетельство о рождении / Туу туралы куәлік');
  await expectNoRawKeys(page);
  await shot(page, '04-ru-result');
  await ru.getByRole('button', { name: 'Закрыть' }).click();
  await expect(ru).toBeHidden();

  // The same group again (the dialog stays in the mode last chosen): the child who has a contract for the term is skipped and named.
  await page.getByRole('button', { name: 'Создать договор' }).click();
  await expect(ru.getByText('Для группы', { exact: true })).toBeVisible();
  await ru.getByLabel('Группа', { exact: true }).selectOption({ label: 'Средняя «Солнышко»' });
  await expect(ru.getByTestId('group-children').getByLabel('Петрова Анна')).toBeChecked();
  await ru.getByLabel('Начало срока').fill('01.09.2026');
  await ru.getByRole('button', { name: 'Создать черновики (3)' }).click();
  await expect(ru.getByTestId('group-created')).toContainText('Создано черновиков: 1');
  await expect(ru.getByTestId('group-skipped')).toContainText(
    'Иванова Мария — на этот срок уже есть договор № 2026-0003',
  );
  await shot(page, '05-ru-skipped');
  await ru.getByRole('button', { name: 'Закрыть' }).click();
  await expect(ru).toBeHidden();

  // Any one contract from the list, as its own file named by its number.
  const one = await savedPdfText(
    page,
    () =>
      page
        .getByTestId('contract-2026-0003')
        .getByRole('button', { name: 'Сохранить в PDF' })
        .click(),
    /^Договор-2026-0003\.pdf$/,
    'PDF-файл готов: договоров — 1. Сохранение записано в журнал аудита.',
  );
  expect(one).toContain('2026-0003');
  expect(await audited('contracts.savePdf')).toBe(before + 3);
  await shot(page, '06-ru-list');
});
