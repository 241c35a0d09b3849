import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { registry } from '../../electron/core/registry';
import { PERMISSIONS, ROLE_PERMISSIONS } from '../../electron/core/auth/permissions';
import { GROUP_STAFF_PRIVILEGES } from '../../electron/core/auth/visibility';
import { STAFF_ROLES, type StaffRole } from '../../db/schema';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { addStaff } from '../helpers/staff';

/**
 * The README's permission table is the declared contract: who may call what. This walks every
 * method in the registry × every role through the real dispatcher on a real store and holds
 * the core to the table, so a method added without an entry (or guarded by anything other
 * than what the table says) fails here.
 */
const README = readFileSync(join(process.cwd(), 'README.md'), 'utf8');

interface Row {
  access: string;
  roles: Set<StaffRole>;
  methods: string[];
}

function declaredTable(): Row[] {
  const section = /<!-- permission-table:start -->\n([\s\S]*?)<!-- permission-table:end -->/.exec(
    README,
  )?.[1];
  if (!section) throw new Error('README has no permission table');
  const lines = section.split('\n').filter((line) => line.startsWith('|'));
  const header = lines[0]!.split('|').map((cell) => cell.trim());
  const roleColumns = STAFF_ROLES.map((role) => [role, header.indexOf(role)] as const);
  for (const [role, column] of roleColumns) expect(column, `column for ${role}`).toBeGreaterThan(0);
  return lines.slice(2).map((line) => {
    const cells = line.split('|').map((cell) => cell.trim());
    const access = /`([^`]+)`/.exec(cells[1]!)?.[1];
    if (!access) throw new Error(`row without a permission: ${line}`);
    return {
      access,
      roles: new Set(roleColumns.filter(([, column]) => cells[column] === '✓').map(([r]) => r)),
      methods: [...cells[header.length - 2]!.matchAll(/`([^`]+)`/g)].map((m) => m[1]!),
    };
  });
}

const table = declaredTable();
/** Method → the access the README declares for it. */
const declared = new Map(table.flatMap((row) => row.methods.map((m) => [m, row.access] as const)));
const methods = Object.keys(registry) as (keyof typeof registry)[];

/** An input no method's schema accepts: an allowed caller must get `invalidInput`, nothing run. */
const PROBE = Symbol('probe');

describe('the permission table (README) against the registry and the roles', () => {
  it('names every registered method exactly once, and only registered methods', () => {
    const listed = table.flatMap((row) => row.methods);
    const duplicates = listed.filter((m, i) => listed.indexOf(m) !== i);
    expect(duplicates, 'methods listed twice').toEqual([]);
    expect(
      methods.filter((m) => !declared.has(m)),
      'methods in the registry without a row in the README permission table',
    ).toEqual([]);
    expect(
      listed.filter((m) => !Object.hasOwn(registry, m)),
      'methods in the table that the registry does not have',
    ).toEqual([]);
  });

  it("declares each method's access as the registry guards it", () => {
    const mismatched = methods
      .filter((m) => registry[m].access !== declared.get(m))
      .map((m) => `${m}: registry ${registry[m].access}, README ${declared.get(m)}`);
    expect(mismatched).toEqual([]);
  });

  it('has a row for every permission, with exactly the roles that hold it', () => {
    const rows = new Map(table.map((row) => [row.access, row]));
    expect([...rows.keys()].sort()).toEqual(['public', 'signedIn', ...PERMISSIONS].sort());
    for (const access of ['public', 'signedIn']) expect(rows.get(access)!.roles.size).toBe(5);
    for (const permission of PERMISSIONS) {
      const holders = STAFF_ROLES.filter((role) => ROLE_PERMISSIONS[role].has(permission));
      expect([...rows.get(permission)!.roles].sort(), permission).toEqual([...holders].sort());
    }
  });

  it('lists exactly the privileged categories teachers see (GROUP_STAFF_PRIVILEGES)', () => {
    const shown = [...README.matchAll(/^\s*\| `([a-z_]+)` [^|]*\| shown \|/gm)].map((m) => m[1]);
    expect(shown.sort()).toEqual([...GROUP_STAFF_PRIVILEGES].sort());
  });
});

describe('every method × every role through the real dispatcher', () => {
  const root = tempFolder();
  let fixture: Fixture;
  const logins = new Map<StaffRole, { login: string; password: string }>([
    ['director', { login: DIRECTOR.login, password: DIRECTOR.password }],
  ]);

  beforeAll(async () => {
    fixture = await newStore(root);
    for (const role of STAFF_ROLES.filter((r) => r !== 'director')) {
      const account = { login: `matrix-${role}`, password: `${role}-pass-1` };
      await addStaff(fixture.core, { ...account, displayName: role, role });
      logins.set(role, account);
    }
  });

  it.each(STAFF_ROLES)(
    'as %s: refused exactly where the table says, before validation',
    async (role) => {
      const { core } = fixture;
      await core.call('auth.signIn', logins.get(role)!);
      const outcome: Record<string, string> = {};
      const expected: Record<string, string> = {};
      for (const method of methods) {
        const access = declared.get(method)!;
        const allowed =
          access === 'public' ||
          access === 'signedIn' ||
          ROLE_PERMISSIONS[role].has(access as (typeof PERMISSIONS)[number]);
        const result = await core.dispatch(method, PROBE);
        outcome[method] = result.ok ? 'ok' : result.error.code;
        // Allowed: past the access check, stopped by validation (the probe fits no schema).
        // Refused: `permissionDenied` whatever the input, never a validation answer.
        expected[method] = allowed ? 'invalidInput' : 'permissionDenied';
      }
      expect(outcome).toEqual(expected);
      expect(core.services.session?.role).toBe(role);
    },
  );

  it('signed out, only the public methods get past the door', async () => {
    const { core } = fixture;
    await core.call('auth.signOut', undefined);
    for (const method of methods) {
      const result = await core.dispatch(method, PROBE);
      const code = result.ok ? 'ok' : result.error.code;
      if (declared.get(method) === 'public') expect(code, method).toBe('invalidInput');
      else expect(['storeLocked', 'notSignedIn', 'ok'], method).toContain(code);
    }
  });
});
