import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createCore } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { seedKindergarten } from '../../electron/core/seed/synthetic-kindergarten';
import { benchAttachmentCrypto, benchFileImport } from './files-crypto.bench';

const CHILDREN = 10_000;
const SAMPLES = 300;

function percentile(sorted: number[], p: number): number {
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))]!;
}

async function timed(
  runs: number,
  once: (i: number) => Promise<unknown>,
): Promise<{ median: number; p95: number }> {
  const times: number[] = [];
  for (let i = 0; i < runs; i++) {
    const start = process.hrtime.bigint();
    const result = (await once(i)) as { ok?: boolean };
    times.push(Number(process.hrtime.bigint() - start) / 1e6);
    if (result && result.ok === false)
      throw new Error(`bench call failed: ${JSON.stringify(result)}`);
  }
  times.sort((a, b) => a - b);
  return { median: percentile(times, 50), p95: percentile(times, 95) };
}

/** The child-file screens at 10,000 children, measured through the core as the UI calls it. */
export async function benchFiles(): Promise<void> {
  const root = mkdtempSync(join(tmpdir(), 'bq-bench-files-'));
  try {
    const core = createCore({
      dataDir: join(root, 'data'),
      deviceSeal: new FileDeviceSeal(join(root, 'device.key')),
    });
    const { session } = await core.call('setup.initialize', {
      orgName: 'Bench kindergarten',
      orgBin: '150440001236',
      adminLogin: 'bench',
      adminName: 'Bench',
      password: 'bench-password',
    });
    const seedStart = Date.now();
    await seedKindergarten(core.services.store(), {
      children: CHILDREN,
      withDocuments: 50,
      actorId: session.accountId,
      dataDir: core.services.dataDir,
    });
    console.log(
      `files: ${CHILDREN} seeded children (seed took ${((Date.now() - seedStart) / 1000).toFixed(1)} s); ${SAMPLES} samples each, through core.dispatch`,
    );
    const rows = (await core.call('children.list', { limit: 500 })).rows;
    const ids = rows.map((r) => r.id);
    const prefixes = rows.flatMap((r) => [
      r.lastName.slice(0, 2),
      r.firstName.slice(0, 3).toLowerCase(),
      r.iin.slice(0, 6),
    ]);

    const results = {
      'list page (100 rows)': await timed(SAMPLES, (i) =>
        core.dispatch('children.list', { offset: (i * 97) % (CHILDREN - 100), limit: 100 }),
      ),
      'search (name / IIN prefix)': await timed(SAMPLES, (i) =>
        core.dispatch('children.list', { query: prefixes[i % prefixes.length]!, limit: 100 }),
      ),
      'open child page': await timed(SAMPLES, (i) =>
        core.dispatch('children.get', { childId: ids[i % ids.length]! }),
      ),
    };
    const targets: Record<string, string> = {
      'search (name / IIN prefix)': 'p95 ≤ 10 ms',
      'open child page': '≤ 30 ms',
    };
    console.log('operation                      median ms   p95 ms   target');
    for (const [name, { median, p95 }] of Object.entries(results)) {
      console.log(
        `${name.padEnd(30)} ${median.toFixed(2).padStart(9)} ${p95.toFixed(2).padStart(8)}   ${targets[name] ?? ''}`,
      );
    }
    await benchFileImport(core.services.store(), core.services.dataDir);
    benchAttachmentCrypto(core.services.store(), core.services.dataDir);
    core.close();
  } finally {
    rmSync(root, { recursive: true, force: true });
  }
}
