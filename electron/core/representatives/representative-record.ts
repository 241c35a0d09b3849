import { and, eq, sql } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { prepared, statement } from '../../../db/prepared';
import { insertColumns, updateColumns, type ColumnValues } from '../../../db/column-writes';
import { childRepresentatives, representatives } from '../../../db/schema';
import { AppError } from '../errors/app-error';
import { noteChange } from '../registry/record-changes';
import { childExists } from '../children/child-record';
import { isValidIin } from '../kz-id/kz-id';
import type {
  PortalIds,
  PortalPull,
  PullOutcome,
  RecordType,
  WireContext,
} from '../sync/record-types';

/**
 * The representative record and its link to a child: the only code that writes the
 * `representatives` and `child_representatives` tables, besides the seeder's bulk insert of
 * synthetic data. The portal knows a representative as linked to one child (identity,
 * relation, phone and e-mail).
 */

export const RepresentativeNotFound = () => new AppError('representativeNotFound');
/** The IIN belongs to a person already stored: link them (or confirm changes), never overwrite. */
export const RepresentativeExists = (representativeId: string) =>
  new AppError('representativeExists', { representativeId });

export type Representative = typeof representatives.$inferSelect;
type NewRepresentative = Omit<typeof representatives.$inferInsert, 'createdAt' | 'updatedAt'>;
type RepresentativeColumns = Partial<Omit<Representative, 'id' | 'createdAt' | 'updatedAt'>>;
export type RepresentativeLink = typeof childRepresentatives.$inferSelect;
type Relation = RepresentativeLink['relation'];

export function findRepresentative(store: ReadableStore, representativeId: string) {
  return store.db
    .select()
    .from(representatives)
    .where(eq(representatives.id, representativeId))
    .get();
}

export function findRepresentativeByIin(store: ReadableStore, iin: string) {
  return store.db.select().from(representatives).where(eq(representatives.iin, iin)).get();
}

const linkOf = (childId: string, representativeId: string) =>
  and(
    eq(childRepresentatives.childId, childId),
    eq(childRepresentatives.representativeId, representativeId),
  );

export function findLink(store: ReadableStore, childId: string, representativeId: string) {
  return store.db
    .select()
    .from(childRepresentatives)
    .where(linkOf(childId, representativeId))
    .get();
}

/** A child this person is linked to (any one), or undefined. */
function anyLinkedChild(store: ReadableStore, representativeId: string): string | undefined {
  return store.db
    .select({ childId: childRepresentatives.childId })
    .from(childRepresentatives)
    .where(eq(childRepresentatives.representativeId, representativeId))
    .get()?.childId;
}

/** Stores a new person; the same IIN is the same person, so a known IIN is refused. */
export function createRepresentative(
  store: Store,
  values: NewRepresentative,
  now: string,
): Representative {
  const known = findRepresentativeByIin(store, values.iin);
  if (known) throw RepresentativeExists(known.id);
  const rep = store.db
    .insert(representatives)
    .values({ ...values, createdAt: now, updatedAt: now })
    .returning()
    .get();
  noteChange(store, { entity: 'representative', localId: rep.id });
  return rep;
}

/** Changes exactly the named fields of a stored person. */
export function updateRepresentative(
  store: Store,
  representativeId: string,
  changes: RepresentativeColumns,
  now: string,
): Representative {
  if (!Object.keys(changes).length) {
    const rep = findRepresentative(store, representativeId);
    if (!rep) throw RepresentativeNotFound();
    return rep;
  }
  const rep = store.db
    .update(representatives)
    .set({ ...changes, updatedAt: now })
    .where(eq(representatives.id, representativeId))
    .returning()
    .get();
  if (!rep) throw RepresentativeNotFound();
  noteChange(store, { entity: 'representative', localId: representativeId });
  return rep;
}

/** Links a stored person to a child (or changes the link); one primary representative a child. */
export function linkRepresentative(
  store: Store,
  link: {
    childId: string;
    representativeId: string;
    relation: Relation;
    authorityDocument: string | null;
    isPrimary: boolean;
  },
): RepresentativeLink {
  const { childId, representativeId, relation, authorityDocument, isPrimary } = link;
  if (isPrimary) {
    store.db
      .update(childRepresentatives)
      .set({ isPrimary: false })
      .where(eq(childRepresentatives.childId, childId))
      .run();
  }
  const stored = store.db
    .insert(childRepresentatives)
    .values(link)
    .onConflictDoUpdate({
      target: [childRepresentatives.childId, childRepresentatives.representativeId],
      set: { relation, authorityDocument, isPrimary },
    })
    .returning()
    .get();
  noteChange(store, { entity: 'representative', localId: representativeId, parent: childId });
  return stored;
}

/**
 * Removes a person's link to a child. The portal then knows them as linked to a child they
 * still represent (returned), if any; the caller removes the person when nothing refers to
 * them any more (`removeRepresentative`).
 */
export function unlinkRepresentative(
  store: Store,
  childId: string,
  representativeId: string,
): { otherChildId: string | undefined } {
  store.db.delete(childRepresentatives).where(linkOf(childId, representativeId)).run();
  const otherChildId = anyLinkedChild(store, representativeId);
  if (otherChildId)
    noteChange(store, {
      entity: 'representative',
      localId: representativeId,
      parent: otherChildId,
    });
  return { otherChildId };
}

/** Deletes a person linked to no child (the caller checked nothing else refers to them). */
export function removeRepresentative(store: Store, representativeId: string): void {
  store.db.delete(representatives).where(eq(representatives.id, representativeId)).run();
  noteChange(store, { entity: 'representative', localId: representativeId, deleted: true });
}

/**
 * The representative as linked to a child: `context.parent` (local), else the child named by
 * the fields last sent (the portal's id), else any child they are linked to.
 */
function toWire(
  store: ReadableStore,
  representativeId: string,
  ids: PortalIds,
  context?: WireContext,
) {
  const sentChild = context?.sent?.childId;
  const childId =
    context?.parent ??
    (typeof sentChild === 'string'
      ? ids.local('child', sentChild)
      : anyLinkedChild(store, representativeId));
  if (!childId) return null;
  const rep = findRepresentative(store, representativeId);
  const link = findLink(store, childId, representativeId);
  if (!rep || !link) return null;
  return {
    id: representativeId,
    fields: {
      childId: ids.portal('child', childId),
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

export const representativeRecord = {
  entity: 'representative',
  toWire,
  localIds: (store: Store) =>
    store.sqlite.prepare('SELECT id FROM representatives ORDER BY rowid').pluck().all() as string[],
  referencedAs: 'representativeId',
  applyFromPortal: (store: Store, pull: PortalPull) => applyFromPortal(store, pull),
  overwrite: (store, portalId, fields, ids, now) => overwrite(store, portalId, fields, ids, now),
} satisfies RecordType;

// ---- from the portal (the sync engine's pull, sync/apply.ts) ------------------------------

/** The person's fields the portal knows, by the local column (the protocol's names). */
const PORTAL_FIELDS = ['iin', 'lastName', 'firstName', 'patronymic', 'phone', 'email'] as const;

const representativeById = prepared((store: Store) =>
  store.db
    .select()
    .from(representatives)
    .where(eq(representatives.id, sql.placeholder('id')))
    .prepare(),
);
const representativeByIin = prepared((store: Store) =>
  store.db
    .select()
    .from(representatives)
    .where(eq(representatives.iin, sql.placeholder('iin')))
    .prepare(),
);
const relationOf = prepared((connection: Store) =>
  connection.sqlite
    .prepare(
      'SELECT relation FROM child_representatives WHERE child_id = ? AND representative_id = ?',
    )
    .pluck(),
);

/** The person's columns the portal's fields give (`held`: fields the pull leaves alone). */
function portalColumns(data: Record<string, unknown>, held: ReadonlySet<string>) {
  const columns: Record<string, unknown> = {};
  for (const field of PORTAL_FIELDS)
    if (field in data && !held.has(field)) columns[field] = data[field] ?? null;
  return columns as RepresentativeColumns;
}

/**
 * A representative pulled from the portal, with their link to the child, through the rules a
 * local write keeps (a valid IIN, not another person's): a person kept here with the same IIN
 * is linked, not duplicated; one of a child refused here is refused too; a new one is stored with an ID card of no number until the kindergarten enters it.
 */
function applyFromPortal(store: Store, pull: PortalPull): PullOutcome {
  const { data, now } = pull;
  // A person of a child's file not kept here (refused, or not pulled yet) waits for the child
  // and is judged again when it is accepted: never a person in no child's file.
  if (
    typeof data.childId === 'string' &&
    !childExists(store, pull.ids.local('child', data.childId))
  )
    return { applied: false, reason: 'childRefused', fields: ['childId'] };
  let current = representativeById(store).get({ id: pull.ids.local('representative', pull.id) });
  if (!current && typeof data.iin === 'string') {
    current = representativeByIin(store).get({ iin: data.iin });
    if (current) pull.link(current.id);
  }
  const columns = portalColumns(data, current ? pull.held() : new Set());
  if (columns.iin !== undefined && columns.iin !== current?.iin && !isValidIin(columns.iin))
    return { applied: false, reason: 'iinInvalid', fields: ['iin'] };
  // The same IIN is the same person: another person's IIN is refused, as a local write is.
  if (
    current &&
    columns.iin !== undefined &&
    columns.iin !== current.iin &&
    representativeByIin(store).get({ iin: columns.iin })
  )
    return { applied: false, reason: 'iinTaken', fields: ['iin'] };
  const fields: string[] = Object.entries(columns)
    .filter(([column, value]) =>
      current ? current[column as keyof Representative] !== value : value !== null,
    )
    .map(([column]) => column);
  const localId = current?.id ?? pull.ids.local('representative', pull.id);
  // Compiled once per shape of columns: a pull writes tens of thousands of people.
  const values = columns as ColumnValues;
  if (current) updateColumns(store, representatives, { ...values, updatedAt: now }, 'id', localId);
  else
    insertColumns(store, representatives, {
      idDocumentType: 'id_card',
      idDocumentNumber: '',
      phone: '',
      ...values,
      id: localId,
      createdAt: now,
      updatedAt: now,
    });
  const relation = data.relation as Relation | undefined;
  let childId: string | null = null;
  if (typeof data.childId === 'string' && relation) {
    const linked = pull.ids.local('child', data.childId);
    if (childExists(store, linked)) {
      childId = linked;
      const before = relationOf(store).get(childId, localId);
      statement(
        store,
        `INSERT INTO child_representatives (child_id, representative_id, relation, is_primary)
         VALUES (?, ?, ?, 0)
         ON CONFLICT (child_id, representative_id) DO UPDATE SET relation = excluded.relation`,
      ).run(childId, localId, relation);
      if (before !== relation) fields.push('relation');
    }
  }
  return { applied: true, localId, childId, fields };
}

/** The portal's values of some fields written onto the person here (the portal is not told). */
function overwrite(
  store: Store,
  portalId: string,
  fields: Record<string, unknown>,
  ids: PortalIds,
  now: string,
): void {
  const columns = portalColumns(fields, new Set());
  if (!Object.keys(columns).length) return;
  store.db
    .update(representatives)
    .set({ ...columns, updatedAt: now })
    .where(eq(representatives.id, ids.local('representative', portalId)))
    .run();
}
