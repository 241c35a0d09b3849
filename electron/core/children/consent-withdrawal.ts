import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { consents } from '../../../db/schema';
import { method } from '../registry/method';
import { AppError } from '../errors/app-error';
import { Id } from './fields';

export const ConsentNotFound = () => new AppError('consentNotFound');

export const consentWithdrawalMethods = {
  /**
   * A representative withdraws their consent to personal-data processing: the consent is no
   * longer held (the child's file then shows it as missing, and it can be recorded again). When
   * it was given and when it was withdrawn stay in the audit log (`consents.record`,
   * `consents.withdraw` under the child). The child's file itself is kept (rule 25-10).
   */
  'consents.withdraw': method({
    input: z.object({ childId: Id, consentId: Id }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'consent',
    handler: (ctx, { childId, consentId }) => {
      ctx.transact(childId, (store) => {
        const which = and(eq(consents.id, consentId), eq(consents.childId, childId));
        if (!store.db.select({ id: consents.id }).from(consents).where(which).get())
          throw ConsentNotFound();
        store.db.delete(consents).where(which).run();
      });
      return null;
    },
  }),
};
