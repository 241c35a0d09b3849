/**
 * Portal sync protocol v1 (PORTAL-SYNC.md): the ONE module shared by the client
 * (`electron/core/sync`) and the emulator (`test/portal-emulator`). The OpenAPI document
 * `test/portal-emulator/openapi.yaml` describes the same wire format; a unit test keeps the
 * three in agreement. Pure: zod + node:crypto + the app's vocabulary (value lists and field
 * shapes, `electron/core/vocabulary/`), nothing else.
 *
 * Decisions and deviations from the sketch in the assignment (the source of truth for both sides):
 * 1. Ids: any non-empty string ≤ 100 chars (portal ids are UUIDs; the portal accepts a
 *    kindergarten's local UUID as the id on the first upsert of a kindergarten-created row).
 *    A change's `id` in the feed is a lowercase UUID (`RecordId`): anything else makes the page
 *    invalid (a corrupted byte must not store a bogus record and skip the real one).
 * 2. `baseVersion` is an integer ≥ 0; 0 means "never synced / new". Versions start at 1 and
 *    grow by one per change of that entity at the portal.
 * 3. Conflict rule, per field, only for fields CHANGED AT THE PORTAL since `baseVersion` — by the
 *    portal itself or by ANOTHER device; this device's own earlier mutations never conflict
 *    with it (two offline edits on the same base go through). A field nobody else touched
 *    since then is simply applied, whoever owns it; a value equal to the portal's changes
 *    nothing (no new version when nothing changes). For the others:
 *    - portal-owned field changed at the portal too → the portal's value stands; the
 *      mutation is still `applied` (for the rest) and `serverFields` carries the portal's value;
 *      the client overwrites its copy;
 *    - kindergarten-owned field changed at the portal too → not applied; the status is
 *      `conflict`, `serverFields` carries the portal's value and `conflictFields` names those
 *      fields. The other fields of the same mutation ARE applied (the result's `version` is
 *      the portal's version after that). To resolve for the local value, the client sends a
 *      new mutation with `baseVersion` = that version.
 *    - `baseVersion` equal to the portal's version → everything applied.
 *    So: in `serverFields`, portal-owned keys are overrides, kindergarten-owned keys (the ones
 *    in `conflictFields`) are conflicts.
 * 4. `delete` on a stale `baseVersion` (some field changed by the portal or another device since
 *    then) → `conflict` with the portal's current data in
 *    `serverFields` (nothing deleted). Deleting an unknown id → `applied`, version 0.
 *    Entities the kindergarten may not create or delete (referral, privilege, notice) → `rejected`.
 * 5. Referral `status` is kindergarten-owned (accepting a referral is the kindergarten's act:
 *    `{status:'accepted'}`); the rest of a referral is portal-owned. Notices and privileges are
 *    all portal-owned.
 * 6. The first upsert of an id unknown to the portal (creation) must carry the full `data`
 *    shape of the entity, otherwise `rejected`. Later upserts carry only changed fields
 *    (`fields` is validated with the entity's data schema made partial, unknown keys rejected).
 * 7. A `document` mutation whose `blobSha256` the portal does not hold is `rejected`
 *    (type `blob-missing`): upload the blob first.
 * 8. `rejected`: `version` is the portal's current version of the entity (0 if none); rejected
 *    mutations change nothing and are NOT recorded, so a resend is judged again (and is
 *    rejected again). `duplicate`: the first answer (`applied` or `conflict`) is recorded and a
 *    resend gets it back with status `duplicate`: same `version`, same `serverFields` /
 *    `conflictFields` (so a conflict whose answer was lost is not lost). A mutation whose
 *    envelope is invalid (bad mutationId, unknown entity …) is `rejected` on its own; only an
 *    invalid request envelope (deviceId not the token's: 403; no/too many mutations: 400)
 *    refuses the whole batch. The batch is applied in one transaction.
 * 9. The changes feed carries every change of the organisation, including ones this device
 *    pushed (the client skips versions it already has; apply is idempotent by
 *    (entity, id, version)). `data` is null when `deleted`. `cursor` is opaque (a decimal string
 *    today); omit `since` (or send '') to start from the beginning. `limit` 1…1000, default 500.
 * 10. Refresh does NOT rotate the refresh token: the same one comes back (a lost response
 *    cannot lock a device out). Access tokens are Bearer tokens; expired → 401 problem.
 * 11. Digest: for EVERY entity in ENTITIES (also those with no rows: count 0), over non-deleted
 *    rows, SHA-256 hex of the lines `${id}:${version}\n` sorted by id (JS string order ==
 *    byte order for ASCII ids), and `content`: the same over `${id}:${contentHash}\n`, where
 *    a record's content hash is SHA-256 of its canonical wire form (`contentHashOf`: the
 *    entity's data fields but `CONTENT_LEFT_OUT`, keys sorted, no spaces). Use `digestOf(rows)` on both sides.
 *    `GET /digest?entity=E` adds E's `records` (id, version, hash); `&ids=a,b` (at most
 *    `MAX_DIGEST_IDS`) only those, each with its `data`: the client re-pulls a record whose
 *    content differs (`sync --verify` repairs and reports it).
 * 12. Uploads (tus 1.0 core): `Tus-Resumable: 1.0.0` on every request and response;
 *    `Upload-Metadata: sha256 <base64 of the 64-char lowercase hex digest>`. A completed
 *    upload with another SHA-256 → 422 problem (type `blob-mismatch`) on the last PATCH and the
 *    upload is discarded (start again with POST). PATCH with a wrong offset → 409 problem.
 *    `HEAD /blobs/{sha256}` answers 200 with `Content-Length` = the blob's size, or 404.
 *    `Location` is a path (`/api/v1/uploads/<id>`): resolve it against the portal URL. The
 *    portal keeps every byte that arrived before a dropped connection (HEAD tells the offset);
 *    after completion HEAD on the upload still answers `Upload-Offset` = `Upload-Length`.
 *    A mutation for an unknown referenced child (`childId`) is `rejected` ("Unknown child").
 * 13. Enrolment: an unknown code → 403 (`enrollment-refused`); a code already bound to another
 *    BIN → 403 as well. Enrolling again with the same code and BIN gives a new device.
 * 14. Bounds: every string in these schemas has a maximum length (`MAX_TEXT` where no field
 *    rule is tighter), every list a maximum size; a value beyond them makes the whole answer
 *    invalid. The client also refuses a response body over its size limit before parsing
 *    (README, sync), and checks `serverFields` with the entity's own field schemas
 *    (`checkServerFields`).
 * 15. Attendance: one record per child and month (`attendance`, the kindergarten creates it
 *    with its first mark). The day marks, the month's closing (`closed`, `closedAt`) and the
 *    count of corrections after the first closing are the kindergarten's; what the parent said
 *    about the closed month (`parentStatus`, `parentComment`, `parentAt`) is the portal's. Marks
 *    are sorted by date, one per day, at most `MAX_MONTH_MARKS`, every date in `month`; a mark
 *    carries only the keys that apply to it (no nulls): an absence its `reason` (and `note`,
 *    `documentId`: the document's portal id), a presence its optional `arrival`/`departure`.
 *    The portal keeps no mark of a child it does not know (`Unknown child`) and none outside
 *    the record's month (`rejected`).
 * 16. Electronic contracts (issue 17): the director's signed PDF (`e_contract`) and detached
 *    CMS (`e_signature`) go as documents (blobs first) before the contract that names them
 *    (`signedPdfDocumentId`, `directorSignatureDocumentId`: kindergarten-owned; a contract
 *    naming a document the portal does not hold is `rejected`, "Unknown document"). The
 *    parent signs on the portal: `representativeSignature` (base64 detached CMS over the same
 *    PDF) is the portal's field — the kindergarten never sends it (left out of the content
 *    hash), pulls it, verifies it against the PDF it signed and keeps it as an `e_signature`.
 */
import { createHash } from 'node:crypto';
import { z } from 'zod';
import {
  ABSENCE_REASONS,
  AGE_GROUPS,
  CHILD_MONTH_STATUSES,
  CHILD_STATUSES,
  CONTRACT_STATUSES,
  MARK_STATUSES,
  REFERRAL_STATUSES,
  RELATIONS,
  SEXES,
} from '../vocabulary/enums';
import { ISO_DATE, TWELVE_DIGITS } from '../vocabulary/field-rules';

export const PROTOCOL_VERSION = 1;
export const API_PREFIX = '/api/v1';
export const TUS_VERSION = '1.0.0';
export const MAX_PAGE_SIZE = 1000;
export const DEFAULT_PAGE_SIZE = 500;
export const MAX_MUTATIONS_PER_REQUEST = 1000;
/** Longest free text (a notice's body in one language, a health summary value, a problem's detail). */
export const MAX_TEXT = 10_000;
/** Longest short text: a token, a problem's type or title, a field name. */
export const MAX_SHORT_TEXT = 1_000;

export const PATHS = {
  enroll: '/api/v1/devices/enroll',
  refresh: '/api/v1/auth/refresh',
  changes: '/api/v1/changes',
  mutations: '/api/v1/mutations',
  blob: (sha256: string) => `/api/v1/blobs/${sha256}`,
  uploads: '/api/v1/uploads',
  digest: '/api/v1/digest',
} as const;

/** Problem `type`s the portal uses (RFC 9457; `about:blank` for anything else). */
export const PROBLEM_TYPES = {
  validation: 'urn:balabaqsha:problem:validation',
  unauthorized: 'urn:balabaqsha:problem:unauthorized',
  enrollmentRefused: 'urn:balabaqsha:problem:enrollment-refused',
  notFound: 'urn:balabaqsha:problem:not-found',
  offsetMismatch: 'urn:balabaqsha:problem:offset-mismatch',
  blobMismatch: 'urn:balabaqsha:problem:blob-mismatch',
  blobMissing: 'urn:balabaqsha:problem:blob-missing',
  forbiddenEntity: 'urn:balabaqsha:problem:forbidden-entity',
  rateLimited: 'urn:balabaqsha:problem:rate-limited',
  server: 'urn:balabaqsha:problem:server',
} as const;

// ---------------------------------------------------------------------------------------
// Primitives

export const Id = z.string().min(1).max(100);
/**
 * The id of a record in the change feed: a UUID as the portal and this app write it (lowercase
 * hex), so a corrupted byte in it makes the page invalid instead of a bogus record.
 */
export const RecordId = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/, 'UUID');
export const IsoDate = z.string().regex(ISO_DATE, 'YYYY-MM-DD');
/** An ISO-8601 date-time (`2026-11-25T06:40:00.000Z`). */
export const IsoDateTime = z.string().regex(/^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}/, 'ISO date-time');
export const Sha256Hex = z.string().regex(/^[0-9a-f]{64}$/, 'SHA-256 hex');
export const UuidV7 = z
  .string()
  .regex(/^[0-9a-f]{8}-[0-9a-f]{4}-7[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/i, 'UUIDv7');
export const Iin = z.string().regex(TWELVE_DIGITS, '12 digits');
export const Bin = z.string().regex(TWELVE_DIGITS, '12 digits');
export const Version = z.number().int().min(1);

// ---------------------------------------------------------------------------------------
// Entity data (camelCase)

export const ReferralData = z.object({
  number: z.string().min(1).max(50),
  issuedOn: IsoDate,
  validUntil: IsoDate,
  ageGroup: z.enum(AGE_GROUPS),
  status: z.enum(REFERRAL_STATUSES),
  childId: Id,
  organizationBin: Bin,
});

export const ChildData = z.object({
  iin: Iin,
  lastName: z.string().min(1).max(100),
  firstName: z.string().min(1).max(100),
  patronymic: z.string().max(100).nullable(),
  birthDate: IsoDate,
  sex: z.enum(SEXES),
  citizenship: z.string().min(1).max(100),
  registeredAddress: z.string().max(500).nullable(),
  status: z.enum(CHILD_STATUSES),
  groupName: z.string().max(100).nullable(),
  actualAddress: z.string().max(500).nullable(),
  enrolledOn: IsoDate.nullable(),
  leftOn: IsoDate.nullable(),
});

export const RepresentativeData = z.object({
  childId: Id,
  relation: z.enum(RELATIONS),
  iin: Iin,
  lastName: z.string().min(1).max(100),
  firstName: z.string().min(1).max(100),
  patronymic: z.string().max(100).nullable(),
  phone: z.string().min(1).max(50),
  email: z.string().max(200).nullable(),
});

export const PrivilegeData = z.object({
  childId: Id,
  categoryCode: z.string().min(1).max(50),
  validUntil: IsoDate.nullable(),
  verified: z.boolean(),
});

export const LocalizedText = z.object({
  kk: z.string().max(MAX_TEXT),
  ru: z.string().max(MAX_TEXT),
});

export const NoticeData = z.object({
  publishedOn: IsoDate,
  rulesVersion: z.string().min(1).max(50),
  title: z.object({ kk: z.string().max(500), ru: z.string().max(500) }),
  body: LocalizedText,
});

/** Longest detached CMS signature, base64 (a signature and its certificate chain: a few KiB). */
export const MAX_CMS_BASE64 = 1024 * 1024;
export const CmsBase64 = z
  .string()
  .min(1)
  .max(MAX_CMS_BASE64)
  .regex(/^[A-Za-z0-9+/]+={0,2}$/, 'base64');

export const ContractData = z.object({
  childId: Id,
  representativeId: Id,
  number: z.string().min(1).max(100),
  status: z.enum(CONTRACT_STATUSES),
  /** A date or a date-time (the local store keeps the signing time). */
  signedOn: z
    .string()
    .regex(/^\d{4}-\d{2}-\d{2}/, 'ISO date')
    .nullable(),
  contentSha256: Sha256Hex.nullable(),
  /** The portal id of the `e_contract` document: the PDF the director signed (rule 16). */
  signedPdfDocumentId: Id.nullable(),
  /** The portal id of the `e_signature` document: the director's detached CMS over that PDF. */
  directorSignatureDocumentId: Id.nullable(),
  /**
   * The representative's detached CMS (base64) over the same PDF, made on the portal: the
   * portal's field, never sent by the kindergarten (rule 16).
   */
  representativeSignature: CmsBase64.nullable().optional(),
});

export const DocumentData = z.object({
  childId: Id,
  type: z.string().min(1).max(50),
  blobSha256: Sha256Hex,
  mime: z.string().min(1).max(200),
  size: z.number().int().nonnegative(),
});

/** A health summary value: a scalar (blood group, health group, a disability flag …). */
export const HealthValue = z.union([z.string().max(MAX_TEXT), z.number(), z.boolean(), z.null()]);

/** `childId` plus whatever summary fields the client sends (bounded scalar values). */
export const HealthData = z.object({ childId: Id }).catchall(HealthValue);

/** `YYYY-MM`. */
export const IsoMonth = z.string().regex(/^\d{4}-(0[1-9]|1[0-2])$/, 'YYYY-MM');
/** `HH:MM`, 00:00–23:59. */
export const ClockTime = z.string().regex(/^([01]\d|2[0-3]):[0-5]\d$/, 'HH:MM');
/** Most marks one child-month holds (one per day). */
export const MAX_MONTH_MARKS = 31;

/**
 * One day's mark of a child-month (rule 15): an absence has its `reason` (and may have a
 * `note` and the supporting `documentId`), a presence may have `arrival` and `departure`.
 */
export const AttendanceMark = z
  .strictObject({
    date: IsoDate,
    status: z.enum(MARK_STATUSES),
    reason: z.enum(ABSENCE_REASONS).optional(),
    note: z.string().min(1).max(500).optional(),
    arrival: ClockTime.optional(),
    departure: ClockTime.optional(),
    documentId: Id.optional(),
  })
  .superRefine((mark, ctx) => {
    const absent = mark.status === 'absent';
    if (absent && mark.reason === undefined)
      ctx.addIssue({ code: 'custom', path: ['reason'], message: 'required for an absence' });
    for (const key of absent
      ? (['arrival', 'departure'] as const)
      : (['reason', 'note', 'documentId'] as const))
      if (mark[key] !== undefined)
        ctx.addIssue({ code: 'custom', path: [key], message: `not for ${mark.status}` });
  });

export const AttendanceData = z.object({
  childId: Id,
  month: IsoMonth,
  groupName: z.string().min(1).max(100),
  marks: z
    .array(AttendanceMark)
    .max(MAX_MONTH_MARKS)
    .refine((marks) => marks.every((m, i) => i === 0 || marks[i - 1]!.date < m.date), {
      message: 'sorted by date, one mark per day',
    }),
  closed: z.boolean(),
  closedAt: IsoDateTime.max(40).nullable(),
  corrections: z.number().int().min(0).max(100_000),
  parentStatus: z.enum(CHILD_MONTH_STATUSES),
  parentComment: z.string().max(1000).nullable(),
  parentAt: IsoDateTime.max(40).nullable(),
});

export const ENTITY_DATA = {
  referral: ReferralData,
  child: ChildData,
  representative: RepresentativeData,
  privilege: PrivilegeData,
  notice: NoticeData,
  contract: ContractData,
  document: DocumentData,
  health: HealthData,
  attendance: AttendanceData,
} as const;

export const ENTITIES = [
  'referral',
  'child',
  'representative',
  'privilege',
  'notice',
  'contract',
  'document',
  'health',
  'attendance',
] as const;
export type Entity = (typeof ENTITIES)[number];
export const EntityName = z.enum(ENTITIES);

export type ReferralData = z.infer<typeof ReferralData>;
export type ChildData = z.infer<typeof ChildData>;
export type RepresentativeData = z.infer<typeof RepresentativeData>;
export type PrivilegeData = z.infer<typeof PrivilegeData>;
export type NoticeData = z.infer<typeof NoticeData>;
export type ContractData = z.infer<typeof ContractData>;
export type DocumentData = z.infer<typeof DocumentData>;
export type HealthData = z.infer<typeof HealthData>;
export type AttendanceMark = z.infer<typeof AttendanceMark>;
export type AttendanceData = z.infer<typeof AttendanceData>;
export type EntityData = { [E in Entity]: z.infer<(typeof ENTITY_DATA)[E]> };

/** Entities the kindergarten may create (first upsert) and delete. */
export const KINDERGARTEN_CREATABLE: readonly Entity[] = [
  'child',
  'representative',
  'contract',
  'document',
  'health',
  'attendance',
];

export type FieldOwner = 'portal' | 'kindergarten';
const P = 'portal' as const;
const K = 'kindergarten' as const;

/**
 * Who owns each field (conflict rules, see the header). Health fields other than `childId`
 * are kindergarten-owned (`fieldOwner` answers that for keys not listed).
 */
export const FIELD_OWNER: { [E in Entity]: Record<string, FieldOwner> } = {
  referral: {
    number: P,
    issuedOn: P,
    validUntil: P,
    ageGroup: P,
    status: K,
    childId: P,
    organizationBin: P,
  },
  child: {
    iin: P,
    lastName: P,
    firstName: P,
    patronymic: P,
    birthDate: P,
    sex: P,
    citizenship: P,
    registeredAddress: P,
    status: K,
    groupName: K,
    actualAddress: K,
    enrolledOn: K,
    leftOn: K,
  },
  representative: {
    childId: P,
    relation: P,
    iin: P,
    lastName: P,
    firstName: P,
    patronymic: P,
    phone: K,
    email: K,
  },
  privilege: { childId: P, categoryCode: P, validUntil: P, verified: P },
  notice: { publishedOn: P, rulesVersion: P, title: P, body: P },
  contract: {
    childId: K,
    representativeId: K,
    number: K,
    status: K,
    signedOn: K,
    contentSha256: K,
    signedPdfDocumentId: K,
    directorSignatureDocumentId: K,
    representativeSignature: P,
  },
  document: { childId: K, type: K, blobSha256: K, mime: K, size: K },
  health: { childId: K },
  attendance: {
    childId: K,
    month: K,
    groupName: K,
    marks: K,
    closed: K,
    closedAt: K,
    corrections: K,
    parentStatus: P,
    parentComment: P,
    parentAt: P,
  },
};

export function fieldOwner(entity: Entity, field: string): FieldOwner {
  return FIELD_OWNER[entity][field] ?? (entity === 'health' ? K : P);
}

// ---------------------------------------------------------------------------------------
// Errors

export const Problem = z.object({
  type: z.string().min(1).max(MAX_SHORT_TEXT),
  title: z.string().min(1).max(MAX_SHORT_TEXT),
  status: z.number().int().min(100).max(599),
  detail: z.string().max(MAX_TEXT).optional(),
});
export type Problem = z.infer<typeof Problem>;
export const PROBLEM_CONTENT_TYPE = 'application/problem+json';

// ---------------------------------------------------------------------------------------
// Enrolment and tokens

export const EnrollRequest = z.object({
  organizationBin: Bin,
  enrollmentCode: z.string().min(1).max(100),
  deviceName: z.string().min(1).max(200),
});
export type EnrollRequest = z.infer<typeof EnrollRequest>;

export const TokenResponse = z.object({
  deviceId: Id,
  accessToken: z.string().min(1).max(MAX_SHORT_TEXT),
  refreshToken: z.string().min(1).max(MAX_SHORT_TEXT),
  /** Seconds until the access token expires. */
  expiresIn: z.number().int().positive(),
});
export type TokenResponse = z.infer<typeof TokenResponse>;
export const EnrollResponse = TokenResponse;
export type EnrollResponse = TokenResponse;

export const RefreshRequest = z.object({ refreshToken: z.string().min(1).max(MAX_SHORT_TEXT) });
export type RefreshRequest = z.infer<typeof RefreshRequest>;
export const RefreshResponse = TokenResponse;
export type RefreshResponse = TokenResponse;

// ---------------------------------------------------------------------------------------
// Pull

function changeOf<E extends Entity, S extends z.ZodType>(entity: E, data: S) {
  return z.object({
    entity: z.literal(entity),
    id: RecordId,
    version: Version,
    deleted: z.boolean(),
    /** null when `deleted`. */
    data: data.nullable(),
  });
}

export const ReferralChange = changeOf('referral', ReferralData);
export const ChildChange = changeOf('child', ChildData);
export const RepresentativeChange = changeOf('representative', RepresentativeData);
export const PrivilegeChange = changeOf('privilege', PrivilegeData);
export const NoticeChange = changeOf('notice', NoticeData);
export const ContractChange = changeOf('contract', ContractData);
export const DocumentChange = changeOf('document', DocumentData);
export const HealthChange = changeOf('health', HealthData);
export const AttendanceChange = changeOf('attendance', AttendanceData);

export const Change = z
  .discriminatedUnion('entity', [
    ReferralChange,
    ChildChange,
    RepresentativeChange,
    PrivilegeChange,
    NoticeChange,
    ContractChange,
    DocumentChange,
    HealthChange,
    AttendanceChange,
  ])
  .refine((c) => (c.deleted ? c.data === null : c.data !== null), {
    message: 'data must be null exactly when deleted',
  });
export type Change = z.infer<typeof Change>;

export const ChangesQuery = z.object({
  since: z.string().max(100).optional(),
  limit: z.coerce.number().int().min(1).max(MAX_PAGE_SIZE).default(DEFAULT_PAGE_SIZE),
});
export type ChangesQuery = z.infer<typeof ChangesQuery>;

export const ChangesResponse = z.object({
  changes: z.array(Change).max(MAX_PAGE_SIZE),
  /** Send back as `since`; equal to the request's when there was nothing new. */
  cursor: z.string().max(100),
  hasMore: z.boolean(),
});
export type ChangesResponse = z.infer<typeof ChangesResponse>;

// ---------------------------------------------------------------------------------------
// Push

export const MUTATION_OPS = ['upsert', 'delete'] as const;
export const MUTATION_STATUSES = ['applied', 'duplicate', 'conflict', 'rejected'] as const;
export type MutationStatus = (typeof MUTATION_STATUSES)[number];

/**
 * One mutation. `fields` is checked per entity by `checkMutationFields` (the portal answers
 * `rejected` per mutation rather than refusing the whole batch).
 */
export const Mutation = z.object({
  mutationId: UuidV7,
  entity: EntityName,
  id: Id,
  baseVersion: z.number().int().min(0),
  op: z.enum(MUTATION_OPS),
  fields: z.record(z.string().max(100), z.unknown()),
  at: IsoDateTime.max(40),
});
export type Mutation = z.infer<typeof Mutation>;

export const MutationsRequest = z.object({
  deviceId: Id,
  mutations: z.array(Mutation).min(1).max(MAX_MUTATIONS_PER_REQUEST),
});
export type MutationsRequest = z.infer<typeof MutationsRequest>;

export const MutationResult = z.object({
  mutationId: z.string().max(100),
  status: z.enum(MUTATION_STATUSES),
  /** The portal's version of the entity after this mutation (0: the portal has none). */
  version: z.number().int().min(0),
  /**
   * The portal's values for overridden (portal-owned) and conflicting fields; each checked by
   * the client with the entity's own schema (`checkServerFields`).
   */
  serverFields: z.record(z.string().max(100), z.unknown()).optional(),
  /** Kindergarten-owned fields not applied because the portal changed them too. */
  conflictFields: z.array(z.string().max(100)).max(100).optional(),
  /** Why a mutation was rejected. */
  problem: Problem.optional(),
});
export type MutationResult = z.infer<typeof MutationResult>;

export const MutationsResponse = z.object({
  results: z.array(MutationResult).max(MAX_MUTATIONS_PER_REQUEST),
});
export type MutationsResponse = z.infer<typeof MutationsResponse>;

/**
 * Checks a mutation's `fields` against its entity: the full shape for a creation, the partial
 * shape (no unknown keys) otherwise. Returns the error text, or null when valid.
 */
const FIELD_SCHEMAS = {} as Record<
  Entity,
  { full: z.ZodType; partial: z.ZodType; server: z.ZodType<Record<string, unknown>> }
>;
for (const entity of ENTITIES) {
  const base = ENTITY_DATA[entity] as z.ZodObject;
  FIELD_SCHEMAS[entity] =
    entity === 'health'
      ? { full: HealthData, partial: HealthData.partial(), server: HealthData.partial() }
      : { full: base.strict(), partial: base.partial().strict(), server: base.partial() };
}

/**
 * The `serverFields` of a push answer checked with the entity's own field schemas (a name the
 * entity does not have is dropped: not ours to store); null when a value is not valid for its
 * field (too long, wrong shape), so the client applies nothing of that answer.
 */
export function checkServerFields(
  entity: Entity,
  fields: Record<string, unknown>,
): Record<string, unknown> | null {
  const parsed = FIELD_SCHEMAS[entity].server.safeParse(fields);
  return parsed.success ? parsed.data : null;
}

export function checkMutationFields(
  entity: Entity,
  fields: Record<string, unknown>,
  creating: boolean,
): string | null {
  const schemas = FIELD_SCHEMAS[entity];
  const schema = creating ? schemas.full : schemas.partial;
  const parsed = schema.safeParse(fields);
  if (parsed.success) return null;
  return parsed.error.issues
    .slice(0, 5)
    .map((i) => `${i.path.join('.') || '(fields)'}: ${i.message}`)
    .join('; ');
}

// ---------------------------------------------------------------------------------------
// Blobs (tus 1.0 core)

export const TUS_HEADERS = {
  resumable: 'Tus-Resumable',
  uploadLength: 'Upload-Length',
  uploadOffset: 'Upload-Offset',
  uploadMetadata: 'Upload-Metadata',
  location: 'Location',
} as const;
export const OFFSET_CONTENT_TYPE = 'application/offset+octet-stream';

/** `Upload-Metadata` value for a blob: `sha256 <base64 of the hex digest>`. */
export function uploadMetadataFor(sha256: string): string {
  return `sha256 ${Buffer.from(sha256, 'utf8').toString('base64')}`;
}

/** Parses tus `Upload-Metadata` (`key base64value, key2 base64value2`). */
export function parseUploadMetadata(header: string | undefined): Record<string, string> {
  const out: Record<string, string> = {};
  if (!header) return out;
  for (const pair of header.split(',')) {
    const [key, value] = pair.trim().split(' ');
    if (!key) continue;
    out[key] = value ? Buffer.from(value, 'base64').toString('utf8') : '';
  }
  return out;
}

// ---------------------------------------------------------------------------------------
// Digest

export const EntityDigest = z.object({
  count: z.number().int().min(0),
  hash: Sha256Hex,
  /** SHA-256 hex over `${id}:${contentHash}\n` in id order (see `contentHashOf`). */
  content: Sha256Hex.optional(),
});
export type EntityDigest = z.infer<typeof EntityDigest>;

/** One record's digest line: its version and the hash of its content; `data` when asked by id. */
export const RecordDigest = z.object({
  id: Id,
  version: Version,
  hash: Sha256Hex,
  data: z.unknown().optional(),
});
export type RecordDigest = z.infer<typeof RecordDigest>;

/** Most ids one `GET /digest?entity=…&ids=…` may ask for (their data comes back). */
export const MAX_DIGEST_IDS = 100;

export const DigestResponse = z.object({
  entities: z.record(z.string().max(50), EntityDigest),
  /** With `?entity=`: that entity's non-deleted records (only `ids`, with data, when given). */
  records: z.array(RecordDigest).max(1_000_000).optional(),
});
export type DigestResponse = z.infer<typeof DigestResponse>;
export type Digest = DigestResponse['entities'];

/** JSON with every object's keys in sorted order, no spaces: the canonical wire form. */
export function canonicalJson(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonicalJson).join(',')}]`;
  if (value !== null && typeof value === 'object') {
    const entries = Object.entries(value as Record<string, unknown>)
      .filter(([, v]) => v !== undefined)
      .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    return `{${entries.map(([k, v]) => `${JSON.stringify(k)}:${canonicalJson(v)}`).join(',')}}`;
  }
  return JSON.stringify(value ?? null);
}

/**
 * Fields outside the content hash: a child's (and a child-month's) `groupName` names a group in
 * one kindergarten device's own list (another device's group has no copy here, and renaming a
 * group changes no record), so it is compared nowhere.
 */
export const CONTENT_LEFT_OUT: Readonly<Record<string, readonly string[]>> = {
  child: ['groupName'],
  attendance: ['groupName'],
  // The portal's own field, which the kindergarten never sends (rule 16).
  contract: ['representativeSignature'],
};

/**
 * SHA-256 hex of a record's canonical wire form: the entity's data fields (a missing one is
 * null; a health summary's own keys as they are), so a value stored differently on one side —
 * a replacement character, a field written from an unchecked answer — shows.
 */
export function contentHashOf(entity: string, data: unknown): string {
  const record = (data ?? {}) as Record<string, unknown>;
  const schema = ENTITY_DATA[entity as Entity];
  const left = CONTENT_LEFT_OUT[entity] ?? [];
  const fields =
    entity === 'health' || !schema
      ? record
      : Object.fromEntries(
          Object.keys(schema.shape)
            .filter((k) => !left.includes(k))
            .map((k) => [k, record[k] ?? null]),
        );
  return createHash('sha256').update(canonicalJson(fields)).digest('hex');
}

/**
 * SHA-256 hex over `${id}:${version}\n` in id order; pass only non-deleted rows. With every
 * row's content hash (`contentHashOf`), also `content` over `${id}:${hash}\n` in id order.
 */
export function digestOf(
  rows: readonly { id: string; version: number; content?: string }[],
): EntityDigest {
  const sorted = [...rows].sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  const hash = createHash('sha256');
  const content = createHash('sha256');
  let whole = true;
  for (const row of sorted) {
    hash.update(`${row.id}:${row.version}\n`);
    if (row.content === undefined) whole = false;
    else content.update(`${row.id}:${row.content}\n`);
  }
  return {
    count: sorted.length,
    hash: hash.digest('hex'),
    ...(whole ? { content: content.digest('hex') } : {}),
  };
}
