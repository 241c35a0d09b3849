import { expect as baseExpect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import sharp from 'sharp';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

/**
 * Issue 13, items 4 and 5 in Chromium against the real web host and portal emulator, in
 * Kazakh and in Russian: the director removes a document and a representative entered by
 * mistake (a reason is required, the dialog says what goes; the portal learns the deletions);
 * recording and withdrawing consent, answering a conflict and withdrawing a child ask for
 * confirmation and show what will change; the consent badge speaks in words, not codes.
 */
const SCREENS = 'test-results/screens';
const expect = baseExpect.configure({ timeout: 15_000 });

function iin(first11: string): string {
  const digit = checkDigit([...first11].map(Number));
  if (digit === null) throw new Error('no check digit for these 11 digits: pick another serial');
  return first11 + digit;
}

const WORDS = {
  kk: {
    lang: 'Қаз',
    children: 'Балалар',
    search: 'Аты немесе ЖСН бойынша іздеу',
    general: 'Жалпы мәліметтер',
    representatives: 'Заңды өкілдер',
    documents: 'Құжаттар',
    remove: 'Жою',
    removeDocument: 'Қате енгізілген құжатты жою',
    removeRepresentative: 'Қате енгізілген заңды өкілді жою',
    reason: 'Себебі',
    wrongFile: 'Қате файл жүктелген',
    wrongPerson: 'Басқа адам енгізілген',
    removed: 'жойылады',
    noDocuments: 'Құжаттар әлі жоқ',
    recordConsent: 'Келісімді тіркеу',
    recordConsentTitle: 'Келісімді тіркеу',
    removeDocumentNamed: '«Басқа баланың куәлігі» құжатын жою',
    consentGiven:
      /Келісім берілді: \d{4} жылғы \d{1,2} [а-яәіңғүұқөһ]+, ережелердің 2024 жылғы 1-редакциясы/,
    withdrawConsent: 'Келісімді кері қайтарып алу',
    withdrawConsentTitle: 'Келісімді кері қайтарып алу',
    consentMissing: 'Дербес деректерді өңдеуге келісім жоқ',
    consentHistory: (day: string) =>
      `Бұрынғы келісім: ${day} берілген, ережелердің 2024 жылғы 1-редакциясы; ${day} кері қайтарылды`,
    withdrawChild: 'Шығару',
    statusConfirm: 'Мәртебені өзгертуді растаңыз',
    enrolled: 'Қабылданды',
    withdrawn: 'Шығып кетті',
    portal: 'Портал',
    conflicts: /Қайшылықтар/,
    keepOurs: 'Біздікін қалдыру',
    conflictConfirm: 'Таңдауды растаңыз',
    noConflicts: 'Шешілмеген қайшылықтар жоқ',
  },
  ru: {
    lang: 'Рус',
    children: 'Дети',
    search: 'Поиск по имени или ИИН',
    general: 'Общие сведения',
    representatives: 'Законные представители',
    documents: 'Документы',
    remove: 'Удалить',
    removeDocument: 'Удаление ошибочно внесённого документа',
    removeRepresentative: 'Удаление ошибочно внесённого законного представителя',
    reason: 'Причина',
    wrongFile: 'Загружен не тот файл',
    wrongPerson: 'Внесён не тот человек',
    removed: 'будет удалено',
    noDocuments: 'Документов пока нет',
    recordConsent: 'Зарегистрировать согласие',
    recordConsentTitle: 'Регистрация согласия',
    removeDocumentNamed: 'Удалить документ «Басқа баланың куәлігі»',
    consentGiven: /Согласие дано \d{1,2} [а-я]+ \d{4} г\., правила в редакции № 1 от 2024 г\./,
    withdrawConsent: 'Отозвать согласие',
    withdrawConsentTitle: 'Отзыв согласия',
    consentMissing: 'Нет согласия на обработку персональных данных',
    consentHistory: (day: string) =>
      `Прежнее согласие: дано ${day}, правила в редакции № 1 от 2024 г.; отозвано ${day}`,
    withdrawChild: 'Отчислить',
    statusConfirm: 'Подтвердите изменение статуса',
    enrolled: 'Зачислен',
    withdrawn: 'Выбыл',
    portal: 'Портал',
    conflicts: /Конфликты/,
    keepOurs: 'Оставить наше',
    conflictConfirm: 'Подтвердите выбор',
    noConflicts: 'Нерешённых конфликтов нет',
  },
} as const;
type Language = keyof typeof WORDS;

test.use({ actionTimeout: 15_000, locale: 'kk-KZ' });
test.setTimeout(240_000);
test.beforeAll(() => mkdirSync(SCREENS, { recursive: true }));

const shot = (page: Page, language: Language, name: string) =>
  page.screenshot({ path: `${SCREENS}/mistakes-${language}-${name}.png`, fullPage: true });

for (const language of ['kk', 'ru'] as const) {
  const w = WORDS[language];

  test(`${language}: remove a document and a representative entered by mistake; confirm consent, a conflict and a withdrawal`, async ({
    page,
  }) => {
    const portalDir = mkdtempSync(join(tmpdir(), 'bq-e2e-mistakes-'));
    let host: RunningHost | null = null;
    let portal: SpawnedPortal | null = null;
    try {
      host = await startHost();
      portal = await spawnPortalEmulator({ dbPath: join(portalDir, 'portal.db'), referrals: 0 });
      const url = host.url;
      const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(url, method, input);
      await setUpKindergarten(page, url);

      const { id: groupId } = await rpc<{ id: string }>('groups.create', {
        name: 'Ересек «Күншуақ»',
        ageGroup: 'senior',
        language: 'kk',
      });
      const childIin = iin('21031460123');
      const { id: childId } = await rpc<{ id: string }>('children.create', {
        iin: childIin,
        lastName: 'Ұлықбекова',
        firstName: 'Іңкәр',
        birthDate: '2021-03-14',
        sex: 'female',
        citizenship: 'KZ',
        groupId,
        status: 'enrolled',
        actualAddress: 'Астана қ., Сарыарқа даңғылы 7, 21',
      });
      const person = (serial: string, lastName: string, firstName: string) => ({
        iin: iin(`900512${serial}`),
        lastName,
        firstName,
        idDocumentType: 'id_card',
        idDocumentNumber: '049912345',
        phone: '+7 701 555 12 34',
      });
      await rpc('representatives.link', {
        childId,
        representative: person('40456', 'Ұлықбекова', 'Әйгерім'),
        relation: 'mother',
        isPrimary: true,
      });
      const { representativeId: wrongId } = await rpc<{ representativeId: string }>(
        'representatives.link',
        {
          childId,
          representative: person('30777', 'Қателесов', 'Бекзат'),
          relation: 'father',
          isPrimary: false,
        },
      );
      const photo = await sharp({
        create: { width: 64, height: 48, channels: 3, background: { r: 200, g: 40, b: 90 } },
      })
        .jpeg()
        .toBuffer();
      const { id: documentId } = await rpc<{ id: string }>('documents.import', {
        childId,
        type: 'other',
        title: 'Басқа баланың куәлігі',
        contentBase64: photo.toString('base64'),
      });
      // Synced: the portal holds the child, both representatives and the document.
      await rpc('sync.enroll', { portalUrl: portal.url, enrollmentCode: portal.enrollmentCode });
      await rpc('sync.run');
      expect((await portal.entity('document', documentId))?.deleted).toBe(false);
      expect((await portal.entity('representative', wrongId))?.deleted).toBe(false);

      await page.reload();
      await expect(page.getByTestId('signed-in-as')).toBeVisible();
      await page.locator('header').getByText(w.lang, { exact: true }).click();
      await page.getByRole('button', { name: w.children, exact: true }).click();
      await page.getByLabel(w.search).fill(childIin);
      await page.getByRole('row', { name: /Ұлықбекова Іңкәр/ }).click();
      await expect(page.getByRole('heading', { name: 'Ұлықбекова Іңкәр' })).toBeVisible();

      // Item 4: the document entered by mistake. A reason is required; the dialog says what goes.
      await page.getByRole('tab', { name: w.documents }).click();
      await expect(page.getByTestId('document')).toHaveCount(1);
      await page.getByRole('button', { name: w.removeDocumentNamed }).click();
      let dialog = page.getByRole('dialog', { name: w.removeDocument });
      await expect(dialog.getByTestId('confirm-change')).toContainText('Басқа баланың куәлігі');
      await expect(dialog.getByTestId('confirm-change')).toContainText(w.removed);
      const removeButton = dialog.getByTestId('confirm-action');
      await expect(removeButton).toBeDisabled();
      await dialog.getByLabel(w.reason).selectOption({ label: w.wrongFile });
      await expect(removeButton).toBeEnabled();
      await shot(page, language, 'remove-document');
      await removeButton.click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('document')).toHaveCount(0);
      await expect(page.getByText(w.noDocuments)).toBeVisible();

      // The representative entered by mistake.
      await page.getByRole('tab', { name: w.representatives }).click();
      const cards = page.getByTestId('representative');
      await expect(cards).toHaveCount(2);
      const wrongCard = cards.filter({ hasText: 'Қателесов Бекзат' });
      await wrongCard.getByRole('button', { name: w.remove, exact: true }).click();
      dialog = page.getByRole('dialog', { name: w.removeRepresentative });
      await expect(dialog.getByTestId('confirm-change')).toContainText('Қателесов Бекзат');
      await expect(dialog.getByTestId('confirm-action')).toBeDisabled();
      await dialog.getByLabel(w.reason).selectOption({ label: w.wrongPerson });
      await shot(page, language, 'remove-representative');
      await dialog.getByTestId('confirm-action').click();
      await expect(dialog).toBeHidden();
      await expect(cards).toHaveCount(1);
      await expect(cards).toContainText('Ұлықбекова Әйгерім');

      // The removals reach the portal as deletions; the audit keeps each reason as a code.
      await rpc('sync.run');
      expect((await portal.entity('document', documentId))?.deleted).toBe(true);
      expect((await portal.entity('representative', wrongId))?.deleted).toBe(true);
      const audit = await rpc<{ action: string; entity: string; entityId: string | null }[]>(
        'audit.list',
        { limit: 100 },
      );
      const entities = audit.map((row) => `${row.action} ${row.entity} ${row.entityId}`);
      expect(entities).toContain(`documents.remove removalReason.wrongFile ${documentId}`);
      expect(entities).toContain(`representatives.remove removalReason.wrongPerson ${wrongId}`);

      // Item 5: recording consent is confirmed, with its version and date in words.
      const card = cards.first();
      await card.getByRole('button', { name: w.recordConsent }).click();
      dialog = page.getByRole('dialog', { name: w.recordConsentTitle });
      await expect(dialog.getByTestId('confirm-change')).toContainText(w.consentGiven);
      await shot(page, language, 'record-consent');
      await dialog.getByTestId('confirm-action').click();
      await expect(dialog).toBeHidden();
      const badge = card.getByTestId('consent-badge');
      await expect(badge).toHaveText(w.consentGiven);
      await expect(badge).not.toContainText('2024-1');
      await shot(page, language, 'consent-badge');

      // Withdrawing it is confirmed too, and says what changes.
      await card.getByRole('button', { name: w.withdrawConsent }).click();
      dialog = page.getByRole('dialog', { name: w.withdrawConsentTitle });
      await expect(dialog.getByTestId('confirm-change')).toContainText(w.consentGiven);
      await shot(page, language, 'withdraw-consent');
      await dialog.getByTestId('confirm-action').click();
      await expect(dialog).toBeHidden();
      await expect(card).toContainText(w.consentMissing);
      // The withdrawn consent is kept, not deleted: the card shows it with both days, and a
      // consent given again would be a new one.
      const day = new Date().toLocaleDateString('ru-RU'); // dd.mm.yyyy, the computer's day
      await expect(card.getByTestId('consent-history')).toHaveText(w.consentHistory(day));
      await expect(card.getByTestId('consent-badge')).toHaveCount(0);
      await expect(card.getByRole('button', { name: w.recordConsent })).toBeVisible();
      const { consents } = await rpc<{ consents: { withdrawnOn: string | null }[] }>(
        'children.get',
        { childId },
      );
      expect(consents).toEqual([expect.objectContaining({ withdrawnOn: expect.any(String) })]);
      await shot(page, language, 'consent-withdrawn');

      // A conflict: the answer is confirmed with the value it replaces.
      await portal.edit('child', childId, { actualAddress: 'Астана қ., Абай даңғылы 10, 5' });
      await rpc('children.update', {
        childId,
        changes: { actualAddress: 'Астана қ., Сарыарқа даңғылы 9, 3' },
      });
      await rpc('sync.run');
      await page.getByRole('button', { name: w.portal, exact: true }).click();
      await page.getByRole('tab', { name: w.conflicts }).click();
      const conflict = page.getByTestId('conflict');
      await expect(conflict).toHaveCount(1);
      await conflict.getByRole('button', { name: w.keepOurs }).click();
      dialog = page.getByRole('dialog', { name: w.conflictConfirm });
      const change = dialog.getByTestId('confirm-change');
      await expect(change.getByRole('cell').nth(1)).toHaveText('Астана қ., Абай даңғылы 10, 5');
      await expect(change.getByRole('cell').nth(2)).toHaveText('Астана қ., Сарыарқа даңғылы 9, 3');
      await shot(page, language, 'conflict-confirm');
      await dialog.getByRole('button', { name: w.keepOurs }).click();
      await expect(page.getByText(w.noConflicts)).toBeVisible();

      // Withdrawing the child: "Status: enrolled → withdrawn, dd.mm.yyyy", then confirmed.
      await page.getByRole('button', { name: w.children, exact: true }).click();
      await page.getByLabel(w.search).fill(childIin);
      await page.getByRole('row', { name: /Ұлықбекова Іңкәр/ }).click();
      await page.getByRole('tab', { name: w.general }).click();
      await page.getByRole('button', { name: w.withdrawChild, exact: true }).click();
      dialog = page.getByRole('dialog', { name: w.statusConfirm });
      const status = dialog.getByTestId('confirm-change').first();
      await expect(status.getByRole('cell').nth(1)).toHaveText(w.enrolled);
      await expect(status.getByRole('cell').nth(2)).toHaveText(
        new RegExp(`^${w.withdrawn}, \\d{2}\\.\\d{2}\\.\\d{4}$`),
      );
      await shot(page, language, 'withdraw-child');
      // Cancelling changes nothing.
      await dialog
        .getByRole('button', { name: language === 'kk' ? 'Бас тарту' : 'Отмена' })
        .click();
      await expect(page.getByTestId('child-status')).toHaveText(w.enrolled);
      await page.getByRole('button', { name: w.withdrawChild, exact: true }).click();
      await dialog.getByTestId('confirm-action').click();
      await expect(dialog).toBeHidden();
      await expect(page.getByTestId('child-status')).toHaveText(w.withdrawn);
    } finally {
      await portal?.stop();
      host?.stop();
      rmSync(portalDir, { recursive: true, force: true });
    }
  });
}
