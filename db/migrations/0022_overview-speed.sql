-- The director's overview at 10,000 children within 300 ms (issue 15; `npm run bench -- reports`).
--
-- A child-month keeps its present and marked counts, kept right by triggers on every write of
-- a mark (insert, upsert, delete) and on a child-month made after its marks: an open month's
-- attendance rate is then a sum over the group's child-months, not a count of its marks (a
-- month's end holds ~220,000 marks at 10,000 children). `marked` counts every mark, `present`
-- those with status 'present', as the closed months' stored counts do (0020).
ALTER TABLE `attendance_child_months` ADD `present` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
ALTER TABLE `attendance_child_months` ADD `marked` integer DEFAULT 0 NOT NULL;--> statement-breakpoint
UPDATE `attendance_child_months` SET (`present`, `marked`) = (
	SELECT COALESCE(SUM(a.`status` = 'present'), 0), COUNT(*)
	FROM `attendance_marks` a
	WHERE a.`child_id` = `attendance_child_months`.`child_id`
		AND a.`date` >= `attendance_child_months`.`month` || '-01'
		AND a.`date` <= `attendance_child_months`.`month` || '-31'
);--> statement-breakpoint
CREATE INDEX `attendance_child_months_counts` ON `attendance_child_months` (`month`, `group_id`, `present`, `marked`);--> statement-breakpoint
CREATE TRIGGER `attendance_marks_counted_insert` AFTER INSERT ON `attendance_marks` BEGIN
	UPDATE `attendance_child_months` SET `marked` = `marked` + 1, `present` = `present` + (NEW.`status` = 'present')
	WHERE `child_id` = NEW.`child_id` AND `month` = substr(NEW.`date`, 1, 7);
END;--> statement-breakpoint
CREATE TRIGGER `attendance_marks_counted_delete` AFTER DELETE ON `attendance_marks` BEGIN
	UPDATE `attendance_child_months` SET `marked` = `marked` - 1, `present` = `present` - (OLD.`status` = 'present')
	WHERE `child_id` = OLD.`child_id` AND `month` = substr(OLD.`date`, 1, 7);
END;--> statement-breakpoint
CREATE TRIGGER `attendance_marks_counted_update` AFTER UPDATE OF `child_id`, `date`, `status` ON `attendance_marks` BEGIN
	UPDATE `attendance_child_months` SET `marked` = `marked` - 1, `present` = `present` - (OLD.`status` = 'present')
	WHERE `child_id` = OLD.`child_id` AND `month` = substr(OLD.`date`, 1, 7);
	UPDATE `attendance_child_months` SET `marked` = `marked` + 1, `present` = `present` + (NEW.`status` = 'present')
	WHERE `child_id` = NEW.`child_id` AND `month` = substr(NEW.`date`, 1, 7);
END;--> statement-breakpoint
CREATE TRIGGER `attendance_child_months_counted` AFTER INSERT ON `attendance_child_months` BEGIN
	UPDATE `attendance_child_months` SET (`present`, `marked`) = (
		SELECT COALESCE(SUM(a.`status` = 'present'), 0), COUNT(*)
		FROM `attendance_marks` a
		WHERE a.`child_id` = NEW.`child_id` AND a.`date` >= NEW.`month` || '-01' AND a.`date` <= NEW.`month` || '-31'
	) WHERE `id` = NEW.`id`;
END;--> statement-breakpoint
-- The counted children (reports/stats-facts.ts COUNTED_CHILD_SQL) from an index alone: the
-- overview's counts and to-do lists no longer read every child's whole row.
CREATE INDEX `children_counted` ON `children` (`group_id`, `status`, `birth_date`, `id`) WHERE `archived` = 0;--> statement-breakpoint
-- A child's privileges (the to-do list's "renewed?" check, the statistics' categories) and
-- the confirmed privileges ending in a window (the to-do list "privileges expiring").
CREATE INDEX `child_privileges_child` ON `child_privileges` (`child_id`, `category_code`);--> statement-breakpoint
CREATE INDEX `child_privileges_ending` ON `child_privileges` (`valid_until`) WHERE `confirmation` = 'confirmed';
