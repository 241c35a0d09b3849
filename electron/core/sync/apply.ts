import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import {
  childPrivileges,
  childRepresentatives,
  children,
  groups,
  notices,
  privilegeCategories,
  referrals,
  representatives,
  syncOutbox,
  syncVersions,
} from '../../../db/schema';

/** A pulled change after validation by the protocol's schema. */
export interface PulledChange {
  entity: string;
  id: string;
  version: number;
  deleted: boolean;
  data?: unknown;
}

type Data = Record<string, unknown>;

/** The local row of a portal entity: the same id unless it was linked to an existing one. */
export function localIdOf(store: Store, entity: string, portalId: string): string {
  const row = store.db
    .select({ localId: syncVersions.localId })
    .from(syncVersions)
    .where(and(eq(syncVersions.entity, entity), eq(syncVersions.entityId, portalId)))
    .get();
  return row?.localId ?? portalId;
}

export function syncedVersion(store: Store, entity: string, id: string): number | null {
  return (
    store.db
      .select({ version: syncVersions.version })
      .from(syncVersions)
      .where(and(eq(syncVersions.entity, entity), eq(syncVersions.entityId, id)))
      .get()?.version ?? null
  );
}

export function setSyncedVersion(
  store: Store,
  entity: string,
  id: string,
  version: number,
  deleted: boolean,
  localId: string | null = null,
): void {
  store.db
    .insert(syncVersions)
    .values({ entity, entityId: id, version, deleted, localId })
    .onConflictDoUpdate({
      target: [syncVersions.entity, syncVersions.entityId],
      set: { version, deleted, ...(localId ? { localId } : {}) },
    })
    .run();
}

/** Fields that local, not yet sent changes carry: a pull must not overwrite them (the push decides). */
function pendingFields(store: Store, entity: string, id: string): Set<string> {
  const rows = store.db
    .select({ fields: syncOutbox.fields })
    .from(syncOutbox)
    .where(
      and(
        eq(syncOutbox.entity, entity),
        eq(syncOutbox.entityId, id),
        eq(syncOutbox.status, 'pending'),
      ),
    )
    .all();
  return new Set(rows.flatMap((row) => Object.keys(JSON.parse(row.fields) as Data)));
}

function str(data: Data, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' ? value : null;
}

/** Keeps the keys that are present in `data` and not held back by a pending local change. */
function pick(data: Data, held: Set<string>, map: Record<string, string>): Data {
  const out: Data = {};
  for (const [field, column] of Object.entries(map)) {
    if (field in data && !held.has(field)) out[column] = data[field] ?? null;
  }
  return out;
}

const CHILD_FIELDS: Record<string, string> = {
  iin: 'iin',
  lastName: 'lastName',
  firstName: 'firstName',
  patronymic: 'patronymic',
  birthDate: 'birthDate',
  sex: 'sex',
  citizenship: 'citizenship',
  registeredAddress: 'registeredAddress',
  status: 'status',
  actualAddress: 'actualAddress',
  enrolledOn: 'enrolledOn',
  leftOn: 'leftOn',
};

function groupIdByName(store: Store, name: string | null): string | null | undefined {
  if (name === null) return null;
  return store.db.select({ id: groups.id }).from(groups).where(eq(groups.name, name)).get()?.id;
}

/** Writes a child's fields onto the local file (creating it as `referred` when new). */
export function writeChild(store: Store, portalId: string, data: Data, now: string): string {
  let localId = localIdOf(store, 'child', portalId);
  let local = store.db.select().from(children).where(eq(children.id, localId)).get();
  const iin = str(data, 'iin');
  if (!local && iin) {
    // A file already kept here for the same child (e.g. entered before the referral arrived).
    local = store.db.select().from(children).where(eq(children.iin, iin)).get();
    if (local) localId = local.id;
  }
  const held = local ? pendingFields(store, 'child', portalId) : new Set<string>();
  const values = pick(data, held, CHILD_FIELDS);
  if ('groupName' in data && !held.has('groupName')) {
    const groupId = groupIdByName(store, str(data, 'groupName'));
    if (groupId !== undefined) values.groupId = groupId;
  }
  if (local) {
    if (Object.keys(values).length)
      store.db
        .update(children)
        .set({ ...values, updatedAt: now })
        .where(eq(children.id, localId))
        .run();
  } else {
    store.db
      .insert(children)
      .values({
        status: 'referred',
        ...(values as Partial<typeof children.$inferInsert>),
        id: localId,
        createdAt: now,
        updatedAt: now,
      } as typeof children.$inferInsert)
      .run();
  }
  return localId;
}

const REPRESENTATIVE_FIELDS: Record<string, string> = {
  iin: 'iin',
  lastName: 'lastName',
  firstName: 'firstName',
  patronymic: 'patronymic',
  phone: 'phone',
  email: 'email',
};

function writeRepresentative(store: Store, portalId: string, data: Data, now: string): string {
  let localId = localIdOf(store, 'representative', portalId);
  let local = store.db.select().from(representatives).where(eq(representatives.id, localId)).get();
  const iin = str(data, 'iin');
  if (!local && iin) {
    local = store.db.select().from(representatives).where(eq(representatives.iin, iin)).get();
    if (local) localId = local.id;
  }
  const held = local ? pendingFields(store, 'representative', portalId) : new Set<string>();
  const values = pick(data, held, REPRESENTATIVE_FIELDS);
  if (local) {
    if (Object.keys(values).length)
      store.db
        .update(representatives)
        .set({ ...values, updatedAt: now })
        .where(eq(representatives.id, localId))
        .run();
  } else {
    store.db
      .insert(representatives)
      .values({
        idDocumentType: 'id_card',
        idDocumentNumber: '',
        phone: '',
        ...(values as Partial<typeof representatives.$inferInsert>),
        id: localId,
        createdAt: now,
        updatedAt: now,
      } as typeof representatives.$inferInsert)
      .run();
  }
  const childPortalId = str(data, 'childId');
  const relation = str(data, 'relation');
  if (childPortalId && relation) {
    const childId = localIdOf(store, 'child', childPortalId);
    if (store.db.select({ id: children.id }).from(children).where(eq(children.id, childId)).get())
      store.db
        .insert(childRepresentatives)
        .values({
          childId,
          representativeId: localId,
          relation: relation as typeof childRepresentatives.$inferInsert.relation,
        })
        .onConflictDoUpdate({
          target: [childRepresentatives.childId, childRepresentatives.representativeId],
          set: { relation: relation as typeof childRepresentatives.$inferInsert.relation },
        })
        .run();
  }
  return localId;
}

function writePrivilege(store: Store, portalId: string, data: Data, now: string): void {
  const childPortalId = str(data, 'childId');
  const code = str(data, 'categoryCode');
  if (!childPortalId || !code) return;
  const childId = localIdOf(store, 'child', childPortalId);
  if (!store.db.select({ id: children.id }).from(children).where(eq(children.id, childId)).get())
    return;
  // A category this store has not seen yet: kept under its code until the list is refreshed.
  store.db
    .insert(privilegeCategories)
    .values({ code, kind: 'first_priority', nameKk: code, nameRu: code })
    .onConflictDoNothing()
    .run();
  const values = {
    childId,
    categoryCode: code,
    validUntil: str(data, 'validUntil'),
    confirmation: data.verified === true ? ('confirmed' as const) : ('pending' as const),
  };
  store.db
    .insert(childPrivileges)
    .values({ id: portalId, ...values, createdAt: now })
    .onConflictDoUpdate({ target: childPrivileges.id, set: values })
    .run();
}

function writeReferral(store: Store, id: string, data: Data): void {
  const values = {
    number: str(data, 'number') ?? '',
    issuedOn: str(data, 'issuedOn') ?? '',
    validUntil: str(data, 'validUntil') ?? '',
    ageGroup: str(data, 'ageGroup') ?? '',
    status: str(data, 'status') ?? 'issued',
    childId: str(data, 'childId') ?? '',
    organizationBin: str(data, 'organizationBin') ?? '',
  };
  store.db
    .insert(referrals)
    .values({ id, ...values })
    .onConflictDoUpdate({ target: referrals.id, set: values })
    .run();
}

function writeNotice(store: Store, id: string, data: Data): void {
  const title = (data.title ?? {}) as Data;
  const body = (data.body ?? {}) as Data;
  const values = {
    publishedOn: str(data, 'publishedOn') ?? '',
    rulesVersion: str(data, 'rulesVersion') ?? '',
    titleKk: str(title, 'kk') ?? '',
    titleRu: str(title, 'ru') ?? '',
    bodyKk: str(body, 'kk') ?? '',
    bodyRu: str(body, 'ru') ?? '',
  };
  store.db
    .insert(notices)
    .values({ id, ...values })
    .onConflictDoUpdate({ target: notices.id, set: values })
    .run();
}

/**
 * Applies one pulled change inside the caller's transaction; idempotent by
 * `(entity, id, version)`: an already-seen version changes nothing. Returns whether it applied.
 *
 * Mapping onto local tables: child → `children` (new ones as `referred`; an existing file with
 * the same IIN is linked, not duplicated); representative → `representatives` + the link to the
 * child; privilege → `child_privileges` (verified → confirmed); referral → `referrals`; notice →
 * `notices`. Contracts and documents written by another device are recorded as synced versions
 * only (their content and blobs stay at the portal). Deletions remove referrals, notices and
 * privileges; a child's or representative's file is never deleted (the rules keep it).
 */
export function applyPulledChange(store: Store, change: PulledChange, now: string): boolean {
  const known = syncedVersion(store, change.entity, change.id);
  if (known !== null && known >= change.version) return false;
  const data = (change.data ?? {}) as Data;
  let localId: string | null = null;
  if (change.deleted) {
    if (change.entity === 'referral')
      store.db.delete(referrals).where(eq(referrals.id, change.id)).run();
    if (change.entity === 'notice') store.db.delete(notices).where(eq(notices.id, change.id)).run();
    if (change.entity === 'privilege')
      store.db.delete(childPrivileges).where(eq(childPrivileges.id, change.id)).run();
  } else {
    switch (change.entity) {
      case 'child':
        localId = writeChild(store, change.id, data, now);
        break;
      case 'representative':
        localId = writeRepresentative(store, change.id, data, now);
        break;
      case 'privilege':
        writePrivilege(store, change.id, data, now);
        break;
      case 'referral':
        writeReferral(store, change.id, data);
        break;
      case 'notice':
        writeNotice(store, change.id, data);
        break;
      default:
        break;
    }
  }
  setSyncedVersion(
    store,
    change.entity,
    change.id,
    change.version,
    change.deleted,
    localId && localId !== change.id ? localId : null,
  );
  return true;
}

/**
 * The portal's values for fields it owns (or that won a conflict resolution) written onto the
 * local copy, without creating an outbox row.
 */
export function overwriteLocal(
  store: Store,
  entity: string,
  portalId: string,
  fields: Data,
  now: string,
): void {
  if (entity === 'child') {
    const localId = localIdOf(store, 'child', portalId);
    const values = pick(fields, new Set(), CHILD_FIELDS);
    if ('groupName' in fields) {
      const groupId = groupIdByName(store, str(fields, 'groupName'));
      if (groupId !== undefined) values.groupId = groupId;
    }
    if (Object.keys(values).length)
      store.db
        .update(children)
        .set({ ...values, updatedAt: now })
        .where(eq(children.id, localId))
        .run();
  } else if (entity === 'representative') {
    const localId = localIdOf(store, 'representative', portalId);
    const values = pick(fields, new Set(), REPRESENTATIVE_FIELDS);
    if (Object.keys(values).length)
      store.db
        .update(representatives)
        .set({ ...values, updatedAt: now })
        .where(eq(representatives.id, localId))
        .run();
  }
}

export const newId = randomUUID;
