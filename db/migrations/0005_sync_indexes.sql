CREATE INDEX `sync_outbox_entity` ON `sync_outbox` (`entity`,`entity_id`,`status`);--> statement-breakpoint
CREATE INDEX `sync_versions_local` ON `sync_versions` (`entity`,`local_id`);