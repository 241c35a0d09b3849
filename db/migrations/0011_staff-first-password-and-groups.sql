ALTER TABLE `staff_accounts` ADD `must_change_password` integer DEFAULT false NOT NULL;--> statement-breakpoint
-- A teacher sees the children of the groups she is assigned to (staff.setGroups).
CREATE TABLE `staff_groups` (
	`account_id` text NOT NULL REFERENCES `staff_accounts`(`id`),
	`group_id` text NOT NULL REFERENCES `groups`(`id`),
	PRIMARY KEY(`account_id`, `group_id`)
);--> statement-breakpoint
CREATE INDEX `staff_groups_group` ON `staff_groups` (`group_id`);--> statement-breakpoint
-- The audit log's filters: by person and by date.
CREATE INDEX `audit_log_actor` ON `audit_log` (`actor_id`);--> statement-breakpoint
CREATE INDEX `audit_log_at` ON `audit_log` (`at`);
