-- A change pulled from the portal that breaks this kindergarten's rules (an IIN whose check
-- digit is wrong or that disagrees with the birth date or sex, a status the child cannot reach
-- from its status here) is not applied: it is kept here, one row per record (its newest such
-- version), for the Portal page, until a later version of the record is applied or the portal
-- deletes it. `data` is the pulled record (personal data: in the encrypted store only).
CREATE TABLE `sync_rejected_pulls` (
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`version` integer NOT NULL,
	`reason` text NOT NULL,
	`fields` text NOT NULL,
	`data` text NOT NULL,
	`at` text NOT NULL,
	PRIMARY KEY(`entity`, `entity_id`)
);--> statement-breakpoint
-- The fields a change of a child's file changed (names, never values), e.g. those a pull from
-- the portal wrote: the child's history shows them. Covered by the row's hash when present.
ALTER TABLE `audit_log` ADD `fields` text;
