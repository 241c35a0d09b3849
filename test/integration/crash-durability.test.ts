import { spawn } from 'node:child_process';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/connection';
import { Keyring } from '../../electron/core/vault/keyring';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { verifyDataFolder } from '../../electron/core/maintenance/verify';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';

const WRITE_LOOP = fileURLToPath(new URL('../fixtures/write-loop.ts', import.meta.url));
const RUNS = 50;

/** Starts the writer, kills it with SIGKILL at a random moment, returns its last committed report. */
function writeThenKill(fixture: Fixture): Promise<{ auditSeq: number; attachmentCount: number }> {
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      [
        '--import',
        'tsx',
        WRITE_LOOP,
        fixture.dataDir,
        fixture.deviceKeyPath,
        DIRECTOR.login,
        DIRECTOR.password,
      ],
      {
        stdio: ['ignore', 'pipe', 'inherit'],
      },
    );
    let output = '';
    let timer: NodeJS.Timeout | undefined;
    child.stdout.on('data', (chunk) => {
      output += chunk;
      if (!timer && output.includes('ready\n')) {
        timer = setTimeout(() => child.kill('SIGKILL'), Math.random() * 250);
      }
    });
    child.on('error', reject);
    child.on('close', (_code, signal) => {
      if (signal !== 'SIGKILL')
        return reject(new Error(`writer ended without being killed (${signal})`));
      const last = [...output.matchAll(/committed (\d+) (\d+)\n/g)].at(-1);
      resolve({ auditSeq: Number(last?.[1] ?? 0), attachmentCount: Number(last?.[2] ?? 0) });
    });
  });
}

describe('SIGKILL during a long series of writes', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let dek: Buffer;

  beforeAll(async () => {
    fixture = await newStore(root);
    fixture.core.close();
    dek = await new Keyring(
      fixture.dataDir,
      new FileDeviceSeal(fixture.deviceKeyPath),
    ).unlockWithRecoveryKey(fixture.recoveryKey);
  });

  it(
    `never fails verify and never loses a committed write (${RUNS} kills)`,
    { timeout: 600_000 },
    async () => {
      let totalCommitted = 0;
      for (let run = 1; run <= RUNS; run++) {
        const committed = await writeThenKill(fixture);
        const report = verifyDataFolder(fixture.dataDir, Buffer.from(dek));
        expect(report.problems, `run ${run}`).toEqual([]);
        const store = openStore({ path: join(fixture.dataDir, 'store.db'), key: Buffer.from(dek) });
        const maxSeq = store.sqlite
          .prepare('SELECT max(seq) FROM audit_log')
          .pluck()
          .get() as number;
        const count = (table: string) =>
          store.sqlite.prepare(`SELECT count(*) FROM ${table}`).pluck().get() as number;
        const files = count('attachments');
        expect(count('audit_log')).toBe(maxSeq);
        store.close();
        expect(maxSeq, `run ${run}: audit rows`).toBeGreaterThanOrEqual(committed.auditSeq);
        expect(files, `run ${run}: attachments`).toBeGreaterThanOrEqual(committed.attachmentCount);
        totalCommitted += committed.auditSeq > 0 ? 1 : 0;
      }
      // The kills must land mid-series, not before the first write, for the test to mean anything.
      expect(totalCommitted).toBeGreaterThan(RUNS / 2);
    },
  );
});
