import { expect as baseExpect, test, type Page } from '@playwright/test';
import { existsSync, mkdirSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';
import { withCheckDigit } from '../helpers/enrolled-child';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { pageDifference, rasterPages } from '../helpers/raster';

/**
 * Issue 15, the printed forms in Chromium against the real web host, in Kazakh and in Russian:
 * the child's card opens from the child's page in the one PDF viewer (pages drawn, Save as PDF
 * gives the card itself, Print sends it to the CUPS test printer when there is one), and the
 * consent form opens for a representative from their card.
 */
const PRINTER = process.env.BALABAQSHA_TEST_PRINTER;
const PRINT_DIR = process.env.BALABAQSHA_TEST_PRINT_DIR;
const printedFiles = () =>
  PRINT_DIR && existsSync(PRINT_DIR)
    ? readdirSync(PRINT_DIR).filter((name) => name.endsWith('.pdf'))
    : [];
async function newPrint(before: string[]): Promise<string | undefined> {
  for (let wait = 0; wait < 120; wait++) {
    const added = printedFiles().filter(
      (name) => !before.includes(name) && statSync(join(PRINT_DIR!, name)).size > 0,
    );
    if (added.length) return added[0];
    await new Promise((done) => setTimeout(done, 500));
  }
  return undefined;
}
const SCREENS = 'test-results/screens';
const expect = baseExpect.configure({ timeout: 20_000 });
const shot = (page: Page, language: string, name: string) =>
  page.screenshot({ path: `${SCREENS}/forms-${language}-${name}.png`, fullPage: true });

const WORDS = {
  kk: {
    lang: 'Қаз',
    children: 'Балалар',
    search: 'Аты немесе ЖСН бойынша іздеу',
    representatives: 'Заңды өкілдер',
    card: 'Баланың карточкасы',
    consent: 'Келісім нысаны',
    both: 'Екі тілде (қазақша және орысша)',
    page: (n: number) => `${n}-бет`,
    save: 'PDF ретінде сақтау',
    print: 'Басып шығару',
    printTitle: 'Баланың карточкасын басып шығару',
    printStart: 'Басып шығару',
    printed: 'Карточка принтерге жіберілді.',
    cardFile: /^Баланың карточкасы \d\d\.\d\d\.\d{4}\.pdf$/,
  },
  ru: {
    lang: 'Рус',
    children: 'Дети',
    search: 'Поиск по имени или ИИН',
    representatives: 'Законные представители',
    card: 'Карточка ребёнка',
    consent: 'Бланк согласия',
    both: 'На двух языках (казахский и русский)',
    page: (n: number) => `Страница ${n}`,
    save: 'Сохранить как PDF',
    print: 'Печать',
    printTitle: 'Печать карточки ребёнка',
    printStart: 'Печатать',
    printed: 'Карточка отправлена на принтер.',
    cardFile: /^Карточка ребёнка \d\d\.\d\d\.\d{4}\.pdf$/,
  },
} as const;

const CHILD_IIN = withCheckDigit('21031460123');

let host: RunningHost;
test.setTimeout(180_000);
test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));
test.beforeEach(async () => {
  host = await startHost();
});
test.afterEach(() => host.stop());

for (const language of ['kk', 'ru'] as const) {
  const w = WORDS[language];
  test(`${language}: the child's card from the child's page; the consent form for a representative`, async ({
    page,
  }) => {
    const rpc = <T = unknown>(method: string, input?: unknown) =>
      callRpc<T>(host.url, method, input);
    await setUpKindergarten(page, host.url);
    const { id: groupId } = await rpc<{ id: string }>('groups.create', {
      name: 'Ересек «Күншуақ»',
      ageGroup: 'senior',
      language: 'kk',
    });
    const { id: childId } = await rpc<{ id: string }>('children.create', {
      iin: CHILD_IIN,
      lastName: 'Ұлықбекова',
      firstName: 'Іңкәр',
      birthDate: '2021-03-14',
      sex: 'female',
      citizenship: 'KZ',
      groupId,
      status: 'enrolled',
    });
    const { representativeId } = await rpc<{ representativeId: string }>('representatives.link', {
      childId,
      representative: {
        iin: withCheckDigit('90051240456'),
        lastName: 'Ұлықбекова',
        firstName: 'Әйгерім',
        idDocumentType: 'id_card',
        idDocumentNumber: '049912345',
        phone: '+7 701 555 12 34',
      },
      relation: 'mother',
      isPrimary: true,
    });

    await page.reload();
    await expect(page.getByTestId('signed-in-as')).toBeVisible();
    await page.locator('header').getByText(w.lang, { exact: true }).click();
    await page.getByRole('button', { name: w.children, exact: true }).click();
    await page.getByLabel(w.search).fill(CHILD_IIN);
    await page.getByRole('row', { name: /Ұлықбекова Іңкәр/ }).click();
    await expect(page.getByRole('heading', { name: 'Ұлықбекова Іңкәр' })).toBeVisible();

    // The card: from the child's page into the viewer, its page drawn; saved, it is the card.
    await page.getByRole('button', { name: w.card }).click();
    const card = page.getByRole('dialog', { name: w.card });
    await expect(card.getByTestId('child-card')).toBeVisible();
    await expect(card.getByRole('img', { name: w.page(1) })).toBeVisible();
    await expect(card.getByRole('img', { name: w.page(2) })).toHaveCount(0);
    await shot(page, language, 'card');
    const [download] = await Promise.all([
      page.waitForEvent('download'),
      card.getByRole('button', { name: w.save }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(w.cardFile);
    const saved = readFileSync((await download.path())!);
    const text = (await extractPdfText(saved)).join('\n');
    expect(text).toContain(w.card);
    expect(text).toContain(CHILD_IIN);
    expect(text).toContain('+7 701 555 12 34');

    // Print: one job through the core to the CUPS test printer (CI), the card on paper.
    if (PRINTER) {
      await card.getByRole('button', { name: w.print, exact: true }).click();
      const print = page.getByRole('dialog', { name: w.printTitle });
      await print.getByLabel('Принтер').selectOption(PRINTER);
      const before = printedFiles();
      await print.getByRole('button', { name: w.printStart, exact: true }).click();
      await expect(page.getByText(w.printed)).toBeVisible();
      const printed = await newPrint(before);
      expect(printed, 'a printed file in the CUPS-PDF folder').toBeTruthy();
      // CUPS-PDF distils the job again with Ghostscript, which drops the fonts' text map: the
      // printed page is compared with the saved card, and with another document (the consent
      // form) to show the comparison tells them apart.
      const [paper, ...more] = rasterPages(readFileSync(join(PRINT_DIR!, printed!)), 50);
      expect(more).toHaveLength(0);
      const [own] = rasterPages(saved, 50);
      const { base64 } = await rpc<{ base64: string }>('reports.consentForm', {
        childId,
        representativeId,
        language,
      });
      const [other] = rasterPages(Buffer.from(base64, 'base64'), 50);
      const same = pageDifference(paper!, own!);
      const different = pageDifference(paper!, other!);
      expect(same, `printed vs. saved ${same}, vs. consent form ${different}`).toBeLessThan(
        different / 4,
      );
    } else {
      test.info().annotations.push({
        type: 'skip',
        description: 'BALABAQSHA_TEST_PRINTER unset: printing itself not tried',
      });
    }
    await page.keyboard.press('Escape');
    await expect(card).toBeHidden();

    // The consent form: beside the representative, in both languages — two pages.
    await page.getByRole('tab', { name: w.representatives }).click();
    const representative = page.getByTestId('representative');
    await representative.getByRole('button', { name: w.consent }).click();
    await page.getByRole('menuitem', { name: w.both }).click();
    const consent = page.getByRole('dialog', { name: w.consent });
    await expect(consent.getByTestId('consent-form')).toBeVisible();
    await expect(consent.getByRole('img', { name: w.page(1) })).toBeVisible();
    await expect(consent.getByRole('img', { name: w.page(2) })).toBeVisible();
    await shot(page, language, 'consent-form');
  });
}
