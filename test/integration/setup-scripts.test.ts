import { spawnSync } from 'node:child_process';
import { chmodSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { dirname, join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { tempFolder } from '../helpers/temp';

const require = createRequire(import.meta.url);
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  scripts: Record<string, string>;
  allowScripts: Record<string, boolean>;
};

/** Runs a script of scripts/ with exactly this environment; stdout and stderr as text. */
function runScript(name: string, env: NodeJS.ProcessEnv) {
  const result = spawnSync(process.execPath, [join('scripts', name)], {
    env,
    encoding: 'utf8',
    timeout: 60_000,
  });
  return { status: result.status, stdout: result.stdout, stderr: result.stderr };
}

/** This process's environment without anything that steers electron's download. */
function withoutElectronSettings(): NodeJS.ProcessEnv {
  return Object.fromEntries(
    Object.entries(process.env).filter(
      ([key]) => !/^(ELECTRON_|electron_|npm_config_electron|npm_config_platform)/i.test(key),
    ),
  );
}

describe('set-up on a fresh machine', () => {
  const root = tempFolder();
  const bin = tempFolder('bq-bin-');

  it('npm ci leaves the Electron download to the root postinstall, and npm test checks its tools first', () => {
    expect(packageJson.allowScripts.electron).toBe(false);
    expect(packageJson.scripts.postinstall).toBe('node scripts/install-electron.mjs');
    expect(packageJson.scripts.test).toMatch(/^node scripts\/check-test-tools\.mjs && /);
  });

  it('a failed Electron download is one line and does not fail the install', () => {
    const electronDir = dirname(require.resolve('electron/install.js'));
    const before = readdirSync(electronDir).sort();
    const { status, stdout, stderr } = runScript('install-electron.mjs', {
      ...withoutElectronSettings(),
      // Nothing listens on port 1: the download fails at once, as without internet.
      ELECTRON_MIRROR: 'http://127.0.0.1:1/',
      electron_config_cache: join(root, 'electron-cache'),
      // Another platform's binary, so an Electron already installed here is not "found".
      npm_config_platform: process.platform === 'win32' ? 'linux' : 'win32',
    });
    expect(status).toBe(0);
    expect(stdout).toBe('');
    const lines = stderr.trimEnd().split('\n');
    expect(lines).toHaveLength(1);
    expect(lines[0]).toMatch(
      /^The Electron binary could not be downloaded \(connect ECONNREFUSED 127\.0\.0\.1:1\); .*`npm run start:web`/,
    );
    expect(readdirSync(electronDir).sort()).toEqual(before);
  });

  it('says nothing where the download is skipped on purpose', () => {
    const skipped = runScript('install-electron.mjs', {
      ...withoutElectronSettings(),
      ELECTRON_SKIP_BINARY_DOWNLOAD: '1',
    });
    expect(skipped).toEqual({ status: 0, stdout: '', stderr: '' });
  });

  it.skipIf(process.platform === 'win32')(
    'npm test without chromium, pdftoppm and sqlite3 says in one line to run bash .ci/run',
    () => {
      const { status, stdout, stderr } = runScript('check-test-tools.mjs', {
        PATH: join(root, 'empty-path'),
        BALABAQSHA_CHROMIUM: join(root, 'no-chromium'),
      });
      expect(status).toBe(1);
      expect(stdout).toBe('');
      const lines = stderr.trimEnd().split('\n');
      expect(lines).toHaveLength(1);
      expect(lines[0]).toMatch(/^npm test needs Chromium .*pdftoppm .*sqlite3.*`bash \.ci\/run`/);
      expect(lines[0]).not.toMatch(/\bat \S+:\d+/); // no stack trace

      // Printing for real also needs lp, once a print queue is named.
      const printing = runScript('check-test-tools.mjs', {
        PATH: join(root, 'empty-path'),
        BALABAQSHA_CHROMIUM: join(root, 'no-chromium'),
        BALABAQSHA_TEST_PRINTER: 'BalabaqshaPDF',
      });
      expect(printing.stderr).toContain('lp (cups-client)');
    },
  );

  it.skipIf(process.platform === 'win32')(
    'npm test goes on silently where the tools are there',
    () => {
      for (const tool of ['pdftoppm', 'sqlite3', 'chromium', 'lp']) {
        writeFileSync(join(bin, tool), '#!/bin/sh\nexit 0\n');
        chmodSync(join(bin, tool), 0o755);
      }
      expect(
        runScript('check-test-tools.mjs', {
          PATH: bin,
          BALABAQSHA_CHROMIUM: join(bin, 'chromium'),
          BALABAQSHA_TEST_PRINTER: 'BalabaqshaPDF',
        }),
      ).toEqual({ status: 0, stdout: '', stderr: '' });
    },
  );
});
