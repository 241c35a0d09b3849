import { sqliteTable, text, integer, index, uniqueIndex } from 'drizzle-orm/sqlite-core';
import { children, documents, representatives } from './children';
import { staffAccounts } from './staff';

import { CONTRACT_STATUSES } from '../../electron/core/vocabulary/enums';

export { CONTRACT_STATUSES };
export type { ContractStatus } from '../../electron/core/vocabulary/enums';

/**
 * Contracts for educational services. Numbers run per year without gaps: a contract is never
 * deleted, only terminated. `content` is the canonical content as printed, and `contentHash`
 * its SHA-256 (the QR code carries it), so a printed copy can be checked against the store.
 */
export const contracts = sqliteTable(
  'contracts',
  {
    id: text('id').primaryKey(),
    year: integer('year').notNull(),
    sequence: integer('sequence').notNull(),
    number: text('number').notNull().unique(),
    date: text('date').notNull(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    representativeId: text('representative_id')
      .notNull()
      .references(() => representatives.id),
    termFrom: text('term_from').notNull(),
    termUntil: text('term_until').notNull(),
    payerIban: text('payer_iban'),
    payerBank: text('payer_bank'),
    templateVersion: text('template_version').notNull(),
    status: text('status', { enum: CONTRACT_STATUSES }).notNull(),
    content: text('content'),
    contentHash: text('content_hash'),
    signedScanId: text('signed_scan_id').references(() => documents.id),
    printedAt: text('printed_at'),
    signedAt: text('signed_at'),
    terminatedAt: text('terminated_at'),
    createdBy: text('created_by').references(() => staffAccounts.id),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    uniqueIndex('contracts_year_sequence').on(t.year, t.sequence),
    index('contracts_child').on(t.childId),
  ],
);

export const CONTRACT_SIGNATURE_PARTIES = ['director', 'representative'] as const;
export type ContractSignatureParty = (typeof CONTRACT_SIGNATURE_PARTIES)[number];

/**
 * A contract's electronic signatures (issue 17): one per party. The director's is made through
 * NCALayer and stored only after it verified; the representative's comes from the portal and
 * is kept whatever its check said (`valid`, and `failure` naming the first reason), so the
 * screen can say why the contract is not "signed by both".
 */
export const contractSignatures = sqliteTable(
  'contract_signatures',
  {
    id: text('id').primaryKey(),
    contractId: text('contract_id')
      .notNull()
      .references(() => contracts.id),
    party: text('party', { enum: CONTRACT_SIGNATURE_PARTIES }).notNull(),
    pdfDocumentId: text('pdf_document_id')
      .notNull()
      .references(() => documents.id),
    cmsDocumentId: text('cms_document_id')
      .notNull()
      .references(() => documents.id),
    signerName: text('signer_name'),
    signerIin: text('signer_iin'),
    certificateSerial: text('certificate_serial'),
    certificateNotAfter: text('certificate_not_after'),
    signedAt: text('signed_at'),
    algorithm: text('algorithm').notNull(),
    valid: integer('valid', { mode: 'boolean' }).notNull(),
    /** False for a GOST signature: its maths is not checked here, so it proves nothing. */
    cryptoVerified: integer('crypto_verified', { mode: 'boolean' }).notNull(),
    failure: text('failure'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [uniqueIndex('contract_signatures_contract_party').on(t.contractId, t.party)],
);

/**
 * A representative's signature pulled from the portal and not yet checked: the pull writes it
 * in its transaction, the sync run verifies it right after (contracts/signature-inbox.ts).
 */
export const contractSignatureInbox = sqliteTable('contract_signature_inbox', {
  contractId: text('contract_id')
    .primaryKey()
    .references(() => contracts.id),
  cmsBase64: text('cms_base64').notNull(),
  receivedAt: text('received_at').notNull(),
});
