import { readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { FuseV1Options } from '@electron/fuses';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_PERMISSIONS,
  CONTENT_SECURITY_POLICY,
  WEB_PREFERENCES,
  isAppUrl,
} from '../../electron/main/security';
import {
  A4_MICRONS,
  PRINT_JOB_PATH,
  PRINT_WINDOW_PREFERENCES,
  webContentsPrintOptions,
} from '../../electron/main/print-settings';

const read = (path: string) => readFileSync(path, 'utf8');
const directives = Object.fromEntries(
  CONTENT_SECURITY_POLICY.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values];
  }),
);

const fuseHook = createRequire(import.meta.url)('../../scripts/electron-fuses.cjs') as {
  fuseOptions(env: Record<string, string | undefined>): { fuses: Record<number, boolean> };
};

describe('the desktop window stays locked down', () => {
  it('isolates and sandboxes the renderer with no Node', () => {
    expect(WEB_PREFERENCES).toMatchObject({
      contextIsolation: true,
      sandbox: true,
      nodeIntegration: false,
      nodeIntegrationInWorker: false,
      nodeIntegrationInSubFrames: false,
      webSecurity: true,
      allowRunningInsecureContent: false,
      webviewTag: false,
    });
  });

  it('has a strict Content-Security-Policy', () => {
    expect(directives['default-src']).toEqual(["'self'"]);
    expect(directives['script-src']).toEqual(["'self'"]);
    expect(directives['object-src']).toEqual(["'none'"]);
    expect(directives['base-uri']).toEqual(["'none'"]);
    expect(directives['frame-ancestors']).toEqual(["'none'"]);
    expect(directives['connect-src']).toEqual(["'self'"]);
    expect(CONTENT_SECURITY_POLICY).not.toMatch(/unsafe-eval|\*|https?:/);
  });

  it('allows the camera and nothing else', () => {
    expect([...ALLOWED_PERMISSIONS]).toEqual(['media']);
  });

  it('treats only the app scheme as the app', () => {
    expect(isAppUrl('app://bundle/index.html')).toBe(true);
    expect(isAppUrl('app://evil/index.html')).toBe(false);
    expect(isAppUrl('https://bundle/index.html')).toBe(false);
    expect(isAppUrl('file:///index.html')).toBe(false);
  });

  it('main uses these settings, blocks navigation and new windows, and checks the sender frame', () => {
    const main = read('electron/main/index.ts');
    expect(main).toContain('...WEB_PREFERENCES');
    expect(main).not.toMatch(
      /nodeIntegration:\s*true|contextIsolation:\s*false|sandbox:\s*false|webSecurity:\s*false/,
    );
    expect(main).toMatch(/will-navigate[\s\S]{0,120}preventDefault/);
    expect(main).toMatch(/setWindowOpenHandler[\s\S]{0,200}action: 'deny'/);
    expect(main).toMatch(/senderFrame[\s\S]{0,200}isAppUrl\(frame\.url\)/);
    expect(main).toContain('requestSingleInstanceLock');
    expect(main).toContain('setPermissionRequestHandler');
    expect(main).toContain("'Content-Security-Policy', CONTENT_SECURITY_POLICY");
  });

  it('the hidden print window is as locked down as the app window, with no preload', () => {
    expect(PRINT_WINDOW_PREFERENCES).toEqual(WEB_PREFERENCES);
    expect(PRINT_WINDOW_PREFERENCES).not.toHaveProperty('preload');
    const printing = read('electron/main/printing.ts');
    expect(printing).toContain('webPreferences: PRINT_WINDOW_PREFERENCES');
    expect(printing).toMatch(/show: false/);
    expect(printing).toMatch(/will-navigate[\s\S]{0,80}preventDefault/);
    expect(printing).toMatch(/setWindowOpenHandler[\s\S]{0,80}action: 'deny'/);
    expect(printing).not.toMatch(/preload|nodeIntegration|sandbox:\s*false/);
    // Print-job addresses are random ids only; nothing else is served from memory.
    expect(PRINT_JOB_PATH.test('/print-job/0f8fad5b-d9cb-469f-a165-70867728950e')).toBe(true);
    expect(PRINT_JOB_PATH.test('/print-job/../index.html')).toBe(false);
  });

  it('prints silently to the chosen printer on explicit A4 in microns, no margins, 100 %', () => {
    expect(A4_MICRONS).toEqual({ width: 210_000, height: 297_000 });
    expect(
      webContentsPrintOptions({ printer: 'HP LaserJet 1020', copies: 2, duplex: true }),
    ).toMatchObject({
      silent: true,
      deviceName: 'HP LaserJet 1020',
      copies: 2,
      duplexMode: 'longEdge',
      pageSize: { width: 210_000, height: 297_000 },
      margins: { marginType: 'none' },
      landscape: false,
      scaleFactor: 100,
    });
    expect(webContentsPrintOptions({ printer: 'X', copies: 1, duplex: false }).duplexMode).toBe(
      'simplex',
    );
    const main = read('electron/main/index.ts');
    // Desktop printing goes through main where the platform prints through Electron.
    expect(main).toMatch(/--print=\$\{process\.platform === 'linux' \? 'cups' : 'electron'\}/);
    expect(main).toMatch(/url\.host === APP_HOST \? takePrintJob\(url\.pathname\)/);
  });

  it('the preload exposes invoke and on only', () => {
    const preload = read('electron/preload/index.ts');
    expect(preload).toContain("exposeInMainWorld('balabaqsha', bridge)");
    expect(preload.match(/^\s{2}(\w+)\(/gm)?.map((m) => m.trim().replace('(', ''))).toEqual([
      'invoke',
      'on',
    ]);
    expect(preload).not.toMatch(/exposeInMainWorld\([^)]*ipcRenderer\)/);
  });

  it('the package sets the fuses and leaves the web host out', () => {
    // A release build's fuses (no BALABAQSHA_TEST_BUILD), as the afterPack hook sets them.
    const { fuses } = fuseHook.fuseOptions({});
    for (const [fuse, value] of [
      ['RunAsNode', false],
      ['EnableCookieEncryption', true],
      ['EnableNodeOptionsEnvironmentVariable', false],
      ['EnableNodeCliInspectArguments', false],
      ['EnableEmbeddedAsarIntegrityValidation', true],
      ['OnlyLoadAppFromAsar', true],
    ] as const) {
      expect(fuses[FuseV1Options[fuse]], fuse).toBe(value);
    }
    const builder = read('electron-builder.yml');
    expect(builder).toContain('afterPack: scripts/electron-fuses.cjs');
    expect(builder).toContain("'!electron/**'");
    expect(builder).toMatch(/asarUnpack:[\s\S]*better-sqlite3/);
    expect(builder).toMatch(/target: nsis/);
  });
});
