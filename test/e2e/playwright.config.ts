import { defineConfig } from '@playwright/test';

/** E2E in Debian's Chromium against the web host (the Electron binary is not needed). */
export default defineConfig({
  testDir: '.',
  testMatch: /.*\.spec\.ts/,
  workers: 1,
  timeout: 120_000,
  // The machine may be shared and busy (2 cores; key derivation, PDF rendering): a screen that
  // waits on the core gets 15 s, as the specs that configure their own expect already do.
  expect: { timeout: 15_000 },
  reporter: [['list']],
  outputDir: '../../test-results/e2e',
  use: {
    browserName: 'chromium',
    launchOptions: {
      executablePath: process.env.BALABAQSHA_CHROMIUM ?? '/usr/bin/chromium',
      args: [
        '--no-sandbox',
        '--disable-gpu',
        '--disable-dev-shm-usage',
        '--disable-background-networking',
        '--disable-component-update',
        '--no-first-run',
        '--disable-sync',
      ],
    },
    viewport: { width: 1280, height: 860 },
    trace: 'off',
  },
});
