import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { consents } from '../../../db/schema';
import { method } from '../registry/method';
import { AppError } from '../errors/app-error';
import { localDay } from '../health/app';
import { Id } from '../children/fields';

export const ConsentNotFound = () => new AppError('consentNotFound');
/** The consent was withdrawn already (on that day): it is not withdrawn twice. */
export const ConsentAlreadyWithdrawn = () => new AppError('consentAlreadyWithdrawn');

export const consentWithdrawalMethods = {
  /**
   * A representative withdraws their consent to personal-data processing. The consent is kept
   * (personal-data rules: the evidence that it was given stays), marked withdrawn today by the
   * signed-in account: it is no longer current (the child's file shows consent as missing, and
   * shows the withdrawn one in its history), and a consent given again is recorded as a new
   * one. The child's file itself is kept (rule 25-10).
   */
  'consents.withdraw': method({
    input: z.object({ childId: Id, consentId: Id }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'consent',
    handler: (ctx, { childId, consentId }) => {
      const withdrawnOn = localDay(ctx.now());
      ctx.transact(childId, (store) => {
        const which = and(eq(consents.id, consentId), eq(consents.childId, childId));
        const consent = store.db
          .select({ withdrawnOn: consents.withdrawnOn })
          .from(consents)
          .where(which)
          .get();
        if (!consent) throw ConsentNotFound();
        if (consent.withdrawnOn !== null) throw ConsentAlreadyWithdrawn();
        store.db
          .update(consents)
          .set({ withdrawnOn, withdrawnBy: ctx.session!.accountId })
          .where(which)
          .run();
      });
      return { withdrawnOn };
    },
  }),
};
