import { join } from 'node:path';
import { readFileSync } from 'node:fs';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore, type Core } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { extractPdfText } from '../../electron/core/pdf/read-back';
import { DEVELOPMENT_AREAS } from '../../db/schema';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, ORG } from '../helpers/store-fixture';
import { enrolledChild } from '../helpers/enrolled-child';
import kkWords from '../../renderer/src/i18n/kk.json';
import ruWords from '../../renderer/src/i18n/ru.json';

/**
 * Issue 13 items 9 and 10 on a real encrypted store: the audit log names the record of each
 * row, filters, lists failed sign-ins and exports the filtered log as a PDF; a password the
 * director set must be changed at the first sign-in; a teacher sees only her groups' children.
 */
const AREA = DEVELOPMENT_AREAS[0];
let now = new Date('2026-03-02T08:00:00Z');
const tick = (seconds: number) => (now = new Date(now.getTime() + seconds * 1000));

const TEACHER = { login: 'gulnar', password: 'teacher-pass-1', own: 'gulnar-own-pass-7' };
const NURSE = { login: 'saule', password: 'nurse-pass-1', own: 'saule-own-pass-7' };

let core: Core;
let dataDir: string;
let teacherId: string;
let nurseId: string;
let childA: string; // group A, the teacher's
let childB: string; // group B, not hers
let groupA: string;
let groupB: string;

async function code(promise: Promise<unknown>): Promise<string> {
  try {
    await promise;
    return 'ok';
  } catch (error) {
    return (error as { code?: string }).code ?? String(error);
  }
}

beforeAll(async () => {
  dataDir = join(tempFolder(), 'data');
  core = createCore({
    dataDir,
    deviceSeal: new FileDeviceSeal(join(dataDir, '..', 'device.key')),
    clock: () => now,
  });
  await core.call('setup.initialize', {
    orgName: ORG.name,
    orgBin: ORG.bin,
    adminLogin: DIRECTOR.login,
    adminName: DIRECTOR.name,
    password: DIRECTOR.password,
  });
  ({ id: groupA } = await core.call('groups.create', {
    name: 'Ортаңғы «Балапан»',
    ageGroup: 'middle',
    language: 'kk',
  }));
  ({ id: groupB } = await core.call('groups.create', {
    name: 'Ересек «Күншуақ»',
    ageGroup: 'senior',
    language: 'kk',
  }));
  ({ childId: childA } = await enrolledChild(core, { groupId: groupA, iinSerial: '0101' }));
  ({ childId: childB } = await enrolledChild(core, { groupId: groupB, iinSerial: '0202' }));
  ({ id: teacherId } = await core.call('staff.add', {
    login: TEACHER.login,
    displayName: 'Гүлнар Әлиева',
    role: 'teacher',
    password: TEACHER.password,
  }));
  ({ id: nurseId } = await core.call('staff.add', {
    login: NURSE.login,
    displayName: 'Сәуле Қасымова',
    role: 'nurse',
    password: NURSE.password,
  }));
  await core.call('staff.setGroups', { accountId: teacherId, groupIds: [groupA] });
}, 120_000);

describe('item 10: a password the director set is changed at the first sign-in', () => {
  it('sign-in says so and every other method refuses until it is changed', async () => {
    const session = await core.call('auth.signIn', {
      login: NURSE.login,
      password: NURSE.password,
    });
    expect(session.mustChangePassword).toBe(true);
    expect(await code(core.call('children.list', {}))).toBe('passwordChangeRequired');
    expect(await code(core.call('health.get', { childId: childA }))).toBe('passwordChangeRequired');
    expect(await code(core.call('settings.get', undefined))).toBe('passwordChangeRequired');
    // The same password again is not a change.
    expect(
      await code(
        core.call('auth.changePassword', {
          currentPassword: NURSE.password,
          newPassword: NURSE.password,
        }),
      ),
    ).toBe('passwordUnchanged');
    await core.call('auth.changePassword', {
      currentPassword: NURSE.password,
      newPassword: NURSE.own,
    });
    expect((await core.call('app.status', undefined)).session?.mustChangePassword).toBe(false);
    expect((await core.call('children.list', {})).total).toBe(2);
    await core.call('auth.signOut', undefined);
    // Signed in again with her own password: nothing to change.
    tick(10);
    const again = await core.call('auth.signIn', { login: NURSE.login, password: NURSE.own });
    expect(again.mustChangePassword).toBe(false);
    await core.call('auth.signOut', undefined);
  }, 60_000);

  it('a reset by the director marks it again; the staff list shows who still has to', async () => {
    tick(10);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    await core.call('staff.resetPassword', { accountId: nurseId, newPassword: NURSE.password });
    const listed = await core.call('staff.list', undefined);
    expect(listed.find((a) => a.id === nurseId)?.mustChangePassword).toBe(true);
    expect(listed.find((a) => a.id === teacherId)?.groupIds).toEqual([groupA]);
    expect(listed.find((a) => a.login === DIRECTOR.login)?.mustChangePassword).toBe(false);
    await core.call('auth.signOut', undefined);
    tick(10);
    const session = await core.call('auth.signIn', {
      login: NURSE.login,
      password: NURSE.password,
    });
    expect(session.mustChangePassword).toBe(true);
    await core.call('auth.changePassword', {
      currentPassword: NURSE.password,
      newPassword: NURSE.own,
    });
    await core.call('auth.signOut', undefined);
  }, 60_000);
});

describe('item 10: a teacher sees only the children of her groups', () => {
  it('in the list, the search, the file and every child-scoped method', async () => {
    tick(10);
    await core.call('auth.signIn', { login: TEACHER.login, password: TEACHER.password });
    await core.call('auth.changePassword', {
      currentPassword: TEACHER.password,
      newPassword: TEACHER.own,
    });
    const list = await core.call('children.list', {});
    expect(list.total).toBe(1);
    expect(list.rows.map((row) => row.id)).toEqual([childA]);
    // Both children share the surname: the search finds only hers.
    const found = await core.call('children.list', { query: 'Ұлықбекова' });
    expect(found.rows.map((row) => row.id)).toEqual([childA]);
    expect((await core.call('children.list', { groupId: groupB })).total).toBe(0);
    expect((await core.call('children.get', { childId: childA })).child.id).toBe(childA);
    expect(await code(core.call('children.get', { childId: childB }))).toBe('childNotFound');
    expect(await code(core.call('portfolio.list', { childId: childB }))).toBe('childNotFound');
    expect(await code(core.call('documents.list', { childId: childB }))).toBe('childNotFound');
    expect(
      await code(
        core.call('portfolio.addEntry', {
          childId: childB,
          date: '2026-03-01',
          area: AREA,
          title: 'Сурет',
        }),
      ),
    ).toBe('childNotFound');
    // Assigning groups is the director's.
    expect(
      await code(core.call('staff.setGroups', { accountId: teacherId, groupIds: [groupB] })),
    ).toBe('permissionDenied');
    await core.call('auth.signOut', undefined);
  }, 60_000);

  it('groups are assigned to teachers only, and only existing groups', async () => {
    tick(10);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    expect(
      await code(core.call('staff.setGroups', { accountId: nurseId, groupIds: [groupA] })),
    ).toBe('groupsOnlyForTeachers');
    expect(
      await code(
        core.call('staff.setGroups', {
          accountId: teacherId,
          groupIds: ['00000000-0000-4000-8000-000000000000'],
        }),
      ),
    ).toBe('groupNotFound');
    // The director, as the nurse, sees every child.
    expect((await core.call('children.list', {})).total).toBe(2);
    await core.call('auth.signOut', undefined);
  }, 60_000);

  it('a teacher with no group yet (as after the upgrade) is told so, not shown "no children"', async () => {
    tick(10);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const director = await core.call('children.list', {});
    expect(director.noGroupsAssigned).toBe(false);
    await core.call('staff.add', {
      login: 'aigerim',
      displayName: 'Әйгерім Нұрланқызы',
      role: 'teacher',
      password: 'teacher-pass-2',
    });
    await core.call('auth.signOut', undefined);
    tick(10);
    await core.call('auth.signIn', { login: 'aigerim', password: 'teacher-pass-2' });
    await core.call('auth.changePassword', {
      currentPassword: 'teacher-pass-2',
      newPassword: 'aigerim-own-pass-7',
    });
    const list = await core.call('children.list', {});
    expect(list).toEqual({ total: 0, rows: [], noGroupsAssigned: true });
    await core.call('auth.signOut', undefined);
    // The teacher with a group is not.
    tick(10);
    await core.call('auth.signIn', { login: TEACHER.login, password: TEACHER.own });
    expect((await core.call('children.list', {})).noGroupsAssigned).toBe(false);
    await core.call('auth.signOut', undefined);
    // The list's message is in both languages.
    expect(kkWords.children.noGroupsAssigned).toMatch(/топ/);
    expect(ruWords.children.noGroupsAssigned).toMatch(/групп/);
  }, 60_000);
});

describe('item 9: the audit log answers who saw what, when', () => {
  it('lists failed sign-ins, names the records and filters', async () => {
    // Two wrong passwords for the teacher and one for a login nobody has, while the store is closed.
    tick(60);
    const failedAt = now.toISOString();
    expect(
      await code(core.call('auth.signIn', { login: TEACHER.login, password: 'nope-nope-1' })),
    ).toBe('wrongPassword');
    tick(5);
    expect(
      await code(core.call('auth.signIn', { login: TEACHER.login, password: 'nope-nope-2' })),
    ).toBe('wrongPassword');
    tick(5);
    expect(
      await code(core.call('auth.signIn', { login: 'stranger', password: 'nope-nope-3' })),
    ).toBe('wrongPassword');
    // The throttle file holds no login in plaintext.
    const throttle = readFileSync(join(dataDir, 'login-throttle.json'), 'utf8');
    expect(throttle).not.toContain(TEACHER.login);
    expect(throttle).not.toContain('stranger');

    tick(60);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const failed = await core.call('audit.list', { action: 'auth.signIn', outcome: 'denied' });
    expect(failed).toHaveLength(3);
    expect(failed.every((row) => row.actorId === null)).toBe(true);
    expect(failed.map((row) => row.subject?.name ?? null)).toEqual([
      null, // the unknown login
      'Гүлнар Әлиева',
      'Гүлнар Әлиева',
    ]);
    expect(failed.at(-1)!.at).toBe(failedAt);
    // Moved to the log once: the next sign-in adds none.
    await core.call('auth.signOut', undefined);
    tick(10);
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    expect(
      await core.call('audit.list', { action: 'auth.signIn', outcome: 'denied' }),
    ).toHaveLength(3);

    // By person: the teacher's own actions and the failed sign-ins at her account.
    const teachers = await core.call('audit.list', { actorId: teacherId, limit: 500 });
    expect(teachers.some((row) => row.action === 'auth.changePassword')).toBe(true);
    expect(
      teachers.filter((row) => row.outcome === 'denied' && row.action === 'auth.signIn'),
    ).toHaveLength(2);
    expect(teachers.every((row) => row.actorId === teacherId || row.action === 'auth.signIn')).toBe(
      true,
    );

    // By child: names resolved at read time, the log itself holds ids only.
    const opened = await core.call('audit.list', { childId: childA, action: 'children.get' });
    expect(opened.length).toBeGreaterThan(0);
    expect(opened[0]!.subject).toEqual({ kind: 'child', name: 'Ұлықбекова Іңкәр Ғалымқызы' });
    expect(opened[0]!.actorName).toBe('Гүлнар Әлиева');
    const stored = core.services.store().sqlite.prepare('SELECT * FROM audit_log').all() as Record<
      string,
      unknown
    >[];
    expect(JSON.stringify(stored)).not.toContain('Ұлықбекова');

    // By dates: nothing before set-up, everything from the failed sign-ins on.
    expect(await core.call('audit.list', { to: '2026-03-01T00:00:00Z' })).toEqual([]);
    const since = await core.call('audit.list', { from: failedAt, limit: 500 });
    expect(since.every((row) => row.at >= failedAt)).toBe(true);
    expect(since.length).toBeGreaterThanOrEqual(3);

    // The staff list's assignment is named by the teacher's name.
    const assigned = await core.call('audit.list', { action: 'staff.setGroups' });
    expect(assigned.map((row) => row.subject?.name)).toContain('Гүлнар Әлиева');
  }, 60_000);

  it('exports the filtered log as a PDF, read back in both languages', async () => {
    const { pdfBase64 } = await core.call('audit.exportPdf', {
      actorId: teacherId,
      language: 'ru',
    });
    const text = (await extractPdfText(Buffer.from(pdfBase64, 'base64'))).join('\n');
    expect(text).toContain('Журнал аудита');
    expect(text).toContain('Сотрудник: Гүлнар Әлиева');
    expect(text).toContain('Смена пароля');
    expect(text).toContain('Ұлықбекова Іңкәр Ғалымқызы');
    expect(text).toContain('отказано');
    expect(text).not.toContain('Сәуле Қасымова'); // the nurse's rows are filtered out

    const kk = await core.call('audit.exportPdf', {
      action: 'auth.signIn',
      outcome: 'denied',
      language: 'kk',
    });
    const kkText = (await extractPdfText(Buffer.from(kk.pdfBase64, 'base64'))).join('\n');
    expect(kkText).toContain('Аудит журналы');
    expect(kkText).toContain('Сәтсіз кірулер');
    expect(kkText).toContain('белгісіз логин');
    expect(kkText).toContain('Жазбалар саны: 3');
    // The export is itself in the log.
    expect(await core.call('audit.list', { action: 'audit.exportPdf' })).toHaveLength(2);
  }, 60_000);
});
