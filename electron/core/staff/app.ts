import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { groups, staffAccounts, staffGroups } from '../../../db/schema';
import { kazakhOrder } from '../../../db/kazakh-order';
import { method } from '../registry/method';
import { DisplayName, Login, NoInput, Password, StaffRole } from '../auth/fields';
import { AccountNotFound, AppError, CannotRemoveSelf, LoginTaken } from '../errors/app-error';
import type { ReadableStore } from '../../../db/connection';
import { GROUP_BOUND_ROLE } from '../vocabulary/enums';

const AccountId = z.string().uuid();
const GroupId = z.string().uuid();

export const GroupsOnlyForTeachers = () => new AppError('groupsOnlyForTeachers');
export const GroupNotFound = () => new AppError('groupNotFound');

/** Account id → the ids of its groups. */
function assignedGroups(store: ReadableStore): Map<string, string[]> {
  const byAccount = new Map<string, string[]>();
  for (const row of store.db.select().from(staffGroups).all()) {
    byAccount.set(row.accountId, [...(byAccount.get(row.accountId) ?? []), row.groupId]);
  }
  return byAccount;
}

function findAccount(store: ReadableStore, id: string) {
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
          mustChangePassword: staffAccounts.mustChangePassword,
        })
        .from(staffAccounts)
        .where(eq(staffAccounts.active, true))
        // The Kazakh alphabet, as the children's list (code points put Ә, Қ, Ө… after Я).
        .orderBy(kazakhOrder(staffAccounts.displayName), asc(staffAccounts.login))
        .all();
      // No wrap on this computer (the folder was opened with the recovery key elsewhere):
      // the account cannot sign in until the director sets a new password.
      const lacking = await ctx.services.keyring.lacksPassword(accounts.map((a) => a.login));
      const assigned = assignedGroups(ctx.store());
      return accounts.map((account) => ({
        ...account,
        needsNewPassword: lacking.has(account.login),
        groupIds: assigned.get(account.id) ?? [],
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
          // The director chose this password: the account changes it at its first sign-in.
          .values({ id, login, displayName, role, createdAt: ctx.now(), mustChangePassword: true })
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
      // Known to the director: the account changes it at its next sign-in.
      ctx.transact(accountId, (store) =>
        store.db
          .update(staffAccounts)
          .set({ mustChangePassword: true })
          .where(eq(staffAccounts.id, accountId))
          .run(),
      );
      await ctx.services.keyring.setPassword(ctx.services.dek(), account.login, newPassword);
      return null;
    },
  }),

  /**
   * The groups a teacher works with; she sees only their children (auth/group-scope.ts).
   * Replaces the whole assignment; other roles see every child and cannot be assigned.
   */
  'staff.setGroups': method({
    input: z.object({ accountId: AccountId, groupIds: z.array(GroupId).max(100) }).strict(),
    access: 'staff.manage',
    kind: 'write',
    entity: 'staff',
    handler: (ctx, { accountId, groupIds }) => {
      ctx.transact(accountId, (store) => {
        const account = findAccount(store, accountId);
        if (account.role !== GROUP_BOUND_ROLE) throw GroupsOnlyForTeachers();
        const wanted = [...new Set(groupIds)];
        const known = wanted.length
          ? store.db
              .select({ id: groups.id })
              .from(groups)
              .where(and(inArray(groups.id, wanted), eq(groups.active, true)))
              .all()
          : [];
        if (known.length !== wanted.length) throw GroupNotFound();
        store.db.delete(staffGroups).where(eq(staffGroups.accountId, accountId)).run();
        for (const groupId of wanted)
          store.db.insert(staffGroups).values({ accountId, groupId }).run();
      });
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
