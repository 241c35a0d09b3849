import { AsyncLocalStorage } from 'node:async_hooks';
import { eq } from 'drizzle-orm';
import type { z } from 'zod';
import type { Store } from '../../../db/connection';
import { syncConnection } from '../../../db/schema';
import { PATHS, Tokens } from './wire';

/** Strict UTF-8: a malformed byte is an error, never a replacement character in a stored name. */
const utf8 = new TextDecoder('utf-8', { fatal: true });

/**
 * Why a sync step failed, as a code the UI translates. `offline`: the portal could not be
 * reached; `timeout`: no answer in time, or an answer not complete within the request's
 * deadline; `server`: 5xx; `rateLimited`: 429; `invalidResponse`: a body that did not
 * match the protocol (or was cut off); `tooLarge`: a body over the size limit, refused before
 * parsing; `cursorLoop`: the portal's change feed went back to a position it had already given
 * (or said "more" without moving); `pageLimit`: one run asked for the most pages it may (what
 * arrived is kept, the next run goes on from there); `unauthorized`: tokens refused even after a
 * refresh; `notEnrolled`; `blobMismatch`: the portal computed another hash for an uploaded blob;
 * `redirected`: the portal answered with a redirect (3xx), which the client never follows (the
 * token would go wherever it points; the portal's address may have changed);
 * `refused`: any other 4xx; `applyFailed`: a pulled page that could not be written here (e.g. a
 * constraint violation): rolled back, the cursor stays before it, and asking again soon would
 * only fail the same way.
 */
export type SyncFailure =
  | 'offline'
  | 'timeout'
  | 'server'
  | 'rateLimited'
  | 'invalidResponse'
  | 'tooLarge'
  | 'cursorLoop'
  | 'pageLimit'
  | 'unauthorized'
  | 'notEnrolled'
  | 'blobMismatch'
  | 'redirected'
  | 'refused'
  | 'applyFailed';

export class SyncError extends Error {
  constructor(
    readonly reason: SyncFailure,
    readonly status: number | null = null,
    /** Seconds, from Retry-After. */
    readonly retryAfter: number | null = null,
    readonly problem: string | null = null,
  ) {
    super(`sync failed: ${reason}${status ? ` (${status})` : ''}`);
    this.name = 'SyncError';
  }

  /** Worth trying again soon (the data and the outbox are untouched either way). */
  get transient(): boolean {
    return ['offline', 'timeout', 'server', 'rateLimited', 'invalidResponse'].includes(this.reason);
  }
}

/** Full-jitter exponential backoff: a random wait in [0, min(cap, base·2^attempt)). */
export function backoffDelay(attempt: number, baseMs: number, capMs: number, random = Math.random) {
  return Math.floor(random() * Math.min(capMs, baseMs * 2 ** attempt));
}

export function parseRetryAfter(value: string | null): number | null {
  if (!value) return null;
  const seconds = Number(value);
  if (Number.isFinite(seconds) && seconds >= 0) return seconds;
  const date = Date.parse(value);
  return Number.isNaN(date) ? null : Math.max(0, (date - Date.now()) / 1000);
}

export interface TransportOptions {
  baseUrl: string;
  /** Until the response's headers arrive. */
  timeoutMs: number;
  /**
   * The whole exchange: sending, the headers and the whole body read (a portal that drips its
   * answer a few bytes at a time does not get more time for each byte).
   */
  deadlineMs: number;
  /** The most bytes a response body may have: more is `tooLarge`, refused before parsing. */
  maxResponseBytes: number;
  /** The run's own deadline: once aborted, the exchange ends at once (`timeout`). */
  signal?: AbortSignal;
  fetchImpl?: typeof fetch;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/**
 * One HTTP exchange, whole within `deadlineMs` (and its headers within `timeoutMs`); network
 * failures become SyncErrors. The deadline aborts the request and cancels the body reader, and
 * the wait itself ends at the deadline even if the stream never honours either (Node 20's fetch
 * may leave a stalled body read pending after an abort).
 */
export async function exchange(
  options: TransportOptions,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawResponse> {
  const url = new URL(path, options.baseUrl);
  const controller = new AbortController();
  let reader: ReadableStreamDefaultReader<Uint8Array> | undefined;
  let expired = false;
  let expire!: () => void;
  const deadline = new Promise<never>((_resolve, reject) => {
    expire = () => {
      if (expired) return;
      expired = true;
      reject(new SyncError('timeout'));
      controller.abort(new DOMException('The exchange took too long', 'TimeoutError'));
      reader?.cancel().catch(() => undefined);
    };
  });
  deadline.catch(() => undefined);
  if (options.signal?.aborted) throw new SyncError('timeout');
  options.signal?.addEventListener('abort', expire, { once: true });
  const deadlineTimer = setTimeout(expire, options.deadlineMs);
  const headersTimer = setTimeout(expire, Math.min(options.timeoutMs, options.deadlineMs));
  let complete = false;
  try {
    let response: Response;
    try {
      response = await Promise.race([
        (options.fetchImpl ?? fetch)(url, {
          method,
          headers: init.headers,
          body: init.body as BodyInit | undefined,
          signal: controller.signal,
          // A redirect is answered as it is (3xx, `redirected`) and never followed.
          redirect: 'manual',
        }),
        deadline,
      ]);
    } catch (error) {
      throw expired ? new SyncError('timeout') : networkError(error);
    }
    clearTimeout(headersTimer);
    const declared = Number(response.headers.get('content-length') ?? NaN);
    if (declared > options.maxResponseBytes) throw new SyncError('tooLarge', response.status);
    let body: Buffer;
    try {
      body = await Promise.race([
        readCapped(response, options.maxResponseBytes, (r) => (reader = r)),
        deadline,
      ]);
    } catch (error) {
      if (error instanceof SyncError) throw error;
      if (expired) throw new SyncError('timeout');
      // The connection dropped while the body was arriving: like a truncated body.
      const failure = networkError(error);
      throw failure.reason === 'timeout'
        ? failure
        : new SyncError('invalidResponse', response.status);
    }
    complete = true;
    return { status: response.status, headers: response.headers, body };
  } finally {
    options.signal?.removeEventListener('abort', expire);
    clearTimeout(deadlineTimer);
    clearTimeout(headersTimer);
    // Whatever is still arriving (an oversized or timed-out body) is not waited for.
    if (!complete) {
      controller.abort();
      reader?.cancel().catch(() => undefined);
    }
  }
}

/** The body, read chunk by chunk and refused (`tooLarge`) as soon as it passes `maxBytes`. */
async function readCapped(
  response: Response,
  maxBytes: number,
  onReader: (reader: ReadableStreamDefaultReader<Uint8Array>) => void,
): Promise<Buffer> {
  if (!response.body) return Buffer.alloc(0);
  const reader = response.body.getReader();
  onReader(reader);
  const chunks: Uint8Array[] = [];
  let size = 0;
  for (;;) {
    const { done, value } = await reader.read();
    if (done) break;
    size += value.byteLength;
    if (size > maxBytes) {
      reader.cancel().catch(() => undefined);
      throw new SyncError('tooLarge', response.status);
    }
    chunks.push(value);
  }
  return Buffer.concat(chunks, size);
}

function networkError(error: unknown): SyncError {
  const name = (error as { name?: string } | null)?.name;
  if (name === 'TimeoutError' || name === 'AbortError') return new SyncError('timeout');
  return new SyncError('offline');
}

/** Turns a non-2xx answer into a SyncError (problem+json title kept for the UI). */
export function failureOf(response: RawResponse): SyncError {
  const retryAfter = parseRetryAfter(response.headers.get('retry-after'));
  let problem: string | null = null;
  try {
    const parsed = JSON.parse(utf8.decode(response.body)) as {
      title?: unknown;
      detail?: unknown;
    };
    const text = [parsed.title, parsed.detail].filter((v) => typeof v === 'string').join(': ');
    problem = text ? text.slice(0, 500) : null;
  } catch {
    problem = null;
  }
  const { status } = response;
  if (status === 429) return new SyncError('rateLimited', status, retryAfter, problem);
  if (status >= 500) return new SyncError('server', status, retryAfter, problem);
  if (status === 401) return new SyncError('unauthorized', status, null, problem);
  if (status >= 300 && status < 400) return new SyncError('redirected', status);
  return new SyncError('refused', status, null, problem);
}

/**
 * Parses and validates a JSON body; anything else (malformed UTF-8 included) is an invalid
 * response, never a partial one.
 */
export function parseBody<S extends z.ZodType>(schema: S, response: RawResponse): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(utf8.decode(response.body));
  } catch {
    throw new SyncError('invalidResponse', response.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SyncError('invalidResponse', response.status);
  return parsed.data;
}

export function expectOk(response: RawResponse): RawResponse {
  if (response.status >= 200 && response.status < 300) return response;
  throw failureOf(response);
}

// ---- the session: authorised, retried requests within one run ------------------------------

/** This device's enrolment at the portal (one row): its address and tokens. */
export type Connection = typeof syncConnection.$inferSelect;

/** The run a request belongs to: its abort signal (the run's deadline) and when it ends. */
export interface RunContext {
  signal: AbortSignal;
  endsAt: number;
}

export interface SessionOptions {
  now: () => string;
  timeoutMs: number;
  deadlineMs: number;
  maxResponseBytes: number;
  /** Attempts per request before the run gives up (transient failures only). */
  attempts: number;
  baseDelayMs: number;
  capDelayMs: number;
  sleep: (ms: number) => Promise<void>;
  fetchImpl?: typeof fetch;
}

type RequestInit = { headers?: Record<string, string>; body?: Buffer | string };

const ok = (status: number) => status >= 200 && status < 300;

/**
 * Requests to the portal on behalf of this device: authorised with its access token (a 401
 * refreshes the tokens once and repeats), transient failures retried with full-jitter backoff,
 * and every exchange and wait bound to the run it belongs to (an abandoned run's late steps
 * see its abort).
 */
export class PortalSession {
  /** The run each request and wait belongs to. */
  readonly runContext = new AsyncLocalStorage<RunContext>();

  constructor(
    private readonly store: () => Store,
    private readonly options: SessionOptions,
  ) {}

  connection(): Connection | null {
    return (
      this.store().db.select().from(syncConnection).where(eq(syncConnection.id, 1)).get() ?? null
    );
  }

  /** Throws once the run this step belongs to was abandoned: none of its results is applied. */
  live(): void {
    if (this.runContext.getStore()?.signal.aborted) throw new SyncError('timeout');
  }

  transport(baseUrl: string): TransportOptions {
    return {
      baseUrl,
      timeoutMs: this.options.timeoutMs,
      deadlineMs: this.options.deadlineMs,
      maxResponseBytes: this.options.maxResponseBytes,
      signal: this.runContext.getStore()?.signal,
      fetchImpl: this.options.fetchImpl,
    };
  }

  /** Retries transient failures with full-jitter backoff, never sooner than Retry-After. */
  async withRetries<T>(attempt: () => Promise<T>): Promise<T> {
    for (let n = 0; ; n++) {
      try {
        return await attempt();
      } catch (error) {
        if (!(error instanceof SyncError) || !error.transient || n + 1 >= this.options.attempts)
          throw error;
        await this.waitToRetry(error, n);
      }
    }
  }

  /**
   * The wait before trying again after a transient failure: full-jitter backoff, never sooner
   * than the portal's Retry-After. A wait longer than a run waits (4 × capDelayMs, 2 minutes) or
   * than the run has left is never cut short: the run ends with the failure instead, its
   * `retryAfter` kept, and no run asks before then (`retryAt`; the scheduler waits for it).
   */
  async waitToRetry(error: SyncError, n: number): Promise<void> {
    const jitter = backoffDelay(n, this.options.baseDelayMs, this.options.capDelayMs);
    const wait = Math.max(jitter, error.retryAfter !== null ? error.retryAfter * 1000 : 0);
    const context = this.runContext.getStore();
    if (wait > this.options.capDelayMs * 4 || (context && Date.now() + wait >= context.endsAt))
      throw error;
    await this.options.sleep(wait);
    this.live();
  }

  /**
   * An authorised request whose body must match `schema`: a body that does not (corrupted,
   * malformed UTF-8, an id that is not one) is retried like a truncated one.
   */
  requestBody<S extends z.ZodType>(
    schema: S,
    method: string,
    path: string,
    init: RequestInit = {},
  ): Promise<z.output<S>> {
    return this.withRetries(async () => parseBody(schema, await this.send(method, path, init)));
  }

  /**
   * An authorised request to the portal, retried when transient; a 401 refreshes the tokens
   * once and repeats. `accept` lists statuses that are answers, not failures.
   */
  async request(
    method: string,
    path: string,
    init: RequestInit = {},
    accept: (status: number) => boolean = ok,
  ): Promise<RawResponse> {
    return this.withRetries(() => this.send(method, path, init, accept));
  }

  /** One authorised exchange (a 401 refreshes the tokens once and repeats), not retried. */
  private async send(
    method: string,
    path: string,
    init: RequestInit,
    accept: (status: number) => boolean = ok,
  ): Promise<RawResponse> {
    let refreshed = false;
    for (;;) {
      const connection = this.connection();
      if (!connection) throw new SyncError('notEnrolled');
      const response = await exchange(this.transport(connection.portalUrl), method, path, {
        ...init,
        headers: { ...init.headers, authorization: `Bearer ${connection.accessToken}` },
      });
      if (response.status === 401 && !refreshed) {
        await this.refresh(connection);
        refreshed = true;
        continue;
      }
      if (accept(response.status)) return response;
      throw failureOf(response);
    }
  }

  async refresh(connection: Connection): Promise<void> {
    const response = await exchange(this.transport(connection.portalUrl), 'POST', PATHS.refresh, {
      headers: { 'content-type': 'application/json' },
      body: JSON.stringify({ refreshToken: connection.refreshToken }),
    });
    if (response.status === 401 || response.status === 403)
      throw new SyncError('unauthorized', response.status);
    const tokens = parseBody(Tokens, expectOk(response));
    const expires = new Date(Date.parse(this.options.now()) + tokens.expiresIn * 1000);
    this.store()
      .db.update(syncConnection)
      .set({
        accessToken: tokens.accessToken,
        refreshToken: tokens.refreshToken,
        accessExpiresAt: expires.toISOString(),
      })
      .where(eq(syncConnection.id, 1))
      .run();
  }
}
