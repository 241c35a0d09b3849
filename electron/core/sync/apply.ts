/**
 * The pull's engine: changes pulled from the portal applied here through each record type's
 * own rules (record-types.ts), with what the engine keeps for every type: the synced versions
 * (idempotent by entity, id and version), the fields held back for the push or the conflict
 * inbox, the link of a portal record to one kept here before, the inbox following the portal,
 * and the changes the rules refused (rejected pulls, shown on the Portal page). It names no
 * record's table or column: those are the record modules'.
 */
import { randomUUID } from 'node:crypto';
import type { ReadableStore, Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import { appendAudit, type AuditEntry } from '../audit/audit-log';
import {
  RECORD_TYPES,
  recordType,
  type HeldField,
  type PortalIds,
  type PullOutcome,
  type RecordType,
} from './record-types';

/** A pulled change after validation by the protocol's schema. */
export interface PulledChange {
  entity: string;
  id: string;
  version: number;
  deleted: boolean;
  data?: unknown;
}

type Data = Record<string, unknown>;

function synced(store: ReadableStore, entity: string, id: string) {
  return statement(
    store,
    'SELECT version, local_id AS localId FROM sync_versions WHERE entity = ? AND entity_id = ?',
  ).get(entity, id) as { version: number; localId: string | null } | undefined;
}

/** The local row of a portal entity: the same id unless it was linked to an existing one. */
export function localIdOf(store: ReadableStore, entity: string, portalId: string): string {
  return synced(store, entity, portalId)?.localId ?? portalId;
}

/** The portal's id of a local row: its own id unless a pulled record was linked to it. */
export function portalIdOf(store: ReadableStore, entity: string, localId: string): string {
  return (
    (statement(store, 'SELECT entity_id FROM sync_versions WHERE entity = ? AND local_id = ?')
      .pluck()
      .get(entity, localId) as string | undefined) ?? localId
  );
}

/** Local ids ↔ the portal's ids, as the synced versions link them. */
export function portalIds(store: ReadableStore): PortalIds {
  return {
    local: (entity, portalId) => localIdOf(store, entity, portalId),
    portal: (entity, localId) => portalIdOf(store, entity, localId),
  };
}

export function syncedVersion(store: ReadableStore, entity: string, id: string): number | null {
  return synced(store, entity, id)?.version ?? null;
}

export function setSyncedVersion(
  store: Store,
  entity: string,
  id: string,
  version: number,
  deleted: boolean,
  localId: string | null = null,
): void {
  statement(
    store,
    `INSERT INTO sync_versions (entity, entity_id, version, deleted, local_id) VALUES (?, ?, ?, ?, ?)
     ON CONFLICT (entity, entity_id) DO UPDATE SET version = excluded.version,
       deleted = excluded.deleted, local_id = coalesce(excluded.local_id, local_id)`,
  ).run(entity, id, version, deleted ? 1 : 0, localId);
}

/**
 * Fields that local, not yet sent changes carry, or that wait in the conflict inbox: a pull
 * must not overwrite them (the push, or the person resolving the conflict, decides).
 */
function pendingFields(store: Store, entity: string, id: string): Set<string> {
  const rows = statement(
    store,
    "SELECT fields FROM sync_outbox WHERE status = 'pending' AND entity = ? AND entity_id = ?",
  ).all(entity, id) as { fields: string }[];
  const conflicted = statement(
    store,
    "SELECT field FROM sync_conflicts WHERE status = 'open' AND entity = ? AND entity_id = ?",
  )
    .pluck()
    .all(entity, id) as string[];
  return new Set([
    ...rows.flatMap((row) => Object.keys(JSON.parse(row.fields) as Data)),
    ...conflicted,
  ]);
}

/**
 * A held field's local changes not yet acknowledged by the portal (`PortalPull.heldField`):
 * the outbox rows carrying it that wait to be sent, or whose push opened a conflict on it still
 * open. Null when there is none.
 */
function heldField(store: Store, entity: string, id: string, field: string): HeldField | null {
  const path = `$."${field.replaceAll('"', '')}"`;
  const rows = statement(
    store,
    `SELECT at, fields -> ? AS value FROM sync_outbox
      WHERE entity = ? AND entity_id = ? AND json_type(fields, ?) IS NOT NULL
        AND (status = 'pending' OR mutation_id IN (SELECT mutation_id FROM sync_conflicts
          WHERE status = 'open' AND entity = ? AND entity_id = ? AND field = ?))
      ORDER BY seq`,
  ).all(path, entity, id, path, entity, id, field) as { at: string; value: string | null }[];
  if (!rows.length) return null;
  // The last value the portal took of the field: a push acknowledged without a conflict on it.
  const sent = statement(
    store,
    `SELECT fields -> ? FROM sync_outbox
      WHERE status = 'sent' AND entity = ? AND entity_id = ? AND json_type(fields, ?) IS NOT NULL
        AND mutation_id NOT IN (SELECT mutation_id FROM sync_conflicts WHERE field = ?)
      ORDER BY seq DESC LIMIT 1`,
  )
    .pluck()
    .get(path, entity, id, path, field) as string | null | undefined;
  const parse = (json: string | null | undefined): unknown =>
    typeof json === 'string' ? (JSON.parse(json) as unknown) : json;
  return {
    since: rows.reduce((min, row) => (row.at < min ? row.at : min), rows[0]!.at),
    values: rows.map((row) => parse(row.value)),
    sent: parse(sent),
  };
}

/**
 * A local row (kept here before the portal sent it) was just linked to the portal's id: its
 * pending mutations, those of the types keyed by its id (a child's health summary), and those
 * that refer to it (`childId`, `representativeId`) now name the portal's id. Otherwise the
 * queued creation would make a second copy at the portal, and the pull would not see that its
 * fields wait to be sent.
 */
function relinkPending(store: Store, type: RecordType, localId: string, portalId: string): void {
  const sharing = Object.values(RECORD_TYPES)
    .filter((other) => other.idsOf === type.entity)
    .map((other) => other.entity);
  for (const entity of [type.entity, ...sharing])
    statement(
      store,
      "UPDATE sync_outbox SET entity_id = ? WHERE status = 'pending' AND entity = ? AND entity_id = ?",
    ).run(portalId, entity, localId);
  if (!type.referencedAs) return;
  const path = `$.${type.referencedAs}`;
  statement(
    store,
    `UPDATE sync_outbox SET fields = json_set(fields, ?, ?)
     WHERE status = 'pending' AND json_extract(fields, ?) = ?`,
  ).run(path, portalId, path, localId);
}

/** A record type's verdict that its rules refuse the change: what it wrote is rolled back. */
class Refused extends Error {
  constructor(readonly outcome: Extract<PullOutcome, { applied: false }>) {
    super('refused');
  }
}

/** Runs `work` in a savepoint of the caller's transaction (one function per connection). */
const savepoints = new WeakMap<Store, (work: () => PullOutcome) => PullOutcome>();
function inSavepoint(store: Store, work: () => PullOutcome): PullOutcome {
  let run = savepoints.get(store);
  if (!run) {
    run = store.sqlite.transaction((inner: () => PullOutcome) => {
      const outcome = inner();
      if (!outcome.applied) throw new Refused(outcome);
      return outcome;
    });
    savepoints.set(store, run);
  }
  try {
    return run(work);
  } catch (error) {
    if (error instanceof Refused) return error.outcome;
    throw error;
  }
}

/**
 * What a rejected pull keeps of the pulled record: what the Portal page shows of it (whom it is
 * about, and a child-month's month), never the rest of the person's data (IIN, birth date,
 * addresses, phone, e-mail, a child's marks and the parent's comment). It
 * is not needed again: a later version of the record is judged anew, and a record refused with
 * its child is pulled again from the portal when the child is accepted (`awaitingChild`).
 */
export const REJECTED_PULL_KEPT = [
  'lastName',
  'firstName',
  'patronymic',
  'childId',
  'month',
] as const;

/** A change a record type's rules refused: kept for the Portal page (its newest version). */
function recordRejectedPull(
  store: Store,
  change: PulledChange,
  outcome: Extract<PullOutcome, { applied: false }>,
  now: string,
): void {
  const data = (change.data ?? {}) as Data;
  const kept: Data = {};
  for (const field of REJECTED_PULL_KEPT) if (field in data) kept[field] = data[field];
  statement(
    store,
    `INSERT INTO sync_rejected_pulls (entity, entity_id, version, reason, fields, data, at)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (entity, entity_id) DO UPDATE SET
       version = excluded.version, reason = excluded.reason, fields = excluded.fields,
       data = excluded.data, at = excluded.at`,
  ).run(
    change.entity,
    change.id,
    change.version,
    outcome.reason,
    JSON.stringify(outcome.fields),
    JSON.stringify(kept),
    now,
  );
}

/** A later version of the record was applied (or it was deleted): its rejection is over. */
export function clearRejectedPull(store: Store, entity: string, id: string): void {
  statement(store, 'DELETE FROM sync_rejected_pulls WHERE entity = ? AND entity_id = ?').run(
    entity,
    id,
  );
}

/** Portal ids of the records whose newest pulled change was refused here, of one entity. */
export function rejectedPullIds(store: ReadableStore, entity: string): Set<string> {
  return new Set(
    statement(store, 'SELECT entity_id FROM sync_rejected_pulls WHERE entity = ?')
      .pluck()
      .all(entity) as string[],
  );
}

/**
 * Records refused because their child is not kept here (`childRefused`: refused, or not pulled
 * yet) whose child has now arrived (pulled, not deleted, not refused): the feed will not send
 * them again (it sends a record's newest version once), so the pull asks the portal for them
 * and judges them anew (pull.ts).
 */
export function awaitingChild(store: ReadableStore): { entity: string; id: string }[] {
  return statement(
    store,
    `SELECT r.entity, r.entity_id AS id FROM sync_rejected_pulls r
       JOIN sync_versions v ON v.entity = 'child' AND v.deleted = 0
        AND v.entity_id = json_extract(r.data, '$.childId')
      WHERE r.reason = 'childRefused' AND NOT EXISTS (SELECT 1 FROM sync_rejected_pulls c
        WHERE c.entity = 'child' AND c.entity_id = v.entity_id)
      ORDER BY r.at, r.entity, r.entity_id`,
  ).all() as { entity: string; id: string }[];
}

/**
 * Reasons a pulled change is refused only while something here stays as it is (a month closed
 * here, by the record's own rules): the change is not counted as synced (a push of the record
 * meanwhile meets the portal's newer version and opens a conflict showing both values, instead
 * of writing over it), and it is asked for again and judged anew on every sync
 * (`awaitingReopen`), so once the director reopens the month it arrives.
 */
export const REJUDGED_REASONS: ReadonlySet<string> = new Set([
  'attendanceMonthClosedHere',
  'childMonthClosed',
]);

/** Records refused for a reason that may pass later (`REJUDGED_REASONS`): asked for again. */
export function awaitingReopen(store: ReadableStore): { entity: string; id: string }[] {
  const reasons = [...REJUDGED_REASONS];
  return statement(
    store,
    `SELECT entity, entity_id AS id FROM sync_rejected_pulls
      WHERE reason IN (${reasons.map(() => '?').join(', ')})
      ORDER BY at, entity, entity_id`,
  ).all(...reasons) as { entity: string; id: string }[];
}

export interface ApplyOptions {
  /** `again`: the version held here is written once more (a repair after a content check). */
  again?: boolean;
  /**
   * Where the audit rows of records written to a child's file go (the pull writes a page's at
   * once); appended right away when not given.
   */
  audit?: AuditEntry[];
}

/**
 * Applies one pulled change inside the caller's transaction; idempotent by
 * `(entity, id, version)`: an already-seen version changes nothing. Returns whether it applied
 * (a change the record's rules refused counts as seen, not applied).
 *
 * Each record type writes its own tables (`applyFromPortal`, see its record module): a child
 * new here is created as `referred` unless the portal says otherwise, and one kept here before
 * with the same IIN is linked, not duplicated; a representative with their link to the child;
 * a privilege; a referral; a notice. A contract, document or health summary written by another
 * device is recorded as a synced version only (its content and blob stay at the portal). A
 * deletion removes what the type can remove (a referral, notice or privilege); a child's or
 * representative's file is never deleted (the rules keep it). Kindergarten fields with a local
 * change still in the outbox, or waiting in the conflict inbox, are not overwritten: the push
 * decides them (applied, or a conflict for a person).
 *
 * A change that breaks the type's rules (an invalid IIN, a status the child cannot reach from
 * its status here) is not applied, nothing of it: it is kept as a rejected pull with its reason.
 * Its version is still recorded as synced: the portal sends a record's newest version only, so
 * waiting for it again would never end; a later version is judged anew (and, applied, ends the
 * rejection), and `sync --verify` compares such a record by version only (content.ts). A
 * change refused only while its month is closed here (`REJUDGED_REASONS`) is the exception: it
 * is not counted as synced, and asked for again until it passes.
 */
export function applyPulledChange(
  store: Store,
  change: PulledChange,
  now: string,
  options: ApplyOptions = {},
): boolean {
  const known = syncedVersion(store, change.entity, change.id);
  if (known !== null && (options.again ? known > change.version : known >= change.version))
    return false;
  const type = recordType(change.entity);
  const data = (change.data ?? {}) as Data;
  let outcome: PullOutcome | null = null;
  if (change.deleted) {
    type?.remove?.(store, change.id);
    clearRejectedPull(store, change.entity, change.id);
  } else if (type?.applyFromPortal) {
    const apply = type.applyFromPortal.bind(type);
    outcome = inSavepoint(store, () =>
      apply(store, {
        id: change.id,
        data,
        ids: portalIds(store),
        held: () => pendingFields(store, change.entity, change.id),
        heldField: (field) => heldField(store, change.entity, change.id, field),
        link: (localId) => relinkPending(store, type, localId, change.id),
        now,
      }),
    );
  }
  if (outcome && !outcome.applied) {
    recordRejectedPull(store, change, outcome, now);
    if (!REJUDGED_REASONS.has(outcome.reason))
      setSyncedVersion(store, change.entity, change.id, change.version, false);
    return false;
  }
  const localId = outcome?.localId;
  setSyncedVersion(
    store,
    change.entity,
    change.id,
    change.version,
    change.deleted,
    localId && localId !== change.id ? localId : null,
  );
  if (change.deleted) return true;
  clearRejectedPull(store, change.entity, change.id);
  followOpenConflicts(store, change.entity, change.id, change.version, data);
  if (outcome?.childId && outcome.fields.length) {
    // The child's history shows the change from the portal, with the fields it changed.
    const entry: AuditEntry = {
      actorId: null,
      action: 'sync.pull',
      entity: change.entity,
      entityId: outcome.childId,
      outcome: 'ok',
      fields: outcome.fields,
    };
    if (options.audit) options.audit.push(entry);
    else appendAudit(store, entry, now);
  }
  return true;
}

/**
 * A field waiting in the conflict inbox is not written by a pull, but the portal may have
 * changed it again: the inbox then shows the portal's value now (and its version), so the
 * answer — take it, or keep ours on top of it — applies to the value the person sees.
 */
function followOpenConflicts(
  store: Store,
  entity: string,
  id: string,
  version: number,
  data: Data,
): void {
  const open = statement(
    store,
    `SELECT id, field FROM sync_conflicts
      WHERE status = 'open' AND entity = ? AND entity_id = ? AND server_version < ?`,
  ).all(entity, id, version) as { id: string; field: string }[];
  for (const conflict of open) {
    if (!(conflict.field in data)) continue;
    statement(
      store,
      'UPDATE sync_conflicts SET server_value = ?, server_version = ? WHERE id = ?',
    ).run(JSON.stringify(data[conflict.field] ?? null), version, conflict.id);
  }
}

/**
 * Entities whose portal values have a local copy to write onto (their record type can
 * `overwrite`): child, representative, and a child's health summary (the passport's fields).
 * A contract or document is a printed or imported file here (another device's are tracked as
 * versions only), and a referral's status is this kindergarten's act: for those the portal's
 * value cannot be taken locally.
 */
export const OVERWRITABLE: ReadonlySet<string> = new Set(
  Object.values(RECORD_TYPES)
    .filter((type) => type.overwrite)
    .map((type) => type.entity),
);

/**
 * The portal's values for fields it owns (or that won a conflict resolution) written onto the
 * local copy by its record type, without creating an outbox row.
 */
export function overwriteLocal(
  store: Store,
  entity: string,
  portalId: string,
  fields: Data,
  now: string,
): void {
  recordType(entity)?.overwrite?.(store, portalId, fields, portalIds(store), now);
}

export const newId = randomUUID;
