import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { children, privilegeCategories } from './children';
import { staffAccounts } from './staff';

/**
 * Parental fees (issue 14): the only code that reads or writes these tables is
 * electron/core/fees/fees-record.ts. Amounts are integer tiyn (1 ₸ = 100 tiyn).
 */

/** A fee reduction of one child by privileged category: percent and dates of validity. */
export const feeReductions = sqliteTable(
  'fee_reductions',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    categoryCode: text('category_code')
      .notNull()
      .references(() => privilegeCategories.code),
    percent: integer('percent').notNull(),
    validFrom: text('valid_from').notNull(),
    validTo: text('valid_to'),
    createdBy: text('created_by')
      .notNull()
      .references(() => staffAccounts.id),
    createdAt: text('created_at').notNull(),
    /**
     * A reduction is removed, never deleted (migration 0018): when, by whom, and the month it
     * stops applying from (the child's first month not closed then).
     */
    removedAt: text('removed_at'),
    removedBy: text('removed_by').references(() => staffAccounts.id),
    removedFrom: text('removed_from'),
  },
  (t) => [index('fee_reductions_child').on(t.childId)],
);

/** A payment of the fee recorded by the accountant from its receipt (cancelled, never deleted). */
export const payments = sqliteTable(
  'payments',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    date: text('date').notNull(),
    amount: integer('amount').notNull(),
    receiptNumber: text('receipt_number').notNull(),
    /** The receipt number in upper case: a number is used once, whatever its case. */
    receiptKey: text('receipt_key').notNull(),
    createdBy: text('created_by')
      .notNull()
      .references(() => staffAccounts.id),
    createdAt: text('created_at').notNull(),
    /**
     * A payment recorded by mistake is cancelled, never deleted (migration 0016): when, by whom
     * and why. A cancelled payment counts nowhere, and its receipt number stays taken.
     */
    cancelledAt: text('cancelled_at'),
    cancelledBy: text('cancelled_by').references(() => staffAccounts.id),
    cancelReason: text('cancel_reason'),
  },
  (t) => [
    uniqueIndex('payments_receipt').on(t.receiptKey),
    index('payments_child').on(t.childId, t.date),
    index('payments_date').on(t.date),
  ],
);
