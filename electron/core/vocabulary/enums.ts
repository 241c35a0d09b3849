/**
 * The app's one vocabulary: every closed list of values a record may hold, declared once and
 * imported by the db schema (column enums), the sync protocol (wire enums), the handlers'
 * input schemas and the renderer (option lists, form checks). Node-free and import-free, so
 * the renderer bundles it (eslint.config.js lets the renderer import electron/core/vocabulary/).
 * A value's words are `children.statuses.<value>` etc. in the locale files and report-words.ts.
 */

// ---------------------------------------------------------------------------------------
// Staff

export const STAFF_ROLES = ['director', 'methodist', 'teacher', 'nurse', 'accountant'] as const;
export type StaffRole = (typeof STAFF_ROLES)[number];

/**
 * The role tied to groups: staff.setGroups gives her the groups she works with, and she sees
 * only their children (auth/group-scope.ts); every other role sees all children.
 */
export const GROUP_BOUND_ROLE = 'teacher' satisfies StaffRole;

/** The interface languages (a staff member's choice; reports and PDFs in either). */
export const UI_LANGUAGES = ['kk', 'ru'] as const;
export type UiLanguage = (typeof UI_LANGUAGES)[number];

// ---------------------------------------------------------------------------------------
// Groups and children

export const AGE_GROUPS = ['nursery', 'junior', 'middle', 'senior', 'preschool'] as const;
export type AgeGroup = (typeof AGE_GROUPS)[number];

/** The language a group is taught in. */
export const GROUP_LANGUAGES = ['kk', 'ru'] as const;
export type GroupLanguage = (typeof GROUP_LANGUAGES)[number];

export const CHILD_STATUSES = ['referred', 'enrolled', 'withdrawn', 'graduated'] as const;
export type ChildStatus = (typeof CHILD_STATUSES)[number];

/** The statuses a new child's file starts in (the enrolment form offers them in this order). */
export const NEW_CHILD_STATUSES = [
  'enrolled',
  'referred',
] as const satisfies readonly ChildStatus[];

/**
 * The status changes a child's file allows (referred → enrolled → withdrawn / graduated; a
 * withdrawn child may come back). The core refuses any other, locally and from the portal.
 */
export const CHILD_STATUS_NEXT: Readonly<Record<ChildStatus, readonly ChildStatus[]>> = {
  referred: ['enrolled'],
  enrolled: ['withdrawn', 'graduated'],
  withdrawn: ['enrolled'],
  graduated: [],
};

export const SEXES = ['male', 'female'] as const;
export type Sex = (typeof SEXES)[number];

/** How a representative is related to the child. */
export const RELATIONS = ['mother', 'father', 'guardian', 'trustee', 'other'] as const;
export type Relation = (typeof RELATIONS)[number];

/** A representative's identity document. */
export const ID_DOCUMENT_TYPES = ['id_card', 'passport', 'residence_permit', 'other'] as const;
export type IdDocumentType = (typeof ID_DOCUMENT_TYPES)[number];

/** A privilege category's queue rank. */
export const PRIVILEGE_KINDS = ['extraordinary', 'first_priority'] as const;
export const PRIVILEGE_CONFIRMATIONS = ['pending', 'confirmed', 'rejected'] as const;

/** A portal referral's status (only `accepted` is the kindergarten's act). */
export const REFERRAL_STATUSES = ['issued', 'accepted', 'cancelled', 'expired'] as const;
export type ReferralStatus = (typeof REFERRAL_STATUSES)[number];

// ---------------------------------------------------------------------------------------
// Documents

export const DOCUMENT_TYPES = [
  'id_copy',
  'birth_certificate_copy',
  'authority_document_copy',
  'privilege_proof',
  'child_photo',
  'representative_photo',
  'absence_reason',
  'health_passport_page',
  'medical_card_page',
  'portfolio_file',
  'previous_personal_file',
  'signed_contract',
  /** A contract's PDF signed electronically (issue 17): the exact bytes the signatures cover. */
  'e_contract',
  /** A detached CMS signature (the director's or the representative's) over an `e_contract`. */
  'e_signature',
  'other',
] as const;
export type DocumentType = (typeof DOCUMENT_TYPES)[number];

// ---------------------------------------------------------------------------------------
// Health passport and records

export const BLOOD_GROUPS = ['O', 'A', 'B', 'AB'] as const;
export const RH_FACTORS = ['+', '-'] as const;
export const HEALTH_GROUPS = ['I', 'II', 'III', 'IV', 'V'] as const;
/** Physical-education group. */
export const PE_GROUPS = ['main', 'preparatory', 'special'] as const;
export const ALLERGY_KINDS = ['food', 'drug', 'other'] as const;

// ---------------------------------------------------------------------------------------
// Portfolio and contracts

export const DEVELOPMENT_AREAS = [
  'physical',
  'communicative',
  'cognitive',
  'creative',
  'social_emotional',
] as const;
export type DevelopmentArea = (typeof DEVELOPMENT_AREAS)[number];

export const CONTRACT_STATUSES = ['draft', 'printed', 'signed', 'terminated'] as const;
export type ContractStatus = (typeof CONTRACT_STATUSES)[number];

// ---------------------------------------------------------------------------------------
// Attendance

/** A day's mark: the child came, or did not (with a reason). */
export const MARK_STATUSES = ['present', 'absent'] as const;
export type MarkStatus = (typeof MARK_STATUSES)[number];

/** Why a child was absent (which are valid, i.e. not charged, is the day-code template's). */
export const ABSENCE_REASONS = [
  'illness',
  /** Treatment or rehabilitation in a medical or sanatorium organisation. */
  'sanatorium',
  /** A parent's annual leave. */
  'parentLeave',
  /** The summer health period (up to two months). */
  'summerHealth',
  /** Quarantine or closure of the group (force majeure). */
  'quarantine',
  /** Without a valid reason. */
  'unexcused',
  /** Other, with a note. */
  'other',
] as const;
export type AbsenceReason = (typeof ABSENCE_REASONS)[number];

/** A group's month: open for marks, or closed by the director. */
export const MONTH_STATUSES = ['open', 'closed'] as const;
export type MonthStatus = (typeof MONTH_STATUSES)[number];

/** What a parent said about a child's closed month (through the portal). */
export const CHILD_MONTH_STATUSES = ['pending', 'confirmed', 'disputed'] as const;
export type ChildMonthStatus = (typeof CHILD_MONTH_STATUSES)[number];

// ---------------------------------------------------------------------------------------
// The audit log and sync conflicts

/** How an audited act ended: done, or refused (no permission, a wrong password). */
export const AUDIT_OUTCOMES = ['ok', 'denied'] as const;
export type AuditOutcome = (typeof AUDIT_OUTCOMES)[number];

/** The side a sync conflict's answer keeps: this kindergarten's value or the portal's. */
export const CONFLICT_ANSWERS = ['local', 'server'] as const;
export type ConflictAnswer = (typeof CONFLICT_ANSWERS)[number];
