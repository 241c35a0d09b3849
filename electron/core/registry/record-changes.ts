import type { Store } from '../../../db/connection';
import { InternalError } from '../errors/app-error';

/** What a write changed of a synced record, noted on the transaction it runs in. */
export interface RecordChange {
  /** The synced record type, e.g. `child` (sync/record-types.ts). */
  entity: string;
  /** The record's local id (a health summary: its child's). */
  localId: string;
  /** The protocol fields written; every field when omitted (a new record). */
  fields?: readonly string[];
  /** Deleted here: the portal learns a deletion. */
  deleted?: boolean;
  /** The local id of the record it is sent as part of (a representative: the linked child). */
  parent?: string;
}

interface Collector {
  /** The record types the method declares it changes (`syncs` on its spec). */
  syncs: ReadonlySet<string>;
  changes: Map<string, RecordChange>;
}

/** The open method transaction of each connection (keyed by its SQLite handle). */
const collectors = new WeakMap<object, Collector>();

/**
 * Called by a record module's write after it changed a synced record. Inside a method's
 * transaction (ctx.transact) the change is collected and, when the transaction's work is done,
 * written to the outbox; a record type the method does not declare in `syncs` is a bug
 * (InternalError, the transaction rolls back). Outside one it is a bug too (InternalError):
 * the change would never reach the portal. The pull and the seeder write without a method's
 * transaction, but through statements of their own that note nothing (a record module's
 * applyFromPortal, the seeder's bulk inserts): the portal already knows a pulled change, and
 * enrolment queues what it lacks.
 */
export function noteChange(store: Store, change: RecordChange): void {
  const collector = collectors.get(store.sqlite);
  if (!collector || !collector.syncs.has(change.entity)) throw InternalError();
  const key = `${change.entity}\u0000${change.localId}`;
  const before = collector.changes.get(key);
  if (!before || before.deleted || change.deleted) {
    // A deletion replaces what was noted; a record written again after one starts anew.
    collector.changes.delete(key);
    collector.changes.set(key, { ...change });
    return;
  }
  const fields =
    before.fields && change.fields ? [...new Set([...before.fields, ...change.fields])] : undefined;
  collector.changes.set(key, { ...before, fields, parent: change.parent ?? before.parent });
}

/**
 * Runs `work` (inside an open SQLite transaction) collecting the synced records it changes,
 * and returns them in the order they were first changed. Nested calls share the outer one's
 * collection.
 */
export function collectChanges<T>(
  store: Store,
  syncs: readonly string[],
  work: () => T,
): { value: T; changes: RecordChange[] } {
  if (collectors.has(store.sqlite)) return { value: work(), changes: [] };
  const collector: Collector = { syncs: new Set(syncs), changes: new Map() };
  collectors.set(store.sqlite, collector);
  try {
    const value = work();
    return { value, changes: [...collector.changes.values()] };
  } finally {
    collectors.delete(store.sqlite);
  }
}
