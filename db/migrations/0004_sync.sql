CREATE TABLE `notices` (
	`id` text PRIMARY KEY NOT NULL,
	`published_on` text NOT NULL,
	`rules_version` text NOT NULL,
	`title_kk` text NOT NULL,
	`title_ru` text NOT NULL,
	`body_kk` text NOT NULL,
	`body_ru` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `referrals` (
	`id` text PRIMARY KEY NOT NULL,
	`number` text NOT NULL,
	`issued_on` text NOT NULL,
	`valid_until` text NOT NULL,
	`age_group` text NOT NULL,
	`status` text NOT NULL,
	`child_id` text NOT NULL,
	`organization_bin` text NOT NULL,
	`accepted_child_id` text,
	`accepted_at` text
);
--> statement-breakpoint
CREATE TABLE `sync_conflicts` (
	`id` text PRIMARY KEY NOT NULL,
	`mutation_id` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`field` text NOT NULL,
	`local_value` text NOT NULL,
	`server_value` text NOT NULL,
	`server_version` integer NOT NULL,
	`status` text DEFAULT 'open' NOT NULL,
	`resolution` text,
	`created_at` text NOT NULL,
	`resolved_at` text,
	`resolved_by` text
);
--> statement-breakpoint
CREATE INDEX `sync_conflicts_status` ON `sync_conflicts` (`status`);--> statement-breakpoint
CREATE TABLE `sync_connection` (
	`id` integer PRIMARY KEY NOT NULL,
	`portal_url` text NOT NULL,
	`organization_bin` text NOT NULL,
	`device_id` text NOT NULL,
	`access_token` text NOT NULL,
	`refresh_token` text NOT NULL,
	`access_expires_at` text NOT NULL,
	`enrolled_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_outbox` (
	`seq` integer PRIMARY KEY AUTOINCREMENT NOT NULL,
	`mutation_id` text NOT NULL,
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`base_version` integer NOT NULL,
	`op` text NOT NULL,
	`fields` text NOT NULL,
	`at` text NOT NULL,
	`blob_sha256` text,
	`status` text DEFAULT 'pending' NOT NULL,
	`problem` text,
	`attempts` integer DEFAULT 0 NOT NULL,
	`result_version` integer,
	`sent_at` text
);
--> statement-breakpoint
CREATE UNIQUE INDEX `sync_outbox_mutation_id_unique` ON `sync_outbox` (`mutation_id`);--> statement-breakpoint
CREATE INDEX `sync_outbox_status` ON `sync_outbox` (`status`,`seq`);--> statement-breakpoint
CREATE TABLE `sync_state` (
	`id` integer PRIMARY KEY NOT NULL,
	`cursor` text,
	`last_success_at` text,
	`last_attempt_at` text,
	`last_error` text,
	`last_error_at` text
);
--> statement-breakpoint
CREATE TABLE `sync_uploads` (
	`sha256` text PRIMARY KEY NOT NULL,
	`location` text NOT NULL,
	`size` integer NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `sync_versions` (
	`entity` text NOT NULL,
	`entity_id` text NOT NULL,
	`version` integer NOT NULL,
	`deleted` integer DEFAULT false NOT NULL,
	`local_id` text,
	PRIMARY KEY(`entity`, `entity_id`)
);
