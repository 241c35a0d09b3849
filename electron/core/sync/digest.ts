/**
 * The digest `sync --verify` compares: ids and versions of every synced record on each side
 * (and content hashes where this side has a full copy, content.ts), and the entities whose
 * digests differ.
 */
import { eq } from 'drizzle-orm';
import type { Store } from '../../../db/connection';
import { syncVersions } from '../../../db/schema';
import { CONTENT_ENTITIES, localContent } from './content';
import type { RecordDigest } from './protocol';
import type { PortalSession } from './transport';
import { DigestResponse, PATHS, digestOf, type Digest, type Entity } from './wire';

export function localDigest(store: Store): Digest {
  const rows = store.db
    .select({
      entity: syncVersions.entity,
      id: syncVersions.entityId,
      version: syncVersions.version,
    })
    .from(syncVersions)
    .where(eq(syncVersions.deleted, false))
    .all();
  const byEntity = new Map<string, { id: string; version: number; content?: string }[]>();
  for (const row of rows) {
    const list = byEntity.get(row.entity) ?? [];
    list.push(row);
    byEntity.set(row.entity, list);
  }
  // Content too where every portal field has a local copy (content.ts).
  for (const entity of CONTENT_ENTITIES)
    if (byEntity.has(entity)) byEntity.set(entity, localContent(store, entity));
  return Object.fromEntries([...byEntity].map(([entity, list]) => [entity, digestOf(list)]));
}

export async function remoteDigest(session: PortalSession): Promise<Digest> {
  return (await session.requestBody(DigestResponse, 'GET', PATHS.digest)).entities;
}

/** One entity's records with their content hashes at the portal (`ids`: those, with data). */
export async function remoteRecords(
  session: PortalSession,
  entity: Entity,
  ids?: readonly string[],
): Promise<RecordDigest[]> {
  const query = new URLSearchParams({ entity, ...(ids ? { ids: ids.join(',') } : {}) });
  const response = await session.requestBody(DigestResponse, 'GET', `${PATHS.digest}?${query}`);
  return response.records ?? [];
}

/** Entities whose digests (ids and versions, and content where both have it) differ. */
export function digestDifference(local: Digest, remote: Digest): string[] {
  const entities = new Set([...Object.keys(local), ...Object.keys(remote)]);
  return [...entities]
    .filter((e) => {
      const a = local[e];
      const b = remote[e];
      if (!a && b?.count === 0) return false;
      if (!b && a?.count === 0) return false;
      // Content where both sides hash it (content.ts: the entities with a full local copy).
      const content = a?.content !== undefined && b?.content !== undefined;
      return a?.hash !== b?.hash || a?.count !== b?.count || (content && a.content !== b.content);
    })
    .sort();
}
