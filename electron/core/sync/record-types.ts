import type { ReadableStore, Store } from '../../../db/connection';
import type { PullRejectionReason } from '../../../db/schema';
import { attendanceRecord } from '../attendance/attendance-record';
import { childRecord } from '../children/child-record';
import { contractRecord } from '../contracts/contract-record';
import { documentRecord } from '../documents/document-record';
import { healthRecord } from '../health/health-record';
import { noticeRecord } from '../notices/notice-record';
import { privilegeRecord } from '../privileges/privilege-record';
import { referralRecord } from '../referrals/referral-record';
import { representativeRecord } from '../representatives/representative-record';

/** The record types the portal and this app exchange (the protocol's `entity`). */
export type SyncedEntity =
  | 'referral'
  | 'child'
  | 'representative'
  | 'privilege'
  | 'notice'
  | 'contract'
  | 'document'
  | 'health'
  | 'attendance';

/** Local ids ↔ the portal's ids (the same unless a pulled entity was linked to a local row). */
export interface PortalIds {
  portal(entity: SyncedEntity, localId: string): string;
  local(entity: SyncedEntity, portalId: string): string;
}

/** A record as the portal knows it. */
export interface WireRecord {
  /** The local id (mapped to the portal's when linked); a health summary: its child's portal id. */
  id: string;
  /** Every field this app sends, in the protocol's shape. */
  fields: Record<string, unknown>;
  /** A blob the portal must hold before the record is sent (a document's file). */
  blobSha256?: string | null;
}

export interface WireContext {
  /** The local id of the record it is sent as part of (a representative: the linked child). */
  parent?: string;
  /** The fields last sent of it (sending a rejected change again, answering a conflict). */
  sent?: Record<string, unknown>;
}

/**
 * A field's local changes the portal has not acknowledged: waiting to be sent, or behind a
 * conflict still open.
 */
export interface HeldField {
  /** When the oldest of them was made (ISO time of its outbox row). */
  since: string;
  /** The field's value in each, oldest first (the protocol's shape). */
  values: unknown[];
  /** The field's value the portal last took from here (undefined: none known). */
  sent: unknown;
}

/** A change pulled from the portal, as the engine hands it to its record type (apply.ts). */
export interface PortalPull {
  /** The portal's id of the record. */
  id: string;
  /** The record's data in the protocol's shape (checked by the protocol's schema). */
  data: Record<string, unknown>;
  ids: PortalIds;
  /** Fields the pull must not write: changes here not yet sent, or waiting in the conflict inbox. */
  held(): ReadonlySet<string>;
  /** What is held of one field (in `held()`): its changes here not yet acknowledged. */
  heldField(field: string): HeldField | null;
  /**
   * The pulled record is `localId`, a record kept here before the portal sent it (found by its
   * key, e.g. the IIN): from now on the portal's id names it. Call before `held()`.
   */
  link(localId: string): void;
  now: string;
}

/**
 * What a record type did with a pulled change. Applied: the local id (when not the portal's),
 * the child whose file it is part of (its history shows it) and the fields it changed here.
 * Rejected: a rule of the type broken (the engine rolls back what the type wrote of it).
 */
export type PullOutcome =
  | { applied: true; localId?: string; childId?: string | null; fields: readonly string[] }
  | { applied: false; reason: PullRejectionReason; fields: readonly string[] };

/**
 * What a synced record type offers the sync engine. Its record module is the only code that
 * reads or writes its tables; the engine sees it only through this.
 */
export interface RecordType {
  entity: SyncedEntity;
  /** Its portal ids are those of another type (a health summary is keyed by its child's id). */
  idsOf?: SyncedEntity;
  /**
   * The record as the portal knows it, from its local id; null when it is gone here. None for a
   * type the portal keeps alone (pulled, never sent).
   */
  toWire?(
    store: ReadableStore,
    localId: string,
    ids: PortalIds,
    context?: WireContext,
  ): WireRecord | null;
  /** Local ids of every record of the type, oldest first (enrolment queues those not sent). */
  localIds?(store: ReadableStore): string[];
  /** The wire field by which other records name one of this type (a child: `childId`). */
  referencedAs?: string;
  /** Writes a change pulled from the portal here through the type's own rules (apply.ts). */
  applyFromPortal?(store: Store, pull: PortalPull): PullOutcome;
  /** Deletes here a record the portal deleted (the types the portal may delete). */
  remove?(store: Store, portalId: string): void;
  /**
   * Writes the portal's values of some fields onto the local copy without telling the portal
   * (a conflict answered with the portal's value, a portal-owned field's override).
   */
  overwrite?(
    store: Store,
    portalId: string,
    fields: Record<string, unknown>,
    ids: PortalIds,
    now: string,
  ): void;
}

/** Every record type this app sends, in the order enrolment queues them. */
export const RECORD_TYPES: Partial<Record<SyncedEntity, RecordType>> = {
  child: childRecord,
  representative: representativeRecord,
  contract: contractRecord,
  document: documentRecord,
  health: healthRecord,
  referral: referralRecord,
  attendance: attendanceRecord,
  // Kept by the portal only: pulled, never sent.
  privilege: privilegeRecord,
  notice: noticeRecord,
} satisfies Partial<Record<SyncedEntity, RecordType>>;

export function recordType(entity: string): RecordType | undefined {
  return Object.hasOwn(RECORD_TYPES, entity) ? RECORD_TYPES[entity as SyncedEntity] : undefined;
}
