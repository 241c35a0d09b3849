import { randomUUID } from 'node:crypto';
import { and, asc, eq, inArray } from 'drizzle-orm';
import { z } from 'zod';
import { groups } from '../../../db/schema';
import { method } from '../registry/method';
import { NoInput } from '../auth/fields';
import { scopedGroupIds } from '../auth/group-scope';
import { AgeGroup, Id } from '../children/fields';
import { AppError } from '../errors/app-error';
import { TextLine } from '../text/human-text';
import { GROUP_LANGUAGES } from '../vocabulary/enums';

export const groupMethods = {
  'groups.list': method({
    input: NoInput,
    access: 'children.read',
    kind: 'read',
    entity: 'group',
    // A teacher is offered her own groups (the register and the timesheet refuse the others).
    handler: (ctx) => {
      const scope = scopedGroupIds(ctx.store(), ctx.session);
      if (scope?.length === 0) return [];
      return ctx
        .store()
        .db.select()
        .from(groups)
        .where(
          scope ? and(eq(groups.active, true), inArray(groups.id, scope)) : eq(groups.active, true),
        )
        .orderBy(asc(groups.name))
        .all();
    },
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

  /**
   * The group's capacity (issue 15, the overview's vacancies): a whole number 0..500, or null
   * to clear it. An unknown group is groupNotFound, nothing changed.
   */
  'groups.setCapacity': method({
    input: z
      .object({
        groupId: Id,
        capacity: z.number().int().min(0).max(500).nullable(),
      })
      .strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'group',
    handler: (ctx, { groupId, capacity }) => {
      const known = ctx
        .store()
        .db.select({ id: groups.id })
        .from(groups)
        .where(eq(groups.id, groupId))
        .get();
      if (!known) throw new AppError('groupNotFound');
      ctx.transact(groupId, (store) =>
        store.db.update(groups).set({ capacity }).where(eq(groups.id, groupId)).run(),
      );
      return { id: groupId, capacity };
    },
  }),
};
