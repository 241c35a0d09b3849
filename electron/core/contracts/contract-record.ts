import { createHash } from 'node:crypto';
import { eq, type SQL } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { attachments, contractSignatureInbox, contracts, documents } from '../../../db/schema';
import { AppError } from '../errors/app-error';
import { noteChange } from '../registry/record-changes';
import type { PortalIds, PortalPull, PullOutcome, RecordType } from '../sync/record-types';
import { signatureOf } from './signature-record';

/**
 * The contract record: the only code that writes the `contracts` table. The portal knows a
 * contract's number, status, signing date and printed content's hash, and of an electronic
 * contract the documents of its signed PDF and the director's CMS; the parent's signature is
 * the portal's (`representativeSignature`), pulled here into the signature inbox.
 */

export const ContractNotFound = () => new AppError('contractNotFound');
export const ContractStatusNotAllowed = () => new AppError('contractStatusNotAllowed');

export type Contract = typeof contracts.$inferSelect;
/** Columns to write: a value, or an SQL expression of the stored row (e.g. a status CASE). */
type ContractColumns = { [K in Exclude<keyof Contract, 'id'>]?: Contract[K] | SQL };

export function findContract(store: ReadableStore, contractId: string): Contract {
  const contract = store.db.select().from(contracts).where(eq(contracts.id, contractId)).get();
  if (!contract) throw ContractNotFound();
  return contract;
}

/** Stores a new contract as given (contracts/draft.ts numbers it). */
export function insertContract(store: Store, values: typeof contracts.$inferInsert): Contract {
  const contract = store.db.insert(contracts).values(values).returning().get();
  noteChange(store, { entity: 'contract', localId: contract.id });
  return contract;
}

/** Writes the named columns of a stored contract (the caller checked the status rules). */
export function writeContract(
  store: Store,
  contractId: string,
  columns: ContractColumns,
): Contract {
  const contract = store.db
    .update(contracts)
    .set(columns)
    .where(eq(contracts.id, contractId))
    .returning()
    .get();
  if (!contract) throw ContractNotFound();
  noteChange(store, { entity: 'contract', localId: contractId });
  return contract;
}

/**
 * Takes back a draft made in this transaction and not kept (its number goes to the next one):
 * the portal never learns of it.
 */
export function discardDraft(store: Store, contractId: string): void {
  store.db.delete(contracts).where(eq(contracts.id, contractId)).run();
}

/** A contract's current state as the portal knows it. */
function toWire(store: ReadableStore, contractId: string, ids: PortalIds) {
  const contract = store.db.select().from(contracts).where(eq(contracts.id, contractId)).get();
  if (!contract) return null;
  const director = signatureOf(store, contractId, 'director');
  return {
    id: contractId,
    fields: {
      childId: ids.portal('child', contract.childId),
      representativeId: ids.portal('representative', contract.representativeId),
      number: contract.number,
      status: contract.status,
      signedOn: contract.signedAt,
      contentSha256: contract.contentHash,
      signedPdfDocumentId: director ? ids.portal('document', director.pdfDocumentId) : null,
      directorSignatureDocumentId: director ? ids.portal('document', director.cmsDocumentId) : null,
    },
  };
}

/** The plaintext SHA-256 of a document's file. */
function documentSha256(store: ReadableStore, documentId: string): string | undefined {
  return store.db
    .select({ sha256: attachments.sha256 })
    .from(documents)
    .innerJoin(attachments, eq(attachments.id, documents.attachmentId))
    .where(eq(documents.id, documentId))
    .get()?.sha256;
}

/**
 * A contract pulled from the portal: everything of it is this kindergarten's but the parent's
 * signature. A new one (a CMS this contract does not hold yet, over the PDF the director
 * signed here) waits in the inbox, and the sync run checks it right after the pull
 * (contracts/signature-inbox.ts): the pull's transaction cannot wait for a verification.
 */
function applyFromPortal(store: Store, pull: PortalPull): PullOutcome {
  const contractId = pull.ids.local('contract', pull.id);
  const cms = pull.data.representativeSignature;
  const contract = store.db.select().from(contracts).where(eq(contracts.id, contractId)).get();
  if (!contract || typeof cms !== 'string') return { applied: true, fields: [] };
  if (!signatureOf(store, contractId, 'director')) return { applied: true, fields: [] };
  const held = signatureOf(store, contractId, 'representative');
  const sha256 = createHash('sha256').update(Buffer.from(cms, 'base64')).digest('hex');
  if (held && documentSha256(store, held.cmsDocumentId) === sha256)
    return { applied: true, fields: [] };
  store.db
    .insert(contractSignatureInbox)
    .values({ contractId, cmsBase64: cms, receivedAt: pull.now })
    .onConflictDoUpdate({
      target: contractSignatureInbox.contractId,
      set: { cmsBase64: cms, receivedAt: pull.now },
    })
    .run();
  return { applied: true, childId: contract.childId, fields: ['representativeSignature'] };
}

export const contractRecord = {
  entity: 'contract',
  toWire,
  applyFromPortal,
  localIds: (store: Store) =>
    store.sqlite.prepare('SELECT id FROM contracts ORDER BY rowid').pluck().all() as string[],
} satisfies RecordType;
