import { sqliteTable, text, integer, blob } from 'drizzle-orm/sqlite-core';

/**
 * Encrypted files under `attachments/<id>`. The per-file key and the plaintext's SHA-256
 * live only here, inside the encrypted database.
 */
export const attachments = sqliteTable('attachments', {
  id: text('id').primaryKey(),
  fileKey: blob('file_key', { mode: 'buffer' }).notNull(),
  mime: text('mime').notNull(),
  size: integer('size').notNull(),
  sha256: text('sha256').notNull(),
  createdAt: text('created_at').notNull(),
});
