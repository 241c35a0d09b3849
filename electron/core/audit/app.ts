import { desc, lt } from 'drizzle-orm';
import { z } from 'zod';
import { auditLog } from '../../../db/schema';
import { method } from '../registry/method';

export const auditMethods = {
  /** Newest first, a page at a time: "who saw what, when" answered in minutes. */
  'audit.list': method({
    input: z
      .object({
        beforeSeq: z.number().int().positive().optional(),
        limit: z.number().int().min(1).max(500).default(100),
      })
      .strict(),
    access: 'audit.read',
    kind: 'read',
    entity: 'audit',
    handler: (ctx, { beforeSeq, limit }) =>
      ctx
        .store()
        .db.select({
          seq: auditLog.seq,
          at: auditLog.at,
          actorId: auditLog.actorId,
          action: auditLog.action,
          entity: auditLog.entity,
          entityId: auditLog.entityId,
          outcome: auditLog.outcome,
        })
        .from(auditLog)
        .where(beforeSeq ? lt(auditLog.seq, beforeSeq) : undefined)
        .orderBy(desc(auditLog.seq))
        .limit(limit)
        .all(),
  }),
};
