import { beforeAll, describe, expect, it } from 'vitest';
import fc from 'fast-check';
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

describe('the handler registry under random payloads', () => {
  const root = tempFolder();
  let fixture: Fixture;

  beforeAll(async () => {
    fixture = await newStore(root);
  });

  async function ensureSignedIn() {
    if (!fixture.core.services.session) {
      await fixture.core.call('auth.signIn', {
        login: DIRECTOR.login,
        password: DIRECTOR.password,
      });
    }
  }

  it('every method answers random input with a typed error and changes nothing', async () => {
    const methods = Object.keys(registry);
    await fc.assert(
      fc.asyncProperty(fc.constantFrom(...methods), payloads, async (method, input) => {
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
