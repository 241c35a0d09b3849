import { expect, test, type Page } from '@playwright/test';
import {
  DIRECTOR,
  addReadyStaff,
  callRpc,
  setUpKindergarten,
  startHost,
  type RunningHost,
} from './web-host';

/**
 * The idle lock with both timers running out: the core's (in the web host, where one idle
 * "minute" lasts a second of real time for this run) and the window's (Playwright's clock).
 * Before the fix the window that found the core locked signed out, got storeLocked, took that
 * for another lock and signed out again: a spinner and ~100 requests a second.
 */
const MINUTE_MS = 1000;
const IDLE_MINUTES = 2;
const NURSE = { name: 'Сәуле Қасымова', login: 'saule', password: 'nurse-pass-1' };

let host: RunningHost;
test.beforeAll(async () => {
  host = await startHost({ BALABAQSHA_IDLE_MINUTE_MS: String(MINUTE_MS) });
});
test.afterAll(() => host.stop());

interface RpcCounter {
  count(): number;
  reset(): void;
}

/** Counts the window's calls to the core from now on. */
function countRpc(page: Page): RpcCounter {
  let calls = 0;
  page.on('request', (request) => {
    if (new URL(request.url()).pathname.startsWith('/rpc/')) calls++;
  });
  return { count: () => calls, reset: () => (calls = 0) };
}

/** Who the core has signed in, asked as another client (a public call: not activity). */
const coreSession = async () =>
  (await callRpc<{ session: unknown }>(host.url, 'app.status')).session;

/**
 * The lock screen for `name` shows and stays, with no spinner, and the window stays quiet: over
 * a few seconds of real time and minutes of the window's time (polls would fire) it makes at
 * most a handful of calls, not a stream.
 */
async function expectLockScreenStaysQuiet(page: Page, rpc: RpcCounter, name: string) {
  await page.waitForTimeout(1000); // the lock itself: a sign-out, a poll that found it locked
  rpc.reset();
  await page.waitForTimeout(2000);
  await page.clock.runFor('05:00');
  await page.waitForTimeout(1000);
  expect(rpc.count(), 'calls to the core while locked').toBeLessThanOrEqual(3);
  await expect(page.getByRole('heading', { name: 'Бағдарлама бұғатталған' })).toBeVisible();
  await expect(page.getByText(`${name}, жалғастыру үшін құпиясөзді енгізіңіз.`)).toBeVisible();
  await expect(page.locator('.mantine-Loader-root')).toHaveCount(0);
}

async function unlock(page: Page, password: string, name: string) {
  await page.getByLabel('Құпиясөз').fill(password);
  await page.getByRole('button', { name: 'Ашу' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(name);
}

test('idle lock: the core and the window both run out, in either order; unlock again, or as another user', async ({
  page,
}) => {
  const rpc = countRpc(page);
  await page.clock.install();
  await setUpKindergarten(page, host.url);
  await addReadyStaff(host.url, {
    login: NURSE.login,
    displayName: NURSE.name,
    role: 'nurse',
    password: NURSE.password,
  });
  await callRpc(host.url, 'settings.update', { idleLockMinutes: IDLE_MINUTES });
  await page.reload(); // the window reads the new idle time
  await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name);

  // 1. The core's timer first. The window's clock stands still (so neither its idle timer nor
  // its status poll runs) while, after two "minutes" of real time without a call, the core
  // locks the store on its own.
  await page.clock.pauseAt((await page.evaluate(() => Date.now())) + 500);
  await expect.poll(coreSession, { timeout: 10 * MINUTE_MS }).toBeNull();
  await expect(page.getByTestId('signed-in-as')).toBeVisible(); // the window has not noticed yet
  // Then the window's timer: it signs out of the already locked store, which succeeds, and
  // shows the lock screen.
  const signOut = page.waitForResponse((response) => response.url().endsWith('/auth.signOut'));
  await page.clock.fastForward('02:30');
  await page.clock.resume();
  expect(await (await signOut).json()).toEqual({ ok: true, value: null });
  await expectLockScreenStaysQuiet(page, rpc, DIRECTOR.name);
  await unlock(page, DIRECTOR.password, DIRECTOR.name);
  await expect(page.getByRole('heading', { name: 'Балалар' })).toBeVisible();

  // 2. The window's timer first (the core last saw a call moments ago), then the core's time
  // runs out too while the lock screen shows.
  await page.clock.fastForward('02:30');
  await expect(page.getByRole('heading', { name: 'Бағдарлама бұғатталған' })).toBeVisible();
  expect(await coreSession()).toBeNull();
  await page.waitForTimeout(IDLE_MINUTES * MINUTE_MS + 1500);
  await expectLockScreenStaysQuiet(page, rpc, DIRECTOR.name);
  // Another member of staff unlocks instead.
  await page.getByRole('button', { name: 'Басқа пайдаланушы ретінде кіру' }).click();
  await page.getByLabel('Логин').fill(NURSE.login);
  await page.getByLabel('Құпиясөз').fill(NURSE.password);
  await page.getByRole('button', { name: 'Кіру' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(NURSE.name);

  // 3. The core's time runs out while the window keeps polling (the status bar's sync.status
  // does not count as activity): the poll's storeLocked shows the lock screen, once.
  for (let poll = 0; poll < IDLE_MINUTES + 2; poll++) {
    await page.clock.runFor(2600);
    await page.waitForTimeout(MINUTE_MS);
  }
  await expectLockScreenStaysQuiet(page, rpc, NURSE.name);
  await unlock(page, NURSE.password, NURSE.name);
});

/**
 * Typing a long form makes no call, yet the core counts only calls: before the fix it locked
 * the store under a teacher still typing, who lost the form at save. The window now tells the
 * core (`auth.stillActive`, at most once a minute of its time, only on input).
 */
test('idle lock: typing in a form with no other call keeps the core open; stopping locks', async ({
  page,
}) => {
  // A host of its own, so this runs alone too; a core "minute" of 1.5 s: idle after 3 s.
  const own = await startHost({ BALABAQSHA_IDLE_MINUTE_MS: '1500' });
  try {
    const ownSession = async () =>
      (await callRpc<{ session: unknown }>(own.url, 'app.status')).session;
    await page.clock.install();
    await setUpKindergarten(page, own.url);
    await callRpc(own.url, 'settings.update', { idleLockMinutes: IDLE_MINUTES });
    await page.reload(); // the window reads the new idle time
    await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name);
    await page.getByRole('button', { name: 'Баланы қабылдау' }).click();
    const field = page.getByRole('dialog').getByLabel('Тегі');
    await field.click();
    await page.waitForTimeout(500); // what opening the form asked the core has been answered

    const calls: string[] = [];
    page.on('request', (request) => {
      const path = new URL(request.url()).pathname;
      if (path.startsWith('/rpc/')) calls.push(path.slice('/rpc/'.length));
    });
    // Keys only, a little over a minute of the window's time apart, ~9 s of real time in all:
    // three times the core's idle time.
    // Latin keys, so each sends a real keydown (Playwright types other letters as text only),
    // which the window counted before the fix too: only the core's lock is being tested.
    const typed = 'Seitkaliyeva';
    for (const letter of typed) {
      await page.clock.fastForward(61_000);
      await page.keyboard.type(letter);
      await page.waitForTimeout(700);
    }
    expect(await ownSession(), 'the core kept the session while the teacher typed').not.toBeNull();
    await expect(field).toHaveValue(typed);
    await expect(page.getByTestId('signed-in-as')).toContainText(DIRECTOR.name);
    // Nothing but the window's own signal (and the background status poll) reached the core.
    expect(calls).toContain('auth.stillActive');
    expect(new Set(calls.filter((name) => name !== 'sync.status'))).toEqual(
      new Set(['auth.stillActive']),
    );
    // At most once per keystroke a minute apart: never a stream.
    expect(calls.filter((name) => name === 'auth.stillActive').length).toBeLessThanOrEqual(
      typed.length,
    );

    // The teacher stops: the core's time runs out, and the window's next poll shows the lock.
    await expect.poll(ownSession, { timeout: 15_000 }).toBeNull();
    await page.clock.runFor(5000);
    await expect(page.getByRole('heading', { name: 'Бағдарлама бұғатталған' })).toBeVisible();
  } finally {
    await own.stop();
  }
});
