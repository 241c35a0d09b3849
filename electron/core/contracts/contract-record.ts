import { eq, type SQL } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { contracts } from '../../../db/schema';
import { AppError } from '../errors/app-error';
import { noteChange } from '../registry/record-changes';
import type { PortalIds, RecordType } from '../sync/record-types';

/**
 * The contract record: the only code that writes the `contracts` table. The portal knows a
 * contract's number, status, signing date and printed content's hash.
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
  return {
    id: contractId,
    fields: {
      childId: ids.portal('child', contract.childId),
      representativeId: ids.portal('representative', contract.representativeId),
      number: contract.number,
      status: contract.status,
      signedOn: contract.signedAt,
      contentSha256: contract.contentHash,
    },
  };
}

export const contractRecord = {
  entity: 'contract',
  toWire,
  localIds: (store: Store) =>
    store.sqlite.prepare('SELECT id FROM contracts ORDER BY rowid').pluck().all() as string[],
} satisfies RecordType;
