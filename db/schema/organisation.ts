import { sqliteTable, text, integer } from 'drizzle-orm/sqlite-core';

/** The one preschool organisation this store belongs to. */
export const organisation = sqliteTable('organisation', {
  id: integer('id').primaryKey(),
  name: text('name').notNull(),
  bin: text('bin').notNull(),
  createdAt: text('created_at').notNull(),
});
