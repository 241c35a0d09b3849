/**
 * A wrong enrolment code is a wrong code (issue 13, item 13): the portal (the emulator in its
 * own process) answers 403 `enrollment-refused`, and the core reports `enrollmentCodeWrong`
 * (kk/ru, shown on the code field) instead of a failed sync; nothing is enrolled and the sync
 * status carries no failure. The right code then enrols as before.
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { syncConnection } from '../../db/schema';
import type { Core } from '../../electron/core/core';
import { describeError } from '../../electron/host/cli/messages';
import kk from '../../renderer/src/i18n/kk.json';
import ru from '../../renderer/src/i18n/ru.json';
import { tempFolder } from '../helpers/temp';
import { newStore } from '../helpers/store-fixture';
import { spawnPortalEmulator, type SpawnedPortal } from '../portal-emulator/spawn';

process.env.BALABAQSHA_SYNC_SCHEDULER = 'off';

describe('enrolment with a wrong code', () => {
  const root = tempFolder();
  let portal: SpawnedPortal;
  let core: Core;

  beforeAll(async () => {
    portal = await spawnPortalEmulator({ referrals: 2 });
    ({ core } = await newStore(root));
  });

  afterAll(async () => {
    core?.close();
    await portal?.stop();
  });

  it('is refused as a wrong code, not a failed sync, and nothing is enrolled', async () => {
    const answer = await core.dispatch('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: `${portal.enrollmentCode}-wrong`,
      deviceName: 'test',
    });
    expect(answer).toEqual({ ok: false, error: { code: 'enrollmentCodeWrong', params: {} } });
    expect(kk.errors.enrollmentCodeWrong).toMatch(/код/);
    expect(ru.errors.enrollmentCodeWrong).toMatch(/код/);
    expect(describeError({ code: 'enrollmentCodeWrong', params: {} })).toMatch(/enrolment code/);

    const status = await core.call('sync.status', {});
    expect(status.enrolled).toBe(false);
    expect(status.reason).toBeNull();
    expect(core.services.store().db.select().from(syncConnection).all()).toEqual([]);
  });

  it('the right code still enrols', async () => {
    const { deviceId } = await core.call('sync.enroll', {
      portalUrl: portal.url,
      enrollmentCode: portal.enrollmentCode,
      deviceName: 'test',
    });
    expect(deviceId).toBeTruthy();
    expect((await core.call('sync.status', {})).enrolled).toBe(true);
  });
});
