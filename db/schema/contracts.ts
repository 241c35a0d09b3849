import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { children, documents, representatives } from './children';
import { staffAccounts } from './staff';

import { CONTRACT_STATUSES } from '../../electron/core/vocabulary/enums';

export { CONTRACT_STATUSES };
export type { ContractStatus } from '../../electron/core/vocabulary/enums';

/**
 * Contracts for educational services. Numbers run per year without gaps: a contract is never
 * deleted, only terminated. `content` is the canonical content as printed, and `contentHash`
 * its SHA-256 (the QR code carries it), so a printed copy can be checked against the store.
 */
export const contracts = sqliteTable(
  'contracts',
  {
    id: text('id').primaryKey(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    number: text('number').notNull().unique(),
    date: text('date').notNull(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    representativeId: text('representative_id')
      .notNull()
      .references(() => representatives.id),
    termFrom: text('term_from').notNull(),
    termUntil: text('term_until').notNull(),
    payerIban: text('payer_iban'),
    payerBank: text('payer_bank'),
    templateVersion: text('template_version').notNull(),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull(),
    content: text('content'),
    contentHash: text('content_hash'),
    signedScanId: text('signed_scan_id').references(() => documents.id),
    printedAt: text('printed_at'),
    signedAt: text('signed_at'),
    terminatedAt: text('terminated_at'),
    createdBy: text('created_by').references(() => staffAccounts.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('contracts_year_sequence').on(t.year, t.sequence),
    index('contracts_child').on(t.childId),
  ],
);
