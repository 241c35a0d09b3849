import { expect, test, type Page } from '@playwright/test';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { addReadyStaff, callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

/**
 * Portal sync through the UI: the web host and the portal emulator each in their own process.
 * Not connected → connect with the printed URL and code → sync → accept a referral into a
 * group → the child is enrolled → a conflict made on both sides is resolved in the inbox →
 * a change the portal rejects is explained and dismissed →
 * the portal goes away (offline, local work goes on, the outbox grows) → it comes back on the
 * same port and data → everything goes through.
 */

const SCREENS = 'test-results/screens';
const GROUP = 'Ортаңғы «Балдырған»';

/** `test/portal-emulator/main.ts` in its own process, on `dbPath` (and `port`, to come back). */
const startPortal = (dbPath: string, port?: number) =>
  spawnPortalEmulator({ dbPath, port, referrals: 5 });

let host: RunningHost;
let portal: SpawnedPortal | null = null;
let portalDir: string;

test.beforeAll(async () => {
  mkdirSync(SCREENS, { recursive: true });
  portalDir = mkdtempSync(join(tmpdir(), 'bq-e2e-portal-'));
  host = await startHost();
});
test.afterAll(async () => {
  await portal?.stop();
  host.stop();
  rmSync(portalDir, { recursive: true, force: true });
});

const shot = (page: Page, name: string) =>
  page.screenshot({ path: `${SCREENS}/sync-${name}.png`, fullPage: true });

const rpc = <T = unknown>(method: string, input?: unknown) => callRpc<T>(host.url, method, input);

/** What the portal holds of an entity (it must hold it). */
async function atPortal(entity: string, id: string) {
  const row = await portal!.entity(entity, id);
  expect(row, `${entity} ${id} at the portal`).not.toBeNull();
  return row!;
}

/** No visible text may be a raw translation key such as `sync.state.online`. */
async function expectNoRawKeys(page: Page) {
  const text = await page.locator('body').innerText();
  expect(text).not.toMatch(
    /\b(sync|portal|referrals|conflicts|notices|errors|nav|entities)\.[a-zA-Z]+/,
  );
}

const setUp = (page: Page) => setUpKindergarten(page, host.url);

interface Referral {
  id: string;
  number: string;
  status: string;
  childId: string;
  child: { id: string; lastName: string; firstName: string; status: string } | null;
}

/**
 * "Sync now", then wait until a new attempt is recorded and nothing runs any more. With
 * `expected`, the result notification must say so (it is closed again).
 */
async function syncNow(page: Page, expected?: RegExp) {
  const bar = page.getByTestId('sync-status');
  const before = (await bar.getAttribute('data-last-attempt')) ?? '';
  await page.getByTestId('sync-now').click();
  await expect(bar).not.toHaveAttribute('data-last-attempt', before, { timeout: 60_000 });
  await expect(bar).toHaveAttribute('data-running', 'false', { timeout: 60_000 });
  if (expected) {
    const note = page.locator('.mantine-Notification-root').filter({ hasText: expected });
    await expect(note.first()).toBeVisible();
    await note.first().getByRole('button').click();
  }
}

const pendingCount = async (page: Page) =>
  Number(/(\d+)/.exec(await page.getByTestId('sync-pending').innerText())?.[1]);

test('sync: connect, referrals, conflict, offline and back', async ({ page }) => {
  test.setTimeout(240_000);
  portal = await startPortal(join(portalDir, 'portal.db'));
  await setUp(page);
  await rpc('groups.create', { name: GROUP, ageGroup: 'middle', language: 'kk' });

  // Before enrolment every role sees "not connected" in the app bar, and nothing to sync.
  const state = page.getByTestId('sync-state');
  await expect(state).toHaveText('Портал қосылмаған');
  await expect(page.getByTestId('sync-now')).toHaveCount(0);

  // Connect with the URL and the code the emulator printed; a wrong code is a translated error.
  await page.getByRole('button', { name: 'Портал', exact: true }).click();
  await expect(page.getByRole('heading', { name: 'Портал', exact: true })).toBeVisible();
  await page.getByLabel('Портал мекенжайы').fill('http://portal.example.kz');
  await page.getByLabel('Тіркеу коды').fill(portal.enrollmentCode);
  await page.getByRole('button', { name: 'Қосу', exact: true }).click();
  await expect(page.getByText(/Мекенжай https:\/\/ деп басталуы керек/)).toBeVisible();
  await page.getByLabel('Портал мекенжайы').fill(portal.url);
  await page.getByLabel('Тіркеу коды').fill('WRONG-CODE');
  await page.getByRole('button', { name: 'Қосу', exact: true }).click();
  // A wrong code is said on the code field as a wrong code, not as a failed sync.
  await expect(page.getByText(/Портал бұл тіркеу кодын қабылдамады: код қате/)).toBeVisible();
  await expect(page.getByText('Порталмен синхрондау сәтсіз аяқталды')).toHaveCount(0);
  await shot(page, 'not-connected');
  await page.getByLabel('Тіркеу коды').fill(portal.enrollmentCode);
  await page.getByRole('button', { name: 'Қосу', exact: true }).click();
  await expect(page.getByTestId('portal-connection')).toContainText(portal.url);
  await expect(state).toHaveText('Желіде');

  // Sync now: the seeded referrals arrive, with the portal's notices.
  await syncNow(page, /Синхрондау аяқталды: алынды \d+/);
  await expect(page.getByTestId('sync-last-success')).not.toContainText('—');
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  await page.getByRole('tab', { name: 'Жолдамалар' }).click();
  const rows = page.getByTestId('referrals-table').locator('tbody tr');
  await expect(rows).toHaveCount(5);
  const referrals = await rpc<Referral[]>('referrals.list', { status: 'issued' });
  expect(referrals).toHaveLength(5);
  const referral = referrals[0]!;
  const child = referral.child!;
  expect(child.status).toBe('referred');
  await expect(rows.first()).toContainText(`${child.lastName} ${child.firstName}`);
  await expect(rows.first()).toContainText('Берілді');
  await expectNoRawKeys(page);
  await shot(page, 'referrals');

  // Accept it into a group: the child is enrolled, and the next step is the contract.
  await rows.first().getByRole('button', { name: 'Қабылдау' }).click();
  const dialog = page.getByRole('dialog', { name: `№ ${referral.number} жолдаманы қабылдау` });
  await dialog.getByLabel('Топ').selectOption({ label: `${GROUP} · Ортаңғы топ` });
  // The enrolment date reads and is typed as dd.mm.yyyy; a day that does not exist is not sent.
  const enrolOn = dialog.getByLabel('Қабылдау күні');
  await expect(enrolOn).toHaveValue(/^\d{2}\.\d{2}\.\d{4}$/);
  await enrolOn.fill('31.09.2025');
  await dialog.getByRole('button', { name: 'Қабылдап, топқа тіркеу' }).click();
  await expect(dialog.getByText('Күнді кк.аа.жжжж түрінде енгізіңіз')).toBeVisible();
  await enrolOn.fill('01092025'); // the dots come by themselves
  await expect(enrolOn).toHaveValue('01.09.2025');
  await dialog.getByRole('button', { name: 'Қабылдап, топқа тіркеу' }).click();
  await expect(dialog).toBeHidden();
  await expect(page.getByTestId('referral-accepted')).toContainText('топқа қабылданды');
  await expect(page.getByTestId('referral-accepted')).toContainText('шартын жасау');
  await expect(rows).toHaveCount(4);
  await expect(page.getByTestId('sync-pending')).not.toHaveText('Кезекте: 0');
  await shot(page, 'accepted');

  await page.getByRole('button', { name: 'Балалар', exact: true }).click();
  const childRow = page.getByRole('row', { name: new RegExp(child.lastName) });
  await expect(childRow).toContainText('Қабылданды');
  await expect(childRow).toContainText(GROUP);
  const enrolled = await rpc<{ child: { enrolledOn: string } }>('children.get', {
    childId: child.id,
  });
  expect(enrolled.child.enrolledOn).toBe('2025-09-01');

  // The acceptance reaches the portal.
  await syncNow(page);
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  expect((await atPortal('referral', referral.id)).data.status).toBe('accepted');
  expect((await atPortal('child', referral.childId)).data.status).toBe('enrolled');

  // A conflict: the portal and this computer change the same kindergarten-owned field.
  await portal.edit('child', referral.childId, {
    actualAddress: 'Астана қ., Абай даңғылы 10, 5 (порталда)',
  });
  await rpc('children.update', {
    childId: child.id,
    changes: { actualAddress: 'Астана қ., Сарыарқа даңғылы 7, 21' },
  });
  await page.getByRole('button', { name: 'Портал', exact: true }).click();
  await page.getByTestId('sync-now').click();
  await expect(page.getByTestId('sync-conflicts')).toHaveText('Қайшылықтар: 1', {
    timeout: 60_000,
  });
  await page.getByRole('tab', { name: /Қайшылықтар/ }).click();
  const conflict = page.getByTestId('conflict');
  await expect(conflict).toHaveCount(1);
  await expect(conflict).toContainText(`${child.lastName} ${child.firstName}`);
  await expect(conflict.getByTestId('conflict-local')).toContainText('Сарыарқа даңғылы 7, 21');
  await expect(conflict.getByTestId('conflict-server')).toContainText('Абай даңғылы 10, 5');
  await expectNoRawKeys(page);
  await shot(page, 'conflict');
  // By keyboard: the choice is a real button.
  await conflict.getByRole('button', { name: 'Біздікін қалдыру' }).focus();
  await page.keyboard.press('Enter');
  // The answer is confirmed, with what it changes (ours replaces the portal's value).
  const confirm = page.getByRole('dialog', { name: 'Таңдауды растаңыз' });
  await expect(confirm.getByTestId('confirm-change')).toContainText('Абай даңғылы 10, 5');
  await expect(confirm.getByTestId('confirm-change')).toContainText('Сарыарқа даңғылы 7, 21');
  await confirm.getByRole('button', { name: 'Біздікін қалдыру' }).focus();
  await page.keyboard.press('Enter');
  await expect(page.getByText('Шешілмеген қайшылықтар жоқ')).toBeVisible();
  await expect(page.getByTestId('sync-conflicts')).toHaveCount(0);
  const audit = await rpc<{ action: string; outcome: string }[]>('audit.list', { limit: 50 });
  expect(audit.some((row) => row.action === 'conflicts.resolve' && row.outcome === 'ok')).toBe(
    true,
  );
  await syncNow(page);
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  expect((await atPortal('child', referral.childId)).data.actualAddress).toBe(
    'Астана қ., Сарыарқа даңғылы 7, 21',
  );

  // A change the portal refuses (the referral was withdrawn there meanwhile) is listed with
  // the portal's reason; it blocks nothing else.
  const withdrawn = referrals[1]!;
  await portal.edit('referral', withdrawn.id, {}, { deleted: true });
  await page.getByRole('tab', { name: 'Жолдамалар' }).click();
  await rows
    .filter({ hasText: withdrawn.number })
    .getByRole('button', { name: 'Қабылдау' })
    .click();
  const second = page.getByRole('dialog', { name: `№ ${withdrawn.number} жолдаманы қабылдау` });
  await second.getByLabel('Топ').selectOption({ label: `${GROUP} · Ортаңғы топ` });
  await second.getByRole('button', { name: 'Қабылдап, топқа тіркеу' }).click();
  await expect(second).toBeHidden();
  await syncNow(page);
  await page.getByRole('tab', { name: /Қабылданбағандар/ }).click();
  const rejected = page.getByTestId('rejected-table').locator('tbody tr');
  await expect(rejected).toHaveCount(1);
  await expect(rejected.first()).toContainText('Жолдама');
  // What it means and what to do, in the UI language; the portal's own text below it.
  await expect(rejected.first().getByTestId('rejected-meaning')).toHaveText(
    'Жазба порталда жойылған немесе кері қайтарылған (мысалы, жолдаманың күші жойылған).',
  );
  await expect(rejected.first().getByTestId('rejected-todo')).toContainText(
    'Қайта жіберу көмектеспейді',
  );
  await expect(rejected.first().getByTestId('rejected-portal-text')).toHaveText(
    'Портал мәтіні: Deleted at the portal',
  );
  // Sending it again cannot help: only dismissing is offered.
  await expect(rejected.first().getByRole('button', { name: 'Қайта жіберу' })).toHaveCount(0);
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  await expectNoRawKeys(page);
  await shot(page, 'rejected');
  // Dismissed by keyboard, after a confirmation: the row leaves the list, the call is audited.
  await rejected.first().getByRole('button', { name: 'Тізімнен алып тастау' }).focus();
  await page.keyboard.press('Enter');
  const confirmDismiss = page.getByRole('dialog', {
    name: 'Өзгерісті тізімнен алып тастау керек пе?',
  });
  await expect(confirmDismiss).toContainText('Осы компьютердегі деректер өзгермейді');
  await expect(confirmDismiss.getByRole('button', { name: 'Тізімнен алып тастау' })).toBeFocused();
  await shot(page, 'rejected-confirm');
  await page.keyboard.press('Enter');
  await expect(confirmDismiss).toBeHidden();
  await expect(page.getByText('Қабылданбаған өзгерістер жоқ')).toBeVisible();
  const dismissAudit = await rpc<{ action: string; outcome: string }[]>('audit.list', {
    limit: 20,
  });
  expect(
    dismissAudit.some((row) => row.action === 'sync.dismissRejected' && row.outcome === 'ok'),
  ).toBe(true);

  // The notices feed, in the UI language.
  await page.getByRole('tab', { name: 'Хабарландырулар' }).click();
  await expect(page.getByTestId('notice').first()).toContainText('Қағидалар: 2026-10');
  await expect(
    page.getByText('Баланың жеке ісін жүргізу тәртібі жаңартылды', { exact: true }),
  ).toBeVisible();
  await page.getByText('Рус', { exact: true }).click();
  await expect(
    page.getByText('Обновлён порядок ведения личного дела ребёнка', { exact: true }),
  ).toBeVisible();
  await expect(state).toHaveText('В сети');
  await expectNoRawKeys(page);
  await shot(page, 'notices-ru');
  await page.getByText('Қаз', { exact: true }).click();
  await expect(state).toHaveText('Желіде');

  // The portal goes away: local work goes on, the outbox grows, the status says offline.
  const { url } = portal;
  const port = Number(new URL(url).port);
  await portal.stop();
  portal = null;
  await rpc('children.update', { childId: child.id, changes: { actualAddress: 'Офлайн 1' } });
  await page.getByTestId('sync-now').click();
  await expect(state).toHaveText('Желіден тыс', { timeout: 60_000 });
  await expect(page.getByTestId('sync-reason')).toHaveText('Портал қолжетімсіз');
  await expect(page.getByText(/портал қолжетімсіз\)/)).toBeVisible();
  const pendingOffline = await pendingCount(page);
  expect(pendingOffline).toBeGreaterThanOrEqual(1);
  await page.getByRole('button', { name: 'Балалар', exact: true }).click();
  await expect(page.getByRole('row', { name: new RegExp(child.lastName) })).toBeVisible();
  await rpc('children.update', {
    childId: child.id,
    changes: { actualAddress: 'Астана қ., Бейбітшілік көшесі 4, 12' },
  });
  await expect.poll(() => pendingCount(page), { timeout: 10_000 }).toBeGreaterThan(pendingOffline);
  await expect(state).toHaveText('Желіден тыс');
  await shot(page, 'offline');

  // Back on the same port and data: everything goes through.
  portal = await startPortal(join(portalDir, 'portal.db'), port);
  expect(portal.url).toBe(url);
  // While the portal answers 500 the status names the reason, and nothing is lost.
  await portal.addFault({ kind: 'error500', count: 50 });
  await syncNow(page);
  await expect(state).toHaveText('Синхрондау қатесі');
  await expect(page.getByTestId('sync-reason')).toHaveText('Порталда ақау болды');
  expect(await pendingCount(page)).toBeGreaterThan(pendingOffline);
  await shot(page, 'error');
  await portal.clearFaults();
  await syncNow(page);
  await expect(state).toHaveText('Желіде');
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  await expect(page.getByTestId('sync-reason')).toHaveCount(0);
  expect((await atPortal('child', referral.childId)).data.actualAddress).toBe(
    'Астана қ., Бейбітшілік көшесі 4, 12',
  );
  await expectNoRawKeys(page);
  await shot(page, 'back-online');

  // Other roles see the status and the notices only: no "sync now", no inboxes.
  await addReadyStaff(host.url, {
    login: 'dana',
    displayName: 'Дана Серікқызы',
    role: 'teacher',
    password: 'teacher-pass-1',
  });
  await page.getByRole('button', { name: 'Шығу' }).click();
  await page.getByLabel('Логин').fill('dana');
  await page.getByLabel('Құпиясөз').fill('teacher-pass-1');
  await page.getByRole('button', { name: 'Кіру' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText('Дана Серікқызы');
  await expect(state).toHaveText('Желіде');
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  await expect(page.getByTestId('sync-now')).toHaveCount(0);
  await page.getByRole('button', { name: 'Портал', exact: true }).click();
  await expect(page.getByRole('tab')).toHaveText(['Хабарландырулар']);
  await expect(page.getByTestId('notice')).toHaveCount(2);
  await expectNoRawKeys(page);
  await shot(page, 'teacher');
});
