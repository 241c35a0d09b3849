/**
 * The SIGKILL harness of the sync crash tests: the worker (test/fixtures/sync-loop.ts) bundled
 * once, then started against a store again and again, each time killed at a random point after
 * it reports `syncing` (unless it finished first). A scenario names the local changes each
 * worker commits before it syncs (children's addresses, or a group's attendance).
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import { DIRECTOR, type Fixture } from './store-fixture';

const SYNC_LOOP = fileURLToPath(new URL('../fixtures/sync-loop.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));

export interface CrashHarness {
  /**
   * Runs the worker once (`run` numbers the changes it makes; `scenario` and its JSON
   * argument say which); resolves how it ended and how many outbox rows its changes wrote.
   */
  syncThenKill(
    fixture: Fixture,
    dek: Buffer,
    run: number,
    scenario?: string,
  ): Promise<{ outcome: 'killed' | 'finished'; noted: number }>;
  close(): void;
}

/**
 * Bundles the worker (50 starts under tsx would spend minutes transforming the same code); the
 * bundle sits inside the repo so its packages resolve from node_modules.
 */
export async function crashHarness(): Promise<CrashHarness> {
  const dir = join(
    REPO,
    'node_modules',
    '.cache',
    `sync-crash-${process.pid}-${Math.random().toString(36).slice(2, 8)}`,
  );
  const bundle = join(dir, 'sync-loop.mjs');
  mkdirSync(dir, { recursive: true });
  await build({
    entryPoints: [SYNC_LOOP],
    bundle: true,
    platform: 'node',
    format: 'esm',
    packages: 'external',
    outfile: bundle,
    logLevel: 'warning',
  });

  /**
   * How late after "syncing" a kill may come. It starts at 400 ms and shrinks to 90 % of the
   * quickest whole sync seen, so kills keep landing inside a sync however fast this machine is
   * (on an idle machine a sync can finish before a fixed 400 ms window ends).
   */
  let killWindowMs = 400;

  const syncThenKill: CrashHarness['syncThenKill'] = (fixture, dek, run, scenario = 'children') =>
    new Promise((resolve, reject) => {
      const child = spawn(
        process.execPath,
        [
          bundle,
          fixture.dataDir,
          fixture.deviceKeyPath,
          DIRECTOR.login,
          DIRECTOR.password,
          String(run),
          scenario,
        ],
        {
          stdio: ['ignore', 'pipe', 'pipe'],
          env: {
            ...process.env,
            BALABAQSHA_MIGRATIONS: join(REPO, 'db', 'migrations'),
            BALABAQSHA_TEST_DEK: dek.toString('hex'),
          },
        },
      );
      let output = '';
      let errors = '';
      let timer: NodeJS.Timeout | undefined;
      let syncingAt = 0;
      const noted = () => Number(/^noted (\d+)$/m.exec(output)?.[1] ?? NaN);
      child.stderr.on('data', (chunk) => (errors += chunk));
      child.stdout.on('data', (chunk) => {
        output += chunk;
        if (!timer && output.includes('syncing\n')) {
          syncingAt = Date.now();
          timer = setTimeout(() => child.kill('SIGKILL'), 20 + Math.random() * (killWindowMs - 20));
        }
      });
      child.on('error', reject);
      child.on('close', (code, signal) => {
        clearTimeout(timer);
        if (signal === 'SIGKILL') return resolve({ outcome: 'killed', noted: noted() });
        if (code === 0 && output.includes('synced')) {
          if (syncingAt)
            killWindowMs = Math.max(40, Math.min(killWindowMs, 0.9 * (Date.now() - syncingAt)));
          return resolve({ outcome: 'finished', noted: noted() });
        }
        reject(new Error(`worker failed (${code ?? signal}): ${errors.slice(-2000)}`));
      });
    });

  return { syncThenKill, close: () => rmSync(dir, { recursive: true, force: true }) };
}
