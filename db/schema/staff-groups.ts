import { sqliteTable, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { staffAccounts } from './staff';
import { groups } from './children';

/** The groups a teacher works with: she sees only their children (electron/core/auth/group-scope.ts). */
export const staffGroups = sqliteTable(
  'staff_groups',
  {
    accountId: text('account_id')
      .notNull()
      .references(() => staffAccounts.id),
    groupId: text('group_id')
      .notNull()
      .references(() => groups.id),
  },
  (t) => [
    primaryKey({ columns: [t.accountId, t.groupId] }),
    index('staff_groups_group').on(t.groupId),
  ],
);
