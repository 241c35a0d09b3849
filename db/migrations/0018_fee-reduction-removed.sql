-- A fee reduction is never deleted (issue 14): removing it keeps the row with who removed it
-- and when, and the month it stops applying from (`removed_from`, the child's first month not
-- closed then), so a closed month keeps the charge it was closed with. Only
-- electron/core/fees/fees-record.ts reads or writes these columns.
ALTER TABLE `fee_reductions` ADD `removed_at` text;--> statement-breakpoint
ALTER TABLE `fee_reductions` ADD `removed_by` text REFERENCES `staff_accounts`(`id`);--> statement-breakpoint
ALTER TABLE `fee_reductions` ADD `removed_from` text;
