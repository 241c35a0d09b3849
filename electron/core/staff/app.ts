import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { staffAccounts } from '../../../db/schema';
import { kazakhOrder } from '../../../db/kazakh-order';
import { method } from '../registry/method';
import { DisplayName, Login, NoInput, Password, StaffRole } from '../auth/fields';
import { AccountNotFound, CannotRemoveSelf, LoginTaken } from '../errors/app-error';
import type { Store } from '../../../db/connection';

const AccountId = z.string().uuid();

function findAccount(store: Store, id: string) {
  const account = store.db.select().from(staffAccounts).where(eq(staffAccounts.id, id)).get();
  if (!account?.active) throw AccountNotFound();
  return account;
}

export const staffMethods = {
  'staff.list': method({
    input: NoInput,
    access: 'staff.manage',
    kind: 'read',
    entity: 'staff',
    handler: async (ctx) => {
      const accounts = ctx
        .store()
        .db.select({
          id: staffAccounts.id,
          login: staffAccounts.login,
          displayName: staffAccounts.displayName,
          role: staffAccounts.role,
          active: staffAccounts.active,
          createdAt: staffAccounts.createdAt,
        })
        .from(staffAccounts)
        .where(eq(staffAccounts.active, true))
        // The Kazakh alphabet, as the children's list (code points put Ә, Қ, Ө… after Я).
        .orderBy(kazakhOrder(staffAccounts.displayName), asc(staffAccounts.login))
        .all();
      // No wrap on this computer (the folder was opened with the recovery key elsewhere):
      // the account cannot sign in until the director sets a new password.
      const lacking = await ctx.services.keyring.lacksPassword(accounts.map((a) => a.login));
      return accounts.map((account) => ({
        ...account,
        needsNewPassword: lacking.has(account.login),
      }));
    },
  }),

  'staff.add': method({
    input: z
      .object({ login: Login, displayName: DisplayName, role: StaffRole, password: Password })
      .strict(),
    access: 'staff.manage',
    kind: 'write',
    entity: 'staff',
    handler: async (ctx, { login, displayName, role, password }) => {
      const id = randomUUID();
      ctx.transact(id, (store) => {
        const taken = store.db
          .select()
          .from(staffAccounts)
          .where(eq(staffAccounts.login, login))
          .get();
        if (taken) throw LoginTaken();
        store.db
          .insert(staffAccounts)
          .values({ id, login, displayName, role, createdAt: ctx.now() })
          .run();
      });
      await ctx.services.keyring.setPassword(ctx.services.dek(), login, password);
      return { id };
    },
  }),

  'staff.resetPassword': method({
    input: z.object({ accountId: AccountId, newPassword: Password }).strict(),
    access: 'staff.manage',
    kind: 'write',
    entity: 'staff',
    handler: async (ctx, { accountId, newPassword }) => {
      const account = findAccount(ctx.store(), accountId);
      ctx.transact(accountId, () => undefined);
      await ctx.services.keyring.setPassword(ctx.services.dek(), account.login, newPassword);
      return null;
    },
  }),

  /**
   * Accounts are deactivated, not deleted: the audit trail keeps naming who did what. Only
   * directors manage staff and nobody removes themselves, so a director always remains.
   */
  'staff.remove': method({
    input: z.object({ accountId: AccountId }).strict(),
    access: 'staff.manage',
    kind: 'write',
    entity: 'staff',
    handler: async (ctx, { accountId }) => {
      if (accountId === ctx.session!.accountId) throw CannotRemoveSelf();
      const account = ctx.transact(accountId, (store) => {
        const found = findAccount(store, accountId);
        store.db
          .update(staffAccounts)
          .set({ active: false, removedAt: ctx.now() })
          .where(eq(staffAccounts.id, accountId))
          .run();
        return found;
      });
      await ctx.services.keyring.removeAccount(account.login);
      return null;
    },
  }),
};
