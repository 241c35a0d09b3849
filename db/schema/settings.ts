import { sqliteTable, text } from 'drizzle-orm/sqlite-core';

/** Organisation-wide settings as JSON values, validated by their zod schema on read. */
export const settings = sqliteTable('settings', {
  key: text('key').primaryKey(),
  value: text('value').notNull(),
});
