import { and, eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { consents } from '../../../db/schema';
import { AppError } from '../errors/app-error';
import { ChildNotFound } from '../children/child-record';
import { findLink } from '../representatives/representative-record';

/**
 * A representative's consent to personal-data processing: the only code that writes the
 * `consents` table, besides the seeder's bulk insert of synthetic data. Not synced: the portal
 * does not keep consents. A consent is never deleted: withdrawn, it stays as evidence that it
 * was given.
 */

export const ConsentNotFound = () => new AppError('consentNotFound');
/** The consent was withdrawn already (on that day): it is not withdrawn twice. */
export const ConsentAlreadyWithdrawn = () => new AppError('consentAlreadyWithdrawn');

export type Consent = typeof consents.$inferSelect;

/** A consent of this child, or undefined. */
export function findConsent(
  store: ReadableStore,
  childId: string,
  consentId: string,
): Consent | undefined {
  return store.db
    .select()
    .from(consents)
    .where(and(eq(consents.id, consentId), eq(consents.childId, childId)))
    .get();
}

/** Records a consent given by a representative linked to the child; returns it as stored. */
export function recordConsent(
  store: Store,
  values: {
    id: string;
    childId: string;
    representativeId: string;
    rulesVersion: string;
    givenOn: string;
    recordedBy: string;
  },
): Consent {
  // Only a representative of this child gives consent for it.
  if (!findLink(store, values.childId, values.representativeId)) throw ChildNotFound();
  return store.db.insert(consents).values(values).returning().get();
}

/** Marks a current consent withdrawn on a day by an account; returns it as stored. */
export function withdrawConsent(
  store: Store,
  childId: string,
  consentId: string,
  withdrawal: { withdrawnOn: string; withdrawnBy: string },
): Consent {
  const consent = findConsent(store, childId, consentId);
  if (!consent) throw ConsentNotFound();
  if (consent.withdrawnOn !== null) throw ConsentAlreadyWithdrawn();
  return store.db
    .update(consents)
    .set(withdrawal)
    .where(and(eq(consents.id, consentId), eq(consents.childId, childId)))
    .returning()
    .get()!;
}
