CREATE TABLE `contracts` (
	`id` text PRIMARY KEY NOT NULL,
	`year` integer NOT NULL,
	`sequence` integer NOT NULL,
	`number` text NOT NULL,
	`date` text NOT NULL,
	`child_id` text NOT NULL,
	`representative_id` text NOT NULL,
	`term_from` text NOT NULL,
	`term_until` text NOT NULL,
	`payer_iban` text,
	`payer_bank` text,
	`template_version` text NOT NULL,
	`status` text NOT NULL,
	`content` text,
	`content_hash` text,
	`signed_scan_id` text,
	`printed_at` text,
	`signed_at` text,
	`terminated_at` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`representative_id`) REFERENCES `representatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`signed_scan_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_number_unique` ON `contracts` (`number`);--> statement-breakpoint
CREATE UNIQUE INDEX `contracts_year_sequence` ON `contracts` (`year`,`sequence`);--> statement-breakpoint
CREATE INDEX `contracts_child` ON `contracts` (`child_id`);