import { readFileSync } from 'node:fs';
import { describe, expect, it } from 'vitest';
import {
  ALLOWED_PERMISSIONS,
  CONTENT_SECURITY_POLICY,
  WEB_PREFERENCES,
  isAppUrl,
} from '../../electron/main/security';

const read = (path: string) => readFileSync(path, 'utf8');
const directives = Object.fromEntries(
  CONTENT_SECURITY_POLICY.split(';').map((part) => {
    const [name, ...values] = part.trim().split(/\s+/);
    return [name!, values];
  }),
);

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
    const fuses = read('scripts/electron-fuses.cjs');
    for (const [fuse, value] of [
      ['RunAsNode', 'false'],
      ['EnableCookieEncryption', 'true'],
      ['EnableNodeOptionsEnvironmentVariable', 'false'],
      ['EnableNodeCliInspectArguments', 'false'],
      ['EnableEmbeddedAsarIntegrityValidation', 'true'],
      ['OnlyLoadAppFromAsar', 'true'],
    ]) {
      expect(fuses).toMatch(new RegExp(`FuseV1Options\\.${fuse}\\]: ${value}`));
    }
    const builder = read('electron-builder.yml');
    expect(builder).toContain('afterPack: scripts/electron-fuses.cjs');
    expect(builder).toContain("'!electron/**'");
    expect(builder).toMatch(/asarUnpack:[\s\S]*better-sqlite3/);
    expect(builder).toMatch(/target: nsis/);
  });
});
