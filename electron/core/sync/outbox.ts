import { randomBytes } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import { localIdOf } from './apply';
import {
  attachments,
  childRepresentatives,
  children,
  contracts,
  documents,
  groups,
  healthPassports,
  referrals,
  representatives,
  syncOutbox,
  syncVersions,
} from '../../../db/schema';

/** RFC 9562 UUIDv7: 48-bit Unix milliseconds, version 7, 74 random bits. Sortable by time. */
export function uuidv7(now = Date.now()): string {
  const bytes = randomBytes(16);
  bytes.writeUIntBE(now, 0, 6);
  bytes[6] = (bytes[6]! & 0x0f) | 0x70;
  bytes[8] = (bytes[8]! & 0x3f) | 0x80;
  const hex = bytes.toString('hex');
  return `${hex.slice(0, 8)}-${hex.slice(8, 12)}-${hex.slice(12, 16)}-${hex.slice(16, 20)}-${hex.slice(20)}`;
}

export type SyncedEntity =
  | 'referral'
  | 'child'
  | 'representative'
  | 'privilege'
  | 'notice'
  | 'contract'
  | 'document'
  | 'health';

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

/** The portal's id for a local row (the same id unless a pulled entity was linked to it). */
export function portalIdOf(store: Store, entity: string, localId: string): string {
  const linked = store.db
    .select({ entityId: syncVersions.entityId })
    .from(syncVersions)
    .where(and(eq(syncVersions.entity, entity), eq(syncVersions.localId, localId)))
    .get();
  return linked?.entityId ?? localId;
}

/**
 * Writes one outbox row. Call inside the transaction that makes the change, so the change and
 * the fact that the portal must learn it commit (or roll back) together.
 */
export function recordChange(store: Store, change: Change, now: string): string {
  const entityId = portalIdOf(store, change.entity, change.id);
  const synced = store.db
    .select({ version: syncVersions.version })
    .from(syncVersions)
    .where(and(eq(syncVersions.entity, change.entity), eq(syncVersions.entityId, entityId)))
    .get();
  const mutationId = uuidv7(Date.parse(now) || Date.now());
  store.db
    .insert(syncOutbox)
    .values({
      mutationId,
      entity: change.entity,
      entityId,
      baseVersion: change.baseVersion ?? synced?.version ?? 0,
      op: change.op ?? 'upsert',
      fields: JSON.stringify(change.fields),
      at: now,
      blobSha256: change.blobSha256 ?? null,
    })
    .run();
  localChangeListeners.get(store)?.();
  return mutationId;
}

const localChangeListeners = new WeakMap<Store, () => void>();

/** Called after each outbox write on this store (the sync scheduler debounces it). */
export function onLocalChange(store: Store, listener: (() => void) | null): void {
  if (listener) localChangeListeners.set(store, listener);
  else localChangeListeners.delete(store);
}

const CHILD_IDENTITY = [
  'iin',
  'lastName',
  'firstName',
  'patronymic',
  'birthDate',
  'sex',
  'citizenship',
  'registeredAddress',
] as const;
const CHILD_KINDERGARTEN = [
  'status',
  'groupName',
  'actualAddress',
  'enrolledOn',
  'leftOn',
] as const;
export const CHILD_SYNC_FIELDS = [...CHILD_IDENTITY, ...CHILD_KINDERGARTEN] as const;
type ChildSyncField = (typeof CHILD_SYNC_FIELDS)[number];

/** The child as the portal knows it. */
export function childSyncFields(store: Store, childId: string): Record<ChildSyncField, unknown> {
  const child = store.db.select().from(children).where(eq(children.id, childId)).get();
  if (!child) throw new Error('child row missing');
  const group = child.groupId
    ? store.db.select({ name: groups.name }).from(groups).where(eq(groups.id, child.groupId)).get()
    : undefined;
  return {
    iin: child.iin,
    lastName: child.lastName,
    firstName: child.firstName,
    patronymic: child.patronymic,
    birthDate: child.birthDate,
    sex: child.sex,
    citizenship: child.citizenship,
    registeredAddress: child.registeredAddress,
    status: child.status,
    groupName: group?.name ?? null,
    actualAddress: child.actualAddress,
    enrolledOn: child.enrolledOn,
    leftOn: child.leftOn,
  };
}

/** Local column names that map onto a synced child field. */
const CHILD_COLUMN_TO_FIELD: Record<string, ChildSyncField> = {
  iin: 'iin',
  lastName: 'lastName',
  firstName: 'firstName',
  patronymic: 'patronymic',
  birthDate: 'birthDate',
  sex: 'sex',
  citizenship: 'citizenship',
  registeredAddress: 'registeredAddress',
  status: 'status',
  groupId: 'groupName',
  actualAddress: 'actualAddress',
  enrolledOn: 'enrolledOn',
  leftOn: 'leftOn',
};

/** The child with every synced field, or null when there is no such child here. */
function childChange(store: Store, childId: string): Change | null {
  if (!store.db.select({ id: children.id }).from(children).where(eq(children.id, childId)).get())
    return null;
  return { entity: 'child', id: childId, fields: childSyncFields(store, childId) };
}

/**
 * Records a child's change: all fields for a new child (`columns` omitted), otherwise the
 * synced fields among the changed local columns (nothing is written when none is synced).
 */
export function recordChildChange(
  store: Store,
  childId: string,
  now: string,
  columns?: readonly string[],
): void {
  const all = childSyncFields(store, childId);
  const wanted = columns
    ? [...new Set(columns.map((c) => CHILD_COLUMN_TO_FIELD[c]).filter((f) => f !== undefined))]
    : CHILD_SYNC_FIELDS;
  if (!wanted.length) return;
  const fields = Object.fromEntries(wanted.map((f) => [f, all[f]]));
  recordChange(store, { entity: 'child', id: childId, fields }, now);
}

/** A representative as linked to `childId` (identity, relation, phone and e-mail). */
function representativeChange(
  store: Store,
  representativeId: string,
  childId: string,
): Change | null {
  const rep = store.db
    .select()
    .from(representatives)
    .where(eq(representatives.id, representativeId))
    .get();
  const link = store.db
    .select()
    .from(childRepresentatives)
    .where(
      and(
        eq(childRepresentatives.childId, childId),
        eq(childRepresentatives.representativeId, representativeId),
      ),
    )
    .get();
  if (!rep || !link) return null;
  return {
    entity: 'representative',
    id: representativeId,
    fields: {
      childId: portalIdOf(store, 'child', childId),
      relation: link.relation,
      iin: rep.iin,
      lastName: rep.lastName,
      firstName: rep.firstName,
      patronymic: rep.patronymic,
      phone: rep.phone,
      email: rep.email,
    },
  };
}

/** Records a representative as linked to `childId` (identity, relation, phone and e-mail). */
export function recordRepresentativeChange(
  store: Store,
  representativeId: string,
  childId: string,
  now: string,
): void {
  const change = representativeChange(store, representativeId, childId);
  if (change) recordChange(store, change, now);
}

/** A contract's current state (number, status, signing date, printed content hash). */
function contractChange(store: Store, contractId: string): Change | null {
  const contract = store.db.select().from(contracts).where(eq(contracts.id, contractId)).get();
  if (!contract) return null;
  return {
    entity: 'contract',
    id: contractId,
    fields: {
      childId: portalIdOf(store, 'child', contract.childId),
      representativeId: portalIdOf(store, 'representative', contract.representativeId),
      number: contract.number,
      status: contract.status,
      signedOn: contract.signedAt,
      contentSha256: contract.contentHash,
    },
  };
}

/** Records a contract's current state (number, status, signing date, printed content hash). */
export function recordContractChange(store: Store, contractId: string, now: string): void {
  const change = contractChange(store, contractId);
  if (change) recordChange(store, change, now);
}

/** A document as the portal knows it; its blob (the plaintext's SHA-256) goes first. */
function documentChange(store: Store, documentId: string): Change | null {
  const row = store.db
    .select({
      childId: documents.childId,
      type: documents.type,
      sha256: attachments.sha256,
      mime: attachments.mime,
      size: attachments.size,
    })
    .from(documents)
    .innerJoin(attachments, eq(attachments.id, documents.attachmentId))
    .where(eq(documents.id, documentId))
    .get();
  if (!row) return null;
  return {
    entity: 'document',
    id: documentId,
    fields: {
      childId: portalIdOf(store, 'child', row.childId),
      type: row.type,
      blobSha256: row.sha256,
      mime: row.mime,
      size: row.size,
    },
    blobSha256: row.sha256,
  };
}

/** Records a new document; its blob (the plaintext's SHA-256) is uploaded before the mutation. */
export function recordDocumentChange(store: Store, documentId: string, now: string): void {
  const change = documentChange(store, documentId);
  if (change) recordChange(store, change, now);
}

/**
 * A child's health summary (the passport fields; records stay local). One `health` entity per
 * child, with the child's id as its id.
 */
function healthChange(store: Store, childId: string): Change | null {
  const passport = store.db
    .select()
    .from(healthPassports)
    .where(eq(healthPassports.childId, childId))
    .get();
  if (!passport) return null;
  const childPortalId = portalIdOf(store, 'child', childId);
  return {
    entity: 'health',
    id: childPortalId,
    fields: {
      childId: childPortalId,
      bloodGroup: passport.bloodGroup,
      rhFactor: passport.rhFactor,
      healthGroup: passport.healthGroup,
      peGroup: passport.peGroup,
      disability: passport.disability,
    },
  };
}

/** Records a child's health summary (see `healthChange`). */
export function recordHealthChange(store: Store, childId: string, now: string): void {
  const change = healthChange(store, childId);
  if (change) recordChange(store, change, now);
}

/** A referral's kindergarten-owned part: its status (accepting it is the kindergarten's act). */
function referralChange(store: Store, referralId: string): Change | null {
  const referral = store.db
    .select({ status: referrals.status })
    .from(referrals)
    .where(eq(referrals.id, referralId))
    .get();
  return referral
    ? { entity: 'referral', id: referralId, fields: { status: referral.status } }
    : null;
}

/** Records a referral's status (accepted here). */
export function recordReferralChange(store: Store, referralId: string, now: string): void {
  const change = referralChange(store, referralId);
  if (change) recordChange(store, change, now);
}

/**
 * The entity's current local state as its record function sends it, from the portal's id of
 * it; null when it no longer exists here (or is not one this app writes).
 */
function currentChange(
  store: Store,
  entity: string,
  entityId: string,
  fields: Record<string, unknown>,
): Change | null {
  const local = (name: string, id: string) => localIdOf(store, name, id);
  switch (entity) {
    case 'child':
      return childChange(store, local('child', entityId));
    case 'representative': {
      const representativeId = local('representative', entityId);
      const childId =
        typeof fields.childId === 'string'
          ? local('child', fields.childId)
          : store.db
              .select({ childId: childRepresentatives.childId })
              .from(childRepresentatives)
              .where(eq(childRepresentatives.representativeId, representativeId))
              .get()?.childId;
      return childId ? representativeChange(store, representativeId, childId) : null;
    }
    case 'contract':
      return contractChange(store, local('contract', entityId));
    case 'document':
      return documentChange(store, local('document', entityId));
    case 'health':
      return healthChange(store, local('child', entityId));
    case 'referral':
      return referralChange(store, entityId);
    default:
      return null;
  }
}

/**
 * The entity's current local values of the named fields, built by the function that records
 * its changes (the one way a change is built): null when the entity is gone here, or when none
 * of the names is a field this app sends.
 */
export function currentFieldsChange(
  store: Store,
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

export function recordDocumentRemoval(store: Store, documentId: string, now: string): void {
  recordChange(store, { entity: 'document', id: documentId, op: 'delete', fields: {} }, now);
}

/**
 * At enrolment: files kept here before the device knew the portal (or written by the seeder)
 * are queued as creations once, so the portal learns everything. Rows the portal already
 * knows, or that already have an outbox row, are left alone. Returns how many were queued.
 */
export function queueUnsynced(store: Store, now: string): number {
  const unsynced = (entity: SyncedEntity, table: string) =>
    store.sqlite
      .prepare(
        `SELECT id FROM ${table} t WHERE NOT EXISTS (SELECT 1 FROM sync_versions v
           WHERE v.entity = ? AND (v.entity_id = t.id OR v.local_id = t.id))
         AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.entity = ? AND o.entity_id = t.id)
         ORDER BY rowid`,
      )
      .pluck()
      .all(entity, entity) as string[];
  let queued = 0;
  for (const id of unsynced('child', 'children')) {
    recordChildChange(store, id, now);
    queued++;
  }
  for (const id of unsynced('representative', 'representatives')) {
    const link = store.db
      .select({ childId: childRepresentatives.childId })
      .from(childRepresentatives)
      .where(eq(childRepresentatives.representativeId, id))
      .get();
    if (!link) continue;
    recordRepresentativeChange(store, id, link.childId, now);
    queued++;
  }
  for (const id of unsynced('contract', 'contracts')) {
    recordContractChange(store, id, now);
    queued++;
  }
  for (const id of unsynced('document', 'documents')) {
    recordDocumentChange(store, id, now);
    queued++;
  }
  const passports = store.sqlite
    .prepare(
      `SELECT child_id FROM health_passports t WHERE NOT EXISTS (SELECT 1 FROM sync_versions v
         WHERE v.entity = 'health' AND v.entity_id = t.child_id)
       AND NOT EXISTS (SELECT 1 FROM sync_outbox o WHERE o.entity = 'health' AND o.entity_id = t.child_id)`,
    )
    .pluck()
    .all() as string[];
  for (const childId of passports) {
    recordHealthChange(store, childId, now);
    queued++;
  }
  return queued;
}
