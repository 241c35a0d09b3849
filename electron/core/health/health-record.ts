import { eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { healthPassports } from '../../../db/schema';
import { noteChange } from '../registry/record-changes';
import type { PortalIds, RecordType } from '../sync/record-types';

/**
 * A child's health passport: the only code that writes `health_passports`. The portal knows
 * its summary fields as one `health` record per child, keyed by the child's id; the health
 * records (allergies, vaccinations …) stay here.
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
