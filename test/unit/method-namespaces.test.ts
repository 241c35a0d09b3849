import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { describe, expect, it } from 'vitest';
import { registry } from '../../electron/core/registry';

/**
 * A method's namespace is its folder: `<namespace>.<verb>` is declared in
 * `electron/core/<namespace>/app.ts` (or a file of the same folder that app.ts spreads into
 * its map), and registry.ts holds exactly the methods of those maps. Method names never
 * change (audit rows, the permission table and translations are keyed by them): a method
 * whose namespace is not its folder moves to the folder.
 */
const CORE = join(__dirname, '../../electron/core');

const isMethodSpec = (value: unknown) =>
  typeof value === 'object' &&
  value !== null &&
  typeof (value as { handler?: unknown }).handler === 'function' &&
  'access' in value &&
  'kind' in value;

/** The exported objects whose every value is a method spec: the folder's method maps. */
function methodMaps(module: Record<string, unknown>) {
  return Object.entries(module).filter(
    ([, value]) =>
      typeof value === 'object' &&
      value !== null &&
      !Array.isArray(value) &&
      Object.keys(value).length > 0 &&
      Object.values(value).every(isMethodSpec),
  ) as [string, Record<string, unknown>][];
}

async function declaredByFolder() {
  const folders = readdirSync(CORE, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && existsSync(join(CORE, entry.name, 'app.ts')))
    .map((entry) => entry.name)
    .sort();
  const declared: { folder: string; map: string; method: string }[] = [];
  for (const folder of folders) {
    const module = (await import(pathToFileURL(join(CORE, folder, 'app.ts')).href)) as Record<
      string,
      unknown
    >;
    for (const [map, methods] of methodMaps(module))
      for (const method of Object.keys(methods)) declared.push({ folder, map, method });
  }
  return declared;
}

describe('method namespaces match folders', () => {
  it("every method is declared in its namespace's folder", async () => {
    const declared = await declaredByFolder();
    expect(declared.length).toBeGreaterThan(0);
    const misplaced = declared
      .filter(({ folder, method }) => method.split('.')[0] !== folder)
      .map(({ folder, map, method }) => `${method} (in ${folder}/app.ts ${map})`);
    expect(misplaced).toEqual([]);
  });

  it("the registry is exactly the folders' method maps, each method declared once", async () => {
    const declared = await declaredByFolder();
    const names = declared.map(({ method }) => method);
    const twice = names.filter((name, i) => names.indexOf(name) !== i);
    expect(twice).toEqual([]);
    expect([...names].sort()).toEqual(Object.keys(registry).sort());
  });
});
