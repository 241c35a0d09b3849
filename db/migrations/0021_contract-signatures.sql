-- Electronic signatures of contracts (issue 17): the director's, made through NCALayer over the
-- contract's exact PDF, and the representative's, returned by the portal. Each row names the
-- signed PDF and the detached CMS (both encrypted documents), who signed (from the certificate)
-- and, for a signature that came from outside, whether it verified and why not (`failure`);
-- `crypto_verified` 0: a GOST signature whose maths this app cannot check (not proof).
CREATE TABLE `contract_signatures` (
	`id` text PRIMARY KEY NOT NULL,
	`contract_id` text NOT NULL REFERENCES `contracts`(`id`),
	`party` text NOT NULL CHECK (`party` IN ('director', 'representative')),
	`pdf_document_id` text NOT NULL REFERENCES `documents`(`id`),
	`cms_document_id` text NOT NULL REFERENCES `documents`(`id`),
	`signer_name` text,
	`signer_iin` text,
	`certificate_serial` text,
	`certificate_not_after` text,
	`signed_at` text,
	`algorithm` text NOT NULL,
	`valid` integer NOT NULL,
	`crypto_verified` integer NOT NULL,
	`failure` text,
	`created_at` text NOT NULL
);--> statement-breakpoint
CREATE UNIQUE INDEX `contract_signatures_contract_party` ON `contract_signatures` (`contract_id`, `party`);
--> statement-breakpoint
-- A representative's signature pulled from the portal, waiting for its check (the pull's
-- transaction cannot wait for it): the sync run verifies it right after the pull and moves it
-- into `contract_signatures` (its CMS then an encrypted document). One per contract.
CREATE TABLE `contract_signature_inbox` (
	`contract_id` text PRIMARY KEY NOT NULL REFERENCES `contracts`(`id`),
	`cms_base64` text NOT NULL,
	`received_at` text NOT NULL
);
