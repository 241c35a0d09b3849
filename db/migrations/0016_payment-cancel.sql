-- A payment recorded by mistake is cancelled, never deleted (issue 14): the row stays with who
-- cancelled it, when and why, its receipt number stays taken (a receipt is a paper trail), and
-- it no longer counts in balances or debtors. Only electron/core/fees/fees-record.ts reads or
-- writes these columns.
ALTER TABLE `payments` ADD `cancelled_at` text;--> statement-breakpoint
ALTER TABLE `payments` ADD `cancelled_by` text REFERENCES `staff_accounts`(`id`);--> statement-breakpoint
ALTER TABLE `payments` ADD `cancel_reason` text;
