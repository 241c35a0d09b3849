import { z } from 'zod';
import { method } from '../registry/method';
import { localDay } from '../health/app';
import { Id } from '../children/fields';
import { withdrawConsent } from './consent-record';

export { ConsentAlreadyWithdrawn, ConsentNotFound } from './consent-record';

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
      ctx.transact(childId, (store) =>
        withdrawConsent(store, childId, consentId, {
          withdrawnOn,
          withdrawnBy: ctx.session!.accountId,
        }),
      );
      return { withdrawnOn };
    },
  }),
};
