-- A withdrawn consent is kept (personal-data rules: the evidence that consent was given stays):
-- consents.withdraw sets the day and who recorded it instead of deleting the row. A consent
-- with no withdrawal is current, as every consent stored before this migration is.
ALTER TABLE `consents` ADD `withdrawn_on` text;--> statement-breakpoint
ALTER TABLE `consents` ADD `withdrawn_by` text REFERENCES staff_accounts(id);
