import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import {
  contractSignatures,
  documents,
  type ContractSignatureParty,
  type DocumentType,
} from '../../../db/schema';
import { storeDocument } from '../documents/store-document';
import { readAttachment } from '../vault/attachment-files';
import type { SignatureCheck } from '../esign/verify';

/**
 * The contract signature record: the only code that writes `contract_signatures`, and the
 * files it names (the signed PDF and each detached CMS, stored encrypted as documents).
 */

export type ContractSignature = typeof contractSignatures.$inferSelect;
export type ESignatureState = 'none' | 'director' | 'both';

export const PDF_MIME = 'application/pdf';
/** RFC 5751's type of a detached CMS signature. */
export const CMS_MIME = 'application/pkcs7-signature';

/** Stores bytes as an encrypted document of the child; the portal learns of it with `toPortal`. */
export function storeSignatureFile(
  store: Store,
  dataDir: string,
  bytes: Uint8Array,
  meta: Parameters<typeof storeDocument>[3] & {
    type: Extract<DocumentType, 'e_contract' | 'e_signature'>;
  },
  now: string,
): string {
  const mime = meta.type === 'e_contract' ? PDF_MIME : CMS_MIME;
  return storeDocument(store, dataDir, { bytes: Buffer.from(bytes), mime }, meta, now);
}

/** The plaintext of a signature document (the PDF or a CMS). */
export function readSignatureFile(store: ReadableStore, dataDir: string, documentId: string) {
  const doc = store.db
    .select({ attachmentId: documents.attachmentId })
    .from(documents)
    .where(eq(documents.id, documentId))
    .get();
  if (!doc) throw new Error('signature document missing');
  return readAttachment(store, dataDir, doc.attachmentId).bytes;
}

/** Records a party's signature with what its check found (replacing that party's earlier one). */
export function insertSignature(
  store: Store,
  values: {
    contractId: string;
    party: ContractSignatureParty;
    pdfDocumentId: string;
    cmsDocumentId: string;
    check: SignatureCheck;
  },
  now: string,
): ContractSignature {
  const { check } = values;
  store.db
    .delete(contractSignatures)
    .where(
      and(
        eq(contractSignatures.contractId, values.contractId),
        eq(contractSignatures.party, values.party),
      ),
    )
    .run();
  return store.db
    .insert(contractSignatures)
    .values({
      id: randomUUID(),
      contractId: values.contractId,
      party: values.party,
      pdfDocumentId: values.pdfDocumentId,
      cmsDocumentId: values.cmsDocumentId,
      signerName: check.signer?.name ?? null,
      signerIin: check.signer?.iin ?? null,
      certificateSerial: check.signer?.serialNumber ?? null,
      certificateNotAfter: check.signer?.notAfter ?? null,
      signedAt: check.signedAt,
      algorithm: check.algorithm,
      valid: check.valid,
      cryptoVerified: check.cryptoVerified,
      failure: check.failures[0] ?? null,
      createdAt: now,
    })
    .returning()
    .get();
}

export function signaturesOf(store: ReadableStore, contractId: string): ContractSignature[] {
  return store.db
    .select()
    .from(contractSignatures)
    .where(eq(contractSignatures.contractId, contractId))
    .all()
    .sort((a, b) => (a.party === b.party ? 0 : a.party === 'director' ? -1 : 1));
}

export function signatureOf(
  store: ReadableStore,
  contractId: string,
  party: ContractSignatureParty,
): ContractSignature | undefined {
  return signaturesOf(store, contractId).find((s) => s.party === party);
}

/**
 * "Signed by both" only when the representative's signature verified too, its maths included:
 * a GOST signature (`cryptoVerified` false) is shown with its warning but proves nothing.
 */
export function eSignatureState(
  rows: readonly Pick<ContractSignature, 'party' | 'valid' | 'cryptoVerified'>[],
): ESignatureState {
  if (!rows.some((r) => r.party === 'director')) return 'none';
  return rows.some((r) => r.party === 'representative' && r.valid && r.cryptoVerified)
    ? 'both'
    : 'director';
}
