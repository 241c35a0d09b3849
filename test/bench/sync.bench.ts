/**
 * `npm run bench -- sync`: the sync client against the portal emulator (its own process) on
 * loopback. Each measurement prints its raw cost beside it: the same JSON over HTTP with no
 * apply, and the same inserts with no HTTP.
 *
 * - initial pull of 10,000 children with representatives (target ≤ 15 s);
 * - a sync with nothing to do (target ≤ 100 ms);
 * - push of 1,000 local changes (target ≤ 5 s);
 * - upload of 100 MB of attachments;
 * - the digest, content included;
 * - the soak through the fault proxy: 5,000 referrals, ten rounds of edits, 20 % faults
 *   (`BENCH_SYNC_SOAK_REFERRALS`), converged with content equal and each mutation once.
 */
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { randomBytes, randomUUID } from 'node:crypto';
import { documents, syncOutbox } from '../../db/schema';
import type { Core } from '../../electron/core/core';
import { syncRuntime } from '../../electron/core/sync/app';
import { digestDifference } from '../../electron/core/sync/digest';
import { applyPulledChange } from '../../electron/core/sync/apply';
import { recordCurrent } from '../../electron/core/sync/outbox';
import { ChangesResponse, PATHS } from '../../electron/core/sync/protocol';
import { saveAttachment } from '../../electron/core/vault/attachment-files';
import { newStore } from '../helpers/store-fixture';
import { spawnPortalEmulator } from '../portal-emulator/spawn';
import { runSyncSoak } from '../helpers/sync-soak';
import { line, median, timed } from './report';

const CHILDREN = Number(process.env.BENCH_SYNC_CHILDREN ?? 10_000);
const PUSHES = 1_000;
const BLOBS = 10;
const BLOB_BYTES = 10 * 1024 * 1024;
const BIN = '150440001236';

/** A sink on loopback: reads each body and answers a fixed JSON, no processing. */
async function startSink(): Promise<{ url: string; server: Server }> {
  const server = createServer((req, res) => {
    req.on('data', () => undefined);
    req.on('end', () => {
      res.writeHead(200, { 'content-type': 'application/json' });
      res.end('{"results":[]}');
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return { url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server };
}

export async function benchSync(): Promise<void> {
  process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';
  const root = mkdtempSync(join(tmpdir(), 'bq-sync-bench-'));
  const portal = await spawnPortalEmulator({ referrals: 0 });
  const sink = await startSink();
  let core: Core | undefined;
  let rawCore: Core | undefined;
  try {
    console.log(`sync bench: ${CHILDREN} children, emulator ${portal.url}`);
    await portal.seed(BIN, CHILDREN);
    ({ core } = await newStore(root, 'client'));
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
    });
    const { client } = syncRuntime(core.services);
    const token = client.connection()!.accessToken;

    // Raw: the same pages over HTTP, parsed and validated, applied nowhere.
    const pages: ChangesResponse[] = [];
    const rawHttp = await timed(async () => {
      let since = '';
      for (;;) {
        const response = await fetch(
          `${portal.url}${PATHS.changes}?limit=500${since ? `&since=${since}` : ''}`,
          { headers: { authorization: `Bearer ${token}` } },
        );
        const page = ChangesResponse.parse(await response.json());
        pages.push(page);
        since = page.cursor;
        if (!page.hasMore || !page.changes.length) return;
      }
    });
    const changes = pages.reduce((n, p) => n + p.changes.length, 0);

    const pull = await timed(() => core!.call('sync.run', {}));
    // Raw: the same rows applied to a second store, no HTTP.
    ({ core: rawCore } = await newStore(root, 'raw'));
    const rawStore = rawCore.services.store();
    const now = new Date().toISOString();
    const rawApply = await timed(() => {
      for (const page of pages)
        rawStore.sqlite.transaction(() => {
          for (const change of page.changes) applyPulledChange(rawStore, change, now);
        })();
    });
    line(`initial pull (${changes} changes)`, pull.ms, 15_000, [
      ['HTTP only', rawHttp.ms],
      ['apply only', rawApply.ms],
      ['sum', rawHttp.ms + rawApply.ms],
    ]);

    // A sync with nothing to do: one changes request, no mutations.
    const noop = await median(5, () => core!.call('sync.run', {}));
    const rawNoop = await median(5, () =>
      fetch(`${portal.url}${PATHS.changes}?limit=500&since=${pages.at(-1)!.cursor}`, {
        headers: { authorization: `Bearer ${token}` },
      }).then((r) => r.json()),
    );
    line('no-op sync (median of 5)', noop, 100, [['one GET', rawNoop]]);

    // 1,000 local changes through the core (not timed), then one push.
    const { rows } = await core.call('children.list', { limit: 500 });
    const { rows: more } = await core.call('children.list', { limit: 500, offset: 500 });
    const targets = [...rows, ...more].slice(0, PUSHES);
    for (const [i, row] of targets.entries())
      await core.call('children.update', {
        childId: row.id,
        changes: { actualAddress: `Астана қ., ${i} көше` },
      });
    const store = core.services.store();
    const bodies = store.db
      .select()
      .from(syncOutbox)
      .all()
      .filter((r) => r.status === 'pending');
    const push = await timed(() => core!.call('sync.run', {}));
    // Raw: the same JSON bodies (batches of 200) to a sink; the same outbox updates with no HTTP.
    const batches: string[] = [];
    for (let i = 0; i < bodies.length; i += 200)
      batches.push(
        JSON.stringify({
          deviceId: 'x',
          mutations: bodies.slice(i, i + 200).map((r) => ({
            mutationId: r.mutationId,
            entity: r.entity,
            id: r.entityId,
            baseVersion: r.baseVersion,
            op: r.op,
            fields: JSON.parse(r.fields) as unknown,
            at: r.at,
          })),
        }),
      );
    const rawPushHttp = await timed(async () => {
      for (const body of batches)
        await fetch(`${sink.url}/mutations`, {
          method: 'POST',
          headers: { 'content-type': 'application/json' },
          body,
        }).then((r) => r.text());
    });
    const update = store.sqlite.prepare(
      "UPDATE sync_outbox SET status = 'sent', result_version = result_version WHERE seq = ?",
    );
    const rawPushApply = await timed(() =>
      store.sqlite.transaction(() => {
        for (const row of bodies) update.run(row.seq);
      })(),
    );
    line(`push of ${bodies.length} changes`, push.ms, 5_000, [
      ['HTTP only', rawPushHttp.ms],
      ['apply only', rawPushApply.ms],
    ]);

    // 100 MB of attachments (10 × 10 MB), encrypted in the store, then one sync uploads them.
    const childId = targets[0]!.id;
    const blobs: Buffer[] = [];
    for (let i = 0; i < BLOBS; i++) {
      const bytes = randomBytes(BLOB_BYTES);
      blobs.push(bytes);
      store.sqlite.transaction(() => {
        const at = new Date().toISOString();
        const attachment = saveAttachment(
          store,
          core!.services.dataDir,
          bytes,
          'application/pdf',
          at,
        );
        const id = randomUUID();
        store.db
          .insert(documents)
          .values({
            id,
            childId,
            type: 'other',
            title: `scan ${i}`,
            attachmentId: attachment.id,
            createdAt: at,
          })
          .run();
        recordCurrent(store, 'document', id, at);
      })();
    }
    const upload = await timed(() => core!.call('sync.run', {}));
    const rawUpload = await timed(async () => {
      for (const bytes of blobs)
        for (let offset = 0; offset < bytes.length; offset += 1024 * 1024)
          await fetch(`${sink.url}/upload`, {
            method: 'PATCH',
            headers: { 'content-type': 'application/offset+octet-stream' },
            body: bytes.subarray(offset, offset + 1024 * 1024) as unknown as BodyInit,
          }).then((r) => r.text());
    });
    const mb = (BLOBS * BLOB_BYTES) / 1024 / 1024;
    line(`upload of ${mb} MB (${upload.value.uploadedBlobs} blobs)`, upload.ms, null, [
      ['same bytes to a sink', rawUpload.ms],
    ]);
    console.log(
      `  (${(mb / (upload.ms / 1000)).toFixed(1)} MB/s incl. decryption and SHA-256 check at the portal)`,
    );
    const digest = await timed(async () =>
      digestDifference(client.localDigest(), await client.remoteDigest()),
    );
    const differs = digest.value;
    line('digest (ids, versions, content)', digest.ms, null, []);
    console.log(`digests: ${differs.length ? `DIFFER in ${differs.join(', ')}` : 'converged'}`);
  } finally {
    core?.close();
    rawCore?.close();
    sink.server.close();
    await portal.stop();
    rmSync(root, { recursive: true, force: true });
  }
  await benchSoak();
}

/**
 * The soak through the fault proxy (issue 11 acceptance): 20 % faults over an initial pull of
 * 5,000 referrals and ten rounds of 50 edits on each side; converged with content hashes equal
 * and every mutation applied once.
 */
async function benchSoak(): Promise<void> {
  const referrals = Number(process.env.BENCH_SYNC_SOAK_REFERRALS ?? 5_000);
  const result = await runSyncSoak({ referrals, rounds: 10, edits: 50, rate: 0.2, seed: 11 });
  const faulted = Object.entries(result.faults)
    .filter(([kind, n]) => kind !== 'clean' && n > 0)
    .map(([kind, n]) => `${kind} ${n}`)
    .join(', ');
  line(`soak: ${referrals} referrals, 10 rounds, 20 % faults`, result.ms, null, []);
  console.log(
    `  ${result.runs} runs (${
      Object.entries(result.failedRuns)
        .map(([reason, n]) => `${n} failed: ${reason}`)
        .join(', ') || 'none failed'
    }); requests clean ${result.faults.clean}, faulted: ${faulted}`,
  );
  const ok =
    !result.differs.length &&
    !result.contentDiffers &&
    !result.pending &&
    !result.rejected &&
    !result.notOnce &&
    !result.lost;
  console.log(
    `  ${ok ? 'converged ✓' : 'NOT converged ✗'}: digests differ in [${result.differs.join(', ')}], records with other content ${result.contentDiffers}, pending ${result.pending}, rejected ${result.rejected}, ${result.mutations} mutations, not applied exactly once ${result.notOnce}, edits lost ${result.lost}`,
  );
}
