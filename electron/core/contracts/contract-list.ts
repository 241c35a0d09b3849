import { asc, desc, eq, type SQL } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import { children, contracts } from '../../../db/schema';

/**
 * Contracts as contracts.list lists them (number, date, status, the child's name and group),
 * newest year first: the list's rows and what a contract write answers for its contract.
 */
export function contractRows(store: ReadableStore, where: SQL | undefined) {
  return store.db
    .select({
      id: contracts.id,
      number: contracts.number,
      date: contracts.date,
      status: contracts.status,
      childId: contracts.childId,
      childName: children.lastName,
      childFirstName: children.firstName,
      groupId: children.groupId,
    })
    .from(contracts)
    .innerJoin(children, eq(children.id, contracts.childId))
    .where(where)
    .orderBy(desc(contracts.year), asc(contracts.sequence))
    .all();
}

/** One contract as contracts.list lists it. */
export const contractRow = (store: ReadableStore, contractId: string) =>
  contractRows(store, eq(contracts.id, contractId))[0]!;
