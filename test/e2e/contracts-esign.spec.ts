import { expect, test, type Download, type Locator, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';
import { FULL_ORG, FULL_TERMS, enrolledChild } from '../helpers/enrolled-child';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import type { Core } from '../../electron/core/core';
import { startNcaLayerDouble, type DoubleMode, type NcaLayerDouble } from '../ncalayer-double';

/**
 * Issue 17 in the browser: the director signs a contract through the NCALayer double (a real
 * wss server with a test CA the host is told to trust), the row shows the signer, the signed
 * pair is saved and verified — and a one-byte change to either file is named as the reason —
 * and every way signing fails reads as its own sentence, in Kazakh and in Russian. The page is
 * 1024×768, the smallest screen the app is made for.
 */
const SCREENS = 'test-results/screens/contracts-esign';
type Words = Record<string, unknown>;
const words = (language: 'kk' | 'ru') =>
  JSON.parse(readFileSync(`renderer/src/i18n/${language}.json`, 'utf8')) as Words;
const KK = words('kk');
const RU = words('ru');
/** The translated text at a dotted key, failing loudly when it is missing. */
function text(tree: Words, key: string): string {
  const value = key.split('.').reduce<unknown>((node, part) => (node as Words)?.[part], tree);
  if (typeof value !== 'string') throw new Error(`no text for ${key}`);
  return value;
}
const fill = (template: string, values: Record<string, string>) =>
  template.replace(/\{\{(\w+)\}\}/g, (_, name: string) => values[name] ?? '');

let double: NcaLayerDouble;
let host: RunningHost;
let doubleDir: string;
let doubleRunning = false;
let portal: SpawnedPortal | null = null;

test.use({ viewport: { width: 1024, height: 768 } });

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  doubleDir = mkdtempSync(join(tmpdir(), 'bq-ncalayer-'));
  double = await startNcaLayerDouble({ dir: doubleDir });
  doubleRunning = true;
  host = await startHost({
    BALABAQSHA_NCALAYER_URL: double.url,
    BALABAQSHA_TEST_PKI_ROOTS: double.rootPemPath,
  });
});
test.afterAll(async () => {
  await portal?.stop();
  host?.stop();
  if (doubleRunning) await double.stop();
  rmSync(doubleDir, { recursive: true, force: true });
});

const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(host.url, method, input);
/** The helpers' `core.call` through the web host, acting as the signed-in director. */
const viaHost = { call: (method: string, input: unknown) => rpc(method, input) } as unknown as Core;
const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENS}/${name}.png`, fullPage: true });

/** "Sync now" through the core until nothing is left to send (a pull may bring more to do). */
async function syncUntilDone() {
  for (let round = 0; round < 4; round++) {
    await rpc('sync.run', {});
    if ((await rpc<{ pending: number }>('sync.status', {})).pending === 0) return;
  }
  throw new Error('sync did not settle');
}

/** A serial whose child and representative IINs (enrolledChild's prefixes) both have a check digit. */
function freeSerial(from: number): string {
  for (let serial = from; ; serial++) {
    const tail = String(serial).padStart(4, '0');
    const ok = ['2103146', '9005124'].every(
      (prefix) => checkDigit([...`${prefix}${tail}`].map(Number)) !== null,
    );
    if (ok) return tail;
  }
}

/** Flips one byte: the file is the same length and looks the same, but is not what was signed. */
function tampered(bytes: Buffer, at: number): Buffer {
  const copy = Buffer.from(bytes);
  copy[at] = copy[at]! ^ 0x01;
  return copy;
}

async function pickFile(page: Page, input: Locator, name: string, buffer: Buffer) {
  const chooser = page.waitForEvent('filechooser');
  await input.click();
  await (await chooser).setFiles({ name, mimeType: 'application/octet-stream', buffer });
}

/** No visible text may be a raw translation key. */
async function expectNoRawKeys(page: Page) {
  const body = await page.locator('body').innerText();
  expect(body).not.toMatch(/\b(contracts|esign|errors|print)\.[a-zA-Z]+\.?[a-zA-Z]*/);
}

/** The page fits 1024 px: nothing scrolls sideways. */
async function expectFitsWidth(page: Page) {
  const width = await page.evaluate(() => document.documentElement.scrollWidth);
  expect(width).toBeLessThanOrEqual(1024);
}

test('the director signs a contract through NCALayer; tampering and every refusal are named in kk and ru', async ({
  page,
}) => {
  test.setTimeout(300_000);
  await setUpKindergarten(page, host.url);
  await rpc('settings.update', FULL_ORG);
  await rpc('contracts.updateTerms', FULL_TERMS);
  const first = await enrolledChild(viaHost, { iinSerial: freeSerial(120) });
  const second = await enrolledChild(viaHost, {
    iinSerial: freeSerial(Number(freeSerial(120)) + 1),
    groupId: first.groupId,
  });
  const term = { termFrom: '2026-09-01', termUntil: '2027-05-31' };
  const mismatched = await rpc<{ id: string; number: string }>('contracts.create', {
    childId: first.childId,
    representativeId: first.representativeId,
    termFrom: '2027-09-01',
    termUntil: '2028-05-31',
  });
  const signedOne = await rpc<{ id: string; number: string }>('contracts.create', {
    childId: first.childId,
    representativeId: first.representativeId,
    ...term,
  });
  const refused = await rpc<{ id: string; number: string }>('contracts.create', {
    childId: second.childId,
    representativeId: second.representativeId,
    ...term,
  });

  await page.getByRole('button', { name: 'Шарттар', exact: true }).click();
  const row = page.getByTestId(`contract-${signedOne.number}`);
  const otherRow = page.getByTestId(`contract-${refused.number}`);
  await expect(row).toBeVisible();
  await expect(row.getByTestId('esign-state')).toHaveCount(0);

  // Signing: while the core talks to NCALayer the dialog asks to pick the key there.
  let release = () => {};
  const held = new Promise<void>((resolve) => (release = resolve));
  await page.route('**/rpc/contracts.signElectronically', async (route) => {
    await held;
    await route.continue();
  });
  await row.getByRole('button', { name: 'ЭЦҚ-мен қол қою (NCALayer)' }).click();
  const signDialog = page.getByRole('dialog', {
    name: `Шарт № ${signedOne.number}: ЭЦҚ-мен қол қою`,
  });
  await expect(signDialog.getByRole('status')).toHaveText('NCALayer терезесінде кілтті таңдаңыз');
  await shot(page, 'kk-01-waiting');
  release();
  await expect(
    page.getByText(`Шарт № ${signedOne.number} электрондық қолтаңбамен қол қойылды.`),
  ).toBeVisible({ timeout: 30_000 });
  await page.unroute('**/rpc/contracts.signElectronically');
  await expect(signDialog).toBeHidden();

  // What NCALayer was asked: the exact PDF bytes, detached CMS, signing keys only, in Kazakh.
  expect(double.requests).toHaveLength(1);
  const request = double.requests[0] as {
    module: string;
    method: string;
    args: { data: string; locale: string } & Record<string, unknown>;
  };
  expect(request).toMatchObject({
    module: 'kz.gov.pki.knca.basics',
    method: 'sign',
    args: {
      format: 'cms',
      signingParams: { decode: true, encapsulate: false, digested: false },
      signerParams: { extKeyUsageOids: ['1.3.6.1.5.5.7.3.4'] },
      locale: 'kk',
    },
  });
  const sentPdf = Buffer.from(request.args.data, 'base64');
  expect(sentPdf.subarray(0, 5).toString()).toBe('%PDF-');

  // The row names the signer: name, IIN and the certificate's last day.
  const state = row.getByTestId('esign-state');
  await expect(state).toContainText(
    `Электрондық қол қойылды: ${double.director.name}, ЖСН ${double.director.iin}, сертификат `,
  );
  await expect(state).toContainText(/сертификат \d{2}\.\d{2}\.\d{4} дейін/);
  await expect(row.getByRole('button', { name: 'ЭЦҚ-мен қол қою (NCALayer)' })).toHaveCount(0);
  await shot(page, 'kk-02-signed');
  await expectFitsWidth(page);
  await expectNoRawKeys(page);

  // The signatures dialog re-verifies what is kept; the signed pair is saved as two files.
  await row.getByRole('button', { name: 'Қолтаңбалар' }).click();
  const signatures = page.getByRole('dialog', {
    name: `Шарт № ${signedOne.number}: электрондық қолтаңбалар`,
  });
  const director = signatures.getByTestId('signature-director');
  await expect(director.getByText('Қолтаңба жарамды')).toBeVisible();
  await expect(director).toContainText(double.director.name);
  await expect(signatures).toContainText('Заңды өкілдің порталдағы қолтаңбасы күтілуде.');
  const downloads: Download[] = [];
  page.on('download', (download) => downloads.push(download));
  await signatures.getByRole('button', { name: 'Қол қойылған файлдарды сақтау' }).click();
  await expect.poll(() => downloads.length).toBe(2);
  await expect(
    page.getByText(`Шарт № ${signedOne.number}: PDF және қолтаңба (.cms) файлдары дайын.`, {
      exact: false,
    }),
  ).toBeVisible();
  const names = downloads.map((download) => download.suggestedFilename()).sort();
  expect(names).toEqual([`Шарт-${signedOne.number}.pdf`, `Шарт-${signedOne.number}.pdf.cms`]);
  const byName = async (suffix: string) =>
    readFileSync((await downloads.find((d) => d.suggestedFilename().endsWith(suffix))!.path())!);
  const pdf = await byName('.pdf');
  const cms = await byName('.cms');
  expect(pdf.equals(sentPdf)).toBe(true); // the very bytes NCALayer signed
  await shot(page, 'kk-03-signatures');
  await signatures.getByRole('button', { name: 'Жабу' }).click();

  // Verifying the files: the pair is valid; one byte changed in either is named.
  const verifyDialog = page.getByRole('dialog', { name: 'Қолтаңбаны тексеру' });
  const verify = async (pdfBytes: Buffer, cmsBytes: Buffer, pdfName = 'contract.pdf') => {
    await pickFile(page, verifyDialog.getByLabel('Шарттың PDF файлы'), pdfName, pdfBytes);
    await pickFile(
      page,
      verifyDialog.getByLabel('Қолтаңба файлы (.cms)'),
      'contract.cms',
      cmsBytes,
    );
    await verifyDialog.getByRole('button', { name: 'Тексеру', exact: true }).click();
    return verifyDialog.getByTestId('verify-result');
  };
  await page.getByRole('button', { name: 'Қолтаңбаны тексеру' }).click();
  let result = await verify(pdf, cms);
  await expect(result.getByText('Қолтаңба жарамды')).toBeVisible();
  await expect(result).toContainText(`Осы бағдарламада жасалған шарт: № ${signedOne.number}`);
  await expect(result).toContainText(`Қол қойған: ${double.director.name}`);
  await expect(result).toContainText(`ЖСН ${double.director.iin}`);
  await expect(result.getByTestId('signature-revocation')).toHaveText(
    'Сертификаттың кері қайтарылуы: тексерілді, кері қайтарылмаған',
  );
  await shot(page, 'kk-04-verify-valid');

  result = await verify(tampered(pdf, Math.floor(pdf.length / 2)), cms);
  await expect(result.getByText('Қолтаңба жарамсыз')).toBeVisible();
  await expect(result.locator('[data-failure="contentMismatch"]')).toHaveText(
    text(KK, 'esign.failure.contentMismatch'),
  );
  await shot(page, 'kk-05-verify-tampered-pdf');

  // The signature value is the CMS's last field: a byte near the end changes the signature.
  result = await verify(pdf, tampered(cms, cms.length - 8));
  await expect(result.getByText('Қолтаңба жарамсыз')).toBeVisible();
  await expect(result.locator('[data-failure="signatureInvalid"]')).toHaveText(
    text(KK, 'esign.failure.signatureInvalid'),
  );
  await expectNoRawKeys(page);
  await shot(page, 'kk-06-verify-tampered-cms');
  await verifyDialog.getByRole('button', { name: 'Жабу' }).click();

  // Every way NCALayer or the verification refuses: its own sentence, nothing kept. Signing is
  // started from the keyboard; Escape closes the dialog.
  const MODES: Array<{ mode: DoubleMode; error: string; reason?: string }> = [
    { mode: 'cancel', error: 'signingCancelled' },
    { mode: 'wrongKey', error: 'signatureRejected', reason: 'wrongKeyType' },
    { mode: 'expired', error: 'signatureRejected', reason: 'certificateExpired' },
    { mode: 'brokenSignature', error: 'signatureRejected', reason: 'signatureInvalid' },
    { mode: 'revoked', error: 'signatureRejected', reason: 'certificateRevoked' },
  ];
  const refusal = async (
    language: 'kk' | 'ru',
    name: string,
    expected: { error: string; reason?: string },
  ) => {
    const tree = language === 'kk' ? KK : RU;
    const before = double.requests.length;
    await otherRow.getByRole('button', { name: text(tree, 'contracts.esign.sign') }).focus();
    await page.keyboard.press('Enter');
    const dialog = page.getByRole('dialog', {
      name: fill(text(tree, 'contracts.esign.signTitle'), { number: refused.number }),
    });
    const alert = dialog.getByTestId('esign-failure');
    await expect(alert).toBeVisible({ timeout: 30_000 });
    await expect(alert).toContainText(text(tree, `errors.${expected.error}`));
    if (expected.reason)
      await expect(alert).toContainText(text(tree, `esign.failure.${expected.reason}`));
    await expect(
      dialog.getByRole('button', { name: text(tree, 'contracts.esign.retry') }),
    ).toBeVisible();
    await expectNoRawKeys(page);
    await shot(page, `${language}-${name}`);
    await page.keyboard.press('Escape');
    await expect(dialog).toBeHidden();
    await expect(otherRow.getByTestId('esign-state')).toHaveCount(0);
    expect(
      (await rpc<{ state: string }>('contracts.signatures', { contractId: refused.id })).state,
    ).toBe('none');
    return double.requests.slice(before);
  };

  let index = 7;
  for (const { mode, ...expected } of MODES) {
    double.setMode(mode);
    const asked = await refusal('kk', `${String(index++).padStart(2, '0')}-${mode}`, expected);
    expect(asked).toHaveLength(1);
  }

  // The same in Russian: the words, and NCALayer asked in Russian.
  // The core asks NCALayer in the session's language: wait until it is told.
  await Promise.all([
    page.waitForResponse('**/rpc/auth.setLanguage'),
    page.getByText('Рус', { exact: true }).click(),
  ]);
  await expect(page.getByRole('heading', { name: 'Договоры', exact: true })).toBeVisible();
  await expect(state).toContainText(
    `Подписан электронно: ${double.director.name}, ИИН ${double.director.iin}, сертификат до `,
  );
  await expectFitsWidth(page);
  await shot(page, 'ru-02-signed');
  index = 7;
  for (const { mode, ...expected } of MODES) {
    double.setMode(mode);
    const [asked] = await refusal('ru', `${String(index++).padStart(2, '0')}-${mode}`, expected);
    expect((asked as { args: { locale: string } }).args.locale).toBe('ru');
  }
  const verifyRu = page.getByRole('dialog', { name: 'Проверить подпись' });
  await page.getByRole('button', { name: 'Проверить подпись' }).click();
  await pickFile(
    page,
    verifyRu.getByLabel('PDF-файл договора'),
    'contract.pdf',
    tampered(pdf, 400),
  );
  await pickFile(page, verifyRu.getByLabel('Файл подписи (.cms)'), 'contract.cms', cms);
  await verifyRu.getByRole('button', { name: 'Проверить', exact: true }).click();
  await expect(verifyRu.getByText('Подпись недействительна')).toBeVisible();
  await expect(verifyRu.locator('[data-failure="contentMismatch"]')).toHaveText(
    text(RU, 'esign.failure.contentMismatch'),
  );
  await expectNoRawKeys(page);
  await shot(page, 'ru-05-verify-tampered-pdf');
  await verifyRu.getByRole('button', { name: 'Закрыть' }).click();

  // The parent signs on the portal: the contract goes up with its PDF and CMS, the parent's
  // CMS comes back, is verified against the stored PDF, and the row says "signed by both".
  portal = await spawnPortalEmulator({ dbPath: join(doubleDir, 'portal.db') });
  await rpc('sync.enroll', {
    portalUrl: portal.url,
    enrollmentCode: portal.enrollmentCode,
    deviceName: 'e2e',
  });
  await syncUntilDone();
  expect((await portal.entity('contract', signedOne.id))?.data).toMatchObject({
    status: 'printed',
  });
  const parentCms = await double.signAsRepresentative(pdf, first.representative);
  await portal.parentSignature({
    contractId: signedOne.id,
    cmsBase64: Buffer.from(parentCms).toString('base64'),
  });
  await syncUntilDone(); // pulls the parent's CMS and verifies it
  await syncUntilDone(); // sends the contract now signed
  await page.reload(); // the window opens on its first page
  await page.getByRole('button', { name: 'Договоры', exact: true }).click();
  await expect(state).toContainText('Подписан обеими сторонами', { timeout: 30_000 });
  await expect(row.getByText(text(RU, 'contracts.statuses.signed'), { exact: true })).toBeVisible();
  await row.getByRole('button', { name: 'Подписи' }).click();
  const signaturesRu = page.getByRole('dialog', {
    name: `Договор № ${signedOne.number}: электронные подписи`,
  });
  await expect(signaturesRu.getByTestId('esign-both')).toHaveText('Подписан обеими сторонами');
  await expect(
    signaturesRu.getByTestId('signature-representative').getByText('Подпись действительна'),
  ).toBeVisible();
  await expectFitsWidth(page);
  await shot(page, 'ru-14-both');
  await signaturesRu.getByRole('button', { name: 'Закрыть' }).click();

  // A parent's CMS over other bytes: kept and shown with its reason, never "signed by both".
  double.setMode('sign');
  await rpc('contracts.signElectronically', { contractId: mismatched.id });
  await syncUntilDone();
  const wrongCms = await double.signAsRepresentative(tampered(pdf, 400), first.representative);
  await portal.parentSignature({
    contractId: mismatched.id,
    cmsBase64: Buffer.from(wrongCms).toString('base64'),
  });
  await syncUntilDone();
  await syncUntilDone();
  await page.getByRole('button', { name: 'Дети', exact: true }).click();
  await page.getByRole('button', { name: 'Договоры', exact: true }).click();
  const mismatchedRow = page.getByTestId(`contract-${mismatched.number}`);
  await expect(mismatchedRow.getByTestId('esign-state')).toContainText('Подписан электронно');
  await expect(mismatchedRow.getByTestId('esign-state')).not.toContainText('обеими');
  await mismatchedRow.getByRole('button', { name: 'Подписи' }).click();
  const parentDialog = page.getByRole('dialog', {
    name: `Договор № ${mismatched.number}: электронные подписи`,
  });
  const parent = parentDialog.getByTestId('signature-representative');
  await expect(parent.getByText('Подпись недействительна')).toBeVisible();
  await expect(parent.locator('[data-failure="contentMismatch"]')).toHaveText(
    text(RU, 'esign.failure.contentMismatch'),
  );
  await expect(parentDialog.getByTestId('esign-both')).toHaveCount(0);
  await expect(
    parentDialog.getByText(text(RU, 'contracts.esign.waitingRepresentative')),
  ).toHaveCount(0);
  await shot(page, 'ru-15-parent-mismatch');
  await parentDialog.getByRole('button', { name: 'Закрыть' }).click();

  // NCALayer not running: the double is gone (connection refused).
  await double.stop();
  doubleRunning = false;
  await refusal('ru', '12-not-running', { error: 'ncalayerNotRunning' });
  // Offline, the pair still verifies; revocation reads "not checked".
  await page.getByRole('button', { name: 'Проверить подпись' }).click();
  await pickFile(page, verifyRu.getByLabel('PDF-файл договора'), 'contract.pdf', pdf);
  await pickFile(page, verifyRu.getByLabel('Файл подписи (.cms)'), 'contract.cms', cms);
  await verifyRu.getByRole('button', { name: 'Проверить', exact: true }).click();
  await expect(verifyRu.getByText('Подпись действительна')).toBeVisible({ timeout: 30_000 });
  await expect(verifyRu.getByTestId('signature-revocation')).toContainText(
    'Отзыв сертификата: не проверен',
  );
  await shot(page, 'ru-13-verify-offline');
  await verifyRu.getByRole('button', { name: 'Закрыть' }).click();

  // The core asks NCALayer in the session's language: wait until it is told.
  await Promise.all([
    page.waitForResponse('**/rpc/auth.setLanguage'),
    page.getByText('Қаз', { exact: true }).click(),
  ]);
  await refusal('kk', '12-not-running', { error: 'ncalayerNotRunning' });
  await expect(state).toContainText(double.director.name); // the signed one is still signed
  await expect(state).toContainText('Екі тарап қол қойды');
  await expect(state.getByTestId('esign-unproved')).toHaveCount(0); // RSA: proved
  await expectFitsWidth(page);
  await shot(page, 'kk-14-both');

  // A GOST signature's mathematics is not checked (README Design): the row says so. The double
  // signs with RSA only, so the list's answer is marked as a GOST signer's would be.
  await page.route('**/rpc/contracts.list', async (route) => {
    const response = await route.fetch();
    const body = (await response.json()) as { value: Array<Record<string, unknown>> };
    body.value = body.value.map((listed) =>
      listed.directorSigner
        ? {
            ...listed,
            directorSigner: { ...(listed.directorSigner as object), cryptoVerified: false },
          }
        : listed,
    );
    await route.fulfill({ response, json: body });
  });
  await page.getByRole('button', { name: 'Балалар', exact: true }).click();
  await page.getByRole('button', { name: 'Шарттар', exact: true }).click();
  await expect(state.getByTestId('esign-unproved')).toHaveText(
    'ГОСТ: қолтаңба математикалық тексерілмеді',
  );
  await shot(page, 'kk-15-gost-warning');
});
