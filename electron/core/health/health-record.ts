import { and, asc, eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import {
  allergies,
  anthropometry,
  chronicConditions,
  examinations,
  healthPassports,
  medicalCardEntries,
  vaccinations,
} from '../../../db/schema';
import { noteChange } from '../registry/record-changes';
import type { PortalIds, RecordType } from '../sync/record-types';

/**
 * A child's health passport and health records (allergies, vaccinations …): the only code that
 * reads or writes `health_passports` and the records' tables, besides the seeder's bulk insert
 * of synthetic data. The portal knows the passport's summary fields as one `health` record per
 * child, keyed by the child's id; the health records stay here.
 */

export type HealthPassport = typeof healthPassports.$inferSelect;
type PassportColumns = Partial<Omit<HealthPassport, 'childId' | 'updatedAt'>>;

export function findPassport(store: ReadableStore, childId: string): HealthPassport | undefined {
  return store.db.select().from(healthPassports).where(eq(healthPassports.childId, childId)).get();
}

/** Changes the passport fields it names and no other (null clears one); returns it as stored. */
export function writePassport(
  store: Store,
  childId: string,
  fields: PassportColumns,
  now: string,
): HealthPassport {
  const values = { childId, ...fields, updatedAt: now };
  const passport = store.db
    .insert(healthPassports)
    .values(values)
    .onConflictDoUpdate({ target: healthPassports.childId, set: values })
    .returning()
    .get();
  noteChange(store, { entity: 'health', localId: childId });
  return passport;
}

/** Each kind of health record and its table. */
export const HEALTH_RECORD_TABLES = {
  allergy: allergies,
  chronic: chronicConditions,
  vaccination: vaccinations,
  measurement: anthropometry,
  examination: examinations,
  medicalCard: medicalCardEntries,
} as const;
export type HealthRecordKind = keyof typeof HEALTH_RECORD_TABLES;

/** A stored health record of any kind, as health.get lists it. */
export type StoredHealthRecord = {
  [K in HealthRecordKind]: (typeof HEALTH_RECORD_TABLES)[K]['$inferSelect'];
}[HealthRecordKind];

/** The columns of a new record of that kind, without its id and child. */
export type HealthRecordColumns<K extends HealthRecordKind> = Omit<
  (typeof HEALTH_RECORD_TABLES)[K]['$inferInsert'],
  'id' | 'childId'
>;

/** Adds a health record to the child's file; returns it as stored (as health.get lists it). */
export function addHealthRecord<K extends HealthRecordKind>(
  store: Store,
  childId: string,
  kind: K,
  id: string,
  columns: HealthRecordColumns<K>,
): StoredHealthRecord {
  return store.db
    .insert(HEALTH_RECORD_TABLES[kind])
    .values({ id, childId, ...columns } as never)
    .returning()
    .get() as StoredHealthRecord;
}

/** Removes one of the child's health records; returns it as it was stored, or undefined. */
export function removeHealthRecord(
  store: Store,
  childId: string,
  kind: HealthRecordKind,
  recordId: string,
): StoredHealthRecord | undefined {
  const table = HEALTH_RECORD_TABLES[kind] as typeof allergies;
  return store.db
    .delete(table)
    .where(and(eq(table.id, recordId), eq(table.childId, childId)))
    .returning()
    .get() as StoredHealthRecord | undefined;
}

/** Each list of the child's health records, in date order (allergies and conditions as kept). */
export function healthRecordsOf(store: ReadableStore, childId: string) {
  const { db } = store;
  const of = <T extends { childId: unknown }>(table: T) =>
    eq((table as unknown as typeof allergies).childId, childId);
  return {
    allergies: db.select().from(allergies).where(of(allergies)).all(),
    chronicConditions: db.select().from(chronicConditions).where(of(chronicConditions)).all(),
    vaccinations: db
      .select()
      .from(vaccinations)
      .where(of(vaccinations))
      .orderBy(asc(vaccinations.givenOn))
      .all(),
    anthropometry: db
      .select()
      .from(anthropometry)
      .where(of(anthropometry))
      .orderBy(asc(anthropometry.measuredOn))
      .all(),
    examinations: db
      .select()
      .from(examinations)
      .where(of(examinations))
      .orderBy(asc(examinations.examinedOn))
      .all(),
    medicalCard: db
      .select()
      .from(medicalCardEntries)
      .where(of(medicalCardEntries))
      .orderBy(asc(medicalCardEntries.date))
      .all(),
  };
}

/** The child's health summary as the portal knows it, under the child's portal id. */
function toWire(store: ReadableStore, childId: string, ids: PortalIds) {
  const passport = findPassport(store, childId);
  if (!passport) return null;
  const childPortalId = ids.portal('child', childId);
  return {
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

export const healthRecord = {
  entity: 'health',
  idsOf: 'child',
  toWire,
  localIds: (store: Store) =>
    store.sqlite
      .prepare('SELECT child_id FROM health_passports ORDER BY rowid')
      .pluck()
      .all() as string[],
  overwrite: (store, portalId, fields, ids, now) => overwrite(store, portalId, fields, ids, now),
} satisfies RecordType;

/** The summary's fields the portal knows (the protocol's names, the passport's columns). */
const PORTAL_FIELDS = ['bloodGroup', 'rhFactor', 'healthGroup', 'peGroup', 'disability'] as const;

/**
 * The portal's values of some summary fields written onto the child's passport here, when it
 * has one (the portal is not told). Pulled summaries are kept as versions only.
 */
function overwrite(
  store: Store,
  childPortalId: string,
  fields: Record<string, unknown>,
  ids: PortalIds,
  now: string,
): void {
  const columns: Record<string, unknown> = {};
  for (const field of PORTAL_FIELDS) if (field in fields) columns[field] = fields[field] ?? null;
  if (!Object.keys(columns).length) return;
  store.db
    .update(healthPassports)
    .set({ ...(columns as PassportColumns), updatedAt: now })
    .where(eq(healthPassports.childId, ids.local('child', childPortalId)))
    .run();
}
