import { randomUUID } from 'node:crypto';
import { eq } from 'drizzle-orm';
import { z } from 'zod';
import { privilegeCategories } from '../../../db/schema';
import { method } from '../registry/method';
import { privilegesOfChild } from './as-seen';
import { addPrivilege } from './privilege-record';
import { NoInput } from '../auth/fields';
import { findChild } from '../children/child-record';
import { Id, IsoDate } from '../children/fields';
import { TextLine } from '../text/human-text';

export const privilegeMethods = {
  'privileges.categories': method({
    input: NoInput,
    access: 'children.read',
    kind: 'read',
    entity: 'privilege',
    handler: (ctx) =>
      ctx
        .store()
        .db.select()
        .from(privilegeCategories)
        .where(eq(privilegeCategories.active, true))
        .all(),
  }),

  'privileges.add': method({
    input: z
      .object({
        childId: Id,
        categoryCode: z.string().min(1).max(40),
        documentNumber: TextLine(60).nullish(),
        validFrom: IsoDate.nullish(),
        validUntil: IsoDate.nullish(),
      })
      .strict()
      .refine((p) => !p.validFrom || !p.validUntil || p.validFrom <= p.validUntil, {
        path: ['validUntil'],
        message: 'validUntilBeforeFrom',
      }),
    access: 'children.write',
    kind: 'write',
    entity: 'privilege',
    handler: (ctx, input) => {
      const id = randomUUID();
      ctx.transact(input.childId, (store) => {
        findChild(store, input.childId);
        addPrivilege(store, { id, ...input, createdAt: ctx.now() });
      });
      // The privilege as children.get lists it for this role.
      const stored = privilegesOfChild(ctx.store(), ctx.may, input.childId);
      return { id, ...stored.find((privilege) => privilege.id === id) };
    },
  }),
};
