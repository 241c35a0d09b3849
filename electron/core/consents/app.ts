import { randomUUID } from 'node:crypto';
import { and, eq } from 'drizzle-orm';
import { z } from 'zod';
import { childRepresentatives, consents } from '../../../db/schema';
import { method } from '../registry/method';
import { ChildNotFound } from '../children/child-record';
import { Id, IsoDate } from '../children/fields';
import { TextLine } from '../text/human-text';
import { consentWithdrawalMethods } from './withdrawal';

export const consentMethods = {
  'consents.record': method({
    input: z
      .object({
        childId: Id,
        representativeId: Id,
        rulesVersion: TextLine(40, 1),
        givenOn: IsoDate,
      })
      .strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'consent',
    handler: (ctx, input) => {
      const id = randomUUID();
      ctx.transact(input.childId, (store) => {
        const linked = store.db
          .select()
          .from(childRepresentatives)
          .where(
            and(
              eq(childRepresentatives.childId, input.childId),
              eq(childRepresentatives.representativeId, input.representativeId),
            ),
          )
          .get();
        if (!linked) throw ChildNotFound();
        store.db
          .insert(consents)
          .values({ id, ...input, recordedBy: ctx.session!.accountId })
          .run();
      });
      // The consent as stored, as children.get lists it.
      return ctx.store().db.select().from(consents).where(eq(consents.id, id)).get()!;
    },
  }),
  ...consentWithdrawalMethods,
};
