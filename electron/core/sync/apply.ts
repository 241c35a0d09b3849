import { randomUUID } from 'node:crypto';
import type Database from 'better-sqlite3';
import type { Store } from '../../../db/connection';

/** A pulled change after validation by the protocol's schema. */
export interface PulledChange {
  entity: string;
  id: string;
  version: number;
  deleted: boolean;
  data?: unknown;
}

type Data = Record<string, unknown>;
type Value = string | number | null;

/**
 * Prepared statements per connection, by SQL text. A pull applies tens of thousands of rows;
 * building each query anew would cost more than the writes themselves.
 */
const statements = new WeakMap<Store, Map<string, Database.Statement>>();
function sql(store: Store, text: string): Database.Statement {
  let cache = statements.get(store);
  if (!cache) statements.set(store, (cache = new Map()));
  let statement = cache.get(text);
  if (!statement) cache.set(text, (statement = store.sqlite.prepare(text)));
  return statement;
}

function synced(store: Store, entity: string, id: string) {
  return sql(
    store,
    'SELECT version, local_id AS localId FROM sync_versions WHERE entity = ? AND entity_id = ?',
  ).get(entity, id) as { version: number; localId: string | null } | undefined;
}

/** The local row of a portal entity: the same id unless it was linked to an existing one. */
export function localIdOf(store: Store, entity: string, portalId: string): string {
  return synced(store, entity, portalId)?.localId ?? portalId;
}

export function syncedVersion(store: Store, entity: string, id: string): number | null {
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
  sql(
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
  const rows = sql(
    store,
    "SELECT fields FROM sync_outbox WHERE status = 'pending' AND entity = ? AND entity_id = ?",
  ).all(entity, id) as { fields: string }[];
  const conflicted = sql(
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

function str(data: Data, key: string): string | null {
  const value = data[key];
  return typeof value === 'string' ? value : null;
}

/** Column values for the keys present in `data` and not held back by a pending local change. */
function pick(data: Data, held: Set<string>, map: Record<string, string>): Record<string, Value> {
  const out: Record<string, Value> = {};
  for (const [field, column] of Object.entries(map)) {
    if (field in data && !held.has(field)) out[column] = (data[field] ?? null) as Value;
  }
  return out;
}

function update(store: Store, table: string, id: string, values: Record<string, Value>): void {
  const columns = Object.keys(values);
  if (!columns.length) return;
  sql(store, `UPDATE ${table} SET ${columns.map((c) => `${c} = ?`).join(', ')} WHERE id = ?`).run(
    ...columns.map((c) => values[c]!),
    id,
  );
}

function insert(store: Store, table: string, values: Record<string, Value>): void {
  const columns = Object.keys(values);
  sql(
    store,
    `INSERT INTO ${table} (${columns.join(', ')}) VALUES (${columns.map(() => '?').join(', ')})`,
  ).run(...columns.map((c) => values[c]!));
}

const CHILD_FIELDS: Record<string, string> = {
  iin: 'iin',
  lastName: 'last_name',
  firstName: 'first_name',
  patronymic: 'patronymic',
  birthDate: 'birth_date',
  sex: 'sex',
  citizenship: 'citizenship',
  registeredAddress: 'registered_address',
  status: 'status',
  actualAddress: 'actual_address',
  enrolledOn: 'enrolled_on',
  leftOn: 'left_on',
};

function groupIdByName(store: Store, name: string | null): string | null | undefined {
  if (name === null) return null;
  return (
    sql(store, 'SELECT id FROM groups WHERE name = ? LIMIT 1').get(name) as
      { id: string } | undefined
  )?.id;
}

const exists = (store: Store, table: string, id: string) =>
  sql(store, `SELECT 1 FROM ${table} WHERE id = ?`).get(id) !== undefined;
const idByIin = (store: Store, table: string, iin: string) =>
  (sql(store, `SELECT id FROM ${table} WHERE iin = ?`).get(iin) as { id: string } | undefined)?.id;

function childValues(store: Store, data: Data, held: Set<string>) {
  const values = pick(data, held, CHILD_FIELDS);
  if ('groupName' in data && !held.has('groupName')) {
    const groupId = groupIdByName(store, str(data, 'groupName'));
    if (groupId !== undefined) values.group_id = groupId;
  }
  return values;
}

/** Where a pending mutation names a linked row in its fields (`childId`, `representativeId`). */
const REFERENCE_FIELD: Record<string, string> = {
  child: '$.childId',
  representative: '$.representativeId',
};

/**
 * A local row (kept here before the portal sent it) was just linked to the portal's id: its
 * pending mutations, and those that refer to it, now name the portal's id. Otherwise the queued
 * creation would make a second copy at the portal, and the pull would not see that its fields
 * wait to be sent.
 */
function relinkPending(store: Store, entity: string, localId: string, portalId: string): void {
  sql(
    store,
    "UPDATE sync_outbox SET entity_id = ? WHERE status = 'pending' AND entity = ? AND entity_id = ?",
  ).run(portalId, entity, localId);
  if (entity === 'child')
    // A child's health summary has the child's id as its own.
    sql(
      store,
      "UPDATE sync_outbox SET entity_id = ? WHERE status = 'pending' AND entity = 'health' AND entity_id = ?",
    ).run(portalId, localId);
  const path = REFERENCE_FIELD[entity]!;
  sql(
    store,
    `UPDATE sync_outbox SET fields = json_set(fields, '${path}', ?)
     WHERE status = 'pending' AND json_extract(fields, '${path}') = ?`,
  ).run(portalId, localId);
}

/** Writes a child's fields onto the local file (creating it as `referred` when new). */
export function writeChild(store: Store, portalId: string, data: Data, now: string): string {
  let localId = localIdOf(store, 'child', portalId);
  let found = exists(store, 'children', localId);
  const iin = str(data, 'iin');
  if (!found && iin) {
    // A file already kept here for the same child (e.g. entered before the referral arrived).
    const byIin = idByIin(store, 'children', iin);
    if (byIin) {
      [localId, found] = [byIin, true];
      relinkPending(store, 'child', byIin, portalId);
    }
  }
  const held = found ? pendingFields(store, 'child', portalId) : new Set<string>();
  const values = childValues(store, data, held);
  if (found) update(store, 'children', localId, { ...values, updated_at: now });
  else
    insert(store, 'children', {
      status: 'referred',
      ...values,
      id: localId,
      created_at: now,
      updated_at: now,
    });
  return localId;
}

const REPRESENTATIVE_FIELDS: Record<string, string> = {
  iin: 'iin',
  lastName: 'last_name',
  firstName: 'first_name',
  patronymic: 'patronymic',
  phone: 'phone',
  email: 'email',
};

function writeRepresentative(store: Store, portalId: string, data: Data, now: string): string {
  let localId = localIdOf(store, 'representative', portalId);
  let found = exists(store, 'representatives', localId);
  const iin = str(data, 'iin');
  if (!found && iin) {
    const byIin = idByIin(store, 'representatives', iin);
    if (byIin) {
      [localId, found] = [byIin, true];
      relinkPending(store, 'representative', byIin, portalId);
    }
  }
  const held = found ? pendingFields(store, 'representative', portalId) : new Set<string>();
  const values = pick(data, held, REPRESENTATIVE_FIELDS);
  if (found) update(store, 'representatives', localId, { ...values, updated_at: now });
  else
    insert(store, 'representatives', {
      id_document_type: 'id_card',
      id_document_number: '',
      phone: '',
      ...values,
      id: localId,
      created_at: now,
      updated_at: now,
    });
  const childPortalId = str(data, 'childId');
  const relation = str(data, 'relation');
  if (childPortalId && relation) {
    const childId = localIdOf(store, 'child', childPortalId);
    if (exists(store, 'children', childId))
      sql(
        store,
        `INSERT INTO child_representatives (child_id, representative_id, relation, is_primary)
         VALUES (?, ?, ?, 0) ON CONFLICT (child_id, representative_id) DO UPDATE SET relation = excluded.relation`,
      ).run(childId, localId, relation);
  }
  return localId;
}

function writePrivilege(store: Store, portalId: string, data: Data, now: string): void {
  const childPortalId = str(data, 'childId');
  const code = str(data, 'categoryCode');
  if (!childPortalId || !code) return;
  const childId = localIdOf(store, 'child', childPortalId);
  if (!exists(store, 'children', childId)) return;
  // A category this store has not seen yet: kept under its code until the list is refreshed.
  sql(
    store,
    `INSERT INTO privilege_categories (code, kind, name_kk, name_ru, active)
     VALUES (?, 'first_priority', ?, ?, 1) ON CONFLICT DO NOTHING`,
  ).run(code, code, code);
  sql(
    store,
    `INSERT INTO child_privileges (id, child_id, category_code, valid_until, confirmation, created_at)
     VALUES (?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET child_id = excluded.child_id,
       category_code = excluded.category_code, valid_until = excluded.valid_until,
       confirmation = excluded.confirmation`,
  ).run(
    portalId,
    childId,
    code,
    str(data, 'validUntil'),
    data.verified === true ? 'confirmed' : 'pending',
    now,
  );
}

function writeReferral(store: Store, id: string, data: Data): void {
  sql(
    store,
    `INSERT INTO referrals (id, number, issued_on, valid_until, age_group, status, child_id, organization_bin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET number = excluded.number,
       issued_on = excluded.issued_on, valid_until = excluded.valid_until,
       age_group = excluded.age_group, child_id = excluded.child_id,
       organization_bin = excluded.organization_bin,
       -- accepted here and not yet confirmed by the portal: keep ours
       status = CASE WHEN accepted_child_id IS NOT NULL AND excluded.status = 'issued'
                     THEN status ELSE excluded.status END`,
  ).run(
    id,
    str(data, 'number') ?? '',
    str(data, 'issuedOn') ?? '',
    str(data, 'validUntil') ?? '',
    str(data, 'ageGroup') ?? '',
    str(data, 'status') ?? 'issued',
    str(data, 'childId') ?? '',
    str(data, 'organizationBin') ?? '',
  );
}

function writeNotice(store: Store, id: string, data: Data): void {
  const title = (data.title ?? {}) as Data;
  const body = (data.body ?? {}) as Data;
  sql(
    store,
    `INSERT INTO notices (id, published_on, rules_version, title_kk, title_ru, body_kk, body_ru)
     VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET published_on = excluded.published_on,
       rules_version = excluded.rules_version, title_kk = excluded.title_kk,
       title_ru = excluded.title_ru, body_kk = excluded.body_kk, body_ru = excluded.body_ru`,
  ).run(
    id,
    str(data, 'publishedOn') ?? '',
    str(data, 'rulesVersion') ?? '',
    str(title, 'kk') ?? '',
    str(title, 'ru') ?? '',
    str(body, 'kk') ?? '',
    str(body, 'ru') ?? '',
  );
}

const DELETABLE: Record<string, string> = {
  referral: 'referrals',
  notice: 'notices',
  privilege: 'child_privileges',
};

/**
 * Applies one pulled change inside the caller's transaction; idempotent by
 * `(entity, id, version)`: an already-seen version changes nothing. Returns whether it applied.
 *
 * Mapping onto local tables: child → `children` (new ones as `referred`; an existing file with
 * the same IIN is linked, not duplicated); representative → `representatives` + the link to the
 * child; privilege → `child_privileges` (verified → confirmed); referral → `referrals`; notice →
 * `notices`. Contracts, documents and health written by another device are recorded as synced
 * versions only (their content and blobs stay at the portal). Deletions remove referrals,
 * notices and privileges; a child's or representative's file is never deleted (the rules keep
 * it). Kindergarten fields with a local change still in the outbox are not overwritten: the
 * push decides them (applied, or a conflict for a person).
 */
export function applyPulledChange(
  store: Store,
  change: PulledChange,
  now: string,
  /** `again`: the version held here is written once more (a repair after a content check). */
  options: { again?: boolean } = {},
): boolean {
  const known = syncedVersion(store, change.entity, change.id);
  if (known !== null && (options.again ? known > change.version : known >= change.version))
    return false;
  const data = (change.data ?? {}) as Data;
  let localId: string | null = null;
  if (change.deleted) {
    const table = DELETABLE[change.entity];
    if (table) sql(store, `DELETE FROM ${table} WHERE id = ?`).run(change.id);
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
  if (!change.deleted) followOpenConflicts(store, change.entity, change.id, change.version, data);
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
  const open = sql(
    store,
    `SELECT id, field FROM sync_conflicts
      WHERE status = 'open' AND entity = ? AND entity_id = ? AND server_version < ?`,
  ).all(entity, id, version) as { id: string; field: string }[];
  for (const conflict of open) {
    if (!(conflict.field in data)) continue;
    sql(store, 'UPDATE sync_conflicts SET server_value = ?, server_version = ? WHERE id = ?').run(
      JSON.stringify(data[conflict.field] ?? null),
      version,
      conflict.id,
    );
  }
}

const HEALTH_FIELDS: Record<string, string> = {
  bloodGroup: 'blood_group',
  rhFactor: 'rh_factor',
  healthGroup: 'health_group',
  peGroup: 'pe_group',
  disability: 'disability',
};

/**
 * Entities whose portal values have a local copy to write onto: child, representative, and a
 * child's health summary (the passport's fields). Contracts and documents are printed or
 * imported files here (another device's are tracked as versions only), and a referral's status
 * is this kindergarten's act: for those the portal's value cannot be taken locally.
 */
export const OVERWRITABLE = new Set(['child', 'representative', 'health']);

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
    const values = childValues(store, fields, new Set());
    if (Object.keys(values).length)
      update(store, 'children', localIdOf(store, 'child', portalId), {
        ...values,
        updated_at: now,
      });
  } else if (entity === 'representative') {
    const values = pick(fields, new Set(), REPRESENTATIVE_FIELDS);
    if (Object.keys(values).length)
      update(store, 'representatives', localIdOf(store, 'representative', portalId), {
        ...values,
        updated_at: now,
      });
  } else if (entity === 'health') {
    // One summary per child, with the child's id as its id.
    const values = pick(fields, new Set(), HEALTH_FIELDS);
    if (Object.keys(values).length)
      sql(
        store,
        `UPDATE health_passports SET ${Object.keys(values)
          .map((c) => `${c} = ?`)
          .join(', ')}, updated_at = ? WHERE child_id = ?`,
      ).run(...Object.values(values), now, localIdOf(store, 'child', portalId));
  }
}

export const newId = randomUUID;
