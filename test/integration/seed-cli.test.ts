import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { createCore } from '../../electron/core/core';
import { FileDeviceSeal } from '../../electron/core/vault/device-seal';
import { parseIin } from '../../electron/core/kz-id/kz-id';
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
});
