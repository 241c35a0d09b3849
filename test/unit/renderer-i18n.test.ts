import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { registry } from '../../electron/core/registry';
import { REPORT_WORDS } from '../../electron/core/children/report-words';

type Tree = { [key: string]: string | Tree };
const keys = (tree: Tree, prefix = ''): string[] =>
  Object.entries(tree).flatMap(([key, value]) =>
    typeof value === 'string' ? [prefix + key] : keys(value, `${prefix}${key}.`),
  );
const lookup = (tree: Tree, path: string) =>
  path
    .split('.')
    .reduce<string | Tree | undefined>(
      (node, part) => (typeof node === 'object' ? node[part] : undefined),
      tree,
    );

function sourceFiles(dir: string): string[] {
  return readdirSync(dir).flatMap((name) => {
    const path = join(dir, name);
    return statSync(path).isDirectory() ? sourceFiles(path) : /\.tsx?$/.test(name) ? [path] : [];
  });
}

/** Every error code the core or the renderer can produce: `new AppError('code'`, `error('code')`. */
function errorCodes(): string[] {
  const codes = new Set<string>();
  for (const file of [...sourceFiles('electron/core'), ...sourceFiles('renderer/src')]) {
    for (const match of readFileSync(file, 'utf8').matchAll(
      /(?:new AppError\(|\berror\(|code: )'([a-zA-Z]+)'(?=\)|,\s*params|,\s*\{)/g,
    ))
      codes.add(match[1]!);
  }
  return [...codes];
}

/** Every `t('literal.key')` the renderer calls, with the file it is in. */
function staticKeys(): [file: string, key: string][] {
  return sourceFiles('renderer/src').flatMap((file) =>
    [...readFileSync(file, 'utf8').matchAll(/\bt\(\s*'([^'$`]+)'/g)].map(
      (match) => [file, match[1]!] as [string, string],
    ),
  );
}

/** Actions the core audits under a name of its own (`action: 'seed.settings'`), not a method's. */
function auditedActions(): string[] {
  const actions = new Set<string>();
  for (const file of sourceFiles('electron/core'))
    for (const match of readFileSync(file, 'utf8').matchAll(/\baction: '([a-zA-Z]+\.[a-zA-Z]+)'/g))
      actions.add(match[1]!);
  return [...actions];
}

describe('translations', () => {
  it('Kazakh and Russian have the same keys and no empty text', () => {
    expect(keys(kk as Tree)).toEqual(keys(ru as Tree));
    for (const key of keys(kk as Tree)) {
      expect(String(lookup(kk as Tree, key)).trim(), `kk ${key}`).not.toBe('');
      expect(String(lookup(ru as Tree, key)).trim(), `ru ${key}`).not.toBe('');
    }
  });

  it('every error code has a message in both languages', () => {
    const codes = errorCodes();
    expect(codes).toEqual(
      expect.arrayContaining([
        'wrongPassword',
        'permissionDenied',
        'contractDataMissing',
        'fileTooLarge',
      ]),
    );
    for (const code of codes) {
      expect(lookup(kk as Tree, `errors.${code}`), `kk errors.${code}`).toBeTypeOf('string');
      expect(lookup(ru as Tree, `errors.${code}`), `ru errors.${code}`).toBeTypeOf('string');
    }
  });

  it('every core method has a name for the audit log in both languages', () => {
    for (const method of Object.keys(registry)) {
      const key = `actions.${method.replace('.', '_')}`;
      expect(lookup(kk as Tree, key), key).toBeTypeOf('string');
      expect(lookup(ru as Tree, key), key).toBeTypeOf('string');
    }
  });

  it('every action audited under its own name has a name on the audit page and in the report', () => {
    const actions = auditedActions();
    expect(actions).toEqual(expect.arrayContaining(['seed.settings', 'auth.signIn']));
    for (const action of actions) {
      const key = `actions.${action.replace('.', '_')}`;
      expect(lookup(kk as Tree, key), `kk ${key}`).toBeTypeOf('string');
      expect(lookup(ru as Tree, key), `ru ${key}`).toBeTypeOf('string');
      expect(REPORT_WORDS.kk.actions[action], `report kk ${action}`).toBeTypeOf('string');
      expect(REPORT_WORDS.ru.actions[action], `report ru ${action}`).toBeTypeOf('string');
    }
  });

  it("every literal key the renderer translates, t('…'), is in both languages", () => {
    const used = staticKeys();
    expect(used.map(([, key]) => key)).toEqual(expect.arrayContaining(['audit.filters']));
    // A key counted by i18next (`t('key', { count })`) lives as key_one, key_other…
    const has = (tree: Tree, key: string) =>
      [key, `${key}_one`, `${key}_other`].some((k) => typeof lookup(tree, k) === 'string');
    for (const [file, key] of used) {
      expect(has(kk as Tree, key), `kk ${key} (${file})`).toBe(true);
      expect(has(ru as Tree, key), `ru ${key} (${file})`).toBe(true);
    }
  });
});
