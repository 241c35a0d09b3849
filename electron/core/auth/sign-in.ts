import { eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import { staffAccounts } from '../../../db/schema';
import type { CoreServices } from '../core-services';
import type { Session } from './session';
import { loginLookupId, normalizeLogin } from '../vault/keyring';
import { readOrgSettings } from '../settings/org-settings';
import { appendAudit } from '../audit/audit-log';
import { AppError, LoginThrottled, WrongPassword } from '../errors/app-error';

export function toSession(account: typeof staffAccounts.$inferSelect): Session {
  return {
    accountId: account.id,
    login: account.login,
    displayName: account.displayName,
    role: account.role,
    language: account.language,
    mustChangePassword: account.mustChangePassword,
  };
}

/** Starts a session for an account of the now-open store; refuses removed accounts. */
export function startSession(services: CoreServices, store: Store, login: string): Session {
  const account = store.db
    .select()
    .from(staffAccounts)
    .where(eq(staffAccounts.login, normalizeLogin(login)))
    .get();
  if (!account?.active) {
    services.lock();
    throw WrongPassword();
  }
  services.session = toSession(account);
  services.lastActivity = services.clock().getTime();
  services.idleLockMinutes = readOrgSettings(store).idleLockMinutes;
  return services.session;
}

/**
 * Checks a password against the throttle and the keyring. A failure counts towards the
 * growing delay; a success clears it. Returns the unwrapped DEK.
 */
export async function checkPassword(
  services: CoreServices,
  login: string,
  password: string,
  /** The caller audits a wrong password itself (not as a failed sign-in). */
  audited = false,
): Promise<Buffer> {
  const lookupId = loginLookupId(await services.keyring.accountWraps(), login);
  const wait = services.throttle.secondsUntilAllowed(lookupId);
  if (wait > 0) throw LoginThrottled(wait);
  try {
    const dek = await services.keyring.unlockWithPassword(login, password);
    services.throttle.reset(lookupId);
    return dek;
  } catch (error) {
    if (error instanceof AppError && error.code === 'wrongPassword') {
      services.throttle.recordFailure(lookupId, audited);
    }
    throw error;
  }
}

export async function signIn(
  services: CoreServices,
  login: string,
  password: string,
): Promise<Session> {
  const dek = await checkPassword(services, login, password);
  return startSession(services, services.unlock(dek), login);
}

/**
 * Moves the failed sign-ins the throttle file kept while the store was closed into the audit
 * log (`auth.signIn`, denied, at the time of the failure), naming the account that was tried
 * by id, or none for a login no account has. Called once a sign-in has opened the store.
 */
export async function auditFailedSignIns(services: CoreServices): Promise<void> {
  const wraps = await services.keyring.accountWraps();
  const store = services.store();
  const pending = services.throttle.unaudited().sort((a, b) => a.at - b.at);
  if (!pending.length) return;
  const accountByLookup = new Map(
    store.db
      .select({ id: staffAccounts.id, login: staffAccounts.login })
      .from(staffAccounts)
      .all()
      .map((account) => [loginLookupId(wraps, account.login), account.id]),
  );
  store.sqlite.transaction(() => {
    for (const { lookupId, at } of pending) {
      const entry = {
        actorId: null,
        action: 'auth.signIn',
        entity: 'staff',
        entityId: accountByLookup.get(lookupId) ?? null,
        outcome: 'denied' as const,
      };
      appendAudit(store, entry, new Date(at).toISOString());
    }
  })();
  services.throttle.markAudited(pending);
}

const ANY_ACCOUNT = 'any-account';

/**
 * For maintenance commands that know a password but not whose: tries every account's wrap,
 * under the same growing delay as sign-in.
 */
export async function checkAnyPassword(
  services: CoreServices,
  password: string,
): Promise<{ dek: Buffer; lookupId: string }> {
  const wait = services.throttle.secondsUntilAllowed(ANY_ACCOUNT);
  if (wait > 0) throw LoginThrottled(wait);
  try {
    const unlocked = await services.keyring.unlockWithAnyPassword(password);
    services.throttle.reset(ANY_ACCOUNT);
    return unlocked;
  } catch (error) {
    services.throttle.recordFailure(ANY_ACCOUNT);
    throw error;
  }
}

export async function signInWithAnyPassword(
  services: CoreServices,
  password: string,
): Promise<Session> {
  const { dek, lookupId } = await checkAnyPassword(services, password);
  const wraps = await services.keyring.accountWraps();
  const store = services.unlock(dek);
  const account = store.db
    .select()
    .from(staffAccounts)
    .all()
    .find((a) => loginLookupId(wraps, a.login) === lookupId);
  return startSession(services, store, account?.login ?? '');
}
