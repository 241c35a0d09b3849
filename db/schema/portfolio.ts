import { sqliteTable, text, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { children, documents } from './children';
import { staffAccounts } from './staff';
import { DEVELOPMENT_AREAS } from '../../electron/core/vocabulary/enums';

export { DEVELOPMENT_AREAS };

export const portfolioEntries = sqliteTable(
  'portfolio_entries',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    date: text('date').notNull(),
    area: text('area', { enum: DEVELOPMENT_AREAS }).notNull(),
    title: text('title').notNull(),
    text: text('text'),
    createdBy: text('created_by').references(() => staffAccounts.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [index('portfolio_entries_child').on(t.childId, t.date)],
);

export const portfolioFiles = sqliteTable(
  'portfolio_files',
  {
    entryId: text('entry_id')
      .notNull()
      .references(() => portfolioEntries.id),
    documentId: text('document_id')
      .notNull()
      .references(() => documents.id),
  },
  (t) => [primaryKey({ columns: [t.entryId, t.documentId] })],
);
