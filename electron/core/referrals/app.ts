import { asc, desc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { children, groups, referrals } from '../../../db/schema';
import { method } from '../registry/method';
import { AppError } from '../errors/app-error';
import { Id, IsoDate } from '../children/fields';
import { localIdOf } from '../sync/apply';
import { findChild, StatusChangeNotAllowed, writeChild } from '../children/child-record';
import { acceptReferral, findReferral } from './referral-record';
import { REFERRAL_STATUSES } from '../vocabulary/enums';

export const ReferralNotFound = () => new AppError('referralNotFound');

export const referralMethods = {
  /** Referrals (жолдама) the portal issued to this kindergarten, with their child. */
  'referrals.list': method({
    input: z
      .object({ status: z.enum(REFERRAL_STATUSES).optional() })
      .strict()
      .default({}),
    // The director's inbox: names and birth dates of children not yet in any group.
    access: 'sync.manage',
    kind: 'read',
    entity: 'referral',
    handler: (ctx, { status }) => {
      const store = ctx.store();
      return store.db
        .select()
        .from(referrals)
        .where(status ? eq(referrals.status, status) : undefined)
        .orderBy(desc(referrals.issuedOn), asc(referrals.number))
        .all()
        .map((referral) => {
          const childId = localIdOf(store, 'child', referral.childId);
          const child =
            store.db
              .select({
                id: children.id,
                lastName: children.lastName,
                firstName: children.firstName,
                patronymic: children.patronymic,
                birthDate: children.birthDate,
                status: children.status,
              })
              .from(children)
              .where(eq(children.id, childId))
              .get() ?? null;
          return { ...referral, child };
        });
    },
  }),

  /** Accepts a referral: the child's file (created by the pull) is enrolled into a group. */
  'referrals.accept': method({
    input: z.object({ referralId: z.string().min(1).max(100), groupId: Id, on: IsoDate }).strict(),
    access: 'sync.manage',
    kind: 'write',
    entity: 'referral',
    syncs: ['child', 'referral'],
    handler: (ctx, { referralId, groupId, on }) => {
      const store = ctx.store();
      const referral = findReferral(store, referralId);
      if (!referral || referral.status !== 'issued' || referral.acceptedChildId)
        throw ReferralNotFound();
      if (!store.db.select().from(groups).where(eq(groups.id, groupId)).get())
        throw new AppError('invalidInput', { fields: ['groupId'] });
      const childId = localIdOf(store, 'child', referral.childId);
      const child = findChild(store, childId);
      if (child.status !== 'referred' && child.status !== 'withdrawn')
        throw StatusChangeNotAllowed();
      ctx.transact(childId, (tx) => {
        const now = ctx.now();
        writeChild(
          tx,
          childId,
          {
            status: 'enrolled',
            groupId,
            enrolledOn: on,
            leftOn: null,
            referralNumber: referral.number,
          },
          now,
        );
        // Accepting is the kindergarten's act: the referral's status is ours to tell the portal.
        acceptReferral(tx, referral.id, childId, now);
      });
      return { childId };
    },
  }),
};
