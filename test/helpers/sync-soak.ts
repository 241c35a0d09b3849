/**
 * The sync soak (issue 11 acceptance): the client syncs through the fault proxy
 * (`test/portal-emulator/fault-proxy.ts`) with the emulator in its own process: an initial
 * pull of N referrals, then rounds of edits on both sides, each round synced until a run
 * succeeds. Afterwards, with the proxy clean, the two sides are compared: digests (ids,
 * versions, content), every record's content hash, every mutation applied once, and each
 * side's last edits present on the other. The test suite runs a small fixed-seed one; the sync
 * bench the full one (5,000 referrals, ten rounds, 20 % faults).
 */
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { randomBytes, randomUUID } from 'node:crypto';
import { children, documents, syncOutbox } from '../../db/schema';
import { recordCurrent } from '../../electron/core/sync/outbox';
import { saveAttachment } from '../../electron/core/vault/attachment-files';
import type { Core } from '../../electron/core/core';
import { SyncClient } from '../../electron/core/sync/client';
import { digestDifference } from '../../electron/core/sync/digest';
import { CONTENT_ENTITIES } from '../../electron/core/sync/content';
import { SyncError } from '../../electron/core/sync/transport';
import { startFaultProxy, type FaultKind } from '../portal-emulator/fault-proxy';
import { spawnPortalEmulator } from '../portal-emulator/spawn';
import { ORG, newStore } from './store-fixture';
import { lastMonth, markDays, registerDays, registerGroup } from './attendance-register';
import { portalIds } from '../../electron/core/sync/apply';
import { recordType } from '../../electron/core/sync/record-types';
import { canonicalJson } from '../../electron/core/sync/protocol';

export interface SoakOptions {
  referrals: number;
  rounds: number;
  /** Edits per round on each side. */
  edits: number;
  rate: number;
  seed: number;
  /** Smaller pages and batches make more requests (more faults) from fewer records. */
  pageSize?: number;
  batchSize?: number;
  /** The faults drawn from (all by default). */
  kinds?: readonly FaultKind[];
  /** The client's whole-exchange deadline (a stalled answer costs this much); 4 s by default. */
  deadlineMs?: number;
  /** The client's whole-run deadline (the app's 10 minutes by default). */
  runDeadlineMs?: number;
  /** Scanned documents of 600 KB imported here in the first round (uploads in 64 KiB PATCHes). */
  blobs?: number;
  /**
   * Attendance too: this many pulled children put in a group here, last month's working days
   * marked through the rounds (a share of the days each round) and the month closed in the
   * last one.
   */
  attendance?: number;
}

export interface SoakResult {
  ms: number;
  runs: number;
  /** The longest a single run lasted, failed or not. */
  longestRunMs: number;
  failedRuns: Record<string, number>;
  faults: Record<FaultKind | 'clean', number>;
  /** Entities whose digests differ (empty when converged). */
  differs: string[];
  /** Records whose content hash differed record by record (repaired; empty when converged). */
  contentDiffers: number;
  pending: number;
  /** Changes the portal refused (a document whose blob did not arrive whole would be one). */
  rejected: number;
  mutations: number;
  /** Mutations applied more than once at the portal, or sent here and not applied there. */
  notOnce: number;
  /** Edits of the last round not found on the other side. */
  lost: number;
  /** With `attendance`: the child-months here and at the portal, compared whole. */
  attendance?: {
    here: number;
    atPortal: number;
    /** Closed at the portal. */
    closed: number;
    /** Marks the portal holds, over every child-month. */
    marks: number;
    /** Child-months whose portal data is not their wire form here (or missing there). */
    differ: number;
    /** Marks at the portal that link a supporting document. */
    certificates: number;
  };
}

export async function runSyncSoak(options: SoakOptions): Promise<SoakResult> {
  const root = mkdtempSync(join(tmpdir(), 'bq-sync-soak-'));
  const portal = await spawnPortalEmulator({ referrals: 0 });
  const proxy = await startFaultProxy({
    target: portal.url,
    seed: options.seed,
    rate: 0,
    ...(options.kinds ? { kinds: options.kinds } : {}),
  });
  let core: Core | undefined;
  const start = performance.now();
  try {
    await portal.seed(ORG.bin, options.referrals);
    ({ core } = await newStore(root, 'soak'));
    await core.call('sync.enroll', {
      portalUrl: proxy.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'soak',
    });
    const services = core.services;
    // Short limits so a stalled answer costs seconds, not a minute.
    const client = new SyncClient({
      store: () => services.store(),
      dataDir: services.dataDir,
      now: () => services.now(),
      timeoutMs: 1_500,
      deadlineMs: options.deadlineMs ?? 4_000,
      ...(options.runDeadlineMs ? { runDeadlineMs: options.runDeadlineMs } : {}),
      baseDelayMs: 20,
      capDelayMs: 400,
      attempts: 6,
      chunkBytes: 64 * 1024,
      ...(options.pageSize ? { pageSize: options.pageSize } : {}),
      ...(options.batchSize ? { batchSize: options.batchSize } : {}),
    });
    proxy.setRate(options.rate);
    let runs = 0;
    let longestRunMs = 0;
    const failedRuns: Record<string, number> = {};
    const syncUntilDone = async () => {
      for (let tries = 0; tries < 400; tries++) {
        runs++;
        const started = performance.now();
        const error = await client.run().then(
          () => null,
          (e: unknown) => e,
        );
        longestRunMs = Math.max(longestRunMs, performance.now() - started);
        if (error === null) return;
        if (!(error instanceof SyncError)) throw error;
        failedRuns[error.reason] = (failedRuns[error.reason] ?? 0) + 1;
        // The client asks no sooner than the portal's Retry-After (the proxy sends 1 s).
        if (error.reason === 'rateLimited' || error.reason === 'server')
          await new Promise((resolve) => setTimeout(resolve, 1_000));
      }
      throw new Error(
        `no successful sync in 400 runs: ${JSON.stringify(failedRuns)} ${JSON.stringify(proxy.stats)}`,
      );
    };
    await syncUntilDone();

    const { rows } = await core.call('children.list', { limit: 500 });
    const ids = rows.map((r) => r.id);
    const localLast = new Map<string, string>();
    /** The scanned documents by child: a certificate for the register's illness days. */
    const scans = new Map<string, string>();
    const portalLast = new Map<string, string>();
    for (let b = 0; b < (options.blobs ?? 0); b++) {
      const store = services.store();
      store.sqlite.transaction(() => {
        const at = services.now();
        const attachment = saveAttachment(
          store,
          services.dataDir,
          randomBytes(600 * 1024),
          'application/pdf',
          at,
        );
        const id = randomUUID();
        store.db
          .insert(documents)
          .values({
            id,
            childId: ids[b]!,
            type: 'absence_reason',
            title: `certificate ${b}`,
            attachmentId: attachment.id,
            createdAt: at,
          })
          .run();
        recordCurrent(store, 'document', id, at);
        scans.set(ids[b]!, id);
      })();
    }
    const month = lastMonth();
    const days = registerDays(month);
    const registered = ids.slice(0, options.attendance ?? 0);
    const groupId = registered.length ? await registerGroup(core, registered, month) : null;
    for (let round = 0; round < options.rounds; round++) {
      if (groupId) {
        // A share of the month's days each round; the month closed in the last one.
        const share = days.filter((_, d) => d % options.rounds === round);
        await markDays(core, groupId, registered, share, 0, scans);
        if (round === options.rounds - 1)
          await core.call('attendance.closeMonth', { groupId, month });
      }
      for (let i = 0; i < options.edits; i++) {
        // Disjoint children for each side's address; the portal also renames children edited
        // here (a portal-owned field: no conflict, both changes stay).
        const mine = ids[(round * options.edits + i) % Math.floor(ids.length / 2)]!;
        const theirs =
          ids[
            Math.floor(ids.length / 2) + ((round * options.edits + i) % Math.floor(ids.length / 2))
          ]!;
        const address = `Астана қ., ${round}-${i} үй`;
        await core.call('children.update', { childId: mine, changes: { actualAddress: address } });
        localLast.set(mine, address);
        const portalAddress = `Алматы қ., ${round}-${i} пәтер`;
        await portal.edit('child', theirs, { actualAddress: portalAddress }, { bin: ORG.bin });
        portalLast.set(theirs, portalAddress);
        if (i % 5 === 0)
          await portal.edit('child', mine, { lastName: `Сынақ${round}` }, { bin: ORG.bin });
      }
      await syncUntilDone();
    }
    // Once more: a pull the last push asked for.
    await syncUntilDone();
    const ms = performance.now() - start;

    proxy.setRate(0);
    const differs = digestDifference(client.localDigest(), await client.remoteDigest());
    const contentDiffers = (await client.repairContent(CONTENT_ENTITIES)).length;
    const store = services.store();
    const pending = client.status().pending;
    const rejected = store.db
      .select()
      .from(syncOutbox)
      .where(eq(syncOutbox.status, 'rejected'))
      .all().length;
    const log = await portal.mutationLog();
    const byId = new Map(log.map((m) => [m.mutationId, m]));
    let notOnce = log.filter((m) => m.applied > 1).length;
    for (const row of store.db.select().from(syncOutbox).where(eq(syncOutbox.status, 'sent')).all())
      if (byId.get(row.mutationId)?.applied !== 1) notOnce++;
    let lost = 0;
    for (const [id, address] of localLast)
      if ((await portal.entity('child', id, ORG.bin))?.data.actualAddress !== address) lost++;
    for (const [id, address] of portalLast)
      if (
        store.db.select().from(children).where(eq(children.id, id)).get()?.actualAddress !== address
      )
        lost++;
    let attendance: SoakResult['attendance'];
    if (groupId) {
      const type = recordType('attendance')!;
      const ids = portalIds(store);
      const atPortal = new Map(
        (await portal.childMonths(ORG.bin)).map((row) => [row.id, row.data]),
      );
      const here = type.localIds!(store);
      let differ = 0;
      for (const localId of here) {
        const wire = type.toWire!(store, localId, ids);
        const held = atPortal.get(ids.portal('attendance', localId));
        if (!wire || canonicalJson(held) !== canonicalJson(wire.fields)) differ++;
      }
      const data = [...atPortal.values()];
      attendance = {
        here: here.length,
        atPortal: atPortal.size,
        closed: data.filter((d) => d.closed === true).length,
        marks: data.reduce((n, d) => n + (d.marks as unknown[]).length, 0),
        differ,
        certificates: data.reduce(
          (n, d) => n + (d.marks as { documentId?: string }[]).filter((m) => m.documentId).length,
          0,
        ),
      };
    }
    return {
      ...(attendance ? { attendance } : {}),
      ms,
      runs,
      longestRunMs,
      failedRuns,
      faults: { ...proxy.stats },
      differs,
      contentDiffers,
      pending,
      rejected,
      mutations: log.length,
      notOnce,
      lost,
    };
  } finally {
    core?.close();
    await proxy.close();
    await portal.stop();
    rmSync(root, { recursive: true, force: true });
  }
}
