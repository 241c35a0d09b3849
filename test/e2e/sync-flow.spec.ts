import { expect, test, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { callRpc, setUpKindergarten, startHost, type RunningHost } from './web-host';

/**
 * Portal sync through the UI: the web host and the portal emulator each in their own process.
 * Not connected → connect with the printed URL and code → sync → accept a referral into a
 * group → the child is enrolled → a conflict made on both sides is resolved in the inbox →
 * the portal goes away (offline, local work goes on, the outbox grows) → it comes back on the
 * same port and data → everything goes through.
 */

const SCREENS = 'test-results/screens';
const GROUP = 'Ортаңғы «Балдырған»';

interface RunningPortal {
  url: string;
  code: string;
  stop(): Promise<void>;
}

/** `test/portal-emulator/main.ts` in its own process; resolves once it printed URL and code. */
async function startPortal(dbPath: string, port = 0): Promise<RunningPortal> {
  const child: ChildProcess = spawn(
    process.execPath,
    [
      '--import',
      'tsx',
      'test/portal-emulator/main.ts',
      '--port',
      String(port),
      '--db',
      dbPath,
      '--referrals',
      '5',
    ],
    { stdio: ['ignore', 'pipe', 'inherit'] },
  );
  const exited = new Promise<void>((resolve) => child.once('exit', () => resolve()));
  const { url, code } = await new Promise<{ url: string; code: string }>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const url = /^(http:\/\/127\.0\.0\.1:\d+)\s*$/m.exec(output)?.[1];
      const code = /enrolment code: (\S+)/.exec(output)?.[1];
      if (url && code) resolve({ url, code });
    });
    child.once('exit', (status) => reject(new Error(`portal emulator exited (${status})`)));
  });
  return {
    url,
    code,
    stop: async () => {
      child.kill('SIGTERM');
      await exited;
    },
  };
}

let host: RunningHost;
let portal: RunningPortal | null = null;
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

/** The emulator's admin endpoints (test/portal-emulator/README.md). */
async function admin<T = unknown>(path: string, body?: unknown): Promise<T> {
  const response = await fetch(`${portal!.url}/__emulator/${path}`, {
    method: body === undefined ? 'GET' : 'POST',
    headers: { 'content-type': 'application/json' },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  expect(response.status, path).toBe(200);
  return (await response.json()) as T;
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
  await page.getByLabel('Тіркеу коды').fill(portal.code);
  await page.getByRole('button', { name: 'Қосу', exact: true }).click();
  await expect(page.getByText(/Мекенжай https:\/\/ деп басталуы керек/)).toBeVisible();
  await page.getByLabel('Портал мекенжайы').fill(portal.url);
  await page.getByLabel('Тіркеу коды').fill('WRONG-CODE');
  await page.getByRole('button', { name: 'Қосу', exact: true }).click();
  await expect(page.getByRole('alert')).toContainText('Порталмен синхрондау сәтсіз аяқталды');
  await expect(page.getByRole('alert')).toContainText('портал сұрауды қабылдамады');
  await shot(page, 'not-connected');
  await page.getByLabel('Тіркеу коды').fill(portal.code);
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
  const atPortal = await admin<{ data: { status: string } }>(`entities/referral/${referral.id}`);
  expect(atPortal.data.status).toBe('accepted');
  const portalChild = await admin<{ data: { status: string; groupName: string } }>(
    `entities/child/${referral.childId}`,
  );
  expect(portalChild.data.status).toBe('enrolled');

  // A conflict: the portal and this computer change the same kindergarten-owned field.
  await admin('edit', {
    entity: 'child',
    id: referral.childId,
    fields: { actualAddress: 'Астана қ., Абай даңғылы 10, 5 (порталда)' },
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
  await expect(page.getByText('Шешілмеген қайшылықтар жоқ')).toBeVisible();
  await expect(page.getByTestId('sync-conflicts')).toHaveCount(0);
  const audit = await rpc<{ action: string; outcome: string }[]>('audit.list', { limit: 50 });
  expect(audit.some((row) => row.action === 'conflicts.resolve' && row.outcome === 'ok')).toBe(
    true,
  );
  await syncNow(page);
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  const resolved = await admin<{ data: { actualAddress: string } }>(
    `entities/child/${referral.childId}`,
  );
  expect(resolved.data.actualAddress).toBe('Астана қ., Сарыарқа даңғылы 7, 21');

  // A change the portal refuses (the referral was withdrawn there meanwhile) is listed with
  // the portal's reason; it blocks nothing else.
  const withdrawn = referrals[1]!;
  await admin('edit', { entity: 'referral', id: withdrawn.id, deleted: true });
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
  await expect(rejected.first()).toContainText('Deleted at the portal');
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  await expectNoRawKeys(page);
  await shot(page, 'rejected');

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
  await admin('faults', { kind: 'error500', count: 50 });
  await syncNow(page);
  await expect(state).toHaveText('Синхрондау қатесі');
  await expect(page.getByTestId('sync-reason')).toHaveText('Порталда ақау болды');
  expect(await pendingCount(page)).toBeGreaterThan(pendingOffline);
  await shot(page, 'error');
  expect((await fetch(`${portal.url}/__emulator/faults`, { method: 'DELETE' })).status).toBe(204);
  await syncNow(page);
  await expect(state).toHaveText('Желіде');
  await expect(page.getByTestId('sync-pending')).toHaveText('Кезекте: 0');
  await expect(page.getByTestId('sync-reason')).toHaveCount(0);
  const after = await admin<{ data: { actualAddress: string } }>(
    `entities/child/${referral.childId}`,
  );
  expect(after.data.actualAddress).toBe('Астана қ., Бейбітшілік көшесі 4, 12');
  await expectNoRawKeys(page);
  await shot(page, 'back-online');

  // Other roles see the status and the notices only: no "sync now", no inboxes.
  await rpc('staff.add', {
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
