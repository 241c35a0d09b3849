import { existsSync, mkdtempSync } from 'node:fs';
import { createRequire } from 'node:module';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { test, expect } from '@playwright/test';
import { _electron as electron } from 'playwright-core';

const require = createRequire(import.meta.url);
function electronBinary(): string | null {
  try {
    const path = require('electron') as unknown;
    return typeof path === 'string' && existsSync(path) ? path : null;
  } catch {
    return null;
  }
}

test('the desktop window opens on the setup screen', async () => {
  const binary = electronBinary();
  test.skip(
    !binary,
    'The Electron binary is not installed here (no download possible); the same UI is tested through the web host.',
  );
  test.skip(!existsSync('dist/electron/main.cjs'), 'Run `npm run build` first.');
  const userData = mkdtempSync(join(tmpdir(), 'bq-electron-'));
  const app = await electron.launch({
    executablePath: binary!,
    args: ['.', `--user-data-dir=${userData}`],
  });
  const window = await app.firstWindow();
  await expect(window.getByRole('heading', { name: 'Балабақшаны баптау' })).toBeVisible();
  expect(
    await window.evaluate(() => typeof (window as unknown as { require?: unknown }).require),
  ).toBe('undefined');
  await app.close();
});
