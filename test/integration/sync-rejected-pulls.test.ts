/**
 * Changes pulled from the portal pass the domain's rules as a local write does (issue 12):
 * a child with an invalid IIN, or a status the child cannot reach from its status here, is
 * not applied, is listed as a rejected pull with its reason, and the rest of the sync goes on
 * and converges. A change that is applied shows in the child's history as from the portal.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { syncRuntime } from '../../electron/core/sync/app';
import { digestDifference } from '../../electron/core/sync/digest';
import { CONTENT_ENTITIES } from '../../electron/core/sync/content';
import { verifyAuditChain } from '../../electron/core/audit/audit-log';
import { AppError } from '../../electron/core/errors/app-error';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

const BIN = '150440001236';

async function syncUntilDone(core: Core, maxRuns = 12) {
  for (let run = 0; run < maxRuns; run++) {
    try {
      return await core.call('sync.run', {});
    } catch (error) {
      if (!(error instanceof AppError) || error.code !== 'syncFailed') throw error;
    }
  }
  throw new Error(`no successful sync in ${maxRuns} runs`);
}

/** What `sync --verify` checks: digests (content included) equal, nothing pending or to repair. */
async function expectConverged(core: Core) {
  const { client } = syncRuntime(core.services);
  expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);
  expect((await core.call('sync.status', {})).pending).toBe(0);
  expect(await client.repairContent(CONTENT_ENTITIES)).toEqual([]);
  expect(digestDifference(client.localDigest(), await client.remoteDigest())).toEqual([]);
}

interface PortalChild {
  id: string;
  data: { iin: string; lastName: string; firstName: string; status: string };
}

describe('changes from the portal that break the rules', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let core: Core;
  let kids: PortalChild[];

  const childRow = (id: string) =>
    core.services
      .store()
      .sqlite.prepare('SELECT status, actual_address AS address, iin FROM children WHERE id = ?')
      .get(id) as { status: string; address: string | null; iin: string } | undefined;

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 4, dbPath: join(root, 'portal.db') });
    ({ core } = await newStore(root));
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'test',
    });
    // The portal's referred children, before anything is pulled.
    const { client } = syncRuntime(core.services);
    kids = [];
    for (const { id } of await client.remoteRecords('child'))
      kids.push((await portal.entity('child', id, BIN)) as unknown as PortalChild);
    expect(kids).toHaveLength(4);
  });

  afterAll(async () => {
    core?.close();
    await portal?.stop();
  });

  it('a new child with an invalid IIN and a status back to referred are not applied; the rest is, and the sync converges', async () => {
    const [invalid, stepBack, edited, later] = kids as [
      PortalChild,
      PortalChild,
      PortalChild,
      PortalChild,
    ];
    // A wrong check digit (the last digit changed) on a child new here.
    const badIin = invalid.data.iin.slice(0, 11) + String((Number(invalid.data.iin[11]) + 1) % 10);
    await portal.edit('child', invalid.id, { iin: badIin }, { bin: BIN });
    await syncUntilDone(core);
    expect(childRow(invalid.id)).toBeUndefined();
    expect(childRow(stepBack.id)!.status).toBe('referred');
    const referrals = await core.call('referrals.list', {});
    const group = await core.call('groups.create', {
      name: 'Ересек «Күншуақ»',
      ageGroup: 'senior',
      language: 'kk',
    });
    // One child is enrolled here (and the portal learns it); the portal later says "referred".
    const accepted = referrals.find((r) => r.childId === stepBack.id)!;
    await core.call('referrals.accept', {
      referralId: accepted.id,
      groupId: group.id,
      on: '2026-09-01',
    });
    await syncUntilDone(core);
    expect(childRow(stepBack.id)!.status).toBe('enrolled');

    await portal.edit(
      'child',
      stepBack.id,
      { status: 'referred', actualAddress: 'portal' },
      { bin: BIN },
    );
    await portal.edit('child', edited.id, { actualAddress: 'Астана, Сарайшық 5' }, { bin: BIN });
    await portal.edit('child', later.id, { lastName: 'Порталова' }, { bin: BIN });

    const report = await syncUntilDone(core);
    expect(report.rejected).toBe(0);
    // Neither breaking change is applied, nothing of it.
    expect(childRow(invalid.id)).toBeUndefined();
    expect(childRow(stepBack.id)).toMatchObject({ status: 'enrolled', address: null });
    // The rest of the same pull is.
    expect(childRow(edited.id)!.address).toBe('Астана, Сарайшық 5');
    expect(
      core.services
        .store()
        .sqlite.prepare('SELECT last_name FROM children WHERE id = ?')
        .pluck()
        .get(later.id),
    ).toBe('Порталова');

    const rejected = await core.call('sync.rejectedPulls', {});
    expect(
      rejected.map(({ entity, entityId, reason, fields }) => ({
        entity,
        entityId,
        reason,
        fields,
      })),
    ).toEqual(
      expect.arrayContaining([
        { entity: 'child', entityId: invalid.id, reason: 'iinInvalid', fields: ['iin'] },
        {
          entity: 'child',
          entityId: stepBack.id,
          reason: 'statusChangeNotAllowed',
          fields: ['status'],
        },
      ]),
    );
    // The invalid child's representatives wait with it (sync-rejected-people.test.ts).
    const children = rejected.filter((row) => row.entity === 'child');
    expect(children).toHaveLength(2);
    for (const row of rejected.filter((row) => row.entity !== 'child'))
      expect(row).toMatchObject({ entity: 'representative', reason: 'childRefused' });
    // Named for the director: the child kept here by its file, the one not kept by the portal's name.
    const byId = new Map(rejected.map((row) => [row.entityId, row]));
    expect(byId.get(stepBack.id)).toMatchObject({ childId: stepBack.id });
    expect(byId.get(stepBack.id)!.childName).toContain(stepBack.data.firstName);
    expect(byId.get(invalid.id)).toMatchObject({ childId: null });
    expect(byId.get(invalid.id)!.record).toContain(invalid.data.lastName);

    await expectConverged(core);
    // Pulled again, nothing changes: the versions were seen and judged.
    await syncUntilDone(core);
    expect(childRow(invalid.id)).toBeUndefined();
    expect(await core.call('sync.rejectedPulls', {})).toHaveLength(rejected.length);
    expect(verifyAuditChain(core.services.store())).toEqual([]);
  });

  it('a later version that keeps the rules is applied and ends the rejection', async () => {
    const [invalid] = kids as [PortalChild];
    await portal.edit('child', invalid.id, { iin: invalid.data.iin }, { bin: BIN });
    await syncUntilDone(core);
    expect(childRow(invalid.id)).toMatchObject({ iin: invalid.data.iin });
    expect((await core.call('sync.rejectedPulls', {})).map((row) => row.entityId)).not.toContain(
      invalid.id,
    );
    await expectConverged(core);
  });

  it("a change from the portal shows in the child's history with the fields it changed", async () => {
    const edited = kids[2]!;
    const history = await core.call('children.history', { childId: edited.id });
    expect(history).toContainEqual(
      expect.objectContaining({
        actorId: null,
        action: 'sync.pull',
        entity: 'child',
        fields: ['actualAddress'],
      }),
    );
    // A rejected change leaves no such row: the child's only one is its arrival (every field).
    const stepBack = kids[1]!;
    const rows = await core.call('children.history', { childId: stepBack.id });
    const pulls = rows.filter((row) => row.action === 'sync.pull' && row.entity === 'child');
    expect(pulls).toHaveLength(1);
    expect(pulls[0]!.fields).toEqual(expect.arrayContaining(['iin', 'lastName', 'status']));
  });
});
