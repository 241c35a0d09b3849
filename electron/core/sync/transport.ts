import type { z } from 'zod';

/**
 * Why a sync step failed, as a code the UI translates. `offline`: the portal could not be
 * reached; `timeout`; `server`: 5xx; `rateLimited`: 429; `invalidResponse`: a body that did not
 * match the protocol (or was cut off); `unauthorized`: tokens refused even after a refresh;
 * `notEnrolled`; `blobMismatch`: the portal computed another hash for an uploaded blob;
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
  | 'unauthorized'
  | 'notEnrolled'
  | 'blobMismatch'
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
  /** Per request. */
  timeoutMs: number;
  fetchImpl?: typeof fetch;
}

export interface RawResponse {
  status: number;
  headers: Headers;
  body: Buffer;
}

/** One HTTP exchange with a timeout; network failures become SyncErrors. */
export async function exchange(
  options: TransportOptions,
  method: string,
  path: string,
  init: { headers?: Record<string, string>; body?: Buffer | string } = {},
): Promise<RawResponse> {
  const url = new URL(path, options.baseUrl);
  let response: Response;
  try {
    response = await (options.fetchImpl ?? fetch)(url, {
      method,
      headers: init.headers,
      body: init.body as BodyInit | undefined,
      signal: AbortSignal.timeout(options.timeoutMs),
      redirect: 'error',
    });
  } catch (error) {
    throw networkError(error);
  }
  let body: Buffer;
  try {
    body = Buffer.from(await response.arrayBuffer());
  } catch (error) {
    // The connection dropped while the body was arriving: like a truncated body.
    const failure = networkError(error);
    throw failure.reason === 'timeout'
      ? failure
      : new SyncError('invalidResponse', response.status);
  }
  return { status: response.status, headers: response.headers, body };
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
    const parsed = JSON.parse(response.body.toString('utf8')) as {
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
  return new SyncError('refused', status, null, problem);
}

/** Parses and validates a JSON body; anything else is an invalid response, never a partial one. */
export function parseBody<S extends z.ZodType>(schema: S, response: RawResponse): z.output<S> {
  let json: unknown;
  try {
    json = JSON.parse(response.body.toString('utf8'));
  } catch {
    throw new SyncError('invalidResponse', response.status);
  }
  const parsed = schema.safeParse(json);
  if (!parsed.success) throw new SyncError('invalidResponse', response.status);
  return parsed.data;
}
