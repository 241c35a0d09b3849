import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { staffAccounts, UI_LANGUAGES } from '../../../db/schema';
import { method } from '../registry/method';
import { auditFailedSignIns, checkPassword, signIn, startSession } from './sign-in';
import { Login, NoInput, Password } from './fields';
import { startSyncOnSignIn } from '../sync/app';
import { AppError, PasswordUnchanged } from '../errors/app-error';

export const authMethods = {
  'auth.signIn': method({
    input: z.object({ login: Login, password: Password }).strict(),
    access: 'public',
    kind: 'act',
    entity: 'session',
    handler: async (ctx, { login, password }) => {
      const session = await signIn(ctx.services, login, password);
      await auditFailedSignIns(ctx.services);
      ctx.audit(session.accountId);
      // A password the director gave is changed first: nothing is sent to the portal before.
      if (!session.mustChangePassword) startSyncOnSignIn(ctx);
      return session;
    },
  }),

  'auth.signOut': method({
    input: NoInput,
    access: 'signedIn',
    kind: 'act',
    entity: 'session',
    whenSignedOut: () => null,
    beforePasswordChange: true,
    handler: (ctx) => {
      ctx.audit(ctx.session!.accountId);
      ctx.services.lock();
      return null;
    },
  }),

  /**
   * The window saw the user at the mouse or keyboard (typing a long form makes no call): the
   * dispatcher counts this call as activity, as any non-background one, so the core's idle lock
   * waits as the window's does. Sent at most once a minute while there is input, never from a
   * timer. It reads nothing (not audited), and a store already locked answers `storeLocked`.
   */
  'auth.stillActive': method({
    input: NoInput,
    access: 'signedIn',
    kind: 'read',
    entity: 'session',
    beforePasswordChange: true,
    handler: () => null,
  }),

  'auth.changePassword': method({
    input: z.object({ currentPassword: Password, newPassword: Password }).strict(),
    access: 'signedIn',
    kind: 'write',
    entity: 'staff',
    beforePasswordChange: true,
    handler: async (ctx, { currentPassword, newPassword }) => {
      const session = ctx.session!;
      const { login, accountId } = session;
      try {
        (await checkPassword(ctx.services, login, currentPassword, true)).fill(0);
      } catch (error) {
        // A wrong current password is this action refused, not a failed sign-in.
        if (error instanceof AppError && error.code === 'wrongPassword')
          ctx.audit(accountId, 'denied');
        throw error;
      }
      // A password the director set (or knows) is not the account's own.
      if (newPassword === currentPassword) throw PasswordUnchanged();
      await ctx.services.keyring.setPassword(ctx.services.dek(), login, newPassword);
      ctx.transact(accountId, (store) =>
        store.db
          .update(staffAccounts)
          .set({ mustChangePassword: false })
          .where(eq(staffAccounts.id, accountId))
          .run(),
      );
      const wasRequired = session.mustChangePassword;
      session.mustChangePassword = false;
      // Background sync waited for the account's own password (see auth.signIn).
      if (wasRequired) startSyncOnSignIn(ctx);
      return null;
    },
  }),

  'auth.setLanguage': method({
    input: z.object({ language: z.enum(UI_LANGUAGES) }).strict(),
    access: 'signedIn',
    kind: 'write',
    entity: 'staff',
    beforePasswordChange: true,
    handler: (ctx, { language }) => {
      const session = ctx.session!;
      ctx.transact(session.accountId, (store) =>
        store.db
          .update(staffAccounts)
          .set({ language })
          .where(eq(staffAccounts.id, session.accountId))
          .run(),
      );
      session.language = language;
      return session;
    },
  }),

  /** Every password lost: the recovery key sets a new one for an existing account. */
  'auth.recover': method({
    input: z
      .object({ recoveryKey: z.string().max(100), login: Login, newPassword: Password })
      .strict(),
    access: 'public',
    kind: 'write',
    entity: 'staff',
    handler: async (ctx, { recoveryKey, login, newPassword }) => {
      const { services } = ctx;
      const dek = await services.keyring.unlockWithRecoveryKey(recoveryKey);
      const store = services.unlock(dek);
      const session = startSession(services, store, login);
      // On another computer the other accounts' wraps cannot be opened: they are marked as
      // needing a new password from the director (staff.list shows it, sign-in says it).
      const activeLogins = store.db
        .select({ login: staffAccounts.login })
        .from(staffAccounts)
        .where(eq(staffAccounts.active, true))
        .all()
        .map((row) => row.login);
      await services.keyring.recoverAccount(services.dek(), login, newPassword, activeLogins);
      await auditFailedSignIns(services);
      // The password is the account's own choice now.
      ctx.transact(session.accountId, (tx) =>
        tx.db
          .update(staffAccounts)
          .set({ mustChangePassword: false })
          .where(eq(staffAccounts.id, session.accountId))
          .run(),
      );
      session.mustChangePassword = false;
      return session;
    },
  }),
};
