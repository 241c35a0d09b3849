import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
import { mkdirSync } from 'node:fs';
import { isAbsolute, join, relative, resolve, sep } from 'node:path';
import { registry } from '../../electron/core/registry';
import { tempFolder } from '../helpers/temp';
import { DIRECTOR, dumpTables, newStore, type Fixture } from '../helpers/store-fixture';

/** The error codes the core may answer with; anything else would be an untyped failure. */
const TYPED_CODES = new Set([
  'invalidInput',
  'permissionDenied',
  'notSignedIn',
  'storeLocked',
  'unknownMethod',
  'wrongPassword',
  'loginThrottled',
  'alreadyInitialized',
  'loginTaken',
  'accountNotFound',
  'cannotRemoveSelf',
  'childNotFound',
  'iinTaken',
  'statusChangeNotAllowed',
  'documentNotFound',
  'idCopiesDisabled',
  'recordNotFound',
  'fileTooLarge',
  'unsupportedFileType',
  'damagedFile',
  'imageTooLarge',
  'wrongRecoveryKey',
  'notEnrolled',
  'syncFailed',
  'referralNotFound',
  'conflictNotFound',
  'backupTargetExists',
  'backupTargetIsFolder',
  'backupTargetInDataFolder',
  'backupTargetUnwritable',
]);

const payloads = fc.oneof(
  fc.anything({ withBoxedValues: true, withMap: true, withSet: true, withNullPrototype: true }),
  fc.dictionary(
    fc.constantFrom(
      'login',
      'password',
      'role',
      'accountId',
      'outPath',
      'language',
      'idleLockMinutes',
      'recoveryKey',
      '__proto__',
      'constructor',
    ),
    fc.anything(),
  ),
  fc.record({
    login: fc.string(),
    password: fc.string(),
    role: fc.string(),
    displayName: fc.string(),
  }),
);

/**
 * A method that takes a path writes there (`backup.create` writes a whole backup at `outPath`):
 * the fuzz must never write outside its temp folder. An absolute path it generates (`/x`,
 * `/../etc/x`) is laid inside `sandbox` with its shape kept (`<sandbox>/x`, `..` resolved at
 * the sandbox's top); anything else, a relative path included (the core refuses it), is left
 * as generated.
 */
function confined(sandbox: string) {
  return (input: unknown): unknown => {
    if (typeof input !== 'object' || input === null || !Object.hasOwn(input, 'outPath'))
      return input;
    const outPath: unknown = (input as { outPath: unknown }).outPath;
    if (typeof outPath !== 'string' || !isAbsolute(outPath)) return input;
    // A copy with the same prototype (null included) and every other key as generated.
    const copy = Object.create(Object.getPrototypeOf(input) as object | null) as object;
    Object.defineProperties(copy, Object.getOwnPropertyDescriptors(input));
    Object.defineProperty(copy, 'outPath', {
      value: join(sandbox, resolve('/', outPath)),
      enumerable: true,
      writable: true,
      configurable: true,
    });
    return copy;
  };
}

/** True when the input names no absolute path outside `folder` (checked before every call). */
function staysInside(folder: string, input: unknown): boolean {
  if (typeof input !== 'object' || input === null || !Object.hasOwn(input, 'outPath')) return true;
  const outPath: unknown = (input as { outPath: unknown }).outPath;
  if (typeof outPath !== 'string' || !isAbsolute(outPath)) return true;
  const inside = relative(folder, resolve(outPath));
  return inside !== '..' && !inside.startsWith(`..${sep}`) && !isAbsolute(inside);
}

describe('the handler registry under random payloads', () => {
  const root = tempFolder();
  /** Where generated paths lead: the only place the fuzz may write. */
  const sandbox = join(root, 'written-here');
  let fixture: Fixture;

  /** Paths a person might type: nested, dotted, `..`, the data folder's own files, odd names. */
  const pathSegment = fc.oneof(
    fc.constantFrom('a', 'b', 'backup.bqbackup', '.', '..', '', ' ', 'keyring.json', 'store.db'),
    fc.string({ minLength: 1, maxLength: 12 }),
  );
  const backupInputs = () =>
    fc.record(
      {
        outPath: fc.oneof(
          // Anywhere inside the sandbox, as deep and as odd as generated.
          fc
            .array(pathSegment, { maxLength: 4 })
            .map((parts) => join(sandbox, resolve('/', parts.join('/')))),
          // The data folder and its files: always refused, never written.
          fc
            .constantFrom('', 'keyring.json', 'store.db', 'attachments', 'new.bqbackup')
            .map((name) => join(fixture.dataDir, name)),
        ),
        force: fc.boolean(),
      },
      { requiredKeys: ['outPath'] },
    );

  beforeAll(async () => {
    fixture = await newStore(root);
    mkdirSync(sandbox);
  });

  async function ensureSignedIn() {
    if (!fixture.core.services.session) {
      await fixture.core.call('auth.signIn', {
        login: DIRECTOR.login,
        password: DIRECTOR.password,
      });
    }
  }

  it('generated paths never lead outside the temp folder', () => {
    // The same mapping the fuzz below uses, given paths built to escape: `/`, `//x`, `/../..`.
    const escaping = fc
      .array(fc.constantFrom('/', '..', '.', 'x', '\\', ' ', '~'), { maxLength: 12 })
      .map((parts) => parts.join(''));
    fc.assert(
      fc.property(
        fc.oneof(
          escaping.map((outPath) => ({ outPath })),
          fc.dictionary(fc.constantFrom('outPath', 'force'), fc.oneof(escaping, fc.anything())),
          payloads,
        ),
        (input) => {
          expect(staysInside(sandbox, confined(sandbox)(input))).toBe(true);
        },
      ),
      { numRuns: 2000 },
    );
    expect(staysInside(sandbox, { outPath: '/x' })).toBe(false);
    expect(staysInside(sandbox, { outPath: join(sandbox, '..', 'x') })).toBe(false);
    expect(confined(sandbox)({ outPath: '/../../x' })).toEqual({ outPath: join(sandbox, 'x') });
  });

  it('every method answers random input with a typed error and changes nothing', async () => {
    const methods = Object.keys(registry);
    const calls = fc.oneof(
      {
        arbitrary: fc.tuple(fc.constantFrom(...methods), payloads.map(confined(sandbox))),
        weight: 9,
      },
      // Backups with paths worth trying: every one inside the sandbox or refused.
      { arbitrary: fc.tuple(fc.constant('backup.create'), backupInputs()), weight: 1 },
    );
    await fc.assert(
      fc.asyncProperty(calls, async ([method, input]) => {
        // Nothing is ever written outside the temp folder: checked before the call is made.
        expect(staysInside(root, input), 'a path outside the temp folder').toBe(true);
        await ensureSignedIn();
        const before = dumpTables(fixture.core.services.store());
        const result = await fixture.core.dispatch(method, input);
        expect(typeof result.ok).toBe('boolean');
        if (!result.ok) {
          expect(TYPED_CODES, `${method}: ${result.error.code}`).toContain(result.error.code);
          await ensureSignedIn();
          expect(dumpTables(fixture.core.services.store())).toEqual(before);
        }
      }),
      { numRuns: 400 },
    );
  });

  it('a backup under a file (found by the fuzz: `a`, then `a/a`) is refused as typed, nothing changes', async () => {
    await ensureSignedIn();
    const file = join(sandbox, 'plain-file');
    expect(await fixture.core.dispatch('backup.create', { outPath: file })).toMatchObject({
      ok: true,
    });
    const before = dumpTables(fixture.core.services.store());
    for (const outPath of [join(file, 'a'), join(file, 'a', 'b.bqbackup')])
      expect(await fixture.core.dispatch('backup.create', { outPath, force: true })).toEqual({
        ok: false,
        error: { code: 'backupTargetUnwritable', params: { reason: 'ENOTDIR' } },
      });
    expect(dumpTables(fixture.core.services.store())).toEqual(before);
  });

  it('unknown and prototype-named methods are refused without running anything', async () => {
    await ensureSignedIn();
    await fc.assert(
      fc.asyncProperty(
        fc.oneof(
          fc.string(),
          fc.constantFrom('__proto__', 'constructor', 'toString', 'hasOwnProperty', 'valueOf'),
        ),
        fc.anything(),
        async (method, input) => {
          fc.pre(!Object.hasOwn(registry, method));
          const result = await fixture.core.dispatch(method, input);
          expect(result).toEqual({ ok: false, error: { code: 'unknownMethod', params: {} } });
        },
      ),
    );
  });

  it('validation errors name fields, never echo values', async () => {
    await ensureSignedIn();
    const result = await fixture.core.dispatch('staff.add', {
      login: 'Ә',
      displayName: 'Secret Name Ұ',
      role: 'king',
      password: 'x',
    });
    expect(result.ok).toBe(false);
    expect(JSON.stringify(result)).not.toContain('Secret Name');
    expect(!result.ok && result.error.params.fields).toEqual(['login', 'role', 'password']);
  });
});
