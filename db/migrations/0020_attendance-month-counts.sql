-- The present and marked counts of a closed group-month (issue 15, the overview's attendance
-- rate and 12-month trend): written with the closing, with every later change of the month's
-- marks or child-months while it stays closed (a pull), and NULL while the month is open
-- (counted live). Filled here for the months closed already.
ALTER TABLE `attendance_months` ADD `present` integer;--> statement-breakpoint
ALTER TABLE `attendance_months` ADD `marked` integer;--> statement-breakpoint
UPDATE `attendance_months` SET (`present`, `marked`) = (
	SELECT COALESCE(SUM(a.`status` = 'present'), 0), COUNT(a.`status`)
	FROM `attendance_child_months` m
	JOIN `attendance_marks` a ON a.`child_id` = m.`child_id`
		AND a.`date` >= `attendance_months`.`month` || '-01'
		AND a.`date` <= `attendance_months`.`month` || '-31'
	WHERE m.`group_id` = `attendance_months`.`group_id` AND m.`month` = `attendance_months`.`month`
) WHERE `status` = 'closed';
