import { sqliteTable, text, integer, index } from 'drizzle-orm/sqlite-core';
import { AUDIT_OUTCOMES } from '../../electron/core/vocabulary/enums';

/**
 * Append-only audit log. Each row's hash covers its fields and the previous row's hash,
 * so an edited, inserted or deleted row breaks the chain (checked by `verify`).
 * Rows hold ids only, never personal data.
 */
export const auditLog = sqliteTable(
  'audit_log',
  {
    seq: integer('seq').primaryKey(),
    at: text('at').notNull(),
    actorId: text('actor_id'),
    action: text('action').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id'),
    outcome: text('outcome', { enum: AUDIT_OUTCOMES }).notNull(),
    /** JSON array of the field names a change changed (e.g. a pull from the portal), or null. */
    fields: text('fields'),
    prevHash: text('prev_hash').notNull(),
    hash: text('hash').notNull(),
  },
  // A child's history tab and "who saw this file" are lookups by entity id.
  (t) => [
    index('audit_log_entity').on(t.entityId),
    index('audit_log_actor').on(t.actorId),
    index('audit_log_at').on(t.at),
  ],
);
