import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { isValidBin, isValidKzIban, parseIin } from '../../electron/core/kz-id/kz-id';
import { columnTexts } from '../helpers/pdf-columns';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { findPlaintext } from '../helpers/scan';

const PASSWORD = 'director-pass-9';

describe('seed and children list through the CLI', () => {
  const root = tempFolder();
  const data = join(root, 'data');
  const env = { BALABAQSHA_DEVICE_KEY: join(root, 'device.key'), BALABAQSHA_PASSWORD: PASSWORD };
  let children: {
    iin: string;
    lastName: string;
    firstName: string;
    birthDate: string;
    status: string;
    group: string;
  }[] = [];

  beforeAll(async () => {
    const init = await runCli(
      [
        'init',
        '--data',
        data,
        '--org-name',
        'Seed test',
        '--org-bin',
        '150440001236',
        '--admin-login',
        'seeder',
      ],
      env,
    );
    expect(init.code, init.stderr).toBe(0);
    const seed = await runCli(
      ['seed', '--data', data, '--children', '40', '--documents', '6'],
      env,
    );
    expect(seed.code, seed.stderr).toBe(0);
    expect(seed.stdout).toContain('seeded 40 children, 8 documents');
    const list = await runCli(['children', 'list', '--data', data, '--json'], env);
    expect(list.code, list.stderr).toBe(0);
    ({ children } = JSON.parse(list.stdout) as { children: typeof children });
  });

  it('lists every seeded child with valid IINs that agree with the birth dates', () => {
    expect(children).toHaveLength(40);
    for (const child of children) {
      expect(Object.keys(child).sort()).toEqual([
        'birthDate',
        'firstName',
        'group',
        'iin',
        'lastName',
        'status',
      ]);
      expect(parseIin(child.iin)?.birthDate).toBe(child.birthDate);
    }
    expect(children.some((c) => /[әғқңөұүһі]/iu.test(c.lastName + c.firstName))).toBe(true);
    expect(new Set(children.map((c) => c.group)).size).toBeGreaterThan(1);
  });

  it('searches from the CLI by a Kazakh prefix', async () => {
    const kazakh = children.find((c) => /^[ӘҒҚҢӨҰҮҺІ]/u.test(c.lastName)) ?? children[0]!;
    const result = await runCli(
      [
        'children',
        'list',
        '--data',
        data,
        '--json',
        '--search',
        kazakh.lastName.slice(0, 3).toLowerCase(),
      ],
      env,
    );
    expect(
      (JSON.parse(result.stdout) as { children: { iin: string }[] }).children.map((c) => c.iin),
    ).toContain(kazakh.iin);
  });

  it('leaves no seeded name, IIN, address, phone or image bytes in plaintext under the data folder', async () => {
    const core = createCore({
      dataDir: data,
      deviceSeal: new FileDeviceSeal(env.BALABAQSHA_DEVICE_KEY),
    });
    await core.call('auth.signIn', { login: 'seeder', password: PASSWORD });
    const secrets: (string | Buffer)[] = children.flatMap((c) => [
      c.iin,
      c.lastName,
      `${c.lastName} ${c.firstName}`,
    ]);
    const sqlite = core.services.store().sqlite;
    secrets.push(
      ...(sqlite
        .prepare(
          'SELECT iin FROM representatives UNION SELECT phone FROM representatives UNION SELECT actual_address FROM children LIMIT 60',
        )
        .pluck()
        .all() as string[]),
    );
    for (const row of sqlite.prepare('SELECT id FROM documents').all() as { id: string }[]) {
      const read = await core.call('documents.read', { documentId: row.id });
      const bytes = Buffer.from(read.contentBase64, 'base64');
      secrets.push(bytes.subarray(bytes.length >> 1, (bytes.length >> 1) + 48));
    }
    core.close();
    expect(secrets.length).toBeGreaterThan(150);
    expect(findPlaintext(data, secrets)).toEqual([]);
  });
  it('fills the organisation details a contract needs, so `contract` issues one for a seeded child', async () => {
    const shown = await runCli(['settings', 'show', '--data', data, '--json'], env);
    expect(shown.code, shown.stderr).toBe(0);
    const settings = JSON.parse(shown.stdout) as Record<string, string | number>;
    for (const key of ['nameRu', 'cityKk', 'cityRu', 'addressKk', 'addressRu', 'directorName'])
      expect(settings[key], key).not.toBe('');
    expect(isValidBin(String(settings.bin))).toBe(true);
    expect(isValidKzIban(String(settings.iban)), String(settings.iban)).toBe(true);
    expect(settings.bic).toMatch(/^[A-Z]{6}[A-Z0-9]{2}$/);
    expect(settings.monthlyFee).toBeGreaterThan(0);
    expect(settings.regimeRu).not.toBe('');

    const child = children.find((c) => c.status === 'enrolled')!;
    const out = join(root, 'seeded-contract.pdf');
    const made = await runCli(
      ['contract', '--data', data, '--child', child.iin, '--out', out],
      env,
    );
    expect(made.code, made.stderr).toBe(0);
    expect(made.stdout).toMatch(/^contract \d{4}-\d{4} written/);
    const { left: kazakh, right: russian } = await columnTexts(readFileSync(out));
    expect(kazakh).toContain(String(settings.addressKk));
    expect(russian).toContain(String(settings.addressRu));
    expect(russian).toContain(String(settings.iban));
  });

  it('`settings set` is refused to a teacher and changes only the named keys for the director, audited', async () => {
    const added = await runCli(
      ['user', 'add', '--data', data, '--login', 'teacher-s', '--role', 'teacher'],
      { ...env, BALABAQSHA_NEW_PASSWORD: 'teacher-pass-9' },
    );
    expect(added.code, added.stderr).toBe(0);
    // The director's password is changed first (issue 13 item 10), then the account may work.
    const asTeacher = ['--data', data, '--as', 'teacher-s'];
    const first = await runCli(['settings', 'show', ...asTeacher], {
      ...env,
      BALABAQSHA_PASSWORD: 'teacher-pass-9',
    });
    expect(first.code).toBe(1);
    expect(first.stderr).toContain('[passwordChangeRequired]');
    const changed = await runCli(['password', ...asTeacher], {
      ...env,
      BALABAQSHA_PASSWORD: 'teacher-pass-9',
      BALABAQSHA_NEW_PASSWORD: 'teacher-pass-10',
    });
    expect(changed.code, changed.stderr).toBe(0);
    const before = JSON.parse(
      (await runCli(['settings', 'show', '--data', data, '--json'], env)).stdout,
    ) as Record<string, unknown>;

    const refused = await runCli(
      ['settings', 'set', '--data', data, '--as', 'teacher-s', 'phone=+7 700 000 00 00'],
      { ...env, BALABAQSHA_PASSWORD: 'teacher-pass-10' },
    );
    expect(refused.code).toBe(1);
    expect(refused.stderr).toContain('[permissionDenied]');

    const bad = await runCli(['settings', 'set', '--data', data, 'iban=KZ000000000000000000'], env);
    expect(bad.code).toBe(1);
    expect(bad.stderr).toContain('[invalidInput]');
    const unknown = await runCli(['settings', 'set', '--data', data, 'colour=red'], env);
    expect(unknown.code).toBe(2);

    const set = await runCli(
      ['settings', 'set', '--data', data, '--json', 'phone=+7 7172 99 88 77', 'monthlyFee=41000'],
      env,
    );
    expect(set.code, set.stderr).toBe(0);
    expect(JSON.parse(set.stdout)).toEqual({
      ...before,
      phone: '+7 7172 99 88 77',
      monthlyFee: 41000,
    });

    const core = createCore({
      dataDir: data,
      deviceSeal: new FileDeviceSeal(env.BALABAQSHA_DEVICE_KEY),
    });
    await core.call('auth.signIn', { login: 'seeder', password: PASSWORD });
    const audit = core.services
      .store()
      .sqlite.prepare(
        `SELECT a.action, a.outcome, s.login FROM audit_log a JOIN staff_accounts s ON s.id = a.actor_id
         WHERE a.action IN ('settings.update', 'contracts.updateTerms') ORDER BY a.seq`,
      )
      .all();
    core.close();
    expect(audit).toEqual([
      { action: 'settings.update', outcome: 'denied', login: 'teacher-s' },
      { action: 'settings.update', outcome: 'ok', login: 'seeder' },
      { action: 'contracts.updateTerms', outcome: 'ok', login: 'seeder' },
    ]);
  });
});
