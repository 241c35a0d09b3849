/**
 * SIGKILL of the client process at random points of a sync (50 runs), the portal emulator in
 * its own process slowed by latency so kills land mid-sync. After a restart and one more sync:
 * digests equal, every local change applied exactly once, nothing lost.
 */
import { spawn } from 'node:child_process';
import { mkdirSync, rmSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { build } from 'esbuild';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, syncOutbox } from '../../db/schema';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { Keyring } from '../../electron/core/vault/keyring';
import { syncRuntime } from '../../electron/core/sync/app';
import { digestDifference } from '../../electron/core/sync/digest';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const SYNC_LOOP = fileURLToPath(new URL('../fixtures/sync-loop.ts', import.meta.url));
const REPO = fileURLToPath(new URL('../..', import.meta.url));
/**
 * The worker bundled once (50 starts under tsx would spend minutes transforming the same
 * code); it sits inside the repo so its packages resolve from node_modules.
 */
const BUNDLE_DIR = join(REPO, 'node_modules', '.cache', `sync-crash-${process.pid}`);
const BUNDLE = join(BUNDLE_DIR, 'sync-loop.mjs');
const RUNS = 50;
const BIN = '150440001236';

/**
 * How late after "syncing" a kill may come. It starts at 400 ms and shrinks to 90 % of the
 * quickest whole sync seen, so kills keep landing inside a sync however fast this machine is
 * (on an idle machine a sync can finish before a fixed 400 ms window ends).
 */
let killWindowMs = 400;

/** Runs the worker; kills it 20 ms to the kill window after it starts syncing (unless it finished first). */
function syncThenKill(fixture: Fixture, dek: Buffer, run: number): Promise<'killed' | 'finished'> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        BUNDLE,
        fixture.dataDir,
        fixture.deviceKeyPath,
        DIRECTOR.login,
        DIRECTOR.password,
        String(run),
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
      if (signal === 'SIGKILL') return resolve('killed');
      if (code === 0 && output.includes('synced')) {
        if (syncingAt)
          killWindowMs = Math.max(40, Math.min(killWindowMs, 0.9 * (Date.now() - syncingAt)));
        return resolve('finished');
      }
      reject(new Error(`worker failed (${code ?? signal}): ${errors.slice(-2000)}`));
    });
  });
}

describe('SIGKILL of the client during a sync', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let fixture: Fixture;
  let dek: Buffer;

  beforeAll(async () => {
    mkdirSync(BUNDLE_DIR, { recursive: true });
    await build({
      entryPoints: [SYNC_LOOP],
      bundle: true,
      platform: 'node',
      format: 'esm',
      packages: 'external',
      outfile: BUNDLE,
      logLevel: 'warning',
    });
    portal = await spawnPortalEmulator({ referrals: 20 });
    fixture = await newStore(root);
    await fixture.core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'crash test',
    });
    await fixture.core.call('sync.run', {});
    fixture.core.close();
    dek = await new Keyring(
      fixture.dataDir,
      new FileDeviceSeal(fixture.deviceKeyPath),
    ).unlockWithRecoveryKey(fixture.recoveryKey);
    // Every API request waits a little, so a sync lasts long enough to be cut anywhere.
    await portal.addFault({ kind: 'latency', ms: 40, count: 1_000_000 });
  });

  afterAll(async () => {
    await portal?.stop();
    rmSync(BUNDLE_DIR, { recursive: true, force: true });
  });

  it(
    `after ${RUNS} kills, one more sync converges with every change applied exactly once`,
    { timeout: 400_000 },
    async () => {
      const outcomes = { killed: 0, finished: 0 };
      for (let run = 1; run <= RUNS; run++) outcomes[await syncThenKill(fixture, dek, run)]++;
      expect(outcomes.killed).toBeGreaterThanOrEqual(RUNS / 2);

      await portal.clearFaults();
      const core: Core = createCore({
        dataDir: fixture.dataDir,
        deviceSeal: new FileDeviceSeal(fixture.deviceKeyPath),
      });
      await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
      await core.call('sync.run', {});
      const store = core.services.store();
      const outbox = store.db.select().from(syncOutbox).all();
      // Three committed changes per run that got as far as syncing: none lost.
      expect(outbox.length).toBe(RUNS * 3);
      expect(outbox.every((row) => row.status === 'sent')).toBe(true);

      const { client } = syncRuntime(core.services);
      expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);

      const mutations = await portal.mutationLog();
      const logged = new Map(mutations.map((m) => [m.mutationId, m]));
      for (const row of outbox) expect(logged.get(row.mutationId)?.applied).toBe(1);
      expect(mutations.filter((m) => m.applied > 1)).toEqual([]);
      expect(mutations.length).toBe(outbox.length);

      // The portal holds exactly the local values.
      for (const child of store.db.select().from(children).all()) {
        const remote = await portal.entity('child', child.id, BIN);
        expect(remote?.data.actualAddress).toBe(child.actualAddress);
      }
      const last = store.db
        .select()
        .from(children)
        .where(eq(children.id, outbox.at(-1)!.entityId))
        .get();
      expect(last?.actualAddress).toMatch(/^run 50 change/);
      core.close();
    },
  );
});
