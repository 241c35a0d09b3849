/**
 * The portal emulator's own SQLite store (plain better-sqlite3, no key: this is the
 * "portal", not the kindergarten's encrypted store). Every entity row keeps only its latest
 * state; `seq` (per organisation, monotonically increasing) orders the changes feed, so the
 * feed is a compacted log: a client always receives each entity's latest version.
 */
import { createHash, randomBytes, randomUUID } from 'node:crypto';
import Database from 'better-sqlite3';
import {
  type Entity,
  type EntityDigest,
  type Mutation,
  type MutationResult,
  ENTITIES,
  KINDERGARTEN_CREATABLE,
  Mutation as MutationSchema,
  PROBLEM_TYPES,
  type RecordDigest,
  checkMutationFields,
  contentHashOf,
  digestOf,
  fieldOwner,
} from '../../electron/core/sync/protocol';

type Db = InstanceType<typeof Database>;
type Data = Record<string, unknown>;

export interface EntityRow {
  bin: string;
  entity: Entity;
  id: string;
  version: number;
  deleted: boolean;
  data: Data;
  fieldVersions: Record<string, number>;
  /** Who last changed each field: a device id, or 'portal'. */
  fieldOrigins: Record<string, string>;
  seq: number;
}

interface RawRow {
  bin: string;
  entity: string;
  id: string;
  version: number;
  deleted: number;
  data: string;
  field_versions: string;
  field_origins: string;
  seq: number;
}

export interface MutationLogEntry {
  mutationId: string;
  deviceId: string;
  entity: string;
  id: string;
  status: string;
  version: number;
  /** How many times the mutation's effect was applied (exactly once: always 1). */
  applied: number;
  /** How many times the mutation was received (1 + resends). */
  received: number;
}

export interface Device {
  id: string;
  bin: string;
  name: string;
}

const SCHEMA = `
CREATE TABLE IF NOT EXISTS organizations (
  bin TEXT PRIMARY KEY,
  seq INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS enrollment_codes (
  code TEXT PRIMARY KEY,
  bin TEXT,
  seed_referrals INTEGER NOT NULL DEFAULT 0,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS devices (
  id TEXT PRIMARY KEY,
  bin TEXT NOT NULL,
  name TEXT NOT NULL,
  created_at TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS tokens (
  token TEXT PRIMARY KEY,
  device_id TEXT NOT NULL,
  kind TEXT NOT NULL CHECK (kind IN ('access', 'refresh')),
  expires_at INTEGER NOT NULL
);
CREATE TABLE IF NOT EXISTS entities (
  bin TEXT NOT NULL,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  version INTEGER NOT NULL,
  deleted INTEGER NOT NULL DEFAULT 0,
  data TEXT NOT NULL,
  field_versions TEXT NOT NULL,
  field_origins TEXT NOT NULL,
  seq INTEGER NOT NULL,
  PRIMARY KEY (bin, entity, id)
);
CREATE UNIQUE INDEX IF NOT EXISTS entities_seq ON entities (bin, seq);
-- One attendance record per child and month in an organisation (protocol rule 15).
CREATE INDEX IF NOT EXISTS entities_child_month ON entities
  (bin, json_extract(data, '$.childId'), json_extract(data, '$.month'))
  WHERE entity = 'attendance';
CREATE TABLE IF NOT EXISTS mutations (
  mutation_id TEXT PRIMARY KEY,
  bin TEXT NOT NULL,
  device_id TEXT NOT NULL,
  entity TEXT NOT NULL,
  id TEXT NOT NULL,
  status TEXT NOT NULL,
  version INTEGER NOT NULL,
  result TEXT NOT NULL,
  applied INTEGER NOT NULL DEFAULT 1,
  received INTEGER NOT NULL DEFAULT 1
);
CREATE TABLE IF NOT EXISTS uploads (
  id TEXT PRIMARY KEY,
  bin TEXT NOT NULL,
  length INTEGER NOT NULL,
  offset INTEGER NOT NULL DEFAULT 0,
  sha256 TEXT NOT NULL
);
CREATE TABLE IF NOT EXISTS upload_chunks (
  upload_id TEXT NOT NULL,
  off INTEGER NOT NULL,
  data BLOB NOT NULL,
  PRIMARY KEY (upload_id, off)
);
CREATE TABLE IF NOT EXISTS blobs (
  sha256 TEXT PRIMARY KEY,
  size INTEGER NOT NULL,
  upload_id TEXT NOT NULL
);
`;

function problem(type: string, title: string, status: number, detail?: string) {
  return detail === undefined ? { type, title, status } : { type, title, status, detail };
}

/** A parent's answer the portal does not take (`parentAnswer`), with the HTTP status to answer. */
export class ParentAnswerRefused extends Error {
  constructor(
    readonly status: 404 | 409 | 422,
    readonly title: string,
  ) {
    super(title);
  }
}

function same(a: unknown, b: unknown): boolean {
  return JSON.stringify(a ?? null) === JSON.stringify(b ?? null);
}

export class PortalStore {
  readonly db: Db;
  private readonly stmt;

  constructor(dbPath = ':memory:') {
    this.db = new Database(dbPath);
    this.db.pragma('journal_mode = WAL');
    this.db.pragma('synchronous = NORMAL');
    this.db.exec(SCHEMA);
    const db = this.db;
    this.stmt = {
      orgGet: db.prepare<[string], { bin: string }>('SELECT bin FROM organizations WHERE bin = ?'),
      orgInsert: db.prepare('INSERT OR IGNORE INTO organizations (bin, created_at) VALUES (?, ?)'),
      nextSeq: db.prepare<[string], { seq: number }>(
        'UPDATE organizations SET seq = seq + 1 WHERE bin = ? RETURNING seq',
      ),
      codeGet: db.prepare<[string], { code: string; bin: string | null; seed_referrals: number }>(
        'SELECT code, bin, seed_referrals FROM enrollment_codes WHERE code = ?',
      ),
      codeInsert: db.prepare(
        'INSERT INTO enrollment_codes (code, seed_referrals, created_at) VALUES (?, ?, ?)',
      ),
      codeBind: db.prepare('UPDATE enrollment_codes SET bin = ? WHERE code = ? AND bin IS NULL'),
      deviceInsert: db.prepare(
        'INSERT INTO devices (id, bin, name, created_at) VALUES (?, ?, ?, ?)',
      ),
      deviceGet: db.prepare<[string], Device>('SELECT id, bin, name FROM devices WHERE id = ?'),
      tokenInsert: db.prepare(
        'INSERT INTO tokens (token, device_id, kind, expires_at) VALUES (?, ?, ?, ?)',
      ),
      tokenGet: db.prepare<[string, string], { device_id: string; expires_at: number }>(
        'SELECT device_id, expires_at FROM tokens WHERE token = ? AND kind = ?',
      ),
      expireAccess: db.prepare("UPDATE tokens SET expires_at = 0 WHERE kind = 'access'"),
      rowGet: db.prepare<[string, string, string], RawRow>(
        'SELECT * FROM entities WHERE bin = ? AND entity = ? AND id = ?',
      ),
      rowFind: db.prepare<[string, string], RawRow>(
        'SELECT * FROM entities WHERE entity = ? AND id = ?',
      ),
      rowInsert: db.prepare(
        'INSERT INTO entities (bin, entity, id, version, deleted, data, field_versions, field_origins, seq) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      rowUpdate: db.prepare(
        'UPDATE entities SET version = ?, deleted = ?, data = ?, field_versions = ?, field_origins = ?, seq = ? WHERE bin = ? AND entity = ? AND id = ?',
      ),
      childMonth: db.prepare<[string, string, string], RawRow>(
        `SELECT * FROM entities WHERE entity = 'attendance' AND bin = ? AND deleted = 0
           AND json_extract(data, '$.childId') = ? AND json_extract(data, '$.month') = ?`,
      ),
      childMonths: db.prepare<[string], RawRow>(
        "SELECT * FROM entities WHERE entity = 'attendance' AND bin = ? AND deleted = 0 ORDER BY seq",
      ),
      childAlive: db.prepare<[string, string], { one: number }>(
        "SELECT 1 AS one FROM entities WHERE bin = ? AND entity = 'child' AND id = ? AND deleted = 0",
      ),
      changes: db.prepare<
        [string, number, number],
        {
          entity: string;
          id: string;
          version: number;
          deleted: number;
          data: string;
          seq: number;
        }
      >(
        'SELECT entity, id, version, deleted, data, seq FROM entities WHERE bin = ? AND seq > ? ORDER BY seq LIMIT ?',
      ),
      digestRows: db.prepare<
        [string],
        { entity: string; id: string; version: number; data: string }
      >('SELECT entity, id, version, data FROM entities WHERE bin = ? AND deleted = 0'),
      mutationGet: db.prepare<[string], { result: string; bin: string }>(
        'SELECT result, bin FROM mutations WHERE mutation_id = ?',
      ),
      mutationReceived: db.prepare(
        'UPDATE mutations SET received = received + 1 WHERE mutation_id = ?',
      ),
      mutationInsert: db.prepare(
        'INSERT INTO mutations (mutation_id, bin, device_id, entity, id, status, version, result) VALUES (?, ?, ?, ?, ?, ?, ?, ?)',
      ),
      mutationLog: db.prepare<[], Record<string, unknown>>(
        'SELECT mutation_id AS mutationId, device_id AS deviceId, entity, id, status, version, applied, received FROM mutations ORDER BY rowid',
      ),
      blobGet: db.prepare<[string], { size: number; upload_id: string }>(
        'SELECT size, upload_id FROM blobs WHERE sha256 = ?',
      ),
      blobInsert: db.prepare(
        'INSERT OR IGNORE INTO blobs (sha256, size, upload_id) VALUES (?, ?, ?)',
      ),
      uploadInsert: db.prepare('INSERT INTO uploads (id, bin, length, sha256) VALUES (?, ?, ?, ?)'),
      uploadGet: db.prepare<
        [string],
        { id: string; bin: string; length: number; offset: number; sha256: string }
      >('SELECT * FROM uploads WHERE id = ?'),
      uploadOffset: db.prepare('UPDATE uploads SET offset = ? WHERE id = ?'),
      uploadDelete: db.prepare('DELETE FROM uploads WHERE id = ?'),
      chunkInsert: db.prepare('INSERT INTO upload_chunks (upload_id, off, data) VALUES (?, ?, ?)'),
      chunksOf: db.prepare<[string], { data: Buffer }>(
        'SELECT data FROM upload_chunks WHERE upload_id = ? ORDER BY off',
      ),
      chunksDelete: db.prepare('DELETE FROM upload_chunks WHERE upload_id = ?'),
    };
  }

  close(): void {
    this.db.close();
  }

  // ---- organisations, enrolment, tokens ---------------------------------------------

  ensureOrganization(bin: string): boolean {
    return this.stmt.orgInsert.run(bin, new Date().toISOString()).changes > 0;
  }

  hasOrganization(bin: string): boolean {
    return this.stmt.orgGet.get(bin) !== undefined;
  }

  createEnrollmentCode(seedReferrals: number, code?: string): string {
    const value = code ?? randomBytes(5).toString('hex').toUpperCase();
    this.stmt.codeInsert.run(value, seedReferrals, new Date().toISOString());
    return value;
  }

  enrollmentCode(code: string) {
    return this.stmt.codeGet.get(code);
  }

  /** Binds the code to `bin` if unbound; true when this call bound it. */
  bindCode(code: string, bin: string): boolean {
    return this.stmt.codeBind.run(bin, code).changes > 0;
  }

  createDevice(bin: string, name: string): string {
    const id = randomUUID();
    this.stmt.deviceInsert.run(id, bin, name, new Date().toISOString());
    return id;
  }

  device(id: string): Device | undefined {
    return this.stmt.deviceGet.get(id);
  }

  issueToken(deviceId: string, kind: 'access' | 'refresh', ttlSeconds: number): string {
    const token = randomBytes(24).toString('base64url');
    this.stmt.tokenInsert.run(token, deviceId, kind, Date.now() + ttlSeconds * 1000);
    return token;
  }

  /** The device a valid (unexpired) token belongs to. */
  tokenDevice(token: string, kind: 'access' | 'refresh'): Device | undefined {
    const row = this.stmt.tokenGet.get(token, kind);
    if (!row || row.expires_at <= Date.now()) return undefined;
    return this.device(row.device_id);
  }

  expireAccessTokens(): void {
    this.stmt.expireAccess.run();
  }

  // ---- entities -----------------------------------------------------------------------

  private nextSeq(bin: string): number {
    const row = this.stmt.nextSeq.get(bin);
    if (!row) throw new Error('unknown organisation');
    return row.seq;
  }

  private parse(raw: RawRow): EntityRow {
    return {
      bin: raw.bin,
      entity: raw.entity as Entity,
      id: raw.id,
      version: raw.version,
      deleted: raw.deleted === 1,
      data: JSON.parse(raw.data) as Data,
      fieldVersions: JSON.parse(raw.field_versions) as Record<string, number>,
      fieldOrigins: JSON.parse(raw.field_origins) as Record<string, string>,
      seq: raw.seq,
    };
  }

  get(bin: string, entity: string, id: string): EntityRow | undefined {
    const raw = this.stmt.rowGet.get(bin, entity, id);
    return raw ? this.parse(raw) : undefined;
  }

  /** Finds an entity by (entity, id) in any organisation (admin use). */
  find(entity: string, id: string, bin?: string): EntityRow | undefined {
    const raw = bin ? this.stmt.rowGet.get(bin, entity, id) : this.stmt.rowFind.get(entity, id);
    return raw ? this.parse(raw) : undefined;
  }

  /**
   * Inserts an entity at version 1, created by the portal or by a device (`origin`); call
   * inside a transaction for batches.
   */
  insertPortal(bin: string, entity: Entity, id: string, data: Data, origin = 'portal'): void {
    const fv = Object.fromEntries(Object.keys(data).map((k) => [k, 1]));
    const fo = Object.fromEntries(Object.keys(data).map((k) => [k, origin]));
    this.stmt.rowInsert.run(
      bin,
      entity,
      id,
      1,
      0,
      JSON.stringify(data),
      JSON.stringify(fv),
      JSON.stringify(fo),
      this.nextSeq(bin),
    );
  }

  private write(row: EntityRow): void {
    this.stmt.rowUpdate.run(
      row.version,
      row.deleted ? 1 : 0,
      JSON.stringify(row.data),
      JSON.stringify(row.fieldVersions),
      JSON.stringify(row.fieldOrigins),
      this.nextSeq(row.bin),
      row.bin,
      row.entity,
      row.id,
    );
  }

  /** A portal-side edit (the operator or the registry changed something): a new version. */
  editPortal(
    entity: string,
    id: string,
    fields: Data,
    opts: { bin?: string; deleted?: boolean } = {},
  ): EntityRow {
    return this.db.transaction(() => {
      const row = this.find(entity, id, opts.bin);
      if (!row) throw new Error(`no ${entity} ${id}`);
      const version = row.version + 1;
      for (const [k, v] of Object.entries(fields)) {
        row.data[k] = v;
        row.fieldVersions[k] = version;
        row.fieldOrigins[k] = 'portal';
      }
      row.version = version;
      if (opts.deleted !== undefined) row.deleted = opts.deleted;
      this.write(row);
      return this.get(row.bin, entity, id)!;
    })();
  }

  /**
   * The parent signs an electronic contract on the portal: their detached CMS over the PDF the
   * director signed becomes the contract's `representativeSignature` (a new version the next
   * pull carries). Only a contract the director signed (it names its signed PDF); the same
   * signature again changes nothing. Throws `ParentAnswerRefused` otherwise.
   */
  contractSignature(bin: string, contractId: string, cmsBase64: string): EntityRow {
    return this.db.transaction(() => {
      const row = this.get(bin, 'contract', contractId);
      if (!row || row.deleted) throw new ParentAnswerRefused(404, 'No such contract');
      if (typeof row.data.signedPdfDocumentId !== 'string')
        throw new ParentAnswerRefused(409, 'The director has not signed this contract');
      if (row.data.representativeSignature === cmsBase64) return row;
      return this.editPortal(
        'contract',
        contractId,
        { representativeSignature: cmsBase64 },
        { bin },
      );
    })();
  }

  /** The organisation's child-month (protocol rule 15) of a child, or undefined. */
  childMonth(bin: string, childId: string, month: string): EntityRow | undefined {
    const raw = this.stmt.childMonth.get(bin, childId, month);
    return raw ? this.parse(raw) : undefined;
  }

  /** Every child-month of an organisation, in feed order (admin use). */
  childMonths(bin: string): EntityRow[] {
    return this.stmt.childMonths.all(bin).map((raw) => this.parse(raw));
  }

  /**
   * A parent's answer about a child's month as the portal takes it: only for a month the
   * kindergarten closed, a dispute with a comment, nothing after a confirmation (final for the
   * parent). A new version carries `parentStatus`, `parentComment` and `parentAt`; an answer
   * equal to the one held changes nothing. Throws `ParentAnswerRefused` otherwise.
   */
  parentAnswer(
    bin: string,
    childId: string,
    month: string,
    answer: { status: 'confirmed' | 'disputed'; comment?: string; at?: string },
  ): EntityRow {
    return this.db.transaction(() => {
      const row = this.childMonth(bin, childId, month);
      if (!row) throw new ParentAnswerRefused(404, 'No such child-month');
      if (row.data.closed !== true) throw new ParentAnswerRefused(409, 'The month is not closed');
      if (row.data.parentStatus === 'confirmed')
        throw new ParentAnswerRefused(409, 'The month is already confirmed');
      const comment = answer.comment?.trim() ?? '';
      if (answer.status === 'disputed' && !comment)
        throw new ParentAnswerRefused(422, 'A dispute needs a comment');
      const fields = {
        parentStatus: answer.status,
        parentComment: answer.status === 'disputed' ? comment : null,
        parentAt: answer.at ?? new Date().toISOString(),
      };
      if (
        row.data.parentStatus === fields.parentStatus &&
        same(row.data.parentComment, fields.parentComment)
      )
        return row;
      return this.editPortal('attendance', row.id, fields, { bin });
    })();
  }

  changes(
    bin: string,
    since: number,
    limit: number,
  ): { json: string[]; cursor: number; hasMore: boolean } {
    const rows = this.stmt.changes.all(bin, since, limit + 1);
    const hasMore = rows.length > limit;
    const page = hasMore ? rows.slice(0, limit) : rows;
    const json = page.map(
      (r) =>
        `{"entity":${JSON.stringify(r.entity)},"id":${JSON.stringify(r.id)},"version":${r.version},"deleted":${r.deleted === 1},"data":${r.deleted === 1 ? 'null' : r.data}}`,
    );
    return { json, cursor: page.length ? page[page.length - 1]!.seq : since, hasMore };
  }

  digest(bin: string): Record<string, EntityDigest> {
    const byEntity = new Map<string, { id: string; version: number; content: string }[]>(
      ENTITIES.map((e) => [e, []]),
    );
    for (const row of this.stmt.digestRows.iterate(bin)) {
      byEntity.get(row.entity)?.push({
        id: row.id,
        version: row.version,
        content: contentHashOf(row.entity, JSON.parse(row.data)),
      });
    }
    return Object.fromEntries([...byEntity].map(([e, rows]) => [e, digestOf(rows)]));
  }

  /** One entity's records with their content hashes (`ids`: only those, with their data). */
  recordDigests(bin: string, entity: string, ids?: readonly string[]): RecordDigest[] {
    const wanted = ids ? new Set(ids) : null;
    const out: RecordDigest[] = [];
    for (const row of this.stmt.digestRows.iterate(bin)) {
      if (row.entity !== entity || (wanted && !wanted.has(row.id))) continue;
      const data = JSON.parse(row.data) as unknown;
      out.push({
        id: row.id,
        version: row.version,
        hash: contentHashOf(entity, data),
        ...(wanted ? { data } : {}),
      });
    }
    return out.sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  }

  // ---- mutations ----------------------------------------------------------------------

  /**
   * Applies a batch in one transaction, each mutation exactly once (by mutationId). `refuse`
   * (the `reject` fault): every mutation not seen before is `rejected` as invalid by a portal
   * rule the client does not know, and nothing is applied or recorded.
   */
  applyMutations(
    device: Device,
    mutations: readonly unknown[],
    options: { refuse?: boolean } = {},
  ): MutationResult[] {
    return this.db.transaction(() =>
      mutations.map((m) => this.applyOne(device, m, options.refuse ?? false)),
    )();
  }

  private applyOne(device: Device, raw: unknown, refuse: boolean): MutationResult {
    const parsed = MutationSchema.safeParse(raw);
    if (!parsed.success) {
      const id = (raw as { mutationId?: unknown } | null)?.mutationId;
      return {
        mutationId: typeof id === 'string' ? id : '',
        status: 'rejected',
        version: 0,
        problem: problem(
          PROBLEM_TYPES.validation,
          'Invalid mutation',
          422,
          parsed.error.issues
            .slice(0, 5)
            .map((i) => `${i.path.join('.')}: ${i.message}`)
            .join('; '),
        ),
      };
    }
    const m = parsed.data;
    const seen = this.stmt.mutationGet.get(m.mutationId);
    if (seen) {
      this.stmt.mutationReceived.run(m.mutationId);
      const first = JSON.parse(seen.result) as MutationResult;
      return { ...first, status: 'duplicate' };
    }
    if (refuse) {
      return this.reject(
        m,
        this.get(device.bin, m.entity, m.id)?.version ?? 0,
        PROBLEM_TYPES.validation,
        'Refused by a portal rule',
        422,
        `fields: ${Object.keys(m.fields).join(', ') || '(none)'}`,
      );
    }
    const result = this.decide(device, m);
    // Rejected mutations change nothing and are not recorded: a resend is judged again.
    if (result.status !== 'rejected') {
      this.stmt.mutationInsert.run(
        m.mutationId,
        device.bin,
        device.id,
        m.entity,
        m.id,
        result.status,
        result.version,
        JSON.stringify(result),
      );
    }
    return result;
  }

  private reject(
    m: Mutation,
    version: number,
    type: string,
    title: string,
    status: number,
    detail?: string,
  ): MutationResult {
    return {
      mutationId: m.mutationId,
      status: 'rejected',
      version,
      problem: problem(type, title, status, detail),
    };
  }

  private checkReferences(
    bin: string,
    m: Mutation,
    fields: Data,
    version: number,
  ): MutationResult | null {
    const childId = fields.childId;
    if (m.entity !== 'child' && m.entity !== 'referral' && typeof childId === 'string') {
      if (!this.stmt.childAlive.get(bin, childId)) {
        return this.reject(
          m,
          version,
          PROBLEM_TYPES.validation,
          'Unknown child',
          422,
          `childId ${childId} is not known to the portal`,
        );
      }
    }
    if (m.entity === 'attendance') {
      const month = fields.month ?? this.get(bin, m.entity, m.id)?.data.month;
      const marks = (fields.marks ?? []) as { date: string }[];
      if (typeof month === 'string' && marks.some((mark) => !mark.date.startsWith(`${month}-`)))
        return this.reject(
          m,
          version,
          PROBLEM_TYPES.validation,
          'Mark outside its month',
          422,
          `every mark of this record is in ${month}`,
        );
      const childId = fields.childId ?? this.get(bin, m.entity, m.id)?.data.childId;
      if (
        (fields.childId !== undefined || fields.month !== undefined) &&
        typeof childId === 'string' &&
        typeof month === 'string'
      ) {
        const other = this.childMonth(bin, childId, month);
        if (other && other.id !== m.id)
          return this.reject(
            m,
            version,
            PROBLEM_TYPES.validation,
            'Child-month exists',
            409,
            `the portal holds ${month} of this child as ${other.id}`,
          );
      }
    }
    if (m.entity === 'contract') {
      // An electronic contract names its signed PDF and the director's CMS: documents sent first.
      for (const key of ['signedPdfDocumentId', 'directorSignatureDocumentId'] as const) {
        const documentId = fields[key];
        if (typeof documentId !== 'string') continue;
        const doc = this.get(bin, 'document', documentId);
        if (!doc || doc.deleted)
          return this.reject(
            m,
            version,
            PROBLEM_TYPES.validation,
            'Unknown document',
            422,
            `${key} ${documentId} is not known to the portal`,
          );
      }
    }
    if (m.entity === 'document' && typeof fields.blobSha256 === 'string') {
      if (!this.stmt.blobGet.get(fields.blobSha256)) {
        return this.reject(
          m,
          version,
          PROBLEM_TYPES.blobMissing,
          'Blob not uploaded',
          422,
          `upload ${fields.blobSha256} first`,
        );
      }
    }
    return null;
  }

  /** Whether a field was changed by the portal or another device since `base`. */
  private changedByOthers(row: EntityRow, field: string, base: number, deviceId: string): boolean {
    return (row.fieldVersions[field] ?? 0) > base && row.fieldOrigins[field] !== deviceId;
  }

  private decide(device: Device, m: Mutation): MutationResult {
    const bin = device.bin;
    const entity = m.entity;
    const row = this.get(bin, entity, m.id);
    const current = row?.version ?? 0;
    if (entity === 'notice') {
      return this.reject(m, current, PROBLEM_TYPES.forbiddenEntity, 'Notices are read-only', 403);
    }
    const creatable = KINDERGARTEN_CREATABLE.includes(entity);

    if (m.op === 'delete') {
      if (!creatable) {
        return this.reject(
          m,
          current,
          PROBLEM_TYPES.forbiddenEntity,
          `A ${entity} cannot be deleted by a kindergarten`,
          403,
        );
      }
      if (!row) return { mutationId: m.mutationId, status: 'applied', version: 0 };
      if (row.deleted) return { mutationId: m.mutationId, status: 'applied', version: row.version };
      const stale =
        m.baseVersion < row.version &&
        Object.keys(row.data).some((f) => this.changedByOthers(row, f, m.baseVersion, device.id));
      if (stale) {
        return {
          mutationId: m.mutationId,
          status: 'conflict',
          version: row.version,
          serverFields: row.data,
          conflictFields: [],
        };
      }
      row.version += 1;
      row.deleted = true;
      this.write(row);
      return { mutationId: m.mutationId, status: 'applied', version: row.version };
    }

    if (!row) {
      if (!creatable) {
        return this.reject(
          m,
          0,
          PROBLEM_TYPES.forbiddenEntity,
          `A ${entity} cannot be created by a kindergarten`,
          403,
        );
      }
      const invalid = checkMutationFields(entity, m.fields, true);
      if (invalid)
        return this.reject(m, 0, PROBLEM_TYPES.validation, 'Invalid fields', 422, invalid);
      const refs = this.checkReferences(bin, m, m.fields, 0);
      if (refs) return refs;
      this.insertPortal(bin, entity, m.id, m.fields, device.id);
      return { mutationId: m.mutationId, status: 'applied', version: 1 };
    }

    const invalid = checkMutationFields(entity, m.fields, false);
    if (invalid)
      return this.reject(m, current, PROBLEM_TYPES.validation, 'Invalid fields', 422, invalid);
    if (row.deleted && m.baseVersion < row.version) {
      return this.reject(m, current, PROBLEM_TYPES.notFound, 'Deleted at the portal', 410);
    }
    const stale = m.baseVersion < row.version;
    const apply: Data = {};
    const serverFields: Data = {};
    const conflictFields: string[] = [];
    for (const [field, value] of Object.entries(m.fields)) {
      if (same(row.data[field], value)) continue;
      const changedAtPortal = stale && this.changedByOthers(row, field, m.baseVersion, device.id);
      if (!changedAtPortal) {
        apply[field] = value;
      } else {
        serverFields[field] = row.data[field] ?? null;
        if (fieldOwner(entity, field) === 'kindergarten') conflictFields.push(field);
      }
    }
    const refs = this.checkReferences(bin, m, apply, current);
    if (refs) return refs;
    const changed = Object.keys(apply);
    if (changed.length || row.deleted) {
      row.version += 1;
      row.deleted = false;
      for (const field of changed) {
        row.data[field] = apply[field];
        row.fieldVersions[field] = row.version;
        row.fieldOrigins[field] = device.id;
      }
      this.write(row);
    }
    const result: MutationResult = {
      mutationId: m.mutationId,
      status: conflictFields.length ? 'conflict' : 'applied',
      version: row.version,
    };
    if (Object.keys(serverFields).length) result.serverFields = serverFields;
    if (conflictFields.length) result.conflictFields = conflictFields;
    return result;
  }

  mutationLog(): MutationLogEntry[] {
    return this.stmt.mutationLog.all() as unknown as MutationLogEntry[];
  }

  // ---- blobs and uploads --------------------------------------------------------------

  blob(sha256: string): { size: number } | undefined {
    const row = this.stmt.blobGet.get(sha256);
    return row ? { size: row.size } : undefined;
  }

  /** The bytes of a stored blob (admin/tests). */
  blobBytes(sha256: string): Buffer | undefined {
    const row = this.stmt.blobGet.get(sha256);
    if (!row) return undefined;
    return Buffer.concat(this.stmt.chunksOf.all(row.upload_id).map((c) => c.data));
  }

  createUpload(bin: string, length: number, sha256: string): string {
    const id = randomBytes(12).toString('hex');
    this.stmt.uploadInsert.run(id, bin, length, sha256);
    return id;
  }

  upload(id: string) {
    return this.stmt.uploadGet.get(id);
  }

  /** Appends bytes at the upload's current offset; returns the new offset. */
  appendUpload(id: string, offset: number, data: Buffer): number {
    return this.db.transaction(() => {
      this.stmt.chunkInsert.run(id, offset, data);
      this.stmt.uploadOffset.run(offset + data.length, id);
      return offset + data.length;
    })();
  }

  /** Checks a complete upload's SHA-256: true → the blob is stored; false → discarded. */
  completeUpload(id: string): boolean {
    const upload = this.upload(id);
    if (!upload) return false;
    const hash = createHash('sha256');
    for (const chunk of this.stmt.chunksOf.iterate(id)) hash.update(chunk.data);
    const ok = hash.digest('hex') === upload.sha256;
    this.db.transaction(() => {
      if (!ok) {
        // A mismatch discards the upload (the client starts again with POST).
        this.stmt.chunksDelete.run(id);
        this.stmt.uploadDelete.run(id);
      } else if (this.blob(upload.sha256)) {
        this.stmt.chunksDelete.run(id);
      } else {
        this.stmt.blobInsert.run(upload.sha256, upload.length, id);
      }
    })();
    return ok;
  }

  counts(bin: string): Record<string, number> {
    const rows = this.db
      .prepare<[string], { entity: string; n: number }>(
        'SELECT entity, COUNT(*) AS n FROM entities WHERE bin = ? AND deleted = 0 GROUP BY entity',
      )
      .all(bin);
    return Object.fromEntries(rows.map((r) => [r.entity, r.n]));
  }
}
