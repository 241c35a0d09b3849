-- Parental fees (issue 14): reductions the accountant enters by privileged category (percent
-- and dates of validity) and the payments she records. Amounts are integer tiyn. The fee
-- settings are the `settings` row `fees`. Only electron/core/fees/fees-record.ts reads or
-- writes these tables.
CREATE TABLE `fee_reductions` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL REFERENCES `children`(`id`),
	`category_code` text NOT NULL REFERENCES `privilege_categories`(`code`),
	`percent` integer NOT NULL,
	`valid_from` text NOT NULL,
	`valid_to` text,
	`created_by` text NOT NULL REFERENCES `staff_accounts`(`id`),
	`created_at` text NOT NULL
);--> statement-breakpoint
CREATE INDEX `fee_reductions_child` ON `fee_reductions` (`child_id`);--> statement-breakpoint
-- A receipt number is used once: `receipt_key` is the number in upper case (Cyrillic too,
-- which SQLite's NOCASE does not fold), unique.
CREATE TABLE `payments` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL REFERENCES `children`(`id`),
	`date` text NOT NULL,
	`amount` integer NOT NULL,
	`receipt_number` text NOT NULL,
	`receipt_key` text NOT NULL,
	`created_by` text NOT NULL REFERENCES `staff_accounts`(`id`),
	`created_at` text NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX `payments_receipt` ON `payments` (`receipt_key`);--> statement-breakpoint
CREATE INDEX `payments_child` ON `payments` (`child_id`, `date`);--> statement-breakpoint
CREATE INDEX `payments_date` ON `payments` (`date`);
