/**
 * The pull: the portal's change feed, page by page from the stored cursor, each page applied
 * here (apply.ts) together with its cursor in one transaction.
 */
import { eq } from 'drizzle-orm';
import { syncState } from '../../../db/schema';
import { appendAuditRows, type AuditEntry } from '../audit/audit-log';
import { applyPulledChange, awaitingChild, awaitingReopen, clearRejectedPull } from './apply';
import { remoteRecords } from './digest';
import { auditSyncStep, type SyncReport, type SyncSteps } from './run';
import { SyncError } from './transport';
import { ENTITY_DATA, EntityName, MAX_DIGEST_IDS, type Entity } from './protocol';
import { ChangesResponse, PATHS } from './wire';

export async function pull(steps: SyncSteps, report: SyncReport): Promise<void> {
  const { options, session } = steps;
  steps.setPhase('pulling');
  // Every position the feed gave in this run: one it gives again goes back (a ping-pong).
  const visited = new Set<string>();
  for (let pages = 0; ; pages++) {
    const cursor = steps.store.db.select().from(syncState).where(eq(syncState.id, 1)).get()?.cursor;
    visited.add(cursor ?? '');
    // What arrived so far is kept; the next run goes on from here.
    if (pages >= options.maxPages) throw new SyncError('pageLimit');
    const query = new URLSearchParams({ limit: String(options.pageSize) });
    if (cursor) query.set('since', cursor);
    const page = await session.requestBody(
      ChangesResponse,
      'GET',
      `${PATHS.changes}?${query.toString()}`,
    );
    // "More" from the same place again would ask for the same page forever, and a cursor
    // back to an earlier place would go round: refused before anything of the page is applied.
    const more = page.hasMore && page.changes.length > 0;
    const from = cursor ?? '';
    if (page.cursor === from ? more : !cursorAdvances(from, page.cursor, visited))
      throw new SyncError('cursorLoop', 200);
    session.live();
    const now = options.now();
    const store = steps.store;
    const { sqlite, db } = store;
    // The page and its cursor commit together: a crash re-applies the page, idempotently.
    // A page that cannot be written here is rolled back whole (cursor included) and is not
    // a transient failure: the same page would fail the same way on every retry.
    let applied: number;
    try {
      applied = sqlite.transaction(() => {
        let n = 0;
        const counts: Record<string, number> = {};
        // Each record written to a child's file gets its own row (the child's history shows
        // it); the page's counts get one more.
        const records: AuditEntry[] = [];
        for (const change of page.changes)
          if (applyPulledChange(store, change, now, { audit: records })) {
            n++;
            counts[change.entity] = (counts[change.entity] ?? 0) + 1;
          }
        appendAuditRows(store, records, now);
        if (n) auditSyncStep(store, 'sync.pull', counts, now);
        db.insert(syncState)
          .values({ id: 1, cursor: page.cursor })
          .onConflictDoUpdate({ target: syncState.id, set: { cursor: page.cursor } })
          .run();
        return n;
      })();
    } catch {
      throw new SyncError('applyFailed');
    }
    report.pulled += applied;
    steps.setPhase('pulling', { done: report.pulled, total: report.pulled });
    if (!more) return pullAwaitingChild(steps, report);
  }
}

/**
 * Records refused with their child (a representative of a child whose arrival was refused)
 * once the child is no longer refused, and records refused while their month is closed here
 * (`awaitingReopen`: judged anew on every sync, they arrive once the month is reopened): the
 * feed does not send them again, so they are asked for by id (the digest's records with data)
 * and judged anew. One the portal no longer holds is done waiting (its deletion comes through
 * the feed).
 */
async function pullAwaitingChild(steps: SyncSteps, report: SyncReport): Promise<void> {
  const { store, session, options } = steps;
  const waiting = [...awaitingChild(store), ...awaitingReopen(store)];
  for (const entity of new Set(waiting.map((record) => record.entity))) {
    if (!EntityName.safeParse(entity).success) continue;
    const name = entity as Entity;
    const ids = waiting.filter((record) => record.entity === entity).map((record) => record.id);
    for (let i = 0; i < ids.length; i += MAX_DIGEST_IDS) {
      const asked = ids.slice(i, i + MAX_DIGEST_IDS);
      const records = (await remoteRecords(session, name, asked)).map((record) => {
        const data = ENTITY_DATA[name].safeParse(record.data);
        if (!data.success) throw new SyncError('invalidResponse', 200);
        return { ...record, data: data.data };
      });
      const now = options.now();
      try {
        report.pulled += store.sqlite.transaction(() => {
          let n = 0;
          const rows: AuditEntry[] = [];
          const found = new Set(records.map((record) => record.id));
          for (const id of asked) if (!found.has(id)) clearRejectedPull(store, entity, id);
          for (const record of records) {
            const change = { entity, id: record.id, version: record.version, deleted: false };
            if (
              applyPulledChange(store, { ...change, data: record.data }, now, {
                again: true,
                audit: rows,
              })
            )
              n++;
          }
          appendAuditRows(store, rows, now);
          if (n) auditSyncStep(store, 'sync.pull', { [entity]: n }, now);
          return n;
        })();
      } catch {
        throw new SyncError('applyFailed');
      }
    }
  }
}

/**
 * Whether the feed moved forward from `from` to `to` (two different cursors). Cursors are
 * opaque, so: a decimal cursor (the emulator's, the portal's today) must grow, and any cursor
 * must be one this run has not been at already.
 */
export function cursorAdvances(from: string, to: string, visited: ReadonlySet<string>): boolean {
  // No position at all is the feed's beginning: never stored over a later one.
  if (visited.has(to) || to === '') return false;
  const decimal = /^\d{1,30}$/;
  return !(decimal.test(from) && decimal.test(to)) || BigInt(to) > BigInt(from);
}
