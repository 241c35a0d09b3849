/**
 * The content side of the digest (PORTAL-SYNC.md, protocol rule 11): each synced record's
 * canonical wire form, hashed, on this side; and the repair `sync --verify` runs when a
 * record's hash differs from the portal's (the record is pulled again and written here).
 */
import type { Store } from '../../../db/connection';
import { children } from '../../../db/schema';
import { CHILD_FIELDS, type ChildFieldSpec } from '../vocabulary/child-fields';
import { applyPulledChange, portalIds, rejectedPullIds } from './apply';
import { recordType } from './record-types';
import { SyncError } from './transport';
import {
  ENTITY_DATA,
  MAX_DIGEST_IDS,
  contentHashOf,
  type Entity,
  type RecordDigest,
} from './protocol';

/**
 * Entities whose every portal field has a local copy, so their content can be compared: a
 * child's file, a referral, a notice, a child's month of attendance (made here or pulled). Contracts,
 * documents and health summaries written by another device are kept as versions only, a
 * representative's `childId` is the child it was created for (the link here may be to another)
 * and a privilege's `verified` is a local confirmation state: those are compared by id and
 * version.
 */
export const CONTENT_ENTITIES: readonly Entity[] = ['child', 'referral', 'notice', 'attendance'];

/**
 * Every local record of a type in its wire form, through its record module's `toWire` (the one
 * way a record is built for the portal): for a type whose wire form spans several tables.
 */
function recordWireForms(store: Store, entity: Entity): Map<string, Data> {
  const type = recordType(entity);
  const ids = portalIds(store);
  const forms = new Map<string, Data>();
  for (const localId of type?.localIds?.(store) ?? []) {
    const wire = type?.toWire?.(store, localId, ids);
    if (wire) forms.set(localId, wire.fields);
  }
  return forms;
}

type Data = Record<string, unknown>;

/**
 * Every child's wire form in one query (a query per child through the record module's toWire
 * is too slow for 10,000), its columns from the child's field table: each synced field's
 * column under its portal name, the group by its name.
 */
const CHILD_WIRE_QUERY = `SELECT c.id, ${(
  Object.entries(CHILD_FIELDS) as [keyof typeof CHILD_FIELDS, ChildFieldSpec][]
)
  .flatMap(([column, { wire }]) =>
    !wire
      ? []
      : column === 'groupId'
        ? [`g.name AS ${wire}`]
        : [`c.${children[column].name} AS ${wire}`],
  )
  .join(', ')} FROM children c LEFT JOIN groups g ON g.id = c.group_id`;

/** Every local row of a content entity in its wire form, by local id (one query each). */
function wireForms(store: Store, entity: Entity): Map<string, Data> {
  if (entity === 'attendance') return recordWireForms(store, entity);
  const all = (text: string) => store.sqlite.prepare(text).all() as (Data & { id: string })[];
  const rows =
    entity === 'child'
      ? all(CHILD_WIRE_QUERY)
      : entity === 'referral'
        ? all(
            `SELECT id, number, issued_on AS issuedOn, valid_until AS validUntil,
                    age_group AS ageGroup, status, child_id AS childId,
                    organization_bin AS organizationBin FROM referrals`,
          )
        : entity === 'notice'
          ? all(
              `SELECT id, published_on AS publishedOn, rules_version AS rulesVersion,
                      json_object('kk', title_kk, 'ru', title_ru) AS title,
                      json_object('kk', body_kk, 'ru', body_ru) AS body FROM notices`,
            ).map((n) => ({
              ...n,
              title: JSON.parse(n.title as string) as unknown,
              body: JSON.parse(n.body as string) as unknown,
            }))
          : [];
  return new Map(rows.map(({ id, ...data }) => [id, data]));
}

/**
 * Each non-deleted synced record of a content entity with the hash of its wire form here. A
 * field waiting in the conflict inbox counts with the portal's value the inbox shows (the
 * person decides it; until then the two sides agree on what the portal holds). A record
 * missing here hashes as nothing, so it differs.
 */
export function localContent(
  store: Store,
  entity: Entity,
): { id: string; version: number; content?: string }[] {
  const rows = store.sqlite
    .prepare(
      `SELECT entity_id AS id, version, coalesce(local_id, entity_id) AS localId
         FROM sync_versions WHERE entity = ? AND deleted = 0`,
    )
    .all(entity) as { id: string; version: number; localId: string }[];
  const keptHere = new Set([
    ...(store.sqlite
      .prepare(
        "SELECT entity_id FROM sync_outbox WHERE entity = ? AND status IN ('rejected', 'dismissed')",
      )
      .pluck()
      .all(entity) as string[]),
    // A portal change this kindergarten's rules refused (an invalid IIN …) is not here either.
    ...rejectedPullIds(store, entity),
  ]);
  const forms = wireForms(store, entity);
  const conflicts = new Map<string, { field: string; value: string }[]>();
  for (const c of store.sqlite
    .prepare(
      "SELECT entity_id AS id, field, server_value AS value FROM sync_conflicts WHERE status = 'open' AND entity = ?",
    )
    .all(entity) as { id: string; field: string; value: string }[])
    conflicts.set(c.id, [...(conflicts.get(c.id) ?? []), c]);
  return rows.map((row) => {
    // A change the portal refused (kept here, or dismissed by a person), or a portal change
    // refused here, leaves this record different on purpose: compared by version only, and
    // never pulled over.
    if (keptHere.has(row.id)) return { id: row.id, version: row.version };
    const found = forms.get(row.localId);
    // Missing here (a child-month another device made is kept here too): it differs.
    if (!found) return { id: row.id, version: row.version, content: '-' };
    const data = { ...found };
    for (const c of conflicts.get(row.id) ?? [])
      if (c.field in data) data[c.field] = JSON.parse(c.value) as unknown;
    return { id: row.id, version: row.version, content: contentHashOf(entity, data) };
  });
}

export interface ContentPortal {
  remoteRecords(entity: Entity, ids?: readonly string[]): Promise<RecordDigest[]>;
}

export interface Repaired {
  entity: Entity;
  id: string;
}

/**
 * Compares every content entity record by record with the portal (also one whose entity digest
 * leaves content out because a record of it is kept different here) and pulls again each record
 * whose content differs (its fields written here as a pull writes them: a field with a local
 * change not yet sent, or waiting in the inbox, is left to the push or the person). Returns the
 * records repaired; ids only, never their content.
 */
export async function repairContent(
  store: Store,
  portal: ContentPortal,
  entities: readonly Entity[],
  now: () => string,
): Promise<Repaired[]> {
  const repaired: Repaired[] = [];
  for (const entity of entities.filter((e) => CONTENT_ENTITIES.includes(e))) {
    const local = localContent(store, entity);
    const keptHere = new Set(local.filter((r) => r.content === undefined).map((r) => r.id));
    const hashes = new Map(local.map((r) => [r.id, r.content]));
    const remote = await portal.remoteRecords(entity);
    const differing = remote
      .filter((r) => !keptHere.has(r.id) && hashes.get(r.id) !== r.hash)
      .map((r) => r.id);
    for (let i = 0; i < differing.length; i += MAX_DIGEST_IDS) {
      const records = await portal.remoteRecords(entity, differing.slice(i, i + MAX_DIGEST_IDS));
      const checked = records.map((record) => {
        const data = ENTITY_DATA[entity].safeParse(record.data);
        if (!data.success) throw new SyncError('invalidResponse', 200);
        return { ...record, data: data.data };
      });
      const at = now();
      store.sqlite.transaction(() => {
        for (const record of checked) {
          applyPulledChange(
            store,
            { entity, id: record.id, version: record.version, deleted: false, data: record.data },
            at,
            { again: true },
          );
          repaired.push({ entity, id: record.id });
        }
      })();
    }
  }
  return repaired;
}
