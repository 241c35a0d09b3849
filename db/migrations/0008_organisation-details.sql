-- The organisation's details move from the contract terms to the organisation's settings: the
-- Kazakh-only values become the Kazakh ones, the Russian name, address and city start empty (a
-- contract lists them as missing until they are filled in), and the director's name, when the
-- terms had none, is the one given at set-up.
INSERT OR IGNORE INTO `settings` (`key`, `value`) SELECT 'org', '{}' WHERE EXISTS (SELECT 1 FROM `organisation`);--> statement-breakpoint
UPDATE `settings` SET `value` = json_set(
  `value`,
  '$.cityKk', coalesce((SELECT json_extract(t.`value`, '$.city') FROM `settings` AS t WHERE t.`key` = 'contractTerms'), ''),
  '$.addressKk', coalesce((SELECT json_extract(t.`value`, '$.address') FROM `settings` AS t WHERE t.`key` = 'contractTerms'), ''),
  '$.directorName', coalesce(
    nullif((SELECT json_extract(t.`value`, '$.directorName') FROM `settings` AS t WHERE t.`key` = 'contractTerms'), ''),
    (SELECT a.`display_name` FROM `staff_accounts` AS a WHERE a.`role` = 'director' ORDER BY a.`created_at` LIMIT 1),
    ''),
  '$.phone', coalesce((SELECT json_extract(t.`value`, '$.phone') FROM `settings` AS t WHERE t.`key` = 'contractTerms'), ''),
  '$.bankName', coalesce((SELECT json_extract(t.`value`, '$.bankName') FROM `settings` AS t WHERE t.`key` = 'contractTerms'), ''),
  '$.iban', coalesce((SELECT json_extract(t.`value`, '$.iban') FROM `settings` AS t WHERE t.`key` = 'contractTerms'), ''),
  '$.bic', coalesce((SELECT json_extract(t.`value`, '$.bic') FROM `settings` AS t WHERE t.`key` = 'contractTerms'), '')
) WHERE `key` = 'org';--> statement-breakpoint
UPDATE `settings` SET `value` = json_remove(`value`, '$.city', '$.address', '$.directorName', '$.phone', '$.bankName', '$.iban', '$.bic') WHERE `key` = 'contractTerms';
