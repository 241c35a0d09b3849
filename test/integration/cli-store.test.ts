import { execFileSync } from 'node:child_process';
import { cpSync, existsSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { runCli } from '../helpers/cli';
import { tempFolder } from '../helpers/temp';
import { findPlaintext } from '../helpers/scan';

const ORG_NAME = 'Күншуақ бөбекжайы Өркен';
const ORG_BIN = '090840004562';
const ADMIN = { login: 'gulnaraadm', password: 'Director#Pass-2026' };
const NURSE = {
  login: 'saulenurse',
  name: 'Сәуле Қайратқызы Ұлықбекова',
  password: 'Nurse#Pass-2026',
};

describe('CLI over a real encrypted store', () => {
  const root = tempFolder();
  const data = join(root, 'data');
  const env = {
    BALABAQSHA_DEVICE_KEY: join(root, 'device.key'),
    BALABAQSHA_PASSWORD: ADMIN.password,
  };
  let recoveryKey = '';

  beforeAll(async () => {
    const init = await runCli(
      [
        'init',
        '--data',
        data,
        '--org-name',
        ORG_NAME,
        '--org-bin',
        ORG_BIN,
        '--admin-login',
        ADMIN.login,
      ],
      env,
    );
    expect(init.code, init.stderr).toBe(0);
    recoveryKey = init.stdout.match(/([0-9A-Z]{4}-){7}[0-9A-Z]{4}/)?.[0] ?? '';
    expect(recoveryKey).not.toBe('');
    const add = await runCli(
      [
        'user',
        'add',
        '--data',
        data,
        '--login',
        NURSE.login,
        '--role',
        'nurse',
        '--name',
        NURSE.name,
      ],
      { ...env, BALABAQSHA_NEW_PASSWORD: NURSE.password },
    );
    expect(add.code, add.stderr).toBe(0);
  });

  it('leaves no organisation name, login, name, BIN or password in plaintext under the data folder', () => {
    const secrets = [
      ORG_NAME,
      'Күншуақ',
      ORG_BIN,
      ADMIN.login,
      NURSE.login,
      NURSE.name,
      'Ұлықбекова',
      ADMIN.password,
      NURSE.password,
    ];
    expect(findPlaintext(data, secrets)).toEqual([]);
  });

  it('the sqlite3 shell cannot read the database', () => {
    let output = '';
    try {
      output = execFileSync(
        'sqlite3',
        [join(data, 'store.db'), 'SELECT name FROM sqlite_master;'],
        {
          encoding: 'utf8',
          stdio: ['ignore', 'pipe', 'pipe'],
        },
      );
    } catch (error) {
      output = String((error as { stderr?: string }).stderr);
    }
    expect(output).toMatch(/not a database|encrypted/);
    expect(readFileSync(join(data, 'store.db')).subarray(0, 16).toString('latin1')).not.toBe(
      'SQLite format 3\0',
    );
  });

  it('lists staff for the director', async () => {
    const list = await runCli(['user', 'list', '--data', data], env);
    expect(list.code).toBe(0);
    expect(list.stdout).toContain(NURSE.login);
    expect(list.stdout).toContain('nurse');
  });

  it('wrong password: exit 3 and a clear message; the next attempt waits; the right password still works', async () => {
    for (let attempt = 0; attempt < 4; attempt++) {
      const wrong = await runCli(['login-check', '--data', data, '--login', NURSE.login], {
        ...env,
        BALABAQSHA_PASSWORD: 'not-the-password',
      });
      expect(wrong.code).toBe(3);
      expect(wrong.stderr).toContain('wrong password');
    }
    // Four failures are kept (persisted, keyed without the login) and mean an 8 s wait. A CLI
    // start can take seconds on a loaded machine, so the last failure is dated "just now" to
    // keep the wait longer than the start of the next attempt.
    const throttlePath = join(data, 'login-throttle.json');
    const throttle = JSON.parse(readFileSync(throttlePath, 'utf8')) as Record<
      string,
      { failures: number; lastFailureAt: number }
    >;
    const [entry] = Object.values(throttle);
    expect(entry?.failures).toBe(4);
    expect(readFileSync(throttlePath, 'utf8')).not.toContain(NURSE.login);
    entry!.lastFailureAt = Date.now();
    writeFileSync(throttlePath, JSON.stringify(throttle));
    const right = await runCli(['login-check', '--data', data, '--login', NURSE.login], {
      ...env,
      BALABAQSHA_PASSWORD: NURSE.password,
    });
    expect(right.stderr).toMatch(/waiting \d+ s after failed attempts/);
    expect(right.code, right.stderr).toBe(0);
    expect(right.stdout.trim()).toBe('ok');
  });

  it('an unknown login is answered exactly like a wrong password', async () => {
    const unknown = await runCli(['login-check', '--data', data, '--login', 'nobody-here'], env);
    expect(unknown.code).toBe(3);
    expect(unknown.stderr).toContain('wrong password');
  });

  it('the recovery key restores access after every password is lost', async () => {
    const lostPasswords = { ...env, BALABAQSHA_PASSWORD: '' };
    const reset = await runCli(
      [
        'reset-password',
        '--data',
        data,
        '--login',
        ADMIN.login,
        '--recovery-key',
        recoveryKey.toLowerCase(),
      ],
      { ...lostPasswords, BALABAQSHA_NEW_PASSWORD: 'Brand-New-Pass-1' },
    );
    expect(reset.code, reset.stderr).toBe(0);
    const check = await runCli(['login-check', '--data', data, '--login', ADMIN.login], {
      ...env,
      BALABAQSHA_PASSWORD: 'Brand-New-Pass-1',
    });
    expect(check.code, check.stderr).toBe(0);
    const old = await runCli(['login-check', '--data', data, '--login', ADMIN.login], env);
    expect(old.code).toBe(3);
    const badKey = await runCli(
      [
        'reset-password',
        '--data',
        data,
        '--login',
        ADMIN.login,
        '--recovery-key',
        'AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA-AAAA',
      ],
      { ...lostPasswords, BALABAQSHA_NEW_PASSWORD: 'Another-Pass-1' },
    );
    expect(badKey.code).toBe(3);
    expect(badKey.stderr).toContain('wrong recovery key');
  });

  it('verify says ok on a sound store', async () => {
    const verify = await runCli(['verify', '--data', data, '--recovery-key', recoveryKey], env);
    expect(verify.stdout.trim()).toBe('ok');
    expect(verify.code).toBe(0);
  });

  it('refuses bad input with a clear message and creates nothing', async () => {
    const target = join(root, 'never-created');
    const badBin = await runCli(
      [
        'init',
        '--data',
        target,
        '--org-name',
        ORG_NAME,
        '--org-bin',
        '123456789012',
        '--admin-login',
        ADMIN.login,
      ],
      env,
    );
    expect(badBin.code).toBe(1);
    expect(badBin.stderr).toContain('invalid value for: orgBin');
    expect(existsSync(join(target, 'keyring.json'))).toBe(false);
    const missing = await runCli(['init', '--data', target], env);
    expect(missing.code).toBe(2);
    const noPassword = await runCli(['login-check', '--data', data, '--login', ADMIN.login], {
      ...env,
      BALABAQSHA_PASSWORD: '',
    });
    expect(noPassword.code).toBe(2);
    expect(noPassword.stderr).toContain('BALABAQSHA_PASSWORD');
  });

  it('a data folder copied to another computer opens only with the recovery key', async () => {
    const otherDevice = { ...env, BALABAQSHA_DEVICE_KEY: join(root, 'other-device.key') };
    writeFileSync(join(root, 'other-device.key'), Buffer.alloc(32, 7));
    const check = await runCli(['login-check', '--data', data, '--login', NURSE.login], {
      ...otherDevice,
      BALABAQSHA_PASSWORD: NURSE.password,
    });
    expect(check.code).toBe(1);
    expect(check.stderr).toContain('another computer');
    const verify = await runCli(
      ['verify', '--data', data, '--recovery-key', recoveryKey],
      otherDevice,
    );
    expect(verify.stdout.trim()).toBe('ok');
  });

  it('the data folder alone opened with the recovery key on another computer: the other accounts need a new password from the director', async () => {
    const copy = join(root, 'copied-alone');
    cpSync(data, copy, { recursive: true });
    const otherPc = { ...env, BALABAQSHA_DEVICE_KEY: join(root, 'third-pc.key') };
    const recovered = await runCli(
      ['reset-password', '--data', copy, '--login', ADMIN.login, '--recovery-key', recoveryKey],
      { ...otherPc, BALABAQSHA_NEW_PASSWORD: 'Director-On-New-PC-1' },
    );
    expect(recovered.code, recovered.stderr).toBe(0);
    expect(recovered.stdout).toContain('1 other account(s) need a new password from the director');
    const director = { ...otherPc, BALABAQSHA_PASSWORD: 'Director-On-New-PC-1' };

    // The nurse's own (right) password: not "wrong password", but what to do about it.
    const nurse = await runCli(['login-check', '--data', copy, '--login', NURSE.login], {
      ...otherPc,
      BALABAQSHA_PASSWORD: NURSE.password,
    });
    expect(nurse.code).toBe(3);
    expect(nurse.stderr).toContain('this account needs a new password from the director');
    expect(nurse.stderr).toContain('[needsNewPassword]');
    // An unknown login still reads as a wrong password.
    const unknown = await runCli(
      ['login-check', '--data', copy, '--login', 'nobody-here'],
      director,
    );
    expect(unknown.stderr).toContain('wrong password');

    const listed = await runCli(['user', 'list', '--data', copy], director);
    expect(listed.code, listed.stderr).toBe(0);
    const line = (login: string) => listed.stdout.split('\n').find((l) => l.startsWith(login));
    expect(line(NURSE.login)).toContain('needs a new password from the director');
    expect(line(ADMIN.login)).not.toContain('needs a new password');

    const set = await runCli(['user', 'set-password', '--data', copy, '--login', NURSE.login], {
      ...director,
      BALABAQSHA_NEW_PASSWORD: 'Nurse-On-New-PC-1',
    });
    expect(set.code, set.stderr).toBe(0);
    const signedIn = await runCli(['login-check', '--data', copy, '--login', NURSE.login], {
      ...otherPc,
      BALABAQSHA_PASSWORD: 'Nurse-On-New-PC-1',
    });
    expect(signedIn.code, signedIn.stderr).toBe(0);
    const after = await runCli(['user', 'list', '--data', copy], director);
    expect(after.stdout).not.toContain('needs a new password');
  });
});
