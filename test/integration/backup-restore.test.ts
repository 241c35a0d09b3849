import { readFileSync, writeFileSync, readdirSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { saveAttachment } from '../../electron/core/vault/attachment-files';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { findPlaintext } from '../helpers/scan';
import { DIRECTOR, ORG, dumpTables, newStore, type Fixture } from '../helpers/store-fixture';

const PHOTO_TEXT = 'ФОТО-Әсем-Қуанышқызы ';

describe('backup and restore', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let original: Record<string, unknown[]>;
  const archive = join(root, 'backups', 'kindergarten.bqbackup');

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core, dataDir } = fixture;
    await core.call('staff.add', {
      login: 'asem-teacher',
      displayName: 'Әсем Мұратқызы',
      role: 'teacher',
      password: 'teacher-pass-1',
    });
    const store = core.services.store();
    store.sqlite.transaction(() =>
      saveAttachment(
        store,
        dataDir,
        Buffer.from(PHOTO_TEXT.repeat(3000)),
        'image/jpeg',
        new Date().toISOString(),
      ),
    )();
    original = dumpTables(store);
    core.close();
    const backup = await runCli(['backup', '--data', dataDir, '--out', archive], {
      BALABAQSHA_DEVICE_KEY: fixture.deviceKeyPath,
      BALABAQSHA_PASSWORD: DIRECTOR.password,
    });
    expect(backup.code, backup.stderr).toBe(0);
  });

  it('holds no plaintext: organisation, names, logins, attachment bytes', () => {
    expect(
      findPlaintext(join(root, 'backups'), [
        ORG.name,
        DIRECTOR.name,
        DIRECTOR.login,
        'asem-teacher',
        'Әсем',
        PHOTO_TEXT,
      ]),
    ).toEqual([]);
    expect(readdirSync(fixture.dataDir).filter((name) => name.startsWith('.backup-'))).toEqual([]);
  });

  it('restores with a staff password into a new folder on another computer, verified and equal', async () => {
    const target = join(root, 'restored');
    const env = {
      BALABAQSHA_DEVICE_KEY: join(root, 'second-pc.key'),
      BALABAQSHA_PASSWORD: 'teacher-pass-1',
    };
    const restore = await runCli(['restore', '--in', archive, '--data', target], env);
    expect(restore.code, restore.stderr).toBe(0);
    expect(restore.stdout).toContain('restored and verified: ok');
    const verify = await runCli(['verify', '--data', target], env);
    expect(verify.stdout.trim()).toBe('ok');

    const core = createCore({
      dataDir: target,
      deviceSeal: new FileDeviceSeal(env.BALABAQSHA_DEVICE_KEY),
    });
    await core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const restored = dumpTables(core.services.store());
    core.close();
    // Since the dump: the backup and the sign-in just now were audited, moving the chain head.
    const withoutAuditHead = (rows: unknown[]) =>
      rows.filter((row) => (row as { key: string }).key !== 'audit.head');
    restored.audit_log = restored.audit_log!.slice(0, original.audit_log!.length);
    restored.settings = withoutAuditHead(restored.settings!);
    expect(restored).toEqual({ ...original, settings: withoutAuditHead(original.settings!) });
    expect(restored.attachments).toHaveLength(1);
  });

  it('restores with the recovery key', async () => {
    const target = join(root, 'restored-by-key');
    const restore = await runCli(
      ['restore', '--in', archive, '--data', target, '--recovery-key', fixture.recoveryKey],
      {
        BALABAQSHA_DEVICE_KEY: join(root, 'third-pc.key'),
      },
    );
    expect(restore.code, restore.stderr).toBe(0);
  });

  it('refuses a non-empty target, a wrong password and a damaged archive, leaving the target empty', async () => {
    const busy = join(root, 'busy');
    mkdirSync(busy);
    writeFileSync(join(busy, 'something'), 'x');
    const env = {
      BALABAQSHA_DEVICE_KEY: join(root, 'fourth-pc.key'),
      BALABAQSHA_PASSWORD: DIRECTOR.password,
    };
    const notEmpty = await runCli(['restore', '--in', archive, '--data', busy], env);
    expect(notEmpty.code).toBe(1);
    expect(notEmpty.stderr).toContain('not empty');

    const wrongTarget = join(root, 'wrong-password');
    const wrong = await runCli(['restore', '--in', archive, '--data', wrongTarget], {
      ...env,
      BALABAQSHA_PASSWORD: 'nope-nope-1',
    });
    expect(wrong.code).toBe(3);
    expect(readdirSync(wrongTarget)).toEqual([]);

    const damagedArchive = join(root, 'damaged.bqbackup');
    const bytes = readFileSync(archive);
    bytes[bytes.length - 100]! ^= 0x01;
    writeFileSync(damagedArchive, bytes);
    const damagedTarget = join(root, 'from-damaged');
    const damaged = await runCli(['restore', '--in', damagedArchive, '--data', damagedTarget], env);
    expect(damaged.code).toBe(1);
    expect(damaged.stderr).toContain('backup is damaged');
  });
});
