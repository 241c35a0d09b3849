import { eq } from 'drizzle-orm';
import type { ReadableStore, Store } from '../../../db/connection';
import { statement } from '../../../db/prepared';
import { referrals } from '../../../db/schema';
import { noteChange } from '../registry/record-changes';
import type { PortalPull, PullOutcome, RecordType } from '../sync/record-types';

/**
 * The referral record (жолдама): the portal issues it; the kindergarten's part is its status,
 * as accepting it is the kindergarten's act. The only code that writes `referrals` locally.
 */

export type Referral = typeof referrals.$inferSelect;

export function findReferral(store: ReadableStore, referralId: string): Referral | undefined {
  return store.db.select().from(referrals).where(eq(referrals.id, referralId)).get();
}

/** Marks a referral accepted into a local child's file; the portal learns its status. */
export function acceptReferral(
  store: Store,
  referralId: string,
  childId: string,
  now: string,
): Referral | undefined {
  const referral = store.db
    .update(referrals)
    .set({ status: 'accepted', acceptedChildId: childId, acceptedAt: now })
    .where(eq(referrals.id, referralId))
    .returning()
    .get();
  if (referral) noteChange(store, { entity: 'referral', localId: referralId });
  return referral;
}

function toWire(store: ReadableStore, referralId: string) {
  const referral = findReferral(store, referralId);
  return referral ? { id: referralId, fields: { status: referral.status } } : null;
}

export const referralRecord = {
  entity: 'referral',
  toWire: (store: Store, referralId: string) => toWire(store, referralId),
  applyFromPortal: (store: Store, pull: PortalPull) => applyFromPortal(store, pull),
  remove: (store: Store, referralId: string) => remove(store, referralId),
} satisfies RecordType;

// ---- from the portal (the sync engine's pull, sync/apply.ts) ------------------------------

const text = (data: Record<string, unknown>, key: string, otherwise: string) =>
  typeof data[key] === 'string' ? data[key] : otherwise;

/**
 * A referral the portal issued or changed. Its status is the portal's, except a referral
 * accepted here and not yet confirmed by the portal (still `issued` there): that keeps ours.
 */
function applyFromPortal(store: Store, pull: PortalPull): PullOutcome {
  const { data } = pull;
  statement(
    store,
    `INSERT INTO referrals (id, number, issued_on, valid_until, age_group, status, child_id, organization_bin)
     VALUES (?, ?, ?, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET number = excluded.number,
       issued_on = excluded.issued_on, valid_until = excluded.valid_until,
       age_group = excluded.age_group, child_id = excluded.child_id,
       organization_bin = excluded.organization_bin,
       status = CASE WHEN accepted_child_id IS NOT NULL AND excluded.status = 'issued'
                     THEN status ELSE excluded.status END`,
  ).run(
    pull.id,
    text(data, 'number', ''),
    text(data, 'issuedOn', ''),
    text(data, 'validUntil', ''),
    text(data, 'ageGroup', ''),
    text(data, 'status', 'issued'),
    text(data, 'childId', ''),
    text(data, 'organizationBin', ''),
  );
  return { applied: true, fields: [] };
}

function remove(store: Store, referralId: string): void {
  statement(store, 'DELETE FROM referrals WHERE id = ?').run(referralId);
}
