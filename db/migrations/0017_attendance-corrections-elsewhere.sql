-- The corrections another device of the kindergarten made of a child-month (issue 14): the
-- portal counts them, this app keeps only its own with who and why, and sends its own plus
-- these. A column of the child-month instead of one `settings` row per such child-month
-- (key `attendanceCorrections:<id>`, a positive integer as JSON), which this moves and deletes.
ALTER TABLE `attendance_child_months` ADD `corrections_elsewhere` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `attendance_child_months` SET `corrections_elsewhere` = (
	SELECT CAST(`value` AS integer) FROM `settings`
	WHERE `key` = 'attendanceCorrections:' || `attendance_child_months`.`id`
		AND json_valid(`value`) AND json_type(`value`) = 'integer' AND CAST(`value` AS integer) > 0
) WHERE EXISTS (
	SELECT 1 FROM `settings`
	WHERE `key` = 'attendanceCorrections:' || `attendance_child_months`.`id`
		AND json_valid(`value`) AND json_type(`value`) = 'integer' AND CAST(`value` AS integer) > 0
);--> statement-breakpoint
DELETE FROM `settings` WHERE `key` GLOB 'attendanceCorrections:*';
