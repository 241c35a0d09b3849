import { and, asc, eq, lt } from 'drizzle-orm';
import type { ReadableStore } from '../../../db/connection';
import {
  children,
  contracts,
  documents,
  referrals,
  representatives,
  syncOutbox,
  syncRejectedPulls,
} from '../../../db/schema';
import type { May } from '../auth/visibility';
import { fullName } from '../children/fields';
import { localIdOf, portalIds } from './apply';
import { recordType } from './record-types';

/** Fields that only tie a record to its child or representative; never a change of its own. */
const REFERENCES = new Set(['childId', 'representativeId']);

/**
 * The fields a rejected change really changed: a mutation carries the record's whole state for
 * some entities (a contract, a representative, a document), so each field is compared with
 * what the portal accepted before for the same record (the sent rows, oldest first). For a
 * record the portal never accepted, every field with a value is new (references aside).
 */
export function changedFields(
  store: ReadableStore,
  row: { seq: number; entity: string; entityId: string; op: string; fields: string },
): string[] {
  const fields = JSON.parse(row.fields) as Record<string, unknown>;
  if (row.op === 'delete') return [];
  const accepted: Record<string, unknown> = {};
  const sent = store.db
    .select({ fields: syncOutbox.fields })
    .from(syncOutbox)
    .where(
      and(
        eq(syncOutbox.entity, row.entity),
        eq(syncOutbox.entityId, row.entityId),
        eq(syncOutbox.status, 'sent'),
        lt(syncOutbox.seq, row.seq),
      ),
    )
    .orderBy(asc(syncOutbox.seq))
    .all();
  for (const earlier of sent) Object.assign(accepted, JSON.parse(earlier.fields));
  const known = sent.length > 0;
  const changed = Object.keys(fields).filter((field) => {
    const value = fields[field];
    if (!known) return !REFERENCES.has(field) && value !== null && value !== '';
    return !(field in accepted) || JSON.stringify(accepted[field]) !== JSON.stringify(value);
  });
  // A change that sent again what the portal had still names what it carried.
  return changed.length ? changed : Object.keys(fields).filter((field) => !REFERENCES.has(field));
}

export interface RejectedSubject {
  /** The child the change is about (local id), when there is one here. */
  childId: string | null;
  /** The child's full name; null when the role may not see it or the child is gone. */
  childName: string | null;
  /** The record itself when it is not the child: a representative's name, a contract's number, a document's title. */
  record: string | null;
}

/**
 * Whom or what a rejected change is about, from the local data. Names are personal data:
 * shown only to a role that may read the children's files (`children.read`).
 */
export function rejectedSubject(
  store: ReadableStore,
  row: { entity: string; entityId: string; fields: string },
  may: May,
): RejectedSubject {
  const { db } = store;
  const fields = JSON.parse(row.fields) as Record<string, unknown>;
  const localId = localIdOf(store, row.entity, row.entityId);
  const childOf = (portalChildId: unknown) =>
    typeof portalChildId === 'string' ? localIdOf(store, 'child', portalChildId) : null;
  let childId: string | null = null;
  let record: string | null = null;
  switch (row.entity) {
    case 'child':
      childId = localId;
      break;
    case 'health':
      childId = childOf(fields.childId) ?? localIdOf(store, 'child', row.entityId);
      break;
    case 'representative': {
      const rep = db.select().from(representatives).where(eq(representatives.id, localId)).get();
      record = rep ? fullName(rep) : null;
      childId = childOf(fields.childId);
      break;
    }
    case 'contract': {
      const contract = db.select().from(contracts).where(eq(contracts.id, localId)).get();
      record = contract ? `№ ${contract.number}` : null;
      childId = contract?.childId ?? childOf(fields.childId);
      break;
    }
    case 'document': {
      const document = db.select().from(documents).where(eq(documents.id, localId)).get();
      record = document?.title ?? null;
      childId = document?.childId ?? childOf(fields.childId);
      break;
    }
    case 'attendance': {
      // A child's month: the child, and which month (from the record here when it is kept).
      const kept = recordType('attendance')?.toWire?.(store, localId, portalIds(store))?.fields;
      const known = kept ?? fields;
      childId = childOf(known.childId);
      record = typeof known.month === 'string' ? known.month : null;
      break;
    }
    case 'referral': {
      const referral = db.select().from(referrals).where(eq(referrals.id, localId)).get();
      record = referral ? `№ ${referral.number}` : null;
      childId = referral?.acceptedChildId ?? null;
      break;
    }
  }
  const child = childId
    ? db.select().from(children).where(eq(children.id, childId)).get()
    : undefined;
  const seesNames = may('children.read');
  return {
    childId: child?.id ?? null,
    childName: child && seesNames ? fullName(child) : null,
    record: seesNames || row.entity === 'contract' || row.entity === 'referral' ? record : null,
  };
}

/**
 * Changes pulled from the portal that this kindergarten's rules refused (sync_rejected_pulls):
 * oldest first, each with its reason code, the fields that broke the rule, and whom it is about
 * (as rejectedSubject names it; a child or person not kept here by the name the portal sent,
 * for a role that may read the children's files).
 */
export function rejectedPulls(store: ReadableStore, may: May) {
  const seesNames = may('children.read');
  return store.db
    .select()
    .from(syncRejectedPulls)
    .orderBy(asc(syncRejectedPulls.at), asc(syncRejectedPulls.entity))
    .all()
    .map((row) => {
      const data = JSON.parse(row.data) as Record<string, unknown>;
      const subject = rejectedSubject(store, { ...row, fields: row.data }, may);
      const named =
        typeof data.lastName === 'string' && typeof data.firstName === 'string'
          ? fullName({
              lastName: data.lastName,
              firstName: data.firstName,
              patronymic: typeof data.patronymic === 'string' ? data.patronymic : null,
            })
          : null;
      const notHere = row.entity === 'child' ? !subject.childName : !subject.record;
      return {
        entity: row.entity,
        entityId: row.entityId,
        version: row.version,
        ...subject,
        record: notHere && seesNames ? named : subject.record,
        fields: JSON.parse(row.fields) as string[],
        reason: row.reason,
        at: row.at,
      };
    });
}
