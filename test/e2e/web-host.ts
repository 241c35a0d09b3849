import { expect, type Page } from '@playwright/test';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  stop(): void;
}

/**
 * The real web host in its own process, on a fresh data folder and device key; `env` adds
 * variables such as the E2E-only BALABAQSHA_IDLE_MINUTE_MS. `root` names a folder prepared
 * beforehand (its `data` and `device.key`), removed on stop like a fresh one.
 */
export async function startHost(
  env: Record<string, string> = {},
  root = mkdtempSync(join(tmpdir(), 'bq-e2e-')),
): Promise<RunningHost> {
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/host/web/start.ts', '--no-open', '--data', join(root, 'data')],
    {
      env: { ...process.env, ...env, BALABAQSHA_DEVICE_KEY: join(root, 'device.key') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`web host exited (${code})`)));
  });
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}

export const DIRECTOR = {
  name: 'Айгүл Нұрланқызы',
  login: 'aigul',
  password: 'director-pass-1',
} as const;

/** The web host's RPC with the per-launch token, acting as whoever is signed in. */
export async function callRpc<T = unknown>(
  hostUrl: string,
  method: string,
  input?: unknown,
): Promise<T> {
  const [base, fragment] = hostUrl.split('#');
  const token = /token=([\w-]+)/.exec(fragment ?? '')![1]!;
  const response = await fetch(`${base}rpc/${method}`, {
    method: 'POST',
    headers: { authorization: `Bearer ${token}`, 'content-type': 'application/json' },
    body: input === undefined ? '' : JSON.stringify(input),
  });
  const result = (await response.json()) as { ok: boolean; value?: T; error?: unknown };
  if (!result.ok) throw new Error(`${method}: ${JSON.stringify(result.error)}`);
  return result.value as T;
}

/** First run in Kazakh: the kindergarten and its director, the recovery key confirmed. */
export async function setUpKindergarten(
  page: Page,
  hostUrl: string,
  director: { name: string; login: string; password: string } = DIRECTOR,
): Promise<void> {
  await page.goto(hostUrl);
  await page.getByLabel('Ұйымның атауы').fill('«Балапан» бөбекжайы');
  await page.getByLabel('БСН').fill('150440001236');
  await page.getByLabel('Меңгерушінің аты-жөні').fill(director.name);
  await page.getByLabel('Логин').fill(director.login);
  await page.getByLabel('Құпиясөз', { exact: true }).fill(director.password);
  await page.getByLabel('Құпиясөзді қайталаңыз').fill(director.password);
  await page.getByRole('button', { name: 'Құру' }).click();
  const key = (await page.getByTestId('recovery-key').innerText()).trim();
  await page.getByLabel('Кілтті басып шығардым немесе жазып алдым').check();
  await page.getByLabel('Кілттің соңғы төрт таңбасын енгізіңіз').fill(key.slice(-4));
  await page.getByRole('button', { name: 'Жалғастыру' }).click();
  await expect(page.getByTestId('signed-in-as')).toContainText(director.name);
}

/**
 * A password the director sets (a new account, a reset) is changed at the first sign-in
 * (issue 13 item 10). Specs about something else give staff `firstPassword(password)` and,
 * at the first sign-in, `changeFirstPassword` turns it into `password`, in either language.
 */
export const firstPassword = (password: string) => `${password}-first`;

export async function changeFirstPassword(page: Page, password: string): Promise<void> {
  const form = page.getByTestId('change-password');
  await expect(form).toBeVisible({ timeout: 30_000 }); // sign-in runs scrypt: a busy machine is slow
  await form.locator('input[autocomplete="current-password"]').fill(firstPassword(password));
  const fresh = form.locator('input[autocomplete="new-password"]');
  await fresh.nth(0).fill(password);
  await fresh.nth(1).fill(password);
  await form.locator('button[type="submit"]').click();
  await expect(form).toHaveCount(0, { timeout: 30_000 });
}

/**
 * `staff.add` through the web host for a spec about something else: the account's own
 * password is set as at its first sign-in, then the director is signed in again (the window's
 * session is the core's, so it carries on). A teacher is given `groupIds`.
 */
export async function addReadyStaff(
  hostUrl: string,
  account: { login: string; displayName: string; role: string; password: string },
  groupIds: string[] = [],
): Promise<{ id: string }> {
  const added = await callRpc<{ id: string }>(hostUrl, 'staff.add', {
    ...account,
    password: firstPassword(account.password),
  });
  if (groupIds.length) await callRpc(hostUrl, 'staff.setGroups', { accountId: added.id, groupIds });
  await callRpc(hostUrl, 'auth.signIn', {
    login: account.login,
    password: firstPassword(account.password),
  });
  await callRpc(hostUrl, 'auth.changePassword', {
    currentPassword: firstPassword(account.password),
    newPassword: account.password,
  });
  await callRpc(hostUrl, 'auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
  return added;
}
