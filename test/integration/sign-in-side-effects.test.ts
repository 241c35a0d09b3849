/**
 * What a sign-in and a password change set going besides the session: the audit of a wrong
 * password, background sync, and what a teacher may list (issue 10 review, items 1, 4, 6).
 */
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { and, eq } from 'drizzle-orm';
import { auditLog, syncConnection } from '../../db/schema';
import { syncRuntime } from '../../electron/core/sync/app';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { addStaff } from '../helpers/staff';

delete process.env.BALABAQSHA_SYNC_SCHEDULER;

describe('sign-in side effects', () => {
  const root = tempFolder();
  let fixture: Fixture;
  const director = { login: DIRECTOR.login, password: DIRECTOR.password };
  const teacher = { login: 'teacher-dana', password: 'teacher-pass-1' };
  const newcomer = { login: 'teacher-new', password: 'given-by-director-1' };
  const call: Fixture['core']['call'] = (method, input) => fixture.core.call(method, input);
  const scheduler = () => syncRuntime(fixture.core.services).scheduler;
  const auditRows = (action: string, outcome: 'ok' | 'denied') =>
    fixture.core.services
      .store()
      .db.select()
      .from(auditLog)
      .where(and(eq(auditLog.action, action), eq(auditLog.outcome, outcome)))
      .all();

  beforeAll(async () => {
    fixture = await newStore(root);
    await addStaff(fixture.core, { ...teacher, displayName: 'Дана', role: 'teacher' });
    // Added as the director does it: the account must choose its own password first.
    await call('staff.add', { ...newcomer, displayName: 'Жаңа', role: 'teacher' });
  });
  afterAll(() => scheduler().stop());

  it('the referrals inbox is the director’s: a teacher is refused it', async () => {
    expect(await call('referrals.list', {})).toEqual([]);
    await call('auth.signOut', {});
    await call('auth.signIn', teacher);
    await expect(call('referrals.list', {})).rejects.toMatchObject({ code: 'permissionDenied' });
    await call('auth.signOut', {});
    await call('auth.signIn', director);
  });

  it('a wrong current password at change-password is audited as that change, not as a failed sign-in', async () => {
    const { accountId } = fixture.core.services.session!;
    await expect(
      call('auth.changePassword', { currentPassword: 'not-my-pass-1', newPassword: 'new-pass-12' }),
    ).rejects.toMatchObject({ code: 'wrongPassword' });
    expect(auditRows('auth.changePassword', 'denied')).toEqual([
      expect.objectContaining({ actorId: accountId, entityId: accountId }),
    ]);
    expect(fixture.core.services.throttle.unaudited()).toEqual([]);
    // The delay still counts it; after it, the next sign-in finds no failed sign-in to log.
    await new Promise((resolve) => setTimeout(resolve, 1_100));
    await call('auth.signOut', {});
    await call('auth.signIn', director);
    expect(auditRows('auth.signIn', 'denied')).toEqual([]);
  });

  it('background sync starts only once a password the director gave is changed', async () => {
    fixture.core.services
      .store()
      .db.insert(syncConnection)
      .values({
        id: 1,
        portalUrl: 'http://127.0.0.1:9',
        organizationBin: '150440001236',
        deviceId: 'device-1',
        accessToken: 'a',
        refreshToken: 'r',
        accessExpiresAt: '2099-01-01T00:00:00Z',
        enrolledAt: '2026-09-01T00:00:00Z',
      })
      .run();
    await call('auth.signOut', {});
    await call('auth.signIn', director);
    // An enrolled device: a sign-in with the account's own password starts it.
    expect(scheduler().isStarted).toBe(true);
    await call('auth.signOut', {});
    scheduler().stop();

    const session = await call('auth.signIn', newcomer);
    expect(session.mustChangePassword).toBe(true);
    expect(scheduler().isStarted).toBe(false);
    await call('auth.changePassword', {
      currentPassword: newcomer.password,
      newPassword: 'my-own-pass-1',
    });
    expect(scheduler().isStarted).toBe(true);
    scheduler().stop();
  });
});
