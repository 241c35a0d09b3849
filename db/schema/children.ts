import { sql } from 'drizzle-orm';
import { sqliteTable, text, integer, index, primaryKey } from 'drizzle-orm/sqlite-core';
import { kazakhOrder } from '../kazakh-order';
import { attachments } from './attachments';
import { staffAccounts } from './staff';
import {
  AGE_GROUPS,
  CHILD_STATUSES,
  DOCUMENT_TYPES,
  GROUP_LANGUAGES,
  ID_DOCUMENT_TYPES,
  PRIVILEGE_CONFIRMATIONS,
  PRIVILEGE_KINDS,
  RELATIONS,
  SEXES,
} from '../../electron/core/vocabulary/enums';

// The value lists are the vocabulary's (declared once, shared with the protocol and renderer).
export { AGE_GROUPS, CHILD_STATUSES, DOCUMENT_TYPES, RELATIONS, SEXES };
export type { ChildStatus, DocumentType } from '../../electron/core/vocabulary/enums';

export const groups = sqliteTable('groups', {
  id: text('id').primaryKey(),
  name: text('name').notNull(),
  ageGroup: text('age_group', { enum: AGE_GROUPS }).notNull(),
  language: text('language', { enum: GROUP_LANGUAGES }).notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
  createdAt: text('created_at').notNull(),
  /** How many children the group takes (the director's figure); null while not set. */
  capacity: integer('capacity'),
});

/**
 * The child's personal file, registry part (rules 25-12, 25-13). Children are archived,
 * never deleted: the rules promise the data is kept when a family leaves.
 */
export const children = sqliteTable(
  'children',
  {
    id: text('id').primaryKey(),
    iin: text('iin').notNull().unique(),
    lastName: text('last_name').notNull(),
    firstName: text('first_name').notNull(),
    patronymic: text('patronymic'),
    birthDate: text('birth_date').notNull(),
    sex: text('sex', { enum: SEXES }).notNull(),
    citizenship: text('citizenship').notNull(),
    birthCertificateNumber: text('birth_certificate_number'),
    birthCertificateDate: text('birth_certificate_date'),
    birthCertificateIssuer: text('birth_certificate_issuer'),
    registeredAddress: text('registered_address'),
    actualAddress: text('actual_address'),
    status: text('status', { enum: CHILD_STATUSES }).notNull(),
    groupId: text('group_id').references(() => groups.id),
    referralNumber: text('referral_number'),
    enrolledOn: text('enrolled_on'),
    leftOn: text('left_on'),
    archived: integer('archived', { mode: 'boolean' }).notNull().default(false),
    createdAt: text('created_at').notNull(),
    updatedAt: text('updated_at').notNull(),
  },
  (t) => [
    index('children_group').on(t.groupId, t.status),
    index('children_name').on(t.lastName, t.firstName),
    index('children_kazakh_order').on(
      kazakhOrder(t.lastName),
      kazakhOrder(t.firstName),
      kazakhOrder(t.patronymic),
      t.id,
    ),
    /** The counted children (reports/stats-facts.ts) from the index alone (migration 0022). */
    index('children_counted')
      .on(t.groupId, t.status, t.birthDate, t.id)
      .where(sql`${t.archived} = 0`),
  ],
);

export const representatives = sqliteTable('representatives', {
  id: text('id').primaryKey(),
  iin: text('iin').notNull().unique(),
  lastName: text('last_name').notNull(),
  firstName: text('first_name').notNull(),
  patronymic: text('patronymic'),
  idDocumentType: text('id_document_type', { enum: ID_DOCUMENT_TYPES }).notNull(),
  idDocumentNumber: text('id_document_number').notNull(),
  idDocumentIssuedOn: text('id_document_issued_on'),
  idDocumentIssuer: text('id_document_issuer'),
  phone: text('phone').notNull(),
  phoneExtra: text('phone_extra'),
  email: text('email'),
  workplace: text('workplace'),
  position: text('position'),
  address: text('address'),
  createdAt: text('created_at').notNull(),
  updatedAt: text('updated_at').notNull(),
});

export const childRepresentatives = sqliteTable(
  'child_representatives',
  {
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    representativeId: text('representative_id')
      .notNull()
      .references(() => representatives.id),
    relation: text('relation', { enum: RELATIONS }).notNull(),
    /** The document proving the right to represent the child (birth certificate, court order …). */
    authorityDocument: text('authority_document'),
    isPrimary: integer('is_primary', { mode: 'boolean' }).notNull().default(false),
  },
  (t) => [
    primaryKey({ columns: [t.childId, t.representativeId] }),
    index('child_representatives_representative').on(t.representativeId),
  ],
);

/** Reference list, synced from the portal later: categories change by region and year. */
export const privilegeCategories = sqliteTable('privilege_categories', {
  code: text('code').primaryKey(),
  kind: text('kind', { enum: PRIVILEGE_KINDS }).notNull(),
  nameKk: text('name_kk').notNull(),
  nameRu: text('name_ru').notNull(),
  active: integer('active', { mode: 'boolean' }).notNull().default(true),
});

export const childPrivileges = sqliteTable(
  'child_privileges',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    categoryCode: text('category_code')
      .notNull()
      .references(() => privilegeCategories.code),
    documentNumber: text('document_number'),
    validFrom: text('valid_from'),
    validUntil: text('valid_until'),
    confirmation: text('confirmation', { enum: PRIVILEGE_CONFIRMATIONS })
      .notNull()
      .default('pending'),
    createdAt: text('created_at').notNull(),
  },
  (t) => [
    index('child_privileges_child').on(t.childId, t.categoryCode),
    /** The overview's "privileges expiring" list (migration 0022). */
    index('child_privileges_ending')
      .on(t.validUntil)
      .where(sql`${t.confirmation} = 'confirmed'`),
  ],
);

/**
 * Consent to personal-data processing: which rules version, when, given by whom, recorded by
 * whom. A withdrawn consent is kept, with the day it was withdrawn and who recorded that: it is
 * no longer current, and a consent given again is a new row.
 */
export const consents = sqliteTable('consents', {
  id: text('id').primaryKey(),
  childId: text('child_id')
    .notNull()
    .references(() => children.id),
  representativeId: text('representative_id')
    .notNull()
    .references(() => representatives.id),
  rulesVersion: text('rules_version').notNull(),
  givenOn: text('given_on').notNull(),
  recordedBy: text('recorded_by')
    .notNull()
    .references(() => staffAccounts.id),
  /** The day it was withdrawn (this computer's calendar); null while it is current. */
  withdrawnOn: text('withdrawn_on'),
  /** Who recorded the withdrawal; null while it is current. */
  withdrawnBy: text('withdrawn_by').references(() => staffAccounts.id),
});

export const documents = sqliteTable(
  'documents',
  {
    id: text('id').primaryKey(),
    childId: text('child_id')
      .notNull()
      .references(() => children.id),
    representativeId: text('representative_id').references(() => representatives.id),
    type: text('type', { enum: DOCUMENT_TYPES }).notNull(),
    title: text('title').notNull(),
    attachmentId: text('attachment_id')
      .notNull()
      .references(() => attachments.id),
    thumbnailId: text('thumbnail_id').references(() => attachments.id),
    createdAt: text('created_at').notNull(),
    createdBy: text('created_by').references(() => staffAccounts.id),
  },
  (t) => [index('documents_child').on(t.childId)],
);
