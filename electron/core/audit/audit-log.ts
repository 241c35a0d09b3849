import { createHash } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { insertColumns } from '../../../db/column-writes';
import { auditLog, settings } from '../../../db/schema';

export interface AuditEntry {
  actorId: string | null;
  /** The method name, e.g. `staff.add`. */
  action: string;
  /** The category touched, e.g. `staff`, `health`: never a person's data. */
  entity: string;
  entityId: string | null;
  outcome: 'ok' | 'denied';
  /** The field names the change changed, where the row names them (never their values). */
  fields?: readonly string[] | null;
}

const GENESIS = '0'.repeat(64);
/** The newest row's seq and hash, kept beside the log so a deleted tail row is noticed. */
const HEAD_KEY = 'audit.head';

type HashedRow = Omit<typeof auditLog.$inferSelect, 'hash' | 'prevHash' | 'fields'> & {
  fields?: string | null;
};

function rowHash(prevHash: string, row: HashedRow) {
  const fields: unknown[] = [
    row.seq,
    row.at,
    row.actorId,
    row.action,
    row.entity,
    row.entityId,
    row.outcome,
  ];
  // Rows written before fields were kept (and rows without them) hash as they always did.
  if (row.fields != null) fields.push(row.fields);
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify(fields))
    .digest('hex');
}

/** Appends one row. Call inside the transaction of the change it records. */
export function appendAudit(store: Store, entry: AuditEntry, at: string): void {
  appendAuditRows(store, [entry], at);
}

/**
 * Appends rows in order (e.g. one per record a pull wrote), reading the chain's head once.
 * Call inside the transaction of the changes they record.
 */
export function appendAuditRows(store: Store, entries: readonly AuditEntry[], at: string): void {
  if (!entries.length) return;
  const last = store.db
    .select({ seq: auditLog.seq, hash: auditLog.hash })
    .from(auditLog)
    .orderBy(desc(auditLog.seq))
    .limit(1)
    .get();
  let seq = last?.seq ?? 0;
  let hash = last?.hash ?? GENESIS;
  for (const { fields, ...entry } of entries) {
    const prevHash = hash;
    const row = { seq: ++seq, at, ...entry, fields: fields ? JSON.stringify(fields) : null };
    hash = rowHash(prevHash, row);
    // One statement per shape, compiled once per connection: a pull writes a row per
    // record. A row without fields leaves the column out, so the chain is written the same way
    // as before the column existed (a store an older version migrated stays writable).
    const { fields: named, ...rest } = row;
    insertColumns(
      store,
      auditLog,
      named === null ? { ...rest, prevHash, hash } : { ...row, prevHash, hash },
    );
  }
  const head = JSON.stringify({ seq, hash });
  store.db
    .insert(settings)
    .values({ key: HEAD_KEY, value: head })
    .onConflictDoUpdate({ target: settings.key, set: { value: head } })
    .run();
}

/** Problems in the chain, named by row number; empty when intact. */
export function verifyAuditChain(store: ReadableStore): string[] {
  const problems: string[] = [];
  let prevHash = GENESIS;
  let expectedSeq = 1;
  for (const row of store.db.select().from(auditLog).orderBy(asc(auditLog.seq)).all()) {
    if (row.seq !== expectedSeq)
      problems.push(`audit log: rows ${expectedSeq}–${row.seq - 1} missing`);
    if (row.prevHash !== prevHash)
      problems.push(`audit log: row ${row.seq} does not follow its predecessor`);
    if (rowHash(row.prevHash, row) !== row.hash)
      problems.push(`audit log: row ${row.seq} was altered`);
    prevHash = row.hash;
    expectedSeq = row.seq + 1;
  }
  const headRow = store.db.select().from(settings).where(eq(settings.key, HEAD_KEY)).get();
  const head = headRow ? (JSON.parse(headRow.value) as { seq: number; hash: string }) : null;
  const lastSeq = expectedSeq - 1;
  if (head ? head.seq !== lastSeq || head.hash !== prevHash : lastSeq !== 0) {
    problems.push(`audit log: the newest rows were removed (expected row ${head?.seq ?? 0})`);
  }
  return problems;
}
