-- Attendance (issue 14). A child's month is the synced record `attendance`: its group that
-- month and what the parent said through the portal.
CREATE TABLE `attendance_child_months` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL REFERENCES `children`(`id`),
	`month` text NOT NULL,
	`group_id` text NOT NULL REFERENCES `groups`(`id`),
	`parent_status` text DEFAULT 'pending' NOT NULL,
	`parent_comment` text,
	`parent_at` text,
	`updated_at` text NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX `attendance_child_months_child` ON `attendance_child_months` (`child_id`, `month`);--> statement-breakpoint
CREATE INDEX `attendance_child_months_group` ON `attendance_child_months` (`group_id`, `month`);--> statement-breakpoint
-- One mark per child and working day, keyed (child, date) with no rowid: a child's month is one
-- range of the key, and no second index repeats it.
CREATE TABLE `attendance_marks` (
	`child_id` text NOT NULL REFERENCES `children`(`id`),
	`date` text NOT NULL,
	`status` text NOT NULL,
	`reason` text,
	`note` text,
	`document_id` text REFERENCES `documents`(`id`) ON DELETE SET NULL,
	`arrival` text,
	`departure` text,
	`updated_by` text REFERENCES `staff_accounts`(`id`),
	`updated_at` text NOT NULL,
	PRIMARY KEY(`child_id`, `date`)
) WITHOUT ROWID;--> statement-breakpoint
-- A group's month once the director closed it; `history` is its closings and reopenings (JSON).
CREATE TABLE `attendance_months` (
	`group_id` text NOT NULL REFERENCES `groups`(`id`),
	`month` text NOT NULL,
	`status` text NOT NULL,
	`history` text NOT NULL,
	PRIMARY KEY(`group_id`, `month`)
) WITHOUT ROWID;--> statement-breakpoint
-- A mark changed after the month was first closed: old and new value (JSON), who, when, why.
CREATE TABLE `attendance_corrections` (
	`id` text PRIMARY KEY NOT NULL,
	`group_id` text NOT NULL REFERENCES `groups`(`id`),
	`month` text NOT NULL,
	`child_id` text NOT NULL REFERENCES `children`(`id`),
	`date` text NOT NULL,
	`before` text,
	`after` text,
	`by` text NOT NULL REFERENCES `staff_accounts`(`id`),
	`at` text NOT NULL,
	`reason` text NOT NULL
);--> statement-breakpoint
CREATE INDEX `attendance_corrections_group` ON `attendance_corrections` (`group_id`, `month`);--> statement-breakpoint
CREATE INDEX `attendance_corrections_child` ON `attendance_corrections` (`child_id`, `date`);
