import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { registry } from '../../electron/core/registry';

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
});
