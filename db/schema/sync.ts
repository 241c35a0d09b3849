import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { CONFLICT_ANSWERS } from '../../electron/core/vocabulary/enums';

/**
 * Portal sync (PORTAL-SYNC.md), client side. Everything here lives in the encrypted store,
 * tokens included.
 */

/** The one portal this device is enrolled with (row id 1). */
export const syncConnection = sqliteTable('sync_connection', {
  id: integer('id').primaryKey(),
  portalUrl: text('portal_url').notNull(),
  organizationBin: text('organization_bin').notNull(),
  deviceId: text('device_id').notNull(),
  accessToken: text('access_token').notNull(),
  refreshToken: text('refresh_token').notNull(),
  /** ISO time the access token expires. */
  accessExpiresAt: text('access_expires_at').notNull(),
  enrolledAt: text('enrolled_at').notNull(),
});

/** Pull cursor and the outcome of the last runs (row id 1). */
export const syncState = sqliteTable('sync_state', {
  id: integer('id').primaryKey(),
  cursor: text('cursor'),
  lastSuccessAt: text('last_success_at'),
  lastAttemptAt: text('last_attempt_at'),
  /** A reason code (offline, timeout, server, invalidResponse, unauthorized, …), null after a success. */
  lastError: text('last_error'),
  lastErrorAt: text('last_error_at'),
});

/** `dismissed`: a rejected change a person took off the list (or sent again as a new one). */
export const OUTBOX_STATUSES = ['pending', 'sent', 'rejected', 'dismissed'] as const;
export type OutboxStatus = (typeof OUTBOX_STATUSES)[number];

/**
 * Why a change was rejected, as a code the UI explains: the portal's problem type
 * (`validation`, `forbiddenEntity`, `notFound`, `blobMismatch`, `blobMissing`), the client's own
 * `attachmentMissing` (the file is gone here), or `other` (any other or no problem type).
 */
export const REJECTION_REASONS = [
  'validation',
  'forbiddenEntity',
  'notFound',
  'blobMismatch',
  'blobMissing',
  'attachmentMissing',
  'other',
] as const;
export type RejectionReason = (typeof REJECTION_REASONS)[number];

/**
 * The transactional outbox: one row per local change the portal must learn, written in the
 * same transaction as the change. `seq` keeps the local order.
 */
export const syncOutbox = sqliteTable(
  'sync_outbox',
  {
    seq: integer('seq').primaryKey({ autoIncrement: true }),
    /** UUIDv7, made when the row is written; the portal applies each one exactly once. */
    mutationId: text('mutation_id').notNull().unique(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    /** The synced version the change was made on (0: never synced). */
    baseVersion: integer('base_version').notNull(),
    op: text('op', { enum: ['upsert', 'delete'] }).notNull(),
    /** JSON object of the changed fields, in the protocol's shape. */
    fields: text('fields').notNull(),
    at: text('at').notNull(),
    /** A blob (SHA-256 hex of the plaintext) that must be on the portal before this is sent. */
    blobSha256: text('blob_sha256'),
    status: text('status', { enum: OUTBOX_STATUSES }).notNull().default('pending'),
    /** The portal's problem text for a rejected mutation (title: detail, in its language). */
    problem: text('problem'),
    /** Why it was rejected, as a code (null unless rejected; read as `other` when missing). */
    rejectionReason: text('rejection_reason', { enum: REJECTION_REASONS }),
    attempts: integer('attempts').notNull().default(0),
    resultVersion: integer('result_version'),
    sentAt: text('sent_at'),
  },
  (t) => [
    index('sync_outbox_status').on(t.status, t.seq),
    index('sync_outbox_entity').on(t.entity, t.entityId, t.status),
  ],
);

/**
 * The portal version of every entity this device knows as synced, keyed by the portal's id;
 * `localId` is the local row when it differs (a referral's child linked to an existing file).
 */
export const syncVersions = sqliteTable(
  'sync_versions',
  {
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    version: integer('version').notNull(),
    deleted: integer('deleted', { mode: 'boolean' }).notNull().default(false),
    localId: text('local_id'),
  },
  (t) => [
    primaryKey({ columns: [t.entity, t.entityId] }),
    index('sync_versions_local').on(t.entity, t.localId),
  ],
);

/**
 * Why a change pulled from the portal was not applied here, as a code the UI explains: the IIN
 * is not a valid one (`iinInvalid`), it disagrees with the birth date or sex (`iinMismatch`),
 * another person here (a child or a representative) has it (`iinTaken`), the status cannot
 * follow the child's status here (`statusChangeNotAllowed`), a status or date would change a
 * month closed here (`childMonthClosed`, the local rule), or the record belongs to a child
 * whose arrival was refused here (`childRefused`: judged again when the child is accepted), a
 * parent's answer about a child's month that is not closed here (`monthNotClosed`), a
 * dispute of a month the parent already confirmed (`monthConfirmed`), a child-month marked on
 * another device in a group not here by its name (`attendanceGroupUnknown`) or with a mark on a
 * day this calendar has off (`attendanceNonWorkingDay`), a mark against the register's rules
 * (`attendanceInvalidMark`: an 'other' absence without a note, a departure before the
 * arrival, …), or a change of marks of a month closed here that the record does not say was
 * reopened elsewhere (`attendanceMonthClosedHere`).
 */
export const PULL_REJECTION_REASONS = [
  'iinInvalid',
  'iinMismatch',
  'iinTaken',
  'statusChangeNotAllowed',
  'childMonthClosed',
  'childRefused',
  'monthNotClosed',
  'monthConfirmed',
  'attendanceGroupUnknown',
  'attendanceNonWorkingDay',
  'attendanceInvalidMark',
  'attendanceMonthClosedHere',
] as const;
export type PullRejectionReason = (typeof PULL_REJECTION_REASONS)[number];

/**
 * Changes pulled from the portal that break this kindergarten's rules: not applied, one row per
 * record (its newest such version), shown on the Portal page until a later version of the
 * record is applied or the portal deletes it. The synced version still advances (the change
 * was seen and judged); `data` keeps only what the Portal page shows of the pulled record (the
 * names and the child it is about), `fields` the names of the fields that broke the rule.
 */
export const syncRejectedPulls = sqliteTable(
  'sync_rejected_pulls',
  {
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    version: integer('version').notNull(),
    reason: text('reason', { enum: PULL_REJECTION_REASONS }).notNull(),
    /** JSON array of field names. */
    fields: text('fields').notNull(),
    /** JSON object: the pulled record's names and child (REJECTED_PULL_KEPT), nothing more. */
    data: text('data').notNull(),
    at: text('at').notNull(),
  },
  (t) => [primaryKey({ columns: [t.entity, t.entityId] })],
);

export const CONFLICT_STATUSES = ['open', 'resolved'] as const;

/** Fields both sides changed: kept for a person to decide, never overwritten silently. */
export const syncConflicts = sqliteTable(
  'sync_conflicts',
  {
    id: text('id').primaryKey(),
    mutationId: text('mutation_id').notNull(),
    entity: text('entity').notNull(),
    entityId: text('entity_id').notNull(),
    field: text('field').notNull(),
    /** JSON values. */
    localValue: text('local_value').notNull(),
    serverValue: text('server_value').notNull(),
    serverVersion: integer('server_version').notNull(),
    status: text('status', { enum: CONFLICT_STATUSES }).notNull().default('open'),
    resolution: text('resolution', { enum: CONFLICT_ANSWERS }),
    createdAt: text('created_at').notNull(),
    resolvedAt: text('resolved_at'),
    resolvedBy: text('resolved_by'),
  },
  (t) => [index('sync_conflicts_status').on(t.status)],
);

/** Referrals (жолдама) the portal issued to this organisation. */
export const referrals = sqliteTable('referrals', {
  id: text('id').primaryKey(),
  number: text('number').notNull(),
  issuedOn: text('issued_on').notNull(),
  validUntil: text('valid_until').notNull(),
  ageGroup: text('age_group').notNull(),
  status: text('status').notNull(),
  /** The portal's child id. */
  childId: text('child_id').notNull(),
  organizationBin: text('organization_bin').notNull(),
  /** The local child file once accepted. */
  acceptedChildId: text('accepted_child_id'),
  acceptedAt: text('accepted_at'),
});

/** Rule-change notices for the event feed. */
export const notices = sqliteTable('notices', {
  id: text('id').primaryKey(),
  publishedOn: text('published_on').notNull(),
  rulesVersion: text('rules_version').notNull(),
  titleKk: text('title_kk').notNull(),
  titleRu: text('title_ru').notNull(),
  bodyKk: text('body_kk').notNull(),
  bodyRu: text('body_ru').notNull(),
});

/** Resumable blob uploads in flight: the tus location survives a restart. */
export const syncUploads = sqliteTable('sync_uploads', {
  sha256: text('sha256').primaryKey(),
  location: text('location').notNull(),
  size: integer('size').notNull(),
  createdAt: text('created_at').notNull(),
});
