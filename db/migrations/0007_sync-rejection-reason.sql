ALTER TABLE `sync_outbox` ADD `rejection_reason` text;--> statement-breakpoint
-- Rows the client rejected itself kept their code as the problem text until now.
UPDATE `sync_outbox` SET `rejection_reason` = `problem`, `problem` = NULL WHERE `status` = 'rejected' AND `problem` IN ('attachmentMissing', 'blobMismatch');--> statement-breakpoint
UPDATE `sync_outbox` SET `rejection_reason` = 'other' WHERE `status` = 'rejected' AND `rejection_reason` IS NULL;
