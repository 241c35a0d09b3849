/**
 * Issue 13 item 8: each rejected change on the Portal page names its child (and record) and
 * lists only the fields it changed, against the portal emulator's `reject` fault.
 */
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { Core } from '../../electron/core/core';
import { AppError } from '../../electron/core/errors/app-error';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';
import { enrolledChild } from '../helpers/enrolled-child';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

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

describe('rejected changes tell the whole story', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let core: Core;

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 0, dbPath: join(root, 'portal.db') });
    ({ core } = await newStore(root));
    await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'test',
    });
    await syncUntilDone(core);
  });

  afterAll(async () => {
    core?.close();
    await portal?.stop();
  });

  it('names the child and the record, and lists only the changed fields', async () => {
    const { childId } = await enrolledChild(core, { iinSerial: '0301' });
    const { id: contractId, number } = await core.call('contracts.create', {
      childId: childId,
      representativeId: (await core.call('children.get', { childId })).representatives[0]!.id,
      date: '2026-09-01',
      termFrom: '2026-09-01',
      termUntil: '2027-05-31',
    });
    expect((await syncUntilDone(core)).rejected).toBe(0);

    // The portal refuses the next push: a child's address and a contract's termination.
    await portal.addFault({ kind: 'reject', path: '/api/v1/mutations', count: 1 });
    await core.call('children.update', {
      childId,
      changes: { actualAddress: 'Астана қ., Абай 5' },
    });
    await core.call('contracts.terminate', { contractId, on: '2026-10-01' });
    expect((await syncUntilDone(core)).rejected).toBe(2);

    const listed = await core.call('sync.rejected', {});
    const byEntity = new Map(listed.map((row) => [row.entity, row]));
    expect(byEntity.get('child')).toMatchObject({
      childId,
      childName: 'Ұлықбекова Іңкәр Ғалымқызы',
      record: null,
      fields: ['actualAddress'],
    });
    // The contract's mutation carries its whole state (child, representative, number …);
    // only its status changed.
    expect(byEntity.get('contract')).toMatchObject({
      childId,
      childName: 'Ұлықбекова Іңкәр Ғалымқызы',
      record: `№ ${number}`,
      fields: ['status'],
    });
  });
});
