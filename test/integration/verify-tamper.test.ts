import { cpSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { openStore } from '../../db/connection';
import { Keyring } from '../../electron/core/vault/keyring';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { saveAttachment } from '../../electron/core/vault/attachment-files';
import { verifyDataFolder } from '../../electron/core/maintenance/verify';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';
import { addStaff } from '../helpers/staff';

describe('verify names what was broken', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let copies = 0;

  beforeAll(async () => {
    fixture = await newStore(root);
    const { core, dataDir } = fixture;
    for (const role of ['nurse', 'teacher', 'accountant'] as const) {
      await addStaff(core, {
        login: `${role}-one`,
        displayName: `Staff ${role}`,
        role,
        password: 'pass-word-1',
      });
    }
    const store = core.services.store();
    for (let i = 0; i < 3; i++) {
      store.sqlite.transaction(() =>
        saveAttachment(
          store,
          dataDir,
          Buffer.from(`scan ${i} `.repeat(5000)),
          'image/png',
          new Date().toISOString(),
        ),
      )();
    }
    await core.call('settings.update', { idleLockMinutes: 15 });
    core.close(); // checkpoints the WAL into the main file
  });

  /** A copy of the sound store, with its own device key, for one kind of damage. */
  function copyOfStore(): { dataDir: string; env: Record<string, string> } {
    const name = `copy-${++copies}`;
    cpSync(fixture.dataDir, join(root, name), { recursive: true });
    cpSync(fixture.deviceKeyPath, join(root, `${name}.key`));
    return { dataDir: join(root, name), env: { BALABAQSHA_DEVICE_KEY: join(root, `${name}.key`) } };
  }

  async function dek(dataDir: string): Promise<Buffer> {
    return new Keyring(dataDir, new FileDeviceSeal(fixture.deviceKeyPath)).unlockWithRecoveryKey(
      fixture.recoveryKey,
    );
  }

  async function verifyCli(dataDir: string, env: Record<string, string>) {
    return runCli(['verify', '--data', dataDir, '--recovery-key', fixture.recoveryKey], env);
  }

  async function editStore(dataDir: string, sql: string) {
    const store = openStore({ path: join(dataDir, 'store.db'), key: await dek(dataDir) });
    store.sqlite.exec(sql);
    store.close();
  }

  it('is ok on the sound store', async () => {
    const { dataDir, env } = copyOfStore();
    const result = await verifyCli(dataDir, env);
    expect(result.stdout.trim()).toBe('ok');
    expect(result.code).toBe(0);
  });

  it('finds one flipped byte inside the database file', async () => {
    const { dataDir, env } = copyOfStore();
    const file = join(dataDir, 'store.db');
    const bytes = readFileSync(file);
    bytes[Math.floor(bytes.length / 2)]! ^= 0x10;
    writeFileSync(file, bytes);
    const result = await verifyCli(dataDir, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toMatch(/BROKEN: database file/);
  });

  it('finds a flipped byte at any page of the database file', async () => {
    const size = readFileSync(join(fixture.dataDir, 'store.db')).length;
    const offsets = [
      0,
      5,
      15,
      16,
      100,
      4095,
      4096 + 17,
      size - 1,
      // One byte somewhere in every page, so no page goes unchecked.
      ...Array.from({ length: Math.ceil(size / 4096) }, (_, page) =>
        Math.min(size - 1, page * 4096 + Math.floor(Math.random() * 4096)),
      ),
    ];
    for (const offset of offsets) {
      const { dataDir } = copyOfStore();
      const file = join(dataDir, 'store.db');
      const bytes = readFileSync(file);
      bytes[offset]! ^= 0x01;
      writeFileSync(file, bytes);
      const report = verifyDataFolder(dataDir, await dek(dataDir));
      expect(report.problems.join(), `offset ${offset}`).toMatch(/database file/);
    }
  });

  it('finds an edited audit row', async () => {
    const { dataDir, env } = copyOfStore();
    await editStore(dataDir, "UPDATE audit_log SET action = 'settings.get' WHERE seq = 3");
    const result = await verifyCli(dataDir, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('BROKEN: audit log: row 3 was altered');
  });

  it('finds a deleted audit row, in the middle or at the end', async () => {
    const middle = copyOfStore();
    await editStore(middle.dataDir, 'DELETE FROM audit_log WHERE seq = 2');
    const result = await verifyCli(middle.dataDir, middle.env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain('BROKEN: audit log: rows 2–2 missing');

    const tail = copyOfStore();
    await editStore(
      tail.dataDir,
      'DELETE FROM audit_log WHERE seq = (SELECT max(seq) FROM audit_log)',
    );
    const tailResult = await verifyCli(tail.dataDir, tail.env);
    expect(tailResult.code).toBe(1);
    expect(tailResult.stdout).toContain('BROKEN: audit log: the newest rows were removed');
  });

  it('finds a changed attachment file and names it', async () => {
    const { dataDir, env } = copyOfStore();
    const [id] = readdirSync(join(dataDir, 'attachments'));
    const file = join(dataDir, 'attachments', id!);
    const bytes = readFileSync(file);
    bytes[bytes.length - 40]! ^= 0x01;
    writeFileSync(file, bytes);
    const result = await verifyCli(dataDir, env);
    expect(result.code).toBe(1);
    expect(result.stdout).toContain(`BROKEN: attachment ${id}: damaged or missing`);
  });
});
