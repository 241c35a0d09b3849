import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';

const ASSETS = join(process.cwd(), 'dist', 'renderer', 'assets');

// `npm test` builds the renderer first (npm run build:renderer).
describe('the renderer bundle', () => {
  it('exists, and holds no Node built-ins, Electron or the data layer', () => {
    expect(existsSync(ASSETS), 'run npm run build:renderer first').toBe(true);
    const scripts = readdirSync(ASSETS).filter((name) => name.endsWith('.js'));
    expect(scripts.length).toBeGreaterThan(0);
    const forbidden = [
      /require\(["'](fs|path|crypto|child_process|os|net|electron|better-sqlite3)["']\)/,
      /from\s*["']node:/,
      /import\(["']node:/,
      /process\.binding/,
      /better-sqlite3/,
      /scryptSync|createCipheriv/,
    ];
    for (const script of scripts) {
      const source = readFileSync(join(ASSETS, script), 'utf8');
      for (const pattern of forbidden)
        expect(pattern.test(source), `${script} matches ${pattern}`).toBe(false);
    }
  });
});
