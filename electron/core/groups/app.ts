import { randomUUID } from 'node:crypto';
import { asc, eq } from 'drizzle-orm';
import { z } from 'zod';
import { groups } from '../../../db/schema';
import { method } from '../registry/method';
import { NoInput } from '../auth/fields';
import { AgeGroup } from '../children/fields';
import { TextLine } from '../text/human-text';
import { GROUP_LANGUAGES } from '../vocabulary/enums';

export const groupMethods = {
  'groups.list': method({
    input: NoInput,
    access: 'children.read',
    kind: 'read',
    entity: 'group',
    handler: (ctx) =>
      ctx
        .store()
        .db.select()
        .from(groups)
        .where(eq(groups.active, true))
        .orderBy(asc(groups.name))
        .all(),
  }),

  'groups.create': method({
    input: z
      .object({
        name: TextLine(100, 1),
        ageGroup: AgeGroup,
        language: z.enum(GROUP_LANGUAGES),
      })
      .strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'group',
    handler: (ctx, input) => {
      const id = randomUUID();
      ctx.transact(id, (store) =>
        store.db
          .insert(groups)
          .values({ id, ...input, createdAt: ctx.now() })
          .run(),
      );
      return { id };
    },
  }),
};
