import { asc, eq } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import {
  allergies,
  anthropometry,
  chronicConditions,
  examinations,
  healthPassports,
  medicalCardEntries,
  vaccinations,
} from '../../../db/schema';

/**
 * A child's whole health file as `health.get` shows it and the personal-data report prints it:
 * the passport (null before the first entry) and each list of records in date order. The
 * caller checks the child and audits the read.
 */
export function readHealthFile(store: ReadableStore, childId: string) {
  const { db } = store;
  const of = <T extends { childId: unknown }>(table: T) =>
    eq((table as unknown as typeof allergies).childId, childId);
  return {
    passport:
      db.select().from(healthPassports).where(eq(healthPassports.childId, childId)).get() ?? null,
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
