import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

import { STAFF_ROLES, UI_LANGUAGES } from '../../electron/core/vocabulary/enums';

export { STAFF_ROLES, UI_LANGUAGES };
export type { StaffRole, UiLanguage } from '../../electron/core/vocabulary/enums';

/**
 * Staff accounts. The password never reaches the database: it only unwraps the store key
 * (see electron/core/vault/keyring.ts). Removed accounts are kept for the audit trail.
 */
export const staffAccounts = sqliteTable('staff_accounts', {
  id: text('id').primaryKey(),
  login: text('login').notNull().unique(),
  displayName: text('display_name').notNull(),
  role: text('role', { enum: STAFF_ROLES }).notNull(),
  language: text('language', { enum: UI_LANGUAGES }).notNull().default('kk'),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  removedAt: text('removed_at'),
  /** Set by staff.add and staff.resetPassword: the account must choose its own password first. */
  mustChangePassword: integer('must_change_password', { mode: 'boolean' }).notNull().default(false),
});
