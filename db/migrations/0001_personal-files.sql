CREATE TABLE `child_privileges` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`category_code` text NOT NULL,
	`document_number` text,
	`valid_from` text,
	`valid_until` text,
	`confirmation` text DEFAULT 'pending' NOT NULL,
	`created_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`category_code`) REFERENCES `privilege_categories`(`code`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `child_representatives` (
	`child_id` text NOT NULL,
	`representative_id` text NOT NULL,
	`relation` text NOT NULL,
	`authority_document` text,
	`is_primary` integer DEFAULT false NOT NULL,
	PRIMARY KEY(`child_id`, `representative_id`),
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`representative_id`) REFERENCES `representatives`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `children` (
	`id` text PRIMARY KEY NOT NULL,
	`iin` text NOT NULL,
	`last_name` text NOT NULL,
	`first_name` text NOT NULL,
	`patronymic` text,
	`birth_date` text NOT NULL,
	`sex` text NOT NULL,
	`citizenship` text NOT NULL,
	`birth_certificate_number` text,
	`birth_certificate_date` text,
	`birth_certificate_issuer` text,
	`registered_address` text,
	`actual_address` text,
	`status` text NOT NULL,
	`group_id` text,
	`referral_number` text,
	`enrolled_on` text,
	`left_on` text,
	`archived` integer DEFAULT false NOT NULL,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`group_id`) REFERENCES `groups`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE UNIQUE INDEX `children_iin_unique` ON `children` (`iin`);--> statement-breakpoint
CREATE INDEX `children_group` ON `children` (`group_id`,`status`);--> statement-breakpoint
CREATE INDEX `children_name` ON `children` (`last_name`,`first_name`);--> statement-breakpoint
CREATE TABLE `consents` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`representative_id` text NOT NULL,
	`rules_version` text NOT NULL,
	`given_on` text NOT NULL,
	`recorded_by` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`representative_id`) REFERENCES `representatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `documents` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`representative_id` text,
	`type` text NOT NULL,
	`title` text NOT NULL,
	`attachment_id` text NOT NULL,
	`thumbnail_id` text,
	`created_at` text NOT NULL,
	`created_by` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`representative_id`) REFERENCES `representatives`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`attachment_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`thumbnail_id`) REFERENCES `attachments`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `documents_child` ON `documents` (`child_id`);--> statement-breakpoint
CREATE TABLE `groups` (
	`id` text PRIMARY KEY NOT NULL,
	`name` text NOT NULL,
	`age_group` text NOT NULL,
	`language` text NOT NULL,
	`active` integer DEFAULT true NOT NULL,
	`created_at` text NOT NULL
);
--> statement-breakpoint
CREATE TABLE `privilege_categories` (
	`code` text PRIMARY KEY NOT NULL,
	`kind` text NOT NULL,
	`name_kk` text NOT NULL,
	`name_ru` text NOT NULL,
	`active` integer DEFAULT true NOT NULL
);
--> statement-breakpoint
CREATE TABLE `representatives` (
	`id` text PRIMARY KEY NOT NULL,
	`iin` text NOT NULL,
	`last_name` text NOT NULL,
	`first_name` text NOT NULL,
	`patronymic` text,
	`id_document_type` text NOT NULL,
	`id_document_number` text NOT NULL,
	`id_document_issued_on` text,
	`id_document_issuer` text,
	`phone` text NOT NULL,
	`phone_extra` text,
	`email` text,
	`workplace` text,
	`position` text,
	`address` text,
	`created_at` text NOT NULL,
	`updated_at` text NOT NULL
);
--> statement-breakpoint
CREATE UNIQUE INDEX `representatives_iin_unique` ON `representatives` (`iin`);--> statement-breakpoint
CREATE TABLE `health_allergies` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`kind` text NOT NULL,
	`allergen` text NOT NULL,
	`reaction` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_allergies_child` ON `health_allergies` (`child_id`);--> statement-breakpoint
CREATE TABLE `health_anthropometry` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`measured_on` text NOT NULL,
	`height_cm` real NOT NULL,
	`weight_kg` real NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_anthropometry_child` ON `health_anthropometry` (`child_id`);--> statement-breakpoint
CREATE TABLE `health_chronic_conditions` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`condition` text NOT NULL,
	`since` text,
	`dispensary_observation` integer DEFAULT false NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_chronic_conditions_child` ON `health_chronic_conditions` (`child_id`);--> statement-breakpoint
CREATE TABLE `health_examinations` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`examined_on` text NOT NULL,
	`specialist` text NOT NULL,
	`conclusion` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_examinations_child` ON `health_examinations` (`child_id`);--> statement-breakpoint
CREATE TABLE `health_passports` (
	`child_id` text PRIMARY KEY NOT NULL,
	`blood_group` text,
	`rh_factor` text,
	`health_group` text,
	`pe_group` text,
	`disability` text,
	`updated_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE TABLE `medical_card_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`date` text NOT NULL,
	`complaint` text,
	`examination` text,
	`diagnosis` text,
	`action` text,
	`recorded_by` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`recorded_by`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `medical_card_entries_child` ON `medical_card_entries` (`child_id`);--> statement-breakpoint
CREATE TABLE `health_vaccinations` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`vaccine` text NOT NULL,
	`dose` integer NOT NULL,
	`given_on` text NOT NULL,
	`series` text,
	`reaction` text,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `health_vaccinations_child` ON `health_vaccinations` (`child_id`);--> statement-breakpoint
CREATE TABLE `portfolio_entries` (
	`id` text PRIMARY KEY NOT NULL,
	`child_id` text NOT NULL,
	`date` text NOT NULL,
	`area` text NOT NULL,
	`title` text NOT NULL,
	`text` text,
	`created_by` text,
	`created_at` text NOT NULL,
	FOREIGN KEY (`child_id`) REFERENCES `children`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`created_by`) REFERENCES `staff_accounts`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `portfolio_entries_child` ON `portfolio_entries` (`child_id`,`date`);--> statement-breakpoint
CREATE TABLE `portfolio_files` (
	`entry_id` text NOT NULL,
	`document_id` text NOT NULL,
	PRIMARY KEY(`entry_id`, `document_id`),
	FOREIGN KEY (`entry_id`) REFERENCES `portfolio_entries`(`id`) ON UPDATE no action ON DELETE no action,
	FOREIGN KEY (`document_id`) REFERENCES `documents`(`id`) ON UPDATE no action ON DELETE no action
);
--> statement-breakpoint
CREATE INDEX `audit_log_entity` ON `audit_log` (`entity_id`);