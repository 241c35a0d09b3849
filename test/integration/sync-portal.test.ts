/**
 * The sync client (in this process, through the core) against the portal emulator in its own
 * process: faults, offline, conflicts, resumable upload. Every check compares both sides.
 */
import { createHash, randomBytes } from 'node:crypto';
import sharp from 'sharp';
import { join } from 'node:path';
import { eq } from 'drizzle-orm';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { children, documents, syncOutbox } from '../../db/schema';
import type { Core } from '../../electron/core/core';
import { syncRuntime } from '../../electron/core/sync/app';
import { digestDifference } from '../../electron/core/sync/digest';
import { recordChange, recordCurrent } from '../../electron/core/sync/outbox';
import { saveAttachment } from '../../electron/core/vault/attachment-files';
import { AppError } from '../../electron/core/errors/app-error';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore } from '../helpers/store-fixture';
import { runCli } from '../helpers/cli';
import { enrolledChild } from '../helpers/enrolled-child';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';
import { addStaff } from '../helpers/staff';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const BIN = '150440001236';

/** Syncs until one run succeeds (each failed run leaves data and outbox as they were). */
async function syncUntilDone(core: Core, maxRuns = 12) {
  const failures: string[] = [];
  for (let run = 0; run < maxRuns; run++) {
    try {
      return { report: await core.call('sync.run', {}), failures };
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'syncFailed') throw error;
      failures.push(String(error.params.reason));
    }
  }
  throw new Error(`no successful sync in ${maxRuns} runs: ${failures.join(', ')}`);
}

async function expectConverged(core: Core, portal: SpawnedPortal) {
  const { client } = syncRuntime(core.services);
  const local = client.localDigest();
  const remote = await client.remoteDigest();
  expect(digestDifference(local, remote)).toEqual([]);
  const status = await core.call('sync.status', {});
  expect(status.pending).toBe(0);
  // Everything sent here is valid: nothing may sit rejected (a rejection would hide a change).
  expect(await core.call('sync.rejected', {})).toEqual([]);
  expect(status.rejected).toBe(0);
  // Every local change reached the portal exactly once.
  const mutations = await portal.mutationLog();
  const byId = new Map(mutations.map((m) => [m.mutationId, m]));
  const sent = core.services
    .store()
    .db.select()
    .from(syncOutbox)
    .where(eq(syncOutbox.status, 'sent'))
    .all();
  for (const row of sent) {
    const logged = byId.get(row.mutationId);
    expect(logged, `mutation ${row.entity} ${row.mutationId}`).toBeDefined();
    expect(logged!.applied).toBe(1);
  }
  for (const m of mutations) expect(m.applied).toBeLessThanOrEqual(1);
  return { sent: sent.length, log: mutations };
}

/** Imports a small generated JPEG as the child's photo; returns the document id. */
async function importPhoto(
  core: Core,
  childId: string,
  background: { r: number; g: number; b: number },
): Promise<string> {
  const photo = await sharp({ create: { width: 64, height: 48, channels: 3, background } })
    .jpeg()
    .toBuffer();
  const { id } = await core.call('documents.import', {
    childId,
    type: 'child_photo',
    title: 'Фото',
    contentBase64: photo.toString('base64'),
  });
  return id;
}

async function portalEntity(portal: SpawnedPortal, entity: string, id: string) {
  const row = await portal.entity(entity, id, BIN);
  expect(row, `${entity} ${id} at the portal`).not.toBeNull();
  return row!;
}

describe('sync against the portal emulator (separate process)', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let core: Core;
  let deviceKeyPath: string;
  let groupId: string;
  let serial = 1000;

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 12, dbPath: join(root, 'portal.db') });
    ({ core, deviceKeyPath } = await newStore(root));
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'test',
    });
    const { report } = await syncUntilDone(core);
    expect(report.pulled).toBeGreaterThan(12);
    groupId = (
      await core.call('groups.create', {
        name: 'Ересек «Күншуақ»',
        ageGroup: 'senior',
        language: 'kk',
      })
    ).id;
  });

  afterAll(async () => {
    core?.close();
    await portal?.stop();
  });

  /** A few local changes of different kinds; returns the child ids whose address changed. */
  async function localWork(tag: string) {
    const { childId } = await enrolledChild(core, { iinSerial: String(serial++), groupId });
    const { rows } = await core.call('children.list', { limit: 500 });
    const touched = rows.slice(0, 3).map((r) => r.id);
    for (const id of touched)
      await core.call('children.update', {
        childId: id,
        changes: { actualAddress: `${tag} ${id.slice(0, 4)}` },
      });
    return [childId, ...touched];
  }

  async function expectAddressesAtPortal(ids: string[]) {
    for (const id of ids) {
      const local = core.services
        .store()
        .db.select()
        .from(children)
        .where(eq(children.id, id))
        .get()!;
      const remote = await portalEntity(portal, 'child', id);
      expect(remote.data.actualAddress).toBe(local.actualAddress);
      expect(remote.data.status).toBe(local.status);
    }
  }

  it('accepting a referral enrols the referred child and tells the portal', async () => {
    const referrals = await core.call('referrals.list', {});
    expect(referrals.length).toBe(12);
    const referral = referrals.find((r) => r.status === 'issued' && r.child)!;
    expect(referral.child!.status).toBe('referred');
    const { childId } = await core.call('referrals.accept', {
      referralId: referral.id,
      groupId,
      on: '2026-09-01',
    });
    await syncUntilDone(core);
    expect((await portalEntity(portal, 'referral', referral.id)).data.status).toBe('accepted');
    expect((await portalEntity(portal, 'child', referral.childId)).data).toMatchObject({
      status: 'enrolled',
      groupName: 'Ересек «Күншуақ»',
      enrolledOn: '2026-09-01',
    });
    expect(childId).toBe(referral.childId);
    await expectConverged(core, portal);
  });

  const FAULTS = [
    { kind: 'latency', ms: 300, count: 4 },
    { kind: 'error500', count: 3 },
    { kind: 'error503', count: 2, retryAfter: 1 },
    { kind: 'rateLimit', count: 2, retryAfter: 1 },
    { kind: 'drop', count: 3 },
    { kind: 'truncate', count: 3 },
    { kind: 'duplicate', count: 3 },
  ] as const;

  for (const fault of FAULTS) {
    for (const path of ['/api/v1/changes', '/api/v1/mutations']) {
      it(`converges under ${fault.kind} on ${path}: each change applied once, nothing lost`, async () => {
        const ids = await localWork(`${fault.kind}${path}`);
        await portal.clearFaults();
        await portal.addFault({ ...fault, path });
        await syncUntilDone(core);
        // A second run has nothing left and proves the state is stable.
        await syncUntilDone(core);
        const { fired } = await portal.faults();
        expect(fired[fault.kind]).toBeGreaterThan(0);
        await portal.clearFaults();
        const { log } = await expectConverged(core, portal);
        // A delivered-but-unanswered batch was resent and answered `duplicate`, applied once.
        if (fault.kind === 'duplicate' && path === '/api/v1/mutations')
          expect(log.some((m) => m.received > 1)).toBe(true);
        await expectAddressesAtPortal(ids);
      });
    }
  }

  it('offline: work goes on, the outbox grows, status says offline; then everything goes through', async () => {
    await portal.stop();
    const before = (await core.call('sync.status', {})).pending;
    const ids = await localWork('offline');
    const pending = (await core.call('sync.status', {})).pending;
    expect(pending).toBeGreaterThan(before);
    await expect(core.call('sync.run', {})).rejects.toMatchObject({
      code: 'syncFailed',
      params: { reason: 'offline' },
    });
    const status = await core.call('sync.status', {});
    expect(status).toMatchObject({ phase: 'offline', reason: 'offline', pending });
    // More local work while offline.
    ids.push(...(await localWork('still offline')));
    expect((await core.call('sync.status', {})).pending).toBeGreaterThan(pending);
    const port = portal.port;
    portal = await spawnPortalEmulator({ port, dbPath: join(root, 'portal.db'), referrals: 0 });
    await syncUntilDone(core);
    const after = await core.call('sync.status', {});
    expect(after).toMatchObject({ phase: 'idle', reason: null, pending: 0 });
    await expectConverged(core, portal);
    await expectAddressesAtPortal(ids);
  });

  it('an edit on both sides lands in the conflict inbox; nothing is overwritten silently', async () => {
    const { rows } = await core.call('children.list', { limit: 500 });
    const id = rows[0]!.id;
    await syncUntilDone(core);
    await portal.edit(
      'child',
      id,
      { actualAddress: 'portal address', lastName: 'Порталова' },
      { bin: BIN },
    );
    await core.call('children.update', {
      childId: id,
      changes: { actualAddress: 'local address', lastName: 'Жергілікті' },
    });
    await syncUntilDone(core);
    const local = () =>
      core.services.store().db.select().from(children).where(eq(children.id, id)).get()!;
    // Kindergarten-owned field changed on both sides: both values kept, side by side.
    const conflicts = await core.call('conflicts.list', {});
    expect(conflicts).toEqual([
      expect.objectContaining({
        entity: 'child',
        entityId: id,
        field: 'actualAddress',
        localValue: 'local address',
        serverValue: 'portal address',
      }),
    ]);
    expect(local().actualAddress).toBe('local address');
    expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('portal address');
    expect((await core.call('sync.status', {})).conflicts).toBe(1);
    // Portal-owned field: the portal's value stands and the local copy follows.
    expect(local().lastName).toBe('Порталова');
    await expectConverged(core, portal);

    await core.call('conflicts.resolve', { conflictId: conflicts[0]!.id, choice: 'local' });
    await syncUntilDone(core);
    expect(await core.call('conflicts.list', {})).toEqual([]);
    expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('local address');
    const audit = await core.call('audit.list', { limit: 20 });
    expect(audit).toContainEqual(
      expect.objectContaining({ action: 'conflicts.resolve', entityId: conflicts[0]!.id }),
    );
    const resolved = core.services
      .store()
      .sqlite.prepare('SELECT resolution, resolved_by FROM sync_conflicts WHERE id = ?')
      .get(conflicts[0]!.id);
    expect(resolved).toMatchObject({ resolution: 'local' });
    await expectConverged(core, portal);
  });

  it('resolving a conflict for the portal writes its value here and sends nothing', async () => {
    const { rows } = await core.call('children.list', { limit: 500 });
    const id = rows[1]!.id;
    await portal.edit('child', id, { actualAddress: 'portal wins' }, { bin: BIN });
    await core.call('children.update', { childId: id, changes: { actualAddress: 'mine' } });
    await syncUntilDone(core);
    const [conflict] = await core.call('conflicts.list', {});
    expect(conflict).toMatchObject({
      entityId: id,
      localValue: 'mine',
      serverValue: 'portal wins',
    });
    await core.call('conflicts.resolve', { conflictId: conflict!.id, choice: 'server' });
    const local = core.services.store().db.select().from(children).where(eq(children.id, id)).get();
    expect(local?.actualAddress).toBe('portal wins');
    expect((await core.call('sync.status', {})).pending).toBe(0);
    await expect(
      core.call('conflicts.resolve', { conflictId: conflict!.id, choice: 'local' }),
    ).rejects.toMatchObject({ code: 'conflictNotFound' });
    await syncUntilDone(core);
    await expectConverged(core, portal);
  });

  describe('a field in conflict: later local edits of it wait for the answer', () => {
    const local = (id: string) =>
      core.services.store().db.select().from(children).where(eq(children.id, id)).get()!;
    const mutationsOf = async (id: string) =>
      (await portal.mutationLog()).filter((m) => m.entity === 'child' && m.id === id).length;

    /** A conflict on the child's actual address: the portal's value and ours at that time. */
    async function openConflict(id: string, portalValue: string, localValue: string) {
      await syncUntilDone(core);
      await portal.edit('child', id, { actualAddress: portalValue }, { bin: BIN });
      await core.call('children.update', { childId: id, changes: { actualAddress: localValue } });
      await syncUntilDone(core);
      const conflicts = (await core.call('conflicts.list', {})).filter((c) => c.entityId === id);
      expect(conflicts).toEqual([
        expect.objectContaining({
          field: 'actualAddress',
          localValue,
          serverValue: portalValue,
          changedHere: false,
        }),
      ]);
      return conflicts[0]!;
    }

    it('held until the answer; `local` then sends the latest local value, not the one at conflict time', async () => {
      const { rows } = await core.call('children.list', { limit: 500 });
      const id = rows[2]!.id;
      const conflict = await openConflict(id, 'portal A', 'local A1');
      const before = await mutationsOf(id);

      await core.call('children.update', { childId: id, changes: { actualAddress: 'local A2' } });
      await syncUntilDone(core);
      // Not sent: the portal keeps its value and has no new mutation of this child.
      expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('portal A');
      expect(await mutationsOf(id)).toBe(before);
      expect(local(id).actualAddress).toBe('local A2');
      // The inbox shows the value here now beside the one at conflict time.
      expect(
        (await core.call('conflicts.list', {})).find((c) => c.id === conflict.id),
      ).toMatchObject({ localValue: 'local A1', changedHere: true, currentValue: 'local A2' });
      // Still pending, and counted.
      expect((await core.call('sync.status', {})).pending).toBe(1);

      await core.call('conflicts.resolve', { conflictId: conflict.id, choice: 'local' });
      await syncUntilDone(core);
      expect((await core.call('conflicts.list', {})).filter((c) => c.entityId === id)).toEqual([]);
      expect(local(id).actualAddress).toBe('local A2');
      expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('local A2');
      await expectConverged(core, portal);
    });

    it('`server` writes the portal value here and the held edit is never sent; another field goes at once', async () => {
      const { rows } = await core.call('children.list', { limit: 500 });
      const id = rows[3]!.id;
      const conflict = await openConflict(id, 'portal B', 'local B1');
      const before = await mutationsOf(id);

      // One edit of both the field in conflict and another field of the same child.
      await core.call('children.update', {
        childId: id,
        changes: { actualAddress: 'local B2', patronymic: 'Екіншіұлы' },
      });
      await syncUntilDone(core);
      const remote = (await portalEntity(portal, 'child', id)).data;
      expect(remote.patronymic).toBe('Екіншіұлы');
      expect(remote.actualAddress).toBe('portal B');
      expect(await mutationsOf(id)).toBe(before + 1);
      expect((await core.call('sync.status', {})).pending).toBe(1);

      await core.call('conflicts.resolve', { conflictId: conflict.id, choice: 'server' });
      expect(local(id).actualAddress).toBe('portal B');
      expect((await core.call('sync.status', {})).pending).toBe(0);
      await syncUntilDone(core);
      expect(await mutationsOf(id)).toBe(before + 1);
      expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('portal B');
      expect(local(id).actualAddress).toBe('portal B');
      expect(local(id).patronymic).toBe('Екіншіұлы');
      await expectConverged(core, portal);
    });

    it('the portal changes the field again: the inbox shows its value now and `server` takes that one', async () => {
      const { rows } = await core.call('children.list', { limit: 500 });
      const id = rows[4]!.id;
      const conflict = await openConflict(id, 'portal P1', 'local L1');
      await portal.edit('child', id, { actualAddress: 'portal P2' }, { bin: BIN });
      await syncUntilDone(core);
      expect(
        (await core.call('conflicts.list', {})).find((c) => c.id === conflict.id),
      ).toMatchObject({ localValue: 'local L1', serverValue: 'portal P2' });
      expect(local(id).actualAddress).toBe('local L1');

      await core.call('conflicts.resolve', { conflictId: conflict.id, choice: 'server' });
      expect(local(id).actualAddress).toBe('portal P2');
      await syncUntilDone(core);
      expect(local(id).actualAddress).toBe('portal P2');
      expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('portal P2');
      await expectConverged(core, portal);
    });

    it('`local` overwrites only the portal value the inbox showed; one it never showed comes back as a conflict', async () => {
      const { rows } = await core.call('children.list', { limit: 500 });
      const id = rows[5]!.id;
      const conflict = await openConflict(id, 'portal Q1', 'local M1');
      await portal.edit('child', id, { actualAddress: 'portal Q2' }, { bin: BIN });
      await syncUntilDone(core);
      expect(
        (await core.call('conflicts.list', {})).find((c) => c.id === conflict.id),
      ).toMatchObject({ serverValue: 'portal Q2' });
      // Kept ours over Q2, the value shown: it reaches the portal without a second conflict.
      await core.call('conflicts.resolve', { conflictId: conflict.id, choice: 'local' });
      await syncUntilDone(core);
      expect((await core.call('conflicts.list', {})).filter((c) => c.entityId === id)).toEqual([]);
      expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('local M1');
      await expectConverged(core, portal);

      // Again, but the portal changes the field after the inbox showed its value, and the
      // change is not pulled before the answer: the answer does not overwrite Q4 unseen.
      const second = await openConflict(id, 'portal Q3', 'local M2');
      await portal.edit('child', id, { actualAddress: 'portal Q4' }, { bin: BIN });
      await core.call('conflicts.resolve', { conflictId: second.id, choice: 'local' });
      await syncUntilDone(core);
      expect((await portalEntity(portal, 'child', id)).data.actualAddress).toBe('portal Q4');
      expect((await core.call('conflicts.list', {})).filter((c) => c.entityId === id)).toEqual([
        expect.objectContaining({ localValue: 'local M2', serverValue: 'portal Q4' }),
      ]);
      expect(local(id).actualAddress).toBe('local M2');
    });
  });

  it('a blob upload interrupted five times completes from the last offset, not from zero', async () => {
    const size = 4 * 1024 * 1024 + 12_345;
    const bytes = randomBytes(size);
    const { rows } = await core.call('children.list', { limit: 1 });
    const childId = rows[0]!.id;
    const store = core.services.store();
    const now = new Date().toISOString();
    const documentId = store.sqlite.transaction(() => {
      const attachment = saveAttachment(
        store,
        core.services.dataDir,
        bytes,
        'application/pdf',
        now,
      );
      const id = crypto.randomUUID();
      store.db
        .insert(documents)
        .values({
          id,
          childId,
          type: 'other',
          title: 'scan',
          attachmentId: attachment.id,
          createdAt: now,
        })
        .run();
      recordCurrent(store, 'document', id, now);
      return id;
    })();
    await portal.addFault({
      kind: 'drop',
      path: '/api/v1/uploads/',
      method: 'PATCH',
      afterBytes: 700_000,
      count: 5,
    });
    const { report } = await syncUntilDone(core);
    const { fired } = await portal.faults();
    expect(fired.drop).toBeGreaterThanOrEqual(5);
    expect(report.uploadedBlobs).toBe(1);
    // Every byte sent counts, dropped ones included: well under twice the size.
    expect(report.uploadedBytes).toBeLessThan(2 * size);
    const doc = await portalEntity(portal, 'document', documentId);
    expect(doc.data).toMatchObject({ size, mime: 'application/pdf' });
    const head = await fetch(`${portal.url}/api/v1/blobs/${doc.data.blobSha256 as string}`, {
      method: 'HEAD',
      headers: {
        authorization: `Bearer ${syncRuntime(core.services).client.connection()!.accessToken}`,
      },
    });
    expect(head.status).toBe(200);
    expect(Number(head.headers.get('content-length'))).toBe(size);
    await expectConverged(core, portal);
  });

  it('an expired access token is refreshed once and the sync goes on', async () => {
    await portal.expireAccessTokens();
    const ids = await localWork('after expiry');
    const states: { phase: string; progress: { done: number; total: number } | null }[] = [];
    const { client } = syncRuntime(core.services);
    const listener = (state: (typeof states)[number]) => states.push(state);
    client.on('state', listener);
    await syncUntilDone(core, 1);
    client.off('state', listener);
    // Progress events: pulling, pushing n/N up to N, then idle.
    const phases = states.map((s) => s.phase);
    expect(phases[0]).toBe('pulling');
    expect(phases.at(-1)).toBe('idle');
    const pushing = states.filter((s) => s.phase === 'pushing');
    expect(pushing.at(-1)!.progress).toEqual({ done: ids.length + 1, total: ids.length + 1 });
    await expectConverged(core, portal);
    await expectAddressesAtPortal(ids);
  });

  it('contracts, health summaries and imported documents reach the portal with their blob; a removal follows', async () => {
    const { childId, representativeId } = await enrolledChild(core, {
      iinSerial: String(serial++),
      groupId,
    });
    const { id: contractId, number } = await core.call('contracts.create', {
      childId,
      representativeId,
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    });
    const documentId = await importPhoto(core, childId, { r: 200, g: 40, b: 90 });
    const stored = Buffer.from(
      (await core.call('documents.read', { documentId })).contentBase64,
      'base64',
    );
    await core.call('health.updatePassport', { childId, bloodGroup: 'A', healthGroup: 'II' });
    const { report } = await syncUntilDone(core);
    expect(report.uploadedBlobs).toBe(1);
    expect((await portalEntity(portal, 'health', childId)).data).toMatchObject({
      childId,
      bloodGroup: 'A',
      healthGroup: 'II',
    });
    expect((await portalEntity(portal, 'contract', contractId)).data).toMatchObject({
      childId,
      representativeId,
      number,
      status: 'draft',
    });
    expect((await portalEntity(portal, 'document', documentId)).data).toMatchObject({
      childId,
      type: 'child_photo',
      blobSha256: createHash('sha256').update(stored).digest('hex'),
      size: stored.length,
    });
    await core.call('contracts.terminate', { contractId, on: '2026-10-01' });
    await core.call('documents.remove', { documentId, reason: 'wrongFile' });
    await syncUntilDone(core);
    expect((await portalEntity(portal, 'contract', contractId)).data.status).toBe('terminated');
    expect((await portalEntity(portal, 'document', documentId)).deleted).toBe(true);
    await expectConverged(core, portal);
  });

  it("a rejected change stays marked with the portal's reason and blocks nothing else", async () => {
    const { rows } = await core.call('children.list', { limit: 2 });
    const store = core.services.store();
    // A change the portal refuses (a field the protocol does not know), then a valid one.
    store.sqlite.transaction(() =>
      recordChange(
        store,
        { entity: 'child', id: rows[0]!.id, fields: { shoeSize: 31 } },
        new Date().toISOString(),
      ),
    )();
    await core.call('children.update', {
      childId: rows[1]!.id,
      changes: { actualAddress: 'after the rejected one' },
    });
    const { report } = await syncUntilDone(core);
    expect(report.rejected).toBe(1);
    const rejected = await core.call('sync.rejected', {});
    expect(rejected).toEqual([
      expect.objectContaining({ entity: 'child', entityId: rows[0]!.id, fields: ['shoeSize'] }),
    ]);
    expect(rejected[0]).toMatchObject({ reason: 'validation', resendable: true });
    expect(rejected[0]!.problem).toMatch(/shoeSize/);
    expect((await core.call('sync.status', {})).rejected).toBe(1);
    expect((await portalEntity(portal, 'child', rows[1]!.id)).data.actualAddress).toBe(
      'after the rejected one',
    );
    // Resending is not automatic: a second sync leaves it as it is and sends nothing.
    expect((await syncUntilDone(core)).report).toMatchObject({ pushed: 0, rejected: 0 });
    // A field this app never sends cannot be sent again; it can only be dismissed.
    await expect(
      core.call('sync.resendRejected', { mutationId: rejected[0]!.mutationId }),
    ).rejects.toMatchObject({ code: 'rejectedNotResendable' });
    await core.call('sync.dismissRejected', { mutationId: rejected[0]!.mutationId });
    expect(await core.call('sync.rejected', {})).toEqual([]);
  });

  it('a change refused by a portal rule: corrected here and sent again as a new mutation, or dismissed', async () => {
    const { rows } = await core.call('children.list', { limit: 3 });
    const [corrected, resent, dismissed] = rows.map((row) => row.id) as [string, string, string];
    const { client } = syncRuntime(core.services);
    const store = core.services.store();
    const localAddress = (id: string) =>
      store.db.select().from(children).where(eq(children.id, id)).get()!.actualAddress;
    const outboxRow = (mutationId: string) =>
      store.db.select().from(syncOutbox).where(eq(syncOutbox.mutationId, mutationId)).get()!;
    const before = await Promise.all(
      [corrected, resent, dismissed].map((id) => portalEntity(portal, 'child', id)),
    );
    // The portal refuses the next push by a rule this app does not know.
    await portal.addFault({ kind: 'reject', path: '/api/v1/mutations', count: 1 });
    for (const [id, address] of [
      [corrected, 'Астана қ., Абай 1 (қате)'],
      [resent, 'Астана қ., Абай 2'],
      [dismissed, 'Астана қ., Абай 3'],
    ] as const)
      await core.call('children.update', { childId: id, changes: { actualAddress: address } });
    const { report } = await syncUntilDone(core);
    expect(report.rejected).toBe(3);
    expect((await portal.faults()).fired.reject).toBe(1);
    const listed = await core.call('sync.rejected', {});
    expect(listed).toHaveLength(3);
    const byChild = new Map(listed.map((row) => [row.entityId, row]));
    for (const id of [corrected, resent, dismissed]) {
      expect(byChild.get(id)).toMatchObject({
        entity: 'child',
        op: 'upsert',
        fields: ['actualAddress'],
        reason: 'validation',
        resendable: true,
      });
      expect(byChild.get(id)!.problem).toMatch(/^Refused by a portal rule: fields: actualAddress$/);
    }
    // Nothing reached the portal.
    for (const [i, id] of [corrected, resent, dismissed].entries())
      expect((await portalEntity(portal, 'child', id)).version).toBe(before[i]!.version);

    // Corrected here, then sent again: a NEW mutation with the current value, on the synced version.
    const rejectedId = byChild.get(corrected)!.mutationId;
    await core.call('children.update', {
      childId: corrected,
      changes: { actualAddress: 'Астана қ., Абай 1' },
    });
    const { mutationId: newId } = await core.call('sync.resendRejected', {
      mutationId: rejectedId,
    });
    expect(newId).not.toBe(rejectedId);
    expect(outboxRow(rejectedId).status).toBe('dismissed');
    expect(outboxRow(newId)).toMatchObject({
      status: 'pending',
      entity: 'child',
      entityId: corrected,
      baseVersion: before[0]!.version,
      fields: JSON.stringify({ actualAddress: 'Астана қ., Абай 1' }),
    });
    // Sent again as it is (the rule no longer applies), and the third one dismissed.
    const resentId = byChild.get(resent)!.mutationId;
    const { mutationId: resentNewId } = await core.call('sync.resendRejected', {
      mutationId: resentId,
    });
    const dismissedId = byChild.get(dismissed)!.mutationId;
    await core.call('sync.dismissRejected', { mutationId: dismissedId });
    expect(outboxRow(dismissedId).status).toBe('dismissed');
    expect(await core.call('sync.rejected', {})).toEqual([]);
    // Neither can be acted on twice.
    for (const mutationId of [rejectedId, dismissedId])
      for (const method of ['sync.resendRejected', 'sync.dismissRejected'] as const)
        await expect(core.call(method, { mutationId })).rejects.toMatchObject({
          code: 'rejectedChangeNotFound',
        });

    await syncUntilDone(core);
    expect((await portalEntity(portal, 'child', corrected)).data.actualAddress).toBe(
      'Астана қ., Абай 1',
    );
    expect((await portalEntity(portal, 'child', resent)).data.actualAddress).toBe(
      'Астана қ., Абай 2',
    );
    // Dismissed: the portal keeps its value, the local data stays as it is.
    expect((await portalEntity(portal, 'child', dismissed)).data.actualAddress).toBe(
      before[2]!.data.actualAddress,
    );
    expect(localAddress(dismissed)).toBe('Астана қ., Абай 3');
    const { log } = await expectConverged(core, portal);
    // The rejected mutations were never recorded; each new one was applied exactly once.
    for (const mutationId of [rejectedId, resentId, dismissedId])
      expect(log.find((m) => m.mutationId === mutationId)).toBeUndefined();
    for (const mutationId of [newId, resentNewId])
      expect(log.filter((m) => m.mutationId === mutationId)).toEqual([
        expect.objectContaining({ applied: 1, status: 'applied' }),
      ]);
    expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);

    // Both actions are audited by the mutation's id, with no personal data in the row.
    const audit = await core.call('audit.list', { limit: 50 });
    for (const [action, mutationId] of [
      ['sync.resendRejected', rejectedId],
      ['sync.resendRejected', resentId],
      ['sync.dismissRejected', dismissedId],
    ] as const)
      expect(audit).toContainEqual(
        expect.objectContaining({ action, entity: 'sync', entityId: mutationId, outcome: 'ok' }),
      );
    expect(JSON.stringify(audit)).not.toMatch(/Абай/);
  });

  it('a rejected change of a record deleted here since cannot be sent again, only dismissed', async () => {
    const { rows } = await core.call('children.list', { limit: 1 });
    const childId = rows[0]!.id;
    const documentId = await importPhoto(core, childId, { r: 10, g: 120, b: 60 });
    await portal.addFault({ kind: 'reject', path: '/api/v1/mutations', count: 1 });
    expect((await syncUntilDone(core)).report.rejected).toBe(1);
    const [row] = await core.call('sync.rejected', {});
    expect(row).toMatchObject({ entity: 'document', entityId: documentId, reason: 'validation' });
    await core.call('documents.remove', { documentId, reason: 'wrongFile' });
    await expect(
      core.call('sync.resendRejected', { mutationId: row!.mutationId }),
    ).rejects.toMatchObject({ code: 'rejectedEntityMissing' });
    // Refused: nothing changed, the row is still listed.
    expect(await core.call('sync.rejected', {})).toHaveLength(1);
    await core.call('sync.dismissRejected', { mutationId: row!.mutationId });
    await syncUntilDone(core);
    expect(await portal.entity('document', documentId, BIN)).toBeNull();
    await expectConverged(core, portal);
  });

  it('a document whose file is gone here is rejected by the client itself: attachmentMissing, no portal text', async () => {
    const { rows } = await core.call('children.list', { limit: 1 });
    const store = core.services.store();
    const sha256 = createHash('sha256').update(randomBytes(32)).digest('hex');
    const fields = { childId: rows[0]!.id, type: 'child_photo', blobSha256: sha256 };
    store.sqlite.transaction(() =>
      recordChange(
        store,
        {
          entity: 'document',
          id: 'document-without-file',
          fields: { ...fields, mime: 'image/jpeg', size: 10 },
          blobSha256: sha256,
        },
        new Date().toISOString(),
      ),
    )();
    await syncUntilDone(core);
    const [row] = await core.call('sync.rejected', {});
    expect(row).toMatchObject({
      entity: 'document',
      entityId: 'document-without-file',
      reason: 'attachmentMissing',
      problem: '',
      resendable: true,
    });
    await expect(
      core.call('sync.resendRejected', { mutationId: row!.mutationId }),
    ).rejects.toMatchObject({ code: 'rejectedEntityMissing' });
    await core.call('sync.dismissRejected', { mutationId: row!.mutationId });
    expect(await core.call('sync.rejected', {})).toEqual([]);
    expect(await portal.entity('document', 'document-without-file', BIN)).toBeNull();
  });

  it('sync status is for every signed-in role; enrolment, acceptance and resolution for the director', async () => {
    await addStaff(core, {
      login: 'teachersync',
      displayName: 'Мұғалім',
      role: 'teacher',
      password: 'teacher-pass-1',
    });
    await core.call('auth.signOut', {});
    await core.call('auth.signIn', { login: 'teachersync', password: 'teacher-pass-1' });
    try {
      expect((await core.call('sync.status', {})).enrolled).toBe(true);
      expect(await core.call('notices.list', {})).not.toHaveLength(0);
      for (const [method, input] of [
        ['sync.run', {}],
        ['sync.enroll', { portalUrl: portal.url, enrollmentCode: 'X' }],
        ['referrals.accept', { referralId: 'r', groupId, on: '2026-09-01' }],
        ['conflicts.list', {}],
        ['conflicts.resolve', { conflictId: groupId, choice: 'local' }],
        ['sync.rejected', {}],
        ['sync.dismissRejected', { mutationId: '01890000-0000-7000-8000-000000000000' }],
        ['sync.resendRejected', { mutationId: '01890000-0000-7000-8000-000000000000' }],
      ] as const)
        expect(await core.dispatch(method, input)).toMatchObject({
          ok: false,
          error: { code: 'permissionDenied' },
        });
    } finally {
      await core.call('auth.signOut', {});
      await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    }
  });

  it('after sign-in the core syncs in the background after local changes (debounced)', async () => {
    delete process.env.BALABAQSHA_SYNC_SCHEDULER;
    try {
      await core.call('auth.signOut', {});
      await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
      const ids = await localWork('background');
      expect((await core.call('sync.status', {})).pending).toBeGreaterThan(0);
      const deadline = Date.now() + 20_000;
      while ((await core.call('sync.status', {})).pending > 0 && Date.now() < deadline)
        await new Promise((resolve) => setTimeout(resolve, 250));
      expect((await core.call('sync.status', {})).pending).toBe(0);
      await expectAddressesAtPortal(ids);
    } finally {
      syncRuntime(core.services).scheduler.stop();
      process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';
    }
  });

  it('the digest sees content: a value stored differently here is found, pulled again and reported', async () => {
    await syncUntilDone(core);
    await expectConverged(core, portal);
    const { client } = syncRuntime(core.services);
    const store = core.services.store();
    const { rows } = await core.call('children.list', { limit: 500 });
    const childId = rows[6]!.id;
    const referral = store.sqlite.prepare('SELECT id, number FROM referrals LIMIT 1').get() as {
      id: string;
      number: string;
    };
    // Written behind sync's back (as malformed UTF-8 or an unchecked answer would have been):
    // the versions are the same on both sides.
    store.sqlite
      .prepare("UPDATE children SET patronymic = 'Әли\uFFFDұлы' WHERE id = ?")
      .run(childId);
    store.sqlite.prepare("UPDATE referrals SET number = 'XX-0' WHERE id = ?").run(referral.id);
    // (Children are compared record by record here: a change dismissed above keeps one of them
    // different on purpose, which leaves content out of the entity's digest.)
    const differs = digestDifference(client.localDigest(), await client.remoteDigest());
    expect(differs).toEqual(['referral']);

    const repaired = await client.repairContent(['child', 'referral']);
    expect(repaired).toEqual([
      { entity: 'child', id: childId },
      { entity: 'referral', id: referral.id },
    ]);
    const local = store.db.select().from(children).where(eq(children.id, childId)).get()!;
    expect(local.patronymic).toBe((await portalEntity(portal, 'child', childId)).data.patronymic);
    expect(
      store.sqlite.prepare('SELECT number FROM referrals WHERE id = ?').pluck().get(referral.id),
    ).toBe(referral.number);
    await expectConverged(core, portal);
    expect(await client.repairContent(['child', 'referral'])).toEqual([]);
  });

  it('CLI: a second device enrols and its sync --verify prints both digests and converged', async () => {
    const second = await newStore(root, 'second');
    second.core.close();
    const code = await portal.createEnrollmentCode(0);
    const env = { BALABAQSHA_PASSWORD: DIRECTOR.password };
    // Files kept before enrolment (the seeder writes them without an outbox).
    const seeded = await runCli(
      ['seed', '--data', second.dataDir, '--children', '4', '--documents', '1'],
      { ...env, BALABAQSHA_DEVICE_KEY: second.deviceKeyPath },
    );
    expect(seeded.code, seeded.stderr).toBe(0);
    const enrolled = await runCli(
      ['enroll-device', '--data', second.dataDir, '--portal', portal.url, '--code', code],
      { ...env, BALABAQSHA_DEVICE_KEY: second.deviceKeyPath },
    );
    expect(enrolled.stderr).toBe('');
    expect(enrolled.stdout).toMatch(/^enrolled: device \S+/);
    const synced = await runCli(['sync', '--data', second.dataDir, '--verify'], {
      ...env,
      BALABAQSHA_DEVICE_KEY: second.deviceKeyPath,
    });
    expect(synced.code, synced.stdout).toBe(0);
    expect(synced.stdout).toMatch(/pulled: [1-9]\d*/);
    // 4 children, their representatives, health summaries and scans went up, blobs first.
    expect(Number(synced.stdout.match(/pushed: (\d+)/)![1])).toBeGreaterThanOrEqual(8);
    expect(synced.stdout).toMatch(/rejected: 0/);
    expect(synced.stdout).toMatch(/uploaded: [1-9]\d* blobs/);
    expect(synced.stdout).toMatch(/digest child: local (\d+) ([0-9a-f]{64}) portal \1 \2/);
    expect(synced.stdout.trim().split('\n').at(-1)).toBe('converged');
    // The first device, through the CLI as well, after the tests above; a child's name
    // stored differently here is repaired and reported by id.
    const { rows } = await core.call('children.list', { limit: 500 });
    core.services
      .store()
      .sqlite.prepare("UPDATE children SET last_name = 'Қате' WHERE id = ?")
      .run(rows[7]!.id);
    core.close();
    const first = await runCli(['sync', '--data', join(root, 'data'), '--verify'], {
      ...env,
      BALABAQSHA_DEVICE_KEY: deviceKeyPath,
    });
    expect(first.code, first.stdout).toBe(0);
    expect(first.stdout).toContain(`repaired: child ${rows[7]!.id}`);
    expect(first.stdout.trim().split('\n').at(-1)).toBe('converged');
  });
});
