import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import { localIdOf, portalIdOf, portalIds } from './apply';
import { syncOutbox } from '../../../db/schema';
import type { RecordChange } from '../registry/record-changes';
import { InternalError } from '../errors/app-error';
import { RECORD_TYPES, recordType, type SyncedEntity, type WireRecord } from './record-types';

/** RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, 74 random bits. Sortable by time. */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export interface Change {
  entity: SyncedEntity;
  /** The local id; mapped to the portal's id when the row was linked to a portal entity. */
  id: string;
  op?: 'upsert' | 'delete';
  /** Only the changed fields, in the protocol's shape. */
  fields: Record<string, unknown>;
  /** A blob the portal must hold before this change is sent. */
  blobSha256?: string | null;
  /** The portal's version this change is made on; by default the synced version here. */
  baseVersion?: number;
}

/**
 * Writes one outbox row. Call inside the transaction that makes the change, so the change and
 * the fact that the portal must learn it commit (or roll back) together.
 */
export function recordChange(store: Store, change: Change, now: string): string {
  const entityId = portalIdOf(store, change.entity, change.id);
  const synced = statement(
    store,
    'SELECT version FROM sync_versions WHERE entity = ? AND entity_id = ?',
  )
    .pluck()
    .get(change.entity, entityId) as number | undefined;
  const mutationId = uuidv7(Date.parse(now) || Date.now());
  statement(
    store,
    `INSERT INTO sync_outbox (mutation_id, entity, entity_id, base_version, op, fields, at,
       blob_sha256) VALUES (?, ?, ?, ?, ?, ?, ?, ?)`,
  ).run(
    mutationId,
    change.entity,
    entityId,
    change.baseVersion ?? synced ?? 0,
    change.op ?? 'upsert',
    JSON.stringify(change.fields),
    now,
    change.blobSha256 ?? null,
  );
  localChangeListeners.get(store)?.();
  return mutationId;
}

const localChangeListeners = new WeakMap<Store, () => void>();

/** Called after each outbox write on this store (the sync scheduler debounces it). */
export function onLocalChange(store: Store, listener: (() => void) | null): void {
  if (listener) localChangeListeners.set(store, listener);
  else localChangeListeners.delete(store);
}

function asChange(entity: SyncedEntity, wire: WireRecord, fields = wire.fields): Change {
  return wire.blobSha256 === undefined
    ? { entity, id: wire.id, fields }
    : { entity, id: wire.id, fields, blobSha256: wire.blobSha256 };
}

/**
 * Writes the outbox rows for what a method's transaction changed (registry/record-changes.ts),
 * in the order the records were first changed: a deletion, or the record's fields as they are
 * now (all of them for a new record, else those its writes named). Called by ctx.transact in
 * the same transaction, after the handler's work.
 */
export function recordChanges(store: Store, changes: readonly RecordChange[], now: string): void {
  for (const change of changes) {
    const type = recordType(change.entity);
    if (!type) throw InternalError();
    if (change.deleted) {
      recordChange(
        store,
        { entity: type.entity, id: change.localId, op: 'delete', fields: {} },
        now,
      );
      continue;
    }
    // A change of a type the portal keeps alone is never recorded here.
    if (!type.toWire) throw InternalError();
    const context = change.parent === undefined ? undefined : { parent: change.parent };
    const wire = type.toWire(store, change.localId, portalIds(store), context);
    if (!wire) continue;
    const names = change.fields;
    const fields = names
      ? Object.fromEntries(Object.entries(wire.fields).filter(([field]) => names.includes(field)))
      : wire.fields;
    if (!Object.keys(fields).length) continue;
    recordChange(store, asChange(type.entity, wire, fields), now);
  }
}

/**
 * Records a record's whole current state as one change, outside a method (tests, benches and
 * soaks that write the tables themselves); false when it is not here.
 */
export function recordCurrent(
  store: Store,
  entity: SyncedEntity,
  localId: string,
  now: string,
): boolean {
  const type = recordType(entity);
  const wire = type?.toWire?.(store, localId, portalIds(store));
  if (!type || !wire) return false;
  recordChange(store, asChange(type.entity, wire), now);
  return true;
}

/**
 * The entity's current local state as its record type sends it, from the portal's id of it;
 * null when it no longer exists here (or is not one this app writes).
 */
function currentChange(
  store: ReadableStore,
  entity: string,
  entityId: string,
  sent: Record<string, unknown>,
): Change | null {
  const type = recordType(entity);
  if (!type) return null;
  const localId = localIdOf(store, type.idsOf ?? type.entity, entityId);
  const wire = type.toWire?.(store, localId, portalIds(store), { sent });
  return wire ? asChange(type.entity, wire) : null;
}

/**
 * The entity's current local values of the named fields, built by its record type (the one
 * way a change is built): null when the entity is gone here, or when none of the names is a
 * field this app sends.
 */
export function currentFieldsChange(
  store: ReadableStore,
  entity: string,
  entityId: string,
  names: Record<string, unknown>,
): Change | null {
  const current = currentChange(store, entity, entityId, names);
  if (!current) return null;
  const fields = Object.fromEntries(
    Object.entries(current.fields).filter(([field]) => field in names),
  );
  return Object.keys(fields).length ? { ...current, fields } : null;
}

/**
 * A conflict over a local deletion answered `local`: the deletion is sent again, on the
 * portal's id of the record.
 */
export function sendDeletionAgain(store: Store, entity: string, entityId: string, now: string) {
  recordChange(
    store,
    {
      entity: entity as SyncedEntity,
      id: localIdOf(store, entity, entityId),
      op: 'delete',
      fields: {},
    },
    now,
  );
}

/**
 * A conflict over `field` answered `local`: the field's value here NOW replaces the held
 * changes of it, made on `baseVersion` (the portal's version the inbox showed). False when
 * the record is gone here (its removal is then the change the portal learns).
 */
export function sendCurrentField(
  store: Store,
  conflict: { entity: string; entityId: string; field: string; localValue: unknown },
  baseVersion: number,
  now: string,
): boolean {
  const { entity, entityId, field } = conflict;
  const change = currentFieldsChange(store, entity, entityId, { [field]: conflict.localValue });
  if (!change) return false;
  dropPendingField(store, entity, entityId, field);
  recordChange(store, { ...change, baseVersion }, now);
  return true;
}

export type ResendOutcome =
  | { mutationId: string }
  /** The entity no longer exists here. */
  | 'missing'
  /** None of the rejected fields is one this app sends (nothing to send again). */
  | 'nothingToSend';

/**
 * Sends a rejected upsert again as a NEW mutation (the same mutation id would only be answered
 * `duplicate` with the first answer): the entity's current local values of the same fields,
 * built by the function that records its changes, on the current synced version
 * (`recordChange`). Call inside the transaction that takes the rejected row off the list.
 */
export function recordResend(
  store: Store,
  rejected: { entity: string; entityId: string; fields: string },
  now: string,
): ResendOutcome {
  const sentFields = JSON.parse(rejected.fields) as Record<string, unknown>;
  if (!currentChange(store, rejected.entity, rejected.entityId, sentFields)) return 'missing';
  const change = currentFieldsChange(store, rejected.entity, rejected.entityId, sentFields);
  if (!change) return 'nothingToSend';
  return { mutationId: recordChange(store, change, now) };
}

/**
 * Pending rows that carry a field with an open conflict on their entity are held until a person
 * answers it (`HELD_ROW`: the push skips them; they stay pending and count in the queue). A row
 * that also carries free fields is split here before a push, so those are not delayed: the free
 * fields keep the row (its place in the queue, so later changes of them still follow it) and the
 * held ones move to a new row with a new mutation id. Splitting the row, rather than sending part
 * of it, keeps one mutation id meaning one set of fields. The order of held rows does not matter:
 * the answer decides the field (`server` drops it from them, `local` records its current value
 * after them).
 */
export function splitHeldFields(store: Store): void {
  const mixed = store.sqlite
    .prepare(
      `SELECT o.seq, o.mutation_id AS mutationId, o.entity, o.entity_id AS entityId,
              o.base_version AS baseVersion, o.fields, o.at, o.blob_sha256 AS blobSha256,
              json_group_array(c.field) AS held
         FROM sync_outbox o JOIN sync_conflicts c
           ON c.status = 'open' AND c.entity = o.entity AND c.entity_id = o.entity_id
          AND o.op = 'upsert' AND json_type(o.fields, '$."' || c.field || '"') IS NOT NULL
        WHERE o.status = 'pending'
        GROUP BY o.seq`,
    )
    .all() as {
    seq: number;
    mutationId: string;
    entity: string;
    entityId: string;
    baseVersion: number;
    fields: string;
    at: string;
    blobSha256: string | null;
    held: string;
  }[];
  for (const row of mixed) {
    const held = new Set(JSON.parse(row.held) as string[]);
    const fields = Object.entries(JSON.parse(row.fields) as Record<string, unknown>);
    const free = fields.filter(([field]) => !held.has(field));
    if (!free.length) continue;
    store.db
      .update(syncOutbox)
      .set({ fields: JSON.stringify(Object.fromEntries(free)) })
      .where(eq(syncOutbox.seq, row.seq))
      .run();
    store.db
      .insert(syncOutbox)
      .values({
        mutationId: uuidv7(Date.parse(row.at) || Date.now()),
        entity: row.entity,
        entityId: row.entityId,
        baseVersion: row.baseVersion,
        op: 'upsert',
        fields: JSON.stringify(Object.fromEntries(fields.filter(([field]) => held.has(field)))),
        at: row.at,
        blobSha256: row.blobSha256,
      })
      .run();
  }
}

/** SQL: the `sync_outbox` row carries a field with an open conflict (see `splitHeldFields`). */
export const HELD_ROW = `EXISTS (SELECT 1 FROM sync_conflicts c WHERE c.status = 'open'
  AND c.entity = sync_outbox.entity AND c.entity_id = sync_outbox.entity_id
  AND sync_outbox.op = 'upsert'
  AND json_type(sync_outbox.fields, '$."' || c.field || '"') IS NOT NULL)`;

/**
 * The portal's value was chosen for a field: the pending changes of it are dropped (a row left
 * with no field is removed), so nothing sent later overwrites the chosen value.
 */
export function dropPendingField(
  store: Store,
  entity: string,
  entityId: string,
  field: string,
): void {
  const rows = store.db
    .select({ seq: syncOutbox.seq, fields: syncOutbox.fields })
    .from(syncOutbox)
    .where(
      and(
        eq(syncOutbox.entity, entity),
        eq(syncOutbox.entityId, entityId),
        eq(syncOutbox.status, 'pending'),
        eq(syncOutbox.op, 'upsert'),
      ),
    )
    .all();
  for (const row of rows) {
    const fields = JSON.parse(row.fields) as Record<string, unknown>;
    if (!(field in fields)) continue;
    delete fields[field];
    if (Object.keys(fields).length)
      store.db
        .update(syncOutbox)
        .set({ fields: JSON.stringify(fields) })
        .where(eq(syncOutbox.seq, row.seq))
        .run();
    else store.db.delete(syncOutbox).where(eq(syncOutbox.seq, row.seq)).run();
  }
}

/**
 * At enrolment: records kept here before the device knew the portal (or written by the seeder)
 * are queued as creations once, so the portal learns everything. Rows the portal already
 * knows, or that already have an outbox row, are left alone. Returns how many were queued.
 */
export function queueUnsynced(store: Store, now: string): number {
  const ids = portalIds(store);
  let queued = 0;
  for (const type of Object.values(RECORD_TYPES)) {
    if (!type.localIds || !type.toWire) continue;
    const known = new Set(
      store.sqlite
        .prepare(
          `SELECT entity_id FROM sync_versions WHERE entity = @entity
           UNION SELECT local_id FROM sync_versions WHERE entity = @entity AND local_id IS NOT NULL
           UNION SELECT entity_id FROM sync_outbox WHERE entity = @entity`,
        )
        .pluck()
        .all({ entity: type.entity }) as string[],
    );
    for (const localId of type.localIds(store)) {
      if (known.has(localId)) continue;
      const wire = type.toWire(store, localId, ids);
      if (!wire) continue;
      recordChange(store, asChange(type.entity, wire), now);
      queued++;
    }
  }
  return queued;
}
