/**
 * The portal emulator: a real HTTP server (node:http) speaking protocol v1
 * (electron/core/sync/protocol.ts, openapi.yaml) over its own SQLite store, plus admin
 * endpoints under `/__emulator` for tests (faults, portal-side edits, read-back, mutation log).
 * Start it in-process with `startPortalEmulator()` or as its own process with `main.ts`.
 */
import { randomUUID } from 'node:crypto';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';
import { z } from 'zod';
import { isValidBin } from '../../electron/core/kz-id/kz-id';
import { reportInternalError } from '../../electron/core/errors/app-error';
import {
  ChangesQuery,
  EnrollRequest,
  IsoDateTime,
  IsoMonth,
  CmsBase64,
  EntityName,
  MAX_DIGEST_IDS,
  MAX_MUTATIONS_PER_REQUEST,
  OFFSET_CONTENT_TYPE,
  PROBLEM_CONTENT_TYPE,
  PROBLEM_TYPES,
  RefreshRequest,
  Sha256Hex,
  TUS_VERSION,
  parseUploadMetadata,
  type TokenResponse,
} from '../../electron/core/sync/protocol';
import { FaultRule, Faults, type FaultInput } from './faults';
import { seedOrganization, type SeedCounts } from './seed';
import {
  ParentAnswerRefused,
  PortalStore,
  type Device,
  type EntityRow,
  type MutationLogEntry,
} from './store';

export interface PortalEmulatorOptions {
  /** 0 (default): a free port. */
  port?: number;
  host?: string;
  /** A SQLite file, or ':memory:' (default). */
  dbPath?: string;
  /** Referrals seeded for the organisation that first enrols with the default code (default 25). */
  seed?: number;
  /** The default enrolment code (random when omitted). */
  enrollmentCode?: string;
  accessTtlSeconds?: number;
  refreshTtlSeconds?: number;
}

export interface PortalEmulator {
  url: string;
  port: number;
  enrollmentCode: string;
  store: PortalStore;
  faults: Faults;
  /** Requests served, by `METHOD path` (admin endpoints excluded). */
  requestCounts: Map<string, number>;
  createEnrollmentCode(referrals?: number, code?: string): string;
  seed(bin: string, referrals: number): SeedCounts;
  edit(
    entity: string,
    id: string,
    fields: Record<string, unknown>,
    opts?: { bin?: string; deleted?: boolean },
  ): EntityRow;
  entity(entity: string, id: string, bin?: string): EntityRow | undefined;
  mutationLog(): MutationLogEntry[];
  /** A parent confirms or disputes a child's closed month (a new version of the record). */
  parentAnswer(answer: ParentAnswer): EntityRow;
  /** A parent signs an electronic contract on the portal (a new version of the contract). */
  parentSignature(signature: ParentSignature): EntityRow;
  /** Every child-month the portal holds for an organisation. */
  childMonths(bin: string): EntityRow[];
  expireAccessTokens(): void;
  close(): Promise<void>;
}

/** `POST /__emulator/attendance/parent`: what a parent answers about a child's month. */
export const ParentAnswer = z.object({
  childId: z.string().min(1).max(100),
  month: IsoMonth,
  status: z.enum(['confirmed', 'disputed']),
  comment: z.string().max(1000).optional(),
  at: IsoDateTime.max(40).optional(),
  /** The organisation (the only one enrolled when omitted). */
  bin: z.string().optional(),
});
export type ParentAnswer = z.infer<typeof ParentAnswer>;

/** `POST /__emulator/contracts/signature`: the parent signs an electronic contract on the portal. */
export const ParentSignature = z.object({
  contractId: z.string().min(1).max(100),
  /** The parent's detached CMS over the contract's signed PDF, base64. */
  cmsBase64: CmsBase64,
  /** The organisation (the only one enrolled when omitted). */
  bin: z.string().optional(),
});
export type ParentSignature = z.infer<typeof ParentSignature>;

/** Every route of the router (the protocol test checks each against openapi.yaml). */
export const ROUTES = [
  { method: 'POST', path: '/api/v1/devices/enroll' },
  { method: 'POST', path: '/api/v1/auth/refresh' },
  { method: 'GET', path: '/api/v1/changes' },
  { method: 'POST', path: '/api/v1/mutations' },
  { method: 'GET', path: '/api/v1/digest' },
  { method: 'HEAD', path: '/api/v1/blobs/{sha256}' },
  { method: 'OPTIONS', path: '/api/v1/uploads' },
  { method: 'POST', path: '/api/v1/uploads' },
  { method: 'HEAD', path: '/api/v1/uploads/{uploadId}' },
  { method: 'PATCH', path: '/api/v1/uploads/{uploadId}' },
  { method: 'GET', path: '/__emulator/faults' },
  { method: 'POST', path: '/__emulator/faults' },
  { method: 'DELETE', path: '/__emulator/faults' },
  { method: 'POST', path: '/__emulator/enrollment-codes' },
  { method: 'POST', path: '/__emulator/seed' },
  { method: 'POST', path: '/__emulator/edit' },
  { method: 'GET', path: '/__emulator/entities/{entity}/{id}' },
  { method: 'GET', path: '/__emulator/mutation-log' },
  { method: 'GET', path: '/__emulator/digest' },
  { method: 'POST', path: '/__emulator/expire-tokens' },
  { method: 'GET', path: '/__emulator/attendance' },
  { method: 'POST', path: '/__emulator/attendance/parent' },
  { method: 'POST', path: '/__emulator/contracts/signature' },
] as const;

const MAX_UPLOAD = 2 * 1024 ** 3;
const MAX_JSON = 64 * 1024 * 1024;
const FLUSH_BYTES = 4 * 1024 * 1024;

class HttpProblem extends Error {
  constructor(
    readonly status: number,
    readonly type: string,
    readonly title: string,
    readonly detail?: string,
    readonly headers: Record<string, string> = {},
  ) {
    super(title);
  }
}

interface Reply {
  status: number;
  headers?: Record<string, string | number>;
  body?: Buffer;
}

function json(
  status: number,
  value: unknown,
  headers: Record<string, string | number> = {},
): Reply {
  const body = Buffer.from(typeof value === 'string' ? value : JSON.stringify(value));
  return { status, headers: { 'content-type': 'application/json', ...headers }, body };
}

function problemReply(p: HttpProblem): Reply {
  const body: Record<string, unknown> = { type: p.type, title: p.title, status: p.status };
  if (p.detail !== undefined) body.detail = p.detail;
  return {
    status: p.status,
    headers: { 'content-type': PROBLEM_CONTENT_TYPE, ...p.headers },
    body: Buffer.from(JSON.stringify(body)),
  };
}

function invalid(error: z.ZodError): HttpProblem {
  return new HttpProblem(
    400,
    PROBLEM_TYPES.validation,
    'Invalid request',
    error.issues
      .slice(0, 5)
      .map((i) => `${i.path.join('.') || '(body)'}: ${i.message}`)
      .join('; '),
  );
}

function readBody(req: IncomingMessage, limit = MAX_JSON): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    req.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > limit) {
        reject(new HttpProblem(413, PROBLEM_TYPES.validation, 'Body too large'));
        req.destroy();
        return;
      }
      chunks.push(chunk);
    });
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

async function readJson(req: IncomingMessage): Promise<unknown> {
  const body = await readBody(req);
  try {
    return JSON.parse(body.toString('utf8')) as unknown;
  } catch {
    throw new HttpProblem(400, PROBLEM_TYPES.validation, 'Body is not JSON');
  }
}

function templateRegex(path: string): RegExp {
  return new RegExp(`^${path.replace(/\{(\w+)\}/g, '(?<$1>[^/]+)')}$`);
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

/** The default of the `oversize` fault: a 50 MB string. */
const OVERSIZE_CHARS = 50_000_000;

/** A notice change (as feed JSON) whose Kazakh title is `chars` characters long. */
function oversizeNotice(chars = OVERSIZE_CHARS): string {
  return JSON.stringify({
    entity: 'notice',
    id: randomUUID(),
    version: 1,
    deleted: false,
    data: {
      publishedOn: '2026-09-01',
      rulesVersion: 'oversize',
      title: { kk: 'x'.repeat(chars), ru: 'Уведомление' },
      body: { kk: 'Хабарландыру', ru: 'Уведомление' },
    },
  });
}

type Handler = (
  req: IncomingMessage,
  params: Record<string, string>,
  url: URL,
  fault: FaultRule | undefined,
) => Promise<Reply | null>;

export async function startPortalEmulator(
  options: PortalEmulatorOptions = {},
): Promise<PortalEmulator> {
  const store = new PortalStore(options.dbPath ?? ':memory:');
  const faults = new Faults();
  const accessTtl = options.accessTtlSeconds ?? 3600;
  const refreshTtl = options.refreshTtlSeconds ?? 30 * 24 * 3600;
  const existingDefault = options.enrollmentCode
    ? store.enrollmentCode(options.enrollmentCode)
    : undefined;
  const enrollmentCode = existingDefault
    ? existingDefault.code
    : store.createEnrollmentCode(options.seed ?? 25, options.enrollmentCode);
  const requestCounts = new Map<string, number>();

  function authenticate(req: IncomingMessage): Device {
    const header = req.headers.authorization ?? '';
    const match = /^Bearer (\S+)$/.exec(header);
    const device = match ? store.tokenDevice(match[1]!, 'access') : undefined;
    if (!device) {
      throw new HttpProblem(
        401,
        PROBLEM_TYPES.unauthorized,
        'Access token missing, unknown or expired',
        undefined,
        { 'www-authenticate': 'Bearer' },
      );
    }
    return device;
  }

  function tokens(deviceId: string, refreshToken?: string): TokenResponse {
    return {
      deviceId,
      accessToken: store.issueToken(deviceId, 'access', accessTtl),
      refreshToken: refreshToken ?? store.issueToken(deviceId, 'refresh', refreshTtl),
      expiresIn: accessTtl,
    };
  }

  const tus = { 'tus-resumable': TUS_VERSION };

  function ownUpload(device: Device, id: string) {
    const upload = store.upload(id);
    if (!upload || upload.bin !== device.bin) {
      throw new HttpProblem(404, PROBLEM_TYPES.notFound, 'Unknown upload', undefined, tus);
    }
    return upload;
  }

  /** Streams a PATCH body into the upload, flushing as it goes (a drop keeps what arrived). */
  function receiveUpload(
    req: IncomingMessage,
    id: string,
    start: number,
    length: number,
    dropAfter: number | undefined,
  ): Promise<{ offset: number; complete: boolean; overflow: boolean }> {
    return new Promise((resolve) => {
      let offset = start;
      let pending: Buffer[] = [];
      let pendingBytes = 0;
      let received = 0;
      let overflow = false;
      let done = false;
      const flush = () => {
        if (!pendingBytes) return;
        offset = store.appendUpload(id, offset, Buffer.concat(pending));
        pending = [];
        pendingBytes = 0;
      };
      const finish = (complete: boolean) => {
        if (done) return;
        done = true;
        flush();
        resolve({ offset, complete, overflow });
      };
      req.on('data', (chunk: Buffer) => {
        if (done) return;
        let part = chunk;
        if (dropAfter !== undefined && received + part.length >= dropAfter) {
          part = part.subarray(0, dropAfter - received);
          received += part.length;
          const room = length - (offset + pendingBytes);
          if (part.length > room) part = part.subarray(0, Math.max(0, room));
          pending.push(part);
          pendingBytes += part.length;
          finish(false);
          req.socket.destroy();
          return;
        }
        received += part.length;
        const room = length - (offset + pendingBytes);
        if (part.length > room) {
          overflow = true;
          part = part.subarray(0, Math.max(0, room));
        }
        pending.push(part);
        pendingBytes += part.length;
        if (pendingBytes >= FLUSH_BYTES) flush();
      });
      req.on('end', () => finish(true));
      req.on('close', () => finish(req.complete));
      req.on('error', () => finish(false));
    });
  }

  const api: Record<string, Handler> = {
    'POST /api/v1/devices/enroll': async (req) => {
      const parsed = EnrollRequest.safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      const { organizationBin: bin, enrollmentCode: code, deviceName } = parsed.data;
      if (!isValidBin(bin)) {
        throw new HttpProblem(400, PROBLEM_TYPES.validation, 'Invalid BIN', 'organizationBin');
      }
      const known = store.enrollmentCode(code);
      const refused = () =>
        new HttpProblem(403, PROBLEM_TYPES.enrollmentRefused, 'Enrolment refused');
      if (!known) throw refused();
      if (known.bin === null) {
        if (store.bindCode(code, bin)) seedOrganization(store, bin, known.seed_referrals);
      } else if (known.bin !== bin) {
        throw refused();
      }
      store.ensureOrganization(bin);
      return json(200, tokens(store.createDevice(bin, deviceName)));
    },
    'POST /api/v1/auth/refresh': async (req) => {
      const parsed = RefreshRequest.safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      const device = store.tokenDevice(parsed.data.refreshToken, 'refresh');
      if (!device) {
        throw new HttpProblem(401, PROBLEM_TYPES.unauthorized, 'Refresh token unknown or expired');
      }
      return json(200, tokens(device.id, parsed.data.refreshToken));
    },
    'GET /api/v1/changes': async (req, _params, url, fault) => {
      const device = authenticate(req);
      const parsed = ChangesQuery.safeParse({
        since: url.searchParams.get('since') ?? undefined,
        limit: url.searchParams.get('limit') ?? undefined,
      });
      if (!parsed.success) throw invalid(parsed.error);
      const since = parsed.data.since ? Number(parsed.data.since) : 0;
      if (!Number.isSafeInteger(since) || since < 0) {
        throw new HttpProblem(400, PROBLEM_TYPES.validation, 'Invalid cursor', 'since');
      }
      const page = store.changes(device.bin, since, parsed.data.limit);
      if (fault?.kind === 'cursorLoop') {
        page.cursor = since === 1 ? 2 : 1;
        page.hasMore = true;
      }
      if (fault?.kind === 'oversize') page.json.push(oversizeNotice(fault.chars));
      const cursor = fault?.kind === 'cursorBack' ? (fault.cursor ?? '0') : String(page.cursor);
      return json(
        200,
        `{"changes":[${page.json.join(',')}],"cursor":${JSON.stringify(cursor)},"hasMore":${page.hasMore}}`,
      );
    },
    'POST /api/v1/mutations': async (req, _params, _url, fault) => {
      const device = authenticate(req);
      const parsed = z
        .object({
          deviceId: z.string(),
          mutations: z.array(z.unknown()).min(1).max(MAX_MUTATIONS_PER_REQUEST),
        })
        .safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      if (parsed.data.deviceId !== device.id) {
        throw new HttpProblem(403, PROBLEM_TYPES.unauthorized, 'deviceId is not this token’s');
      }
      const refuse = fault?.kind === 'reject';
      const results = store.applyMutations(device, parsed.data.mutations, { refuse });
      if (fault?.kind === 'oversize') {
        // Applied here as usual; only the answer carries a value no field may hold.
        const lastName = 'Ә'.repeat(fault.chars ?? OVERSIZE_CHARS);
        for (const result of results)
          if (result.status !== 'rejected')
            result.serverFields = { ...result.serverFields, lastName };
      }
      return json(200, { results });
    },
    'GET /api/v1/digest': async (req, _params, url) => {
      const device = authenticate(req);
      const entity = url.searchParams.get('entity');
      if (entity === null) return json(200, { entities: store.digest(device.bin) });
      const idList = url.searchParams.get('ids');
      const ids = idList === null ? undefined : idList.split(',').filter(Boolean);
      if (!EntityName.safeParse(entity).success || (ids && ids.length > MAX_DIGEST_IDS))
        throw new HttpProblem(400, PROBLEM_TYPES.validation, 'Invalid digest query');
      return json(200, {
        entities: store.digest(device.bin),
        records: store.recordDigests(device.bin, entity, ids),
      });
    },
    'HEAD /api/v1/blobs/{sha256}': async (req, params) => {
      authenticate(req);
      const blob = store.blob(params.sha256 ?? '');
      if (!blob) return { status: 404, headers: { 'content-length': 0 } };
      return { status: 200, headers: { 'content-length': blob.size } };
    },
    'OPTIONS /api/v1/uploads': async () => ({
      status: 204,
      headers: {
        ...tus,
        'tus-version': TUS_VERSION,
        'tus-extension': 'creation',
        'tus-max-size': MAX_UPLOAD,
      },
    }),
    'POST /api/v1/uploads': async (req) => {
      const device = authenticate(req);
      await readBody(req, 0);
      const length = Number(req.headers['upload-length']);
      if (!Number.isSafeInteger(length) || length < 0 || length > MAX_UPLOAD) {
        throw new HttpProblem(
          400,
          PROBLEM_TYPES.validation,
          'Invalid Upload-Length',
          undefined,
          tus,
        );
      }
      const sha256 = parseUploadMetadata(
        req.headers['upload-metadata'] as string | undefined,
      ).sha256;
      if (!Sha256Hex.safeParse(sha256).success) {
        throw new HttpProblem(
          400,
          PROBLEM_TYPES.validation,
          'Upload-Metadata needs sha256 (base64 of the hex digest)',
          undefined,
          tus,
        );
      }
      const id = store.createUpload(device.bin, length, sha256!);
      if (length === 0 && !store.completeUpload(id)) {
        throw new HttpProblem(422, PROBLEM_TYPES.blobMismatch, 'SHA-256 mismatch', undefined, tus);
      }
      return {
        status: 201,
        headers: { ...tus, location: `/api/v1/uploads/${id}`, 'upload-offset': 0 },
      };
    },
    'HEAD /api/v1/uploads/{uploadId}': async (req, params) => {
      const upload = ownUpload(authenticate(req), params.uploadId ?? '');
      return {
        status: 200,
        headers: {
          ...tus,
          'upload-offset': upload.offset,
          'upload-length': upload.length,
          'cache-control': 'no-store',
        },
      };
    },
    'PATCH /api/v1/uploads/{uploadId}': async (req, params, _url, fault) => {
      const upload = ownUpload(authenticate(req), params.uploadId ?? '');
      if (req.headers['content-type'] !== OFFSET_CONTENT_TYPE) {
        throw new HttpProblem(
          415,
          PROBLEM_TYPES.validation,
          `Content-Type must be ${OFFSET_CONTENT_TYPE}`,
          undefined,
          tus,
        );
      }
      const claimed = Number(req.headers['upload-offset']);
      if (claimed !== upload.offset) {
        throw new HttpProblem(
          409,
          PROBLEM_TYPES.offsetMismatch,
          'Upload-Offset does not match',
          `the portal has ${upload.offset}`,
          { ...tus, 'upload-offset': String(upload.offset) },
        );
      }
      if (upload.offset === upload.length) {
        await readBody(req, 0).catch(() => undefined);
        return { status: 204, headers: { ...tus, 'upload-offset': upload.offset } };
      }
      const dropAfter = fault?.kind === 'drop' ? fault.afterBytes : undefined;
      const got = await receiveUpload(req, upload.id, upload.offset, upload.length, dropAfter);
      if (dropAfter !== undefined) {
        // The injected drop: keep what arrived (completing the blob if it all did), no answer.
        if (got.offset === upload.length) store.completeUpload(upload.id);
        req.socket.destroy();
        return null;
      }
      if (got.overflow) {
        throw new HttpProblem(
          400,
          PROBLEM_TYPES.validation,
          'Body exceeds Upload-Length',
          undefined,
          {
            ...tus,
            'upload-offset': String(got.offset),
          },
        );
      }
      if (got.offset === upload.length && !store.completeUpload(upload.id)) {
        throw new HttpProblem(
          422,
          PROBLEM_TYPES.blobMismatch,
          'SHA-256 mismatch',
          'the uploaded bytes do not hash to the announced sha256; the upload was discarded',
          tus,
        );
      }
      return { status: 204, headers: { ...tus, 'upload-offset': got.offset } };
    },
  };

  const AdminSeed = z.object({
    bin: z.string().refine(isValidBin, 'valid BIN'),
    referrals: z.number().int().min(0).max(100_000),
  });
  const AdminEdit = z.object({
    entity: EntityName,
    id: z.string().min(1),
    fields: z.record(z.string(), z.unknown()).default({}),
    bin: z.string().optional(),
    deleted: z.boolean().optional(),
  });

  const admin: Record<string, Handler> = {
    'GET /__emulator/faults': async () => json(200, { faults: faults.list(), fired: faults.fired }),
    'POST /__emulator/faults': async (req) => {
      const parsed = FaultRule.safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      faults.add(parsed.data);
      return json(200, { faults: faults.list() });
    },
    'DELETE /__emulator/faults': async () => {
      faults.clear();
      return { status: 204 };
    },
    'POST /__emulator/enrollment-codes': async (req) => {
      const parsed = z
        .object({
          referrals: z.number().int().min(0).max(100_000).default(25),
          code: z.string().min(1).optional(),
        })
        .safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      return json(200, {
        code: store.createEnrollmentCode(parsed.data.referrals, parsed.data.code),
      });
    },
    'POST /__emulator/seed': async (req) => {
      const parsed = AdminSeed.safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      return json(200, seedOrganization(store, parsed.data.bin, parsed.data.referrals));
    },
    'POST /__emulator/edit': async (req) => {
      const parsed = AdminEdit.safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      const { entity, id, fields, bin, deleted } = parsed.data;
      if (!store.find(entity, id, bin))
        throw new HttpProblem(404, PROBLEM_TYPES.notFound, 'No such entity');
      return json(200, store.editPortal(entity, id, fields, { bin, deleted }));
    },
    'GET /__emulator/entities/{entity}/{id}': async (_req, params, url) => {
      const row = store.find(
        params.entity ?? '',
        params.id ?? '',
        url.searchParams.get('bin') ?? undefined,
      );
      if (!row) throw new HttpProblem(404, PROBLEM_TYPES.notFound, 'No such entity');
      return json(200, row);
    },
    'GET /__emulator/mutation-log': async () => json(200, { mutations: store.mutationLog() }),
    'GET /__emulator/digest': async (_req, _params, url) => {
      const bin = url.searchParams.get('bin') ?? '';
      if (!store.hasOrganization(bin))
        throw new HttpProblem(404, PROBLEM_TYPES.notFound, 'No such organisation');
      return json(200, { entities: store.digest(bin), counts: store.counts(bin) });
    },
    'POST /__emulator/expire-tokens': async () => {
      store.expireAccessTokens();
      return { status: 204 };
    },
    'GET /__emulator/attendance': async (_req, _params, url) => {
      const bin = url.searchParams.get('bin') ?? soleBin();
      if (!store.hasOrganization(bin))
        throw new HttpProblem(404, PROBLEM_TYPES.notFound, 'No such organisation');
      return json(200, { records: store.childMonths(bin) });
    },
    'POST /__emulator/attendance/parent': async (req) => {
      const parsed = ParentAnswer.safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      return json(200, parentAnswer(parsed.data));
    },
    'POST /__emulator/contracts/signature': async (req) => {
      const parsed = ParentSignature.safeParse(await readJson(req));
      if (!parsed.success) throw invalid(parsed.error);
      return json(200, parentSignature(parsed.data));
    },
  };

  /** The organisation when the caller names none: the only one there is. */
  function soleBin(): string {
    const bins = store.db.prepare('SELECT bin FROM organizations').pluck().all() as string[];
    if (bins.length !== 1)
      throw new HttpProblem(400, PROBLEM_TYPES.validation, 'Name the organisation', 'bin');
    return bins[0]!;
  }

  function parentAnswer({ bin, childId, month, ...answer }: ParentAnswer): EntityRow {
    try {
      return store.parentAnswer(bin ?? soleBin(), childId, month, answer);
    } catch (error) {
      if (!(error instanceof ParentAnswerRefused)) throw error;
      const type = error.status === 404 ? PROBLEM_TYPES.notFound : PROBLEM_TYPES.validation;
      throw new HttpProblem(error.status, type, error.title);
    }
  }

  function parentSignature({ bin, contractId, cmsBase64 }: ParentSignature): EntityRow {
    try {
      return store.contractSignature(bin ?? soleBin(), contractId, cmsBase64);
    } catch (error) {
      if (!(error instanceof ParentAnswerRefused)) throw error;
      const type = error.status === 404 ? PROBLEM_TYPES.notFound : PROBLEM_TYPES.validation;
      throw new HttpProblem(error.status, type, error.title);
    }
  }

  const routes = ROUTES.map((r) => {
    const key = `${r.method} ${r.path}`;
    const handler = api[key] ?? admin[key];
    if (!handler) throw new Error(`no handler for ${key}`);
    return { ...r, regex: templateRegex(r.path), handler, isAdmin: key in admin };
  });

  function send(res: ServerResponse, reply: Reply, fault?: FaultRule): void {
    const body = reply.body ?? Buffer.alloc(0);
    const headers: Record<string, string | number> = { ...reply.headers };
    if (reply.body) headers['content-length'] = body.length;
    if (fault?.kind === 'duplicate') {
      // Applied, but the response never arrives: the client resends the same request.
      res.socket?.destroy();
      return;
    }
    if (fault?.kind === 'stall') {
      // The headers, then nothing until the client gives up (or the emulator closes).
      res.writeHead(reply.status, headers);
      res.flushHeaders();
      return;
    }
    if (fault?.kind === 'drip') {
      res.writeHead(reply.status, headers);
      res.flushHeaders();
      const step = fault.bytes ?? 4;
      let at = 0;
      const timer = setInterval(() => {
        if (res.destroyed || at >= body.length) {
          clearInterval(timer);
          if (!res.destroyed) res.end();
          return;
        }
        res.write(body.subarray(at, at + step));
        at += step;
      }, fault.ms ?? 1000);
      res.on('close', () => clearInterval(timer));
      return;
    }
    if (fault?.kind === 'corrupt' && body.length > 0) {
      const found = fault.text ? body.indexOf(fault.text) : -1;
      const copy = Buffer.from(body);
      copy[found >= 0 ? found : Math.floor(body.length / 2)] = fault.byte ?? 0xff;
      res.writeHead(reply.status, headers);
      res.end(copy);
      return;
    }
    if (fault?.kind === 'truncate' && body.length > 1) {
      res.writeHead(reply.status, headers);
      res.write(body.subarray(0, Math.floor(body.length / 2)), () => res.socket?.destroy());
      return;
    }
    res.writeHead(reply.status, headers);
    res.end(body);
  }

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://portal.invalid');
    const method = (req.method ?? 'GET').toUpperCase();
    let route: (typeof routes)[number] | undefined;
    let params: Record<string, string> = {};
    let pathKnown = false;
    for (const r of routes) {
      const match = r.regex.exec(url.pathname);
      if (!match) continue;
      pathKnown = true;
      if (r.method === method) {
        route = r;
        params = { ...match.groups };
        break;
      }
    }
    if (!route) {
      req.resume();
      send(
        res,
        problemReply(
          pathKnown
            ? new HttpProblem(405, PROBLEM_TYPES.validation, 'Method not allowed')
            : new HttpProblem(404, PROBLEM_TYPES.notFound, 'Not found'),
        ),
      );
      return;
    }
    let fault: FaultRule | undefined;
    if (!route.isAdmin) {
      const key = `${method} ${url.pathname}`;
      requestCounts.set(key, (requestCounts.get(key) ?? 0) + 1);
      fault = faults.take(method, url.pathname);
    }
    if (fault) {
      switch (fault.kind) {
        case 'latency':
          await sleep(fault.ms ?? 1000);
          break;
        case 'error500':
          req.resume();
          send(res, problemReply(new HttpProblem(500, PROBLEM_TYPES.server, 'Injected failure')));
          return;
        case 'error503':
        case 'rateLimit': {
          req.resume();
          const status = fault.kind === 'rateLimit' ? 429 : 503;
          const retryAfter = String(fault.retryAfter ?? 1);
          send(
            res,
            problemReply(
              new HttpProblem(
                status,
                status === 429 ? PROBLEM_TYPES.rateLimited : PROBLEM_TYPES.server,
                status === 429 ? 'Too many requests' : 'Service unavailable',
                undefined,
                { 'retry-after': retryAfter },
              ),
            ),
          );
          return;
        }
        case 'redirect':
          req.resume();
          send(res, {
            status: 307,
            headers: { location: fault.location ?? `https://portal.invalid${url.pathname}` },
          });
          return;
        case 'drop':
          if (!(method === 'PATCH' && fault.afterBytes !== undefined)) {
            req.socket.destroy();
            return;
          }
          break;
        default:
          break;
      }
    }
    let reply: Reply | null;
    try {
      reply = await route.handler(req, params, url, fault);
    } catch (error) {
      if (!(error instanceof HttpProblem)) {
        reportInternalError(error);
      }
      reply = problemReply(
        error instanceof HttpProblem
          ? error
          : new HttpProblem(500, PROBLEM_TYPES.server, 'Internal error'),
      );
      if (!req.complete) req.resume();
    }
    if (reply && !res.destroyed) send(res, reply, fault);
  }

  const sockets = new Set<Socket>();
  const server = createServer((req, res) => {
    handle(req, res).catch((error: unknown) => {
      reportInternalError(error);
      res.destroy();
    });
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, options.host ?? '127.0.0.1', () => resolve());
  });
  const port = (server.address() as AddressInfo).port;
  const host = options.host ?? '127.0.0.1';

  return {
    url: `http://${host}:${port}`,
    port,
    enrollmentCode,
    store,
    faults,
    requestCounts,
    createEnrollmentCode: (referrals = 25, code) => store.createEnrollmentCode(referrals, code),
    seed: (bin, referrals) => seedOrganization(store, bin, referrals),
    edit: (entity, id, fields, opts) => store.editPortal(entity, id, fields, opts),
    entity: (entity, id, bin) => store.find(entity, id, bin),
    mutationLog: () => store.mutationLog(),
    parentAnswer,
    parentSignature,
    childMonths: (bin) => store.childMonths(bin),
    expireAccessTokens: () => store.expireAccessTokens(),
    close: () =>
      new Promise<void>((resolve) => {
        for (const socket of sockets) socket.destroy();
        server.close(() => {
          store.close();
          resolve();
        });
      }),
  };
}

export type { FaultInput };
