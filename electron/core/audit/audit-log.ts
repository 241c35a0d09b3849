import { createHash } from 'node:crypto';
import { asc, desc, eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import { auditLog, settings } from '../../../db/schema';

export interface AuditEntry {
  actorId: string | null;
  /** The method name, e.g. `staff.add`. */
  action: string;
  /** The category touched, e.g. `staff`, `health`: never a person's data. */
  entity: string;
  entityId: string | null;
  outcome: 'ok' | 'denied';
}

const GENESIS = '0'.repeat(64);
/** The newest row's seq and hash, kept beside the log so a deleted tail row is noticed. */
const HEAD_KEY = 'audit.head';

function rowHash(prevHash: string, row: Omit<typeof auditLog.$inferSelect, 'hash' | 'prevHash'>) {
  const fields = [row.seq, row.at, row.actorId, row.action, row.entity, row.entityId, row.outcome];
  return createHash('sha256')
    .update(prevHash)
    .update('\n')
    .update(JSON.stringify(fields))
    .digest('hex');
}

/** Appends one row. Call inside the transaction of the change it records. */
export function appendAudit(store: Store, entry: AuditEntry, at: string): void {
  const last = store.db.select().from(auditLog).orderBy(desc(auditLog.seq)).limit(1).get();
  const seq = (last?.seq ?? 0) + 1;
  const prevHash = last?.hash ?? GENESIS;
  const row = { seq, at, ...entry };
  const hash = rowHash(prevHash, row);
  store.db
    .insert(auditLog)
    .values({ ...row, prevHash, hash })
    .run();
  const head = JSON.stringify({ seq, hash });
  store.db
    .insert(settings)
    .values({ key: HEAD_KEY, value: head })
    .onConflictDoUpdate({ target: settings.key, set: { value: head } })
    .run();
}

/** Problems in the chain, named by row number; empty when intact. */
export function verifyAuditChain(store: Store): string[] {
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
