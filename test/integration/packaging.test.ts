/**
 * What the Windows installer will contain (issue 16 item 5), checked here where electron-builder
 * cannot run (it needs the Electron binary): electron-builder.yml's file selection applied to
 * this checkout the way electron-builder applies it (minimatch, last match wins), and the built
 * `dist/` that selection packs. `npm test` builds dist/renderer before the tests; the Electron
 * bundles (esbuild, seconds) are built here when missing or older than their sources.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join, relative, sep } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';

const require = createRequire(import.meta.url);
// Both ship with the build tooling (electron-builder uses them itself); no types installed.
const yaml = require('js-yaml') as { load(text: string): unknown };
const { minimatch } = require('minimatch') as {
  minimatch(path: string, pattern: string, options?: { dot?: boolean }): boolean;
};
const fuseScript = require('../../scripts/electron-fuses.cjs') as {
  fuseOptions(env: Record<string, string | undefined>): {
    testBuild: boolean;
    fuses: Record<number, boolean>;
  };
  TEST_BUILD: string;
};
const { FuseV1Options } = require('@electron/fuses') as {
  FuseV1Options: Record<string, number>;
};

interface BuilderConfig {
  files: string[];
  extraResources: { from: string; to: string }[];
  asar: boolean;
  asarUnpack: string[];
  afterPack: string;
  nsis: Record<string, unknown>;
  win: {
    target: { target: string; arch: string[] }[];
    signtoolOptions?: { publisherName?: string[] };
    verifyUpdateCodeSignature?: boolean;
    publisherName?: unknown;
  };
  publish: { provider: string; url: string }[];
}
const config = yaml.load(readFileSync('electron-builder.yml', 'utf8')) as BuilderConfig;
const packageJson = JSON.parse(readFileSync('package.json', 'utf8')) as {
  main: string;
  dependencies: Record<string, string>;
  devDependencies: Record<string, string>;
};

/** Every file under `dir`, relative to the checkout, with forward slashes. */
function walk(dir: string, skip: Set<string> = new Set()): string[] {
  if (!existsSync(dir)) return [];
  return readdirSync(dir, { withFileTypes: true }).flatMap((entry) => {
    const path = join(dir, entry.name);
    if (skip.has(entry.name)) return [];
    if (entry.isDirectory()) return walk(path, skip);
    return entry.isFile() ? [relative('.', path).split(sep).join('/')] : [];
  });
}

/** electron-builder's `files`: a path is packed when the last pattern matching it is not a "!". */
function selected(path: string, patterns: string[]): boolean {
  let keep = false;
  for (const pattern of patterns) {
    const negated = pattern.startsWith('!');
    if (minimatch(path, negated ? pattern.slice(1) : pattern, { dot: true })) keep = !negated;
  }
  return keep;
}

/** The project files (not node_modules) the app's asar will hold. */
let packed: string[] = [];
/** The checkout's own modules bundled into each Electron entry, from esbuild's path comments. */
let bundledModules: Map<string, string[]>;

const ELECTRON_BUNDLES = ['main.cjs', 'preload.cjs', 'core-host.mjs'];

function newestSource(): number {
  return Math.max(
    ...['electron', 'db']
      .flatMap((dir) => walk(dir))
      .filter((path) => /\.(ts|tsx|json|sql)$/.test(path))
      .map((path) => statSync(path).mtimeMs),
  );
}

beforeAll(() => {
  const bundles = ELECTRON_BUNDLES.map((name) => join('dist', 'electron', name));
  const stale =
    bundles.some((path) => !existsSync(path)) ||
    Math.min(...bundles.map((path) => statSync(path).mtimeMs)) < newestSource();
  if (stale) execFileSync(process.execPath, ['scripts/build-electron.mjs'], { stdio: 'pipe' });
  if (!existsSync('dist/renderer/index.html'))
    execFileSync(
      process.execPath,
      ['node_modules/vite/bin/vite.js', 'build', '--config', 'renderer/vite.config.ts'],
      { stdio: 'pipe' },
    );
  packed = walk('.', new Set(['node_modules', '.git', 'release', 'test-results'])).filter((path) =>
    selected(path, config.files),
  );
  bundledModules = new Map(
    bundles.map((path) => [
      path,
      [...readFileSync(path, 'utf8').matchAll(/^\/\/ ((?:electron|db|renderer|test)\/\S+)$/gm)].map(
        (match) => match[1]!,
      ),
    ]),
  );
}, 300_000);

describe('the packaged app (electron-builder.yml + dist/)', () => {
  it("electron-builder.yml passes electron-builder's own schema (its option names, 26.x)", async () => {
    const { validateConfiguration } = require('app-builder-lib/out/util/config/config.js') as {
      validateConfiguration(config: unknown, logger: unknown): Promise<void>;
    };
    const { DebugLogger } = require('builder-util') as {
      DebugLogger: new (on: boolean) => unknown;
    };
    await expect(validateConfiguration(config, new DebugLogger(false))).resolves.toBeUndefined();
    // The check can fail: 25's win.publisherName is not an option of 26.
    const old = { ...config, win: { ...config.win, publisherName: ['Balabaqsha Desk'] } };
    await expect(validateConfiguration(old, new DebugLogger(false))).rejects.toThrow(
      /configuration\.win/,
    );
  });

  it('packs only the built shell, the built renderer and package.json', () => {
    expect(packed).toContain('package.json');
    expect(packed).toContain(packageJson.main);
    expect(packed).toContain('dist/renderer/index.html');
    expect(packed).toContain('dist/renderer/print.html');
    const outside = packed.filter(
      (path) =>
        path !== 'package.json' &&
        !path.startsWith('dist/electron/') &&
        !path.startsWith('dist/renderer/'),
    );
    expect(outside).toEqual([]);
  });

  it('no sources, no tests, no web host, no CLI, no scripts, no source maps', () => {
    expect(packed.filter((path) => /\.(ts|tsx|map)$/.test(path))).toEqual([]);
    for (const probe of [
      'electron/host/web/start.ts',
      'electron/host/cli/main.ts',
      'test/e2e/web-host.ts',
      'scripts/build-electron.mjs',
      'bin/balabaqsha.mjs',
      'dist/electron/main.cjs.map',
      'dist/renderer/assets/index.js.map',
    ])
      expect(selected(probe, config.files), probe).toBe(false);
    // The bundles are built without source maps and point to none.
    const built = walk('dist');
    expect(built.filter((path) => path.endsWith('.map'))).toEqual([]);
    for (const path of built.filter((name) => /\.(c|m)?js$/.test(name)))
      expect(readFileSync(path, 'utf8'), path).not.toMatch(/sourceMappingURL=/);
  });

  it('the Electron bundles hold no web host, CLI or test code', () => {
    const core = bundledModules.get(join('dist', 'electron', 'core-host.mjs'))!;
    expect(core).toContain('electron/host/utility/core-host.ts'); // the comments are read
    expect(core.some((path) => path.startsWith('electron/core/'))).toBe(true);
    for (const [bundle, modules] of bundledModules) {
      const wrong = modules.filter((path) =>
        /^(electron\/host\/(web|cli)\/|test\/|renderer\/)/.test(path),
      );
      expect(wrong, bundle).toEqual([]);
    }
  });

  it("the web host's test-only switches are not in the shipped code", () => {
    const envNames = (paths: string[]) =>
      new Set(
        paths.flatMap((path) =>
          [...readFileSync(path, 'utf8').matchAll(/process\.env\.([A-Z][A-Z0-9_]+)/g)].map(
            (match) => match[1]!,
          ),
        ),
      );
    const shipped = envNames(
      ['electron/core', 'electron/main', 'electron/preload', 'electron/host/utility', 'db']
        .flatMap((dir) => walk(dir))
        .filter((path) => /\.tsx?$/.test(path)),
    );
    const webOnly = [
      ...envNames(walk('electron/host/web').filter((path) => path.endsWith('.ts'))),
    ].filter((name) => !shipped.has(name));
    expect(webOnly.length).toBeGreaterThan(0); // e.g. BALABAQSHA_IDLE_MINUTE_MS
    const bundles = ELECTRON_BUNDLES.map((name) =>
      readFileSync(join('dist', 'electron', name), 'utf8'),
    ).join('\n');
    expect(webOnly.filter((name) => bundles.includes(name))).toEqual([]);
  });

  it('migrations and fonts go with the installer, where main tells the core to look', () => {
    const resources = new Map(config.extraResources.map((entry) => [entry.from, entry.to]));
    expect(resources.get('db/migrations')).toBe('migrations');
    expect(resources.get('resources')).toBe('resources');
    const main = readFileSync('electron/main/index.ts', 'utf8');
    expect(main).toMatch(/join\(RESOURCES, 'migrations'\)/);
    expect(main).toMatch(/BALABAQSHA_RESOURCES: join\(RESOURCES, 'resources'\)/);
    const journal = JSON.parse(readFileSync('db/migrations/meta/_journal.json', 'utf8')) as {
      entries: { tag: string }[];
    };
    expect(journal.entries.length).toBeGreaterThan(0);
    for (const { tag } of journal.entries)
      expect(existsSync(join('db/migrations', `${tag}.sql`)), tag).toBe(true);
    for (const font of ['DejaVuSans.ttf', 'DejaVuSans-Bold.ttf', 'DejaVu-LICENSE.txt'])
      expect(existsSync(join('resources/fonts', font)), font).toBe(true);
  });

  it('native modules are unpacked from the asar', () => {
    expect(config.asar).toBe(true);
    const natives = [
      ...walk('node_modules/better-sqlite3'),
      ...walk('node_modules/@img'),
      ...walk('node_modules/sharp'),
    ].filter((path) => path.endsWith('.node'));
    expect(natives).toContain('node_modules/better-sqlite3/build/Release/better_sqlite3.node');
    expect(natives.some((path) => path.startsWith('node_modules/@img/sharp-'))).toBe(true);
    const unpacked = (path: string) =>
      config.asarUnpack.some((pattern) => minimatch(path, pattern, { dot: true }));
    expect(natives.filter((path) => !unpacked(path))).toEqual([]);
    // sharp's libvips beside its .node must be unpacked too, or the .node cannot load it.
    const vips = walk('node_modules/@img').filter((path) => /libvips/.test(path));
    expect(vips.filter((path) => !unpacked(path))).toEqual([]);
  });

  it('the installer: NSIS x64, per-user by default, and uninstalling keeps the data folder', () => {
    expect(config.win.target).toEqual([{ target: 'nsis', arch: ['x64'] }]);
    expect(config.nsis.oneClick).toBe(false);
    expect(config.nsis.perMachine).toBe(false);
    expect(config.nsis.deleteAppDataOnUninstall).toBe(false);
  });

  it('updates: a generic feed, and a publisher name so the installer signature is checked', () => {
    expect(config.publish).toEqual([
      { provider: 'generic', url: expect.stringMatching(/^https:\/\//) as unknown as string },
    ]);
    // electron-updater 6.8 skips the signature check when app-update.yml has no publisherName;
    // electron-builder 26 writes it from win.signtoolOptions (a win.publisherName is ignored).
    expect(config.win.signtoolOptions?.publisherName?.length).toBeGreaterThan(0);
    expect(config.win.publisherName).toBeUndefined();
    expect(config.win.verifyUpdateCodeSignature).not.toBe(false);
  });

  it('release builds turn the Node switches off; only a test build keeps --inspect for Playwright', () => {
    expect(config.afterPack).toBe('scripts/electron-fuses.cjs');
    const release = fuseScript.fuseOptions({});
    expect(release.testBuild).toBe(false);
    expect(release.fuses).toEqual({
      [FuseV1Options.RunAsNode!]: false,
      [FuseV1Options.EnableCookieEncryption!]: true,
      [FuseV1Options.EnableNodeOptionsEnvironmentVariable!]: false,
      [FuseV1Options.EnableNodeCliInspectArguments!]: false,
      [FuseV1Options.EnableEmbeddedAsarIntegrityValidation!]: true,
      [FuseV1Options.OnlyLoadAppFromAsar!]: true,
    });
    // Any value but "1" is a release build.
    expect(fuseScript.fuseOptions({ [fuseScript.TEST_BUILD]: 'true' }).testBuild).toBe(false);
    const test = fuseScript.fuseOptions({ [fuseScript.TEST_BUILD]: '1' });
    expect(test.fuses).toEqual({
      ...release.fuses,
      [FuseV1Options.EnableNodeCliInspectArguments!]: true,
    });
    // A signed build is never a test build.
    for (const certificate of ['CSC_LINK', 'WIN_CSC_LINK', 'CSC_NAME'])
      expect(() =>
        fuseScript.fuseOptions({ [fuseScript.TEST_BUILD]: '1', [certificate]: 'cert.pfx' }),
      ).toThrow(/never signed/);
  });

  it('Electron is pinned exactly to a version better-sqlite3-multiple-ciphers has prebuilds for', () => {
    const pinned = packageJson.devDependencies.electron!;
    expect(pinned).toMatch(/^\d+\.\d+\.\d+$/);
    const lock = JSON.parse(readFileSync('package-lock.json', 'utf8')) as {
      packages: Record<string, { version: string; name?: string }>;
    };
    expect(lock.packages['node_modules/electron']!.version).toBe(pinned);
    // v12.11.1's release publishes Electron prebuilds for v29 to v42 (README, Design).
    const sqlite = lock.packages['node_modules/better-sqlite3']!;
    expect(sqlite.name).toBe('better-sqlite3-multiple-ciphers');
    expect(sqlite.version).toBe('12.11.1');
    const major = Number(pinned.split('.')[0]);
    expect(major).toBeGreaterThanOrEqual(29);
    expect(major).toBeLessThanOrEqual(42);
    // Nothing a test or the build needs is a runtime dependency (and so packed).
    for (const tool of [
      'electron',
      'electron-builder',
      'vitest',
      '@playwright/test',
      'tsx',
      'vite',
    ])
      expect(packageJson.dependencies[tool], tool).toBeUndefined();
  });
});
