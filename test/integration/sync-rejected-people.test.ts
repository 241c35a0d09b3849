/**
 * Representatives pulled from the portal keep the rules a local write keeps: an IIN another
 * person here has is refused (iinTaken) without stalling the sync; a representative of a child
 * refused here waits with it (childRefused) and arrives, linked, when the child does. A refused
 * pull keeps only what the Portal page shows (names, the child), and `sync --verify` says how
 * many refused pulls it left different.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { syncRuntime } from '../../electron/core/sync/app';
import { AppError } from '../../electron/core/errors/app-error';
import { verifyAuditChain } from '../../electron/core/audit/audit-log';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore } from '../helpers/store-fixture';
import { runCli } from '../helpers/cli';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const BIN = '150440001236';

async function syncUntilDone(core: Core, maxRuns = 6) {
  for (let run = 0; run < maxRuns; run++) {
    try {
      return await core.call('sync.run', {});
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'syncFailed') throw error;
    }
  }
  throw new Error(`no successful sync in ${maxRuns} runs`);
}

interface PortalRecord {
  id: string;
  data: Record<string, unknown> & { iin: string };
}

describe('representatives from the portal that break the rules', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let core: Core;
  let deviceKeyPath: string;
  let dataDir: string;
  let kids: PortalRecord[];
  let reps: PortalRecord[];
  let closed = false;

  const sqlite = () => core.services.store().sqlite;
  const repRow = (id: string) =>
    sqlite()
      .prepare('SELECT iin, last_name AS lastName FROM representatives WHERE id = ?')
      .get(id) as { iin: string; lastName: string } | undefined;
  const linked = (childId: string) =>
    sqlite()
      .prepare('SELECT representative_id FROM child_representatives WHERE child_id = ?')
      .pluck()
      .all(childId) as string[];
  const repsOf = (childId: string) => reps.filter((rep) => rep.data.childId === childId);

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 3, dbPath: join(root, 'portal.db') });
    ({ core, deviceKeyPath, dataDir } = await newStore(root));
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'test',
    });
    const { client } = syncRuntime(core.services);
    const load = async (entity: string) => {
      const out: PortalRecord[] = [];
      for (const { id } of await client.remoteRecords(entity as 'child'))
        out.push((await portal.entity(entity, id, BIN)) as unknown as PortalRecord);
      return out;
    };
    kids = await load('child');
    reps = await load('representative');
    expect(kids).toHaveLength(3);
    for (const kid of kids) expect(repsOf(kid.id).length).toBeGreaterThan(0);
  });

  afterAll(async () => {
    if (!closed) core?.close();
    await portal?.stop();
  });

  it('the representatives of a child refused here wait with it, and a refused pull keeps only what the list shows', async () => {
    const refused = kids[0]!;
    const badIin = refused.data.iin.slice(0, 11) + String((Number(refused.data.iin[11]) + 1) % 10);
    await portal.edit('child', refused.id, { iin: badIin }, { bin: BIN });
    await syncUntilDone(core);
    expect(sqlite().prepare('SELECT 1 FROM children WHERE id = ?').get(refused.id)).toBeUndefined();
    // No person of a file not kept here: they are refused with the child.
    for (const rep of repsOf(refused.id)) expect(repRow(rep.id)).toBeUndefined();
    const rejected = await core.call('sync.rejectedPulls', {});
    expect(
      rejected
        .filter((row) => row.entity === 'representative')
        .map(({ entityId, reason, fields }) => ({ entityId, reason, fields }))
        .sort((a, b) => (a.entityId < b.entityId ? -1 : 1)),
    ).toEqual(
      repsOf(refused.id)
        .map((rep) => ({ entityId: rep.id, reason: 'childRefused', fields: ['childId'] }))
        .sort((a, b) => (a.entityId < b.entityId ? -1 : 1)),
    );
    // Named by the portal's name on the list…
    const first = repsOf(refused.id)[0]!;
    expect(rejected.find((row) => row.entityId === first.id)!.record).toContain(
      first.data.lastName as string,
    );
    // …and nothing more is kept of a refused record than the list shows.
    const stored = sqlite()
      .prepare('SELECT data FROM sync_rejected_pulls')
      .pluck()
      .all() as string[];
    for (const data of stored)
      for (const key of Object.keys(JSON.parse(data) as object))
        expect(['lastName', 'firstName', 'patronymic', 'childId']).toContain(key);
    expect(stored.join('\n')).not.toContain(badIin);
  });

  it("a representative's IIN changed to another person's is refused (iinTaken) and the sync goes on", async () => {
    const [, second, third] = kids as [PortalRecord, PortalRecord, PortalRecord];
    const moved = repsOf(second.id)[0]!;
    const owner = repsOf(third.id)[0]!;
    expect(repRow(owner.id)!.iin).toBe(owner.data.iin);
    await portal.edit('representative', moved.id, { iin: owner.data.iin }, { bin: BIN });
    await portal.edit('child', third.id, { actualAddress: 'Астана, Сарайшық 7' }, { bin: BIN });
    await syncUntilDone(core, 3);
    // The rest of the pull applied; the person keeps their IIN here.
    expect(
      sqlite().prepare('SELECT actual_address FROM children WHERE id = ?').pluck().get(third.id),
    ).toBe('Астана, Сарайшық 7');
    expect(repRow(moved.id)!.iin).toBe(moved.data.iin);
    const rejected = await core.call('sync.rejectedPulls', {});
    expect(rejected.find((row) => row.entityId === moved.id)).toMatchObject({
      entity: 'representative',
      reason: 'iinTaken',
      fields: ['iin'],
    });
  });

  it('when the child is accepted, its representatives arrive linked to it', async () => {
    const refused = kids[0]!;
    await portal.edit('child', refused.id, { iin: refused.data.iin }, { bin: BIN });
    await syncUntilDone(core);
    expect(sqlite().prepare('SELECT iin FROM children WHERE id = ?').pluck().get(refused.id)).toBe(
      refused.data.iin,
    );
    for (const rep of repsOf(refused.id))
      expect(repRow(rep.id)).toMatchObject({ iin: rep.data.iin, lastName: rep.data.lastName });
    expect(linked(refused.id).sort()).toEqual(
      repsOf(refused.id)
        .map((rep) => rep.id)
        .sort(),
    );
    const rejected = await core.call('sync.rejectedPulls', {});
    expect(rejected.map((row) => row.entityId)).toEqual([repsOf(kids[1]!.id)[0]!.id]);
    expect(verifyAuditChain(core.services.store())).toEqual([]);
  });
  it('sync --verify says how many refused pulls it left different, and still converges', async () => {
    core.close();
    closed = true;
    const env = { BALABAQSHA_PASSWORD: DIRECTOR.password, BALABAQSHA_DEVICE_KEY: deviceKeyPath };
    const verified = await runCli(['sync', '--data', dataDir, '--verify'], env);
    expect(verified.code, verified.stdout + verified.stderr).toBe(0);
    // The person whose IIN the portal changed to another's.
    const refusedCount = 1;
    expect(verified.stdout).toContain(`refused pulls: ${refusedCount}`);
    expect(verified.stdout.trim().split('\n').at(-1)).toBe(
      `converged (${refusedCount} refused pulls kept different: see the Portal page)`,
    );
    const json = await runCli(['sync', '--data', dataDir, '--verify', '--json'], env);
    expect(json.code, json.stdout + json.stderr).toBe(0);
    expect(JSON.parse(json.stdout)).toMatchObject({
      converged: true,
      rejectedPulls: refusedCount,
    });
  });
});
