import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { randomBytes, timingSafeEqual } from 'node:crypto';
import { existsSync, readFileSync, statSync } from 'node:fs';
import { extname, join, normalize, resolve, sep } from 'node:path';
import type { AddressInfo } from 'node:net';
import { createCore, type Core } from '../../core/core';
import { FileDeviceSeal, type DeviceSeal } from '../../core/vault/device-seal';
// The same policy as the desktop window.
import { CONTENT_SECURITY_POLICY } from '../../main/security';

/** Large enough for a 25 MB scan as base64 inside JSON. */
const MAX_BODY_BYTES = 40 * 1024 * 1024;
/**
 * A body over the limit is read to its end and dropped, so the client gets its 413 instead of
 * a connection reset; only beyond this much is the connection cut.
 */
const MAX_DRAINED_BYTES = 4 * MAX_BODY_BYTES;

const MIME: Record<string, string> = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.woff2': 'font/woff2',
  '.json': 'application/json',
};

export interface WebHostOptions {
  dataDir: string;
  port?: number;
  deviceSeal?: DeviceSeal;
  /** The built renderer; default dist/renderer. */
  rendererDir?: string;
  /** A shorter idle-lock minute, for E2E runs only (see CoreOptions.idleMinuteMs). */
  idleMinuteMs?: number;
}

export interface WebHost {
  url: string;
  token: string;
  port: number;
  core: Core;
  close(): Promise<void>;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  const json = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/json; charset=utf-8',
    'cache-control': 'no-store',
    ...headers,
  });
  response.end(json);
}

const TOO_LARGE = { ok: false, error: { code: 'fileTooLarge', params: { maxMegabytes: 25 } } };
const BAD_URL = { ok: false, error: { code: 'invalidInput', params: { fields: ['(url)'] } } };

/**
 * The request body, or null when it is over MAX_BODY_BYTES. An oversized body is still read
 * (and dropped) to its end, so the 413 that follows reaches the client: closing a socket the
 * client is still writing to resets the connection and loses the answer.
 */
function readBody(request: IncomingMessage): Promise<Buffer | null> {
  return new Promise((resolveBody, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size <= MAX_BODY_BYTES) chunks.push(chunk);
      else chunks.length = 0;
      if (size > MAX_DRAINED_BYTES) request.destroy();
    });
    request.on('end', () => resolveBody(size > MAX_BODY_BYTES ? null : Buffer.concat(chunks)));
    request.on('error', reject);
    request.on('close', () => {
      if (!request.complete) reject(new Error('request aborted'));
    });
  });
}

/** The request's URL, or null when it cannot be parsed. */
function parsedUrl(target: string | undefined): URL | null {
  try {
    return new URL(target ?? '/', 'http://127.0.0.1');
  } catch {
    return null;
  }
}

/** `decodeURIComponent`, or null for a malformed escape such as `%E0%A4%A` or `%zz`. */
function decoded(component: string): string | null {
  try {
    return decodeURIComponent(component);
  } catch {
    return null;
  }
}

/**
 * The core and the built renderer on 127.0.0.1, for machines without the Electron binary,
 * for Playwright, and for development. Every /rpc/ request needs the per-launch token, known
 * method or not; nothing runs before that check. Never part of the packaged app.
 */
export async function startWebHost(options: WebHostOptions): Promise<WebHost> {
  const core = createCore({
    dataDir: options.dataDir,
    deviceSeal: options.deviceSeal ?? new FileDeviceSeal(),
    ...(options.idleMinuteMs ? { idleMinuteMs: options.idleMinuteMs } : {}),
  });
  const token = randomBytes(32).toString('base64url');
  const expected = Buffer.from(`Bearer ${token}`);
  const rendererDir = resolve(options.rendererDir ?? join(process.cwd(), 'dist', 'renderer'));

  const authorized = (request: IncomingMessage) => {
    const given = Buffer.from(request.headers.authorization ?? '');
    return given.length === expected.length && timingSafeEqual(given, expected);
  };

  const server = createServer(async (request, response) => {
    try {
      const url = parsedUrl(request.url);
      if (!url) return send(response, 400, BAD_URL);
      if (url.pathname.startsWith('/rpc/')) {
        if (!authorized(request))
          return send(response, 401, { ok: false, error: { code: 'notSignedIn', params: {} } });
        if (request.method !== 'POST')
          return send(
            response,
            405,
            { ok: false, error: { code: 'unknownMethod', params: {} } },
            { allow: 'POST' },
          );
        const method = decoded(url.pathname.slice('/rpc/'.length));
        if (method === null) return send(response, 400, BAD_URL);
        if (Number(request.headers['content-length']) > MAX_DRAINED_BYTES)
          return send(response, 413, TOO_LARGE, { connection: 'close' });
        const body = await readBody(request);
        if (body === null) return send(response, 413, TOO_LARGE);
        let input: unknown;
        try {
          input = body.length ? JSON.parse(body.toString('utf8')) : undefined;
        } catch {
          return send(response, 400, {
            ok: false,
            error: { code: 'invalidInput', params: { fields: ['(input)'] } },
          });
        }
        return send(response, 200, await core.dispatch(method, input));
      }
      if (request.method !== 'GET' && request.method !== 'HEAD') return send(response, 405, {});
      const pathname = decoded(url.pathname);
      if (pathname === null) return send(response, 400, BAD_URL);
      serveStatic(rendererDir, pathname, response);
    } catch {
      if (!response.headersSent)
        send(response, 500, { ok: false, error: { code: 'internal', params: {} } });
    }
  });

  await new Promise<void>((ready) => server.listen(options.port ?? 0, '127.0.0.1', ready));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/#token=${token}`,
    token,
    port,
    core,
    close: () =>
      new Promise((closed) => {
        core.close();
        server.closeAllConnections();
        server.close(() => closed());
      }),
  };
}

/** `pathname` is already decoded. */
function serveStatic(root: string, pathname: string, response: ServerResponse): void {
  const relative = normalize(pathname).replace(/^([/\\])+/, '');
  let file = resolve(root, relative || 'index.html');
  if (!file.startsWith(root + sep) && file !== root) file = join(root, 'index.html');
  if (!existsSync(file) || statSync(file).isDirectory()) file = join(root, 'index.html');
  if (!existsSync(file)) {
    response.writeHead(503, { 'content-type': 'text/plain; charset=utf-8' });
    response.end('The renderer is not built: run `npm run build:renderer`.');
    return;
  }
  response.writeHead(200, {
    'content-type': MIME[extname(file)] ?? 'application/octet-stream',
    'content-security-policy': CONTENT_SECURITY_POLICY,
    'x-content-type-options': 'nosniff',
    'referrer-policy': 'no-referrer',
    'cache-control': 'no-store',
  });
  response.end(readFileSync(file));
}
