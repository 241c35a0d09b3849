/**
 * The push: the outbox's pending changes (not held by an open conflict) sent in batches, one
 * change per record in a batch, and the portal's answer to each applied here (sent, rejected,
 * conflict, or the portal's own values for its fields).
 */
import { and, asc, count, eq, inArray, sql } from 'drizzle-orm';
import { syncConflicts, syncOutbox, type RejectionReason } from '../../../db/schema';
import { newId, overwriteLocal, setSyncedVersion, syncedVersion } from './apply';
import { HELD_ROW, splitHeldFields } from './outbox';
import { auditSyncStep, type SyncReport, type SyncSteps } from './run';
import { SyncError } from './transport';
import { uploadBlobs } from './upload';
import {
  MutationsResponse,
  PATHS,
  PROBLEM_TYPES,
  checkServerFields,
  type Entity,
  type MutationResult,
  type Problem,
} from './wire';

/** Outbox rows not held by an open conflict on one of their fields. */
const notHeld = sql.raw(`NOT ${HELD_ROW}`);

/** Pending rows the push may send now (not held by an open conflict). */
function sendableCount(steps: SyncSteps): number {
  return (
    steps.store.db
      .select({ n: count() })
      .from(syncOutbox)
      .where(and(eq(syncOutbox.status, 'pending'), notHeld))
      .get()?.n ?? 0
  );
}

/**
 * Uploads the blobs the pending changes need, then pushes the changes. Returns whether to pull
 * once more: a push answered with a version that others' changes also produced.
 */
export async function push(steps: SyncSteps, report: SyncReport): Promise<boolean> {
  const { options, session } = steps;
  const state = { pullAgain: false };
  await uploadBlobs(steps, report);
  const split = () => steps.store.sqlite.transaction(() => splitHeldFields(steps.store))();
  split();
  const total = sendableCount(steps);
  if (!total) return state.pullAgain;
  const connection = session.connection()!;
  let done = 0;
  steps.setPhase('pushing', { done, total });
  for (;;) {
    // A conflict answered in the last batch holds its field from now on.
    split();
    const rows = steps.store.db
      .select()
      .from(syncOutbox)
      .where(and(eq(syncOutbox.status, 'pending'), notHeld))
      .orderBy(asc(syncOutbox.seq))
      .limit(options.batchSize * 4)
      .all();
    if (!rows.length) return state.pullAgain;
    // One mutation per entity in a batch: the next one is based on this one's result.
    const seen = new Set<string>();
    const batch = rows
      .filter((row) => {
        const key = `${row.entity}\u0000${row.entityId}`;
        if (seen.has(key)) return false;
        seen.add(key);
        return true;
      })
      .slice(0, options.batchSize);
    const body = JSON.stringify({
      deviceId: connection.deviceId,
      mutations: batch.map((row) => ({
        mutationId: row.mutationId,
        entity: row.entity,
        id: row.entityId,
        baseVersion: row.baseVersion,
        op: row.op,
        fields: JSON.parse(row.fields) as Record<string, unknown>,
        at: row.at,
      })),
    });
    steps.store.db
      .update(syncOutbox)
      .set({ attempts: sql`${syncOutbox.attempts} + 1` })
      .where(
        inArray(
          syncOutbox.seq,
          batch.map((row) => row.seq),
        ),
      )
      .run();
    const response = await session.requestBody(MutationsResponse, 'POST', PATHS.mutations, {
      headers: { 'content-type': 'application/json' },
      body,
    });
    const results = new Map(response.results.map((r) => [r.mutationId, r]));
    // Every mutation must be answered, and every portal value must be valid for its field
    // (a 10,000-character name is not stored); otherwise nothing of this answer is applied.
    for (const row of batch) {
      const result = results.get(row.mutationId);
      if (!result) throw new SyncError('invalidResponse', 200);
      if (!result.serverFields) continue;
      const serverFields = checkServerFields(row.entity as Entity, result.serverFields);
      if (!serverFields) throw new SyncError('invalidResponse', 200);
      results.set(row.mutationId, { ...result, serverFields });
    }
    session.live();
    const now = options.now();
    steps.store.sqlite.transaction(() => {
      const counts: Record<string, number> = {};
      for (const row of batch) {
        const result = results.get(row.mutationId)!;
        applyResult(steps, state, row, result, now, report);
        counts[result.status] = (counts[result.status] ?? 0) + 1;
      }
      auditSyncStep(steps.store, 'sync.push', counts, now);
    })();
    done += batch.length;
    steps.setPhase('pushing', { done: Math.min(done, total), total });
  }
}

function applyResult(
  steps: SyncSteps,
  state: { pullAgain: boolean },
  row: typeof syncOutbox.$inferSelect,
  result: MutationResult,
  now: string,
  report: SyncReport,
): void {
  const { db } = steps.store;
  if (result.status === 'rejected') {
    const problem = result.problem
      ? [result.problem.title, result.problem.detail].filter(Boolean).join(': ')
      : null;
    db.update(syncOutbox)
      .set({
        status: 'rejected',
        problem: problem?.slice(0, 1000) ?? null,
        rejectionReason: rejectionReasonOf(result.problem),
      })
      .where(eq(syncOutbox.seq, row.seq))
      .run();
    report.rejected++;
    return;
  }
  const { version } = result;
  // A resend answered `duplicate` carries the first answer's conflict (its answer was lost):
  // it is as much a conflict as the original, never an override.
  const isConflict =
    result.status === 'conflict' ||
    (result.status === 'duplicate' &&
      (row.op === 'delete'
        ? result.serverFields !== undefined
        : (result.conflictFields?.length ?? 0) > 0));
  db.update(syncOutbox)
    .set({ status: 'sent', resultVersion: version, sentAt: now, problem: null })
    .where(eq(syncOutbox.seq, row.seq))
    .run();
  // A conflict applied nothing of the conflicting fields, so `version` may be another side's
  // change (with fields we never saw) even when it is baseVersion + 1: pull it.
  const ours = version > 0 && version === row.baseVersion + 1 && !isConflict;
  // Later local changes of the same entity made on the same base now follow this one, when it
  // is all that happened since: after another side's change (one refused here, or not pulled
  // yet) they keep their base, so the portal sees a field that side changed as a conflict
  // instead of taking ours over it.
  if (ours)
    db.update(syncOutbox)
      .set({ baseVersion: version })
      .where(
        and(
          eq(syncOutbox.entity, row.entity),
          eq(syncOutbox.entityId, row.entityId),
          eq(syncOutbox.status, 'pending'),
          eq(syncOutbox.baseVersion, row.baseVersion),
        ),
      )
      .run();
  const deleted = row.op === 'delete' && !isConflict;
  const known = syncedVersion(steps.store, row.entity, row.entityId);
  if (ours) {
    // Only our mutation happened since our base: this version is what we hold.
    if (known === null || version > known)
      setSyncedVersion(steps.store, row.entity, row.entityId, version, deleted);
  } else if (version > 0 && (known === null || version > known)) {
    // Others changed it too: the versions in between come with the next pull.
    state.pullAgain = true;
  } else if (deleted && known !== null) {
    setSyncedVersion(steps.store, row.entity, row.entityId, known, true);
  }
  const serverFields = result.serverFields ?? {};
  const local = JSON.parse(row.fields) as Record<string, unknown>;
  const conflicted = !isConflict
    ? []
    : row.op === 'delete'
      ? ['deleted']
      : // Only fields this change carried can conflict with it: a name the portal adds is
        // not ours to hold or answer (and must not reach the held-row JSON paths).
        (result.conflictFields ?? Object.keys(serverFields)).filter((f) => f in local);
  for (const field of conflicted) {
    db.insert(syncConflicts)
      .values({
        id: newId(),
        mutationId: row.mutationId,
        entity: row.entity,
        entityId: row.entityId,
        field,
        localValue: JSON.stringify(field === 'deleted' ? true : (local[field] ?? null)),
        serverValue: JSON.stringify(field === 'deleted' ? false : (serverFields[field] ?? null)),
        serverVersion: version,
        createdAt: now,
      })
      .run();
  }
  if (conflicted.length) report.conflicts++;
  // Portal-owned fields: the portal's value stands, and the local copy follows it.
  if (row.op !== 'delete') {
    const overrides = Object.fromEntries(
      Object.entries(serverFields).filter(([field]) => !conflicted.includes(field)),
    );
    if (Object.keys(overrides).length)
      overwriteLocal(steps.store, row.entity, row.entityId, overrides, now);
  }
  if (result.status === 'duplicate') report.duplicates++;
  else if (result.status === 'applied') report.pushed++;
}

const REASON_BY_PROBLEM_TYPE: Record<string, RejectionReason> = {
  [PROBLEM_TYPES.validation]: 'validation',
  [PROBLEM_TYPES.forbiddenEntity]: 'forbiddenEntity',
  [PROBLEM_TYPES.notFound]: 'notFound',
  [PROBLEM_TYPES.blobMismatch]: 'blobMismatch',
  [PROBLEM_TYPES.blobMissing]: 'blobMissing',
};

/** The code the UI explains for a rejection's problem type (`other` for any other or none). */
export function rejectionReasonOf(problem: Problem | undefined): RejectionReason {
  return (problem && REASON_BY_PROBLEM_TYPE[problem.type]) ?? 'other';
}
