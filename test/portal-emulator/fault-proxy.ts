/**
 * A fault proxy on loopback, put between the sync client and the portal emulator: each request
 * is forwarded, or — with probability `rate`, on a schedule drawn from `seed` (the same seed and
 * the same requests give the same faults) — broken in one of these ways:
 *
 * - `dropBefore`: the connection is closed before anything is forwarded;
 * - `dropAfter`: forwarded (the portal acted), then closed before any answer;
 * - `truncate`: the answer's headers and half its body, then the connection is closed;
 * - `corrupt`: one byte of the answer's body replaced by 0xFF (never valid UTF-8);
 * - `delay`: forwarded after up to 300 ms;
 * - `duplicatePost`: a POST forwarded twice, the second answer returned;
 * - `status5xx` / `status429`: answered 503 / 429 without forwarding, with `Retry-After: 1`
 *   or without (each half the time);
 * - `resetPatch`: a PATCH forwarded with half its body, then both connections reset;
 * - `stall`: the answer's headers, then nothing (until the client gives up);
 * - `drip`: the answer's body in 2 KiB pieces every 15 ms.
 *
 * Used by the sync integration tests and the sync bench (`test/helpers/sync-soak.ts`).
 */
import { request as httpRequest, createServer, type IncomingMessage } from 'node:http';
import type { AddressInfo, Socket } from 'node:net';

export const FAULT_KINDS = [
  'dropBefore',
  'dropAfter',
  'truncate',
  'corrupt',
  'delay',
  'duplicatePost',
  'status5xx',
  'status429',
  'resetPatch',
  'stall',
  'drip',
] as const;
export type FaultKind = (typeof FAULT_KINDS)[number];

export interface FaultProxyOptions {
  /** The portal's URL (`http://127.0.0.1:PORT`). */
  target: string;
  seed: number;
  /** The share of requests broken, 0…1. */
  rate: number;
  /** The faults drawn from (all by default). */
  kinds?: readonly FaultKind[];
}

export interface FaultProxy {
  url: string;
  /** How many requests went through clean and how many got each fault. */
  stats: Record<FaultKind | 'clean', number>;
  setRate(rate: number): void;
  close(): Promise<void>;
}

/** mulberry32: a small seeded PRNG, enough for a reproducible fault schedule. */
export function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

interface Answer {
  status: number;
  headers: Record<string, string>;
  body: Buffer;
}

const HOP = new Set(['connection', 'keep-alive', 'transfer-encoding', 'content-length', 'host']);
const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

function readBody(req: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => resolve(Buffer.concat(chunks)));
    req.on('error', reject);
  });
}

export async function startFaultProxy(options: FaultProxyOptions): Promise<FaultProxy> {
  const target = new URL(options.target);
  const random = seededRandom(options.seed);
  const kinds = options.kinds ?? FAULT_KINDS;
  let rate = options.rate;
  const stats = Object.fromEntries([...FAULT_KINDS, 'clean'].map((k) => [k, 0])) as Record<
    FaultKind | 'clean',
    number
  >;
  const sockets = new Set<Socket>();

  function headersOf(req: IncomingMessage, length: number): Record<string, string> {
    const out: Record<string, string> = {};
    for (const [key, value] of Object.entries(req.headers))
      if (!HOP.has(key) && typeof value === 'string') out[key] = value;
    out.host = target.host;
    if (length || req.method === 'POST' || req.method === 'PATCH')
      out['content-length'] = String(length);
    return out;
  }

  /** Forwards the request; `cut`: only that many body bytes, then both sides reset. */
  function forward(req: IncomingMessage, body: Buffer, cut?: number): Promise<Answer> {
    return new Promise((resolve, reject) => {
      const upstream = httpRequest(
        {
          host: target.hostname,
          port: target.port,
          method: req.method,
          path: req.url,
          headers: headersOf(req, body.length),
        },
        (res) => {
          const chunks: Buffer[] = [];
          res.on('data', (c: Buffer) => chunks.push(c));
          res.on('end', () => {
            const headers: Record<string, string> = {};
            for (const [key, value] of Object.entries(res.headers))
              if (!HOP.has(key) && value !== undefined)
                headers[key] = Array.isArray(value) ? value.join(', ') : value;
            resolve({ status: res.statusCode ?? 502, headers, body: Buffer.concat(chunks) });
          });
          res.on('error', reject);
        },
      );
      upstream.on('error', reject);
      if (cut === undefined) upstream.end(body);
      else {
        upstream.write(body.subarray(0, cut));
        setTimeout(() => {
          upstream.destroy();
          reject(new Error('reset'));
        }, 50);
      }
    });
  }

  function pick(method: string): FaultKind | 'clean' {
    if (random() >= rate) return 'clean';
    const fitting = kinds.filter(
      (k) =>
        (k !== 'duplicatePost' || method === 'POST') && (k !== 'resetPatch' || method === 'PATCH'),
    );
    return fitting[Math.floor(random() * fitting.length)] ?? 'clean';
  }

  const server = createServer((req, res) => {
    void (async () => {
      const body = await readBody(req);
      const fault = pick(req.method ?? 'GET');
      stats[fault]++;
      const retryAfter = random() < 0.5 ? { 'retry-after': '1' } : {};
      const send = (answer: Answer, payload = answer.body) => {
        res.writeHead(answer.status, { ...answer.headers, 'content-length': answer.body.length });
        return payload;
      };
      switch (fault) {
        case 'dropBefore':
          req.socket.destroy();
          return;
        case 'dropAfter':
          await forward(req, body);
          req.socket.destroy();
          return;
        case 'status5xx':
        case 'status429': {
          const status = fault === 'status5xx' ? 503 : 429;
          const problem = Buffer.from(
            JSON.stringify({ type: 'about:blank', title: 'Try later', status }),
          );
          res.writeHead(status, {
            'content-type': 'application/problem+json',
            'content-length': problem.length,
            ...retryAfter,
          });
          res.end(problem);
          return;
        }
        case 'resetPatch':
          await forward(req, body, Math.floor(body.length / 2)).catch(() => undefined);
          req.socket.destroy();
          return;
        case 'delay':
          await sleep(Math.floor(random() * 300));
          break;
        default:
          break;
      }
      let answer = await forward(req, body);
      if (fault === 'duplicatePost') answer = await forward(req, body);
      if (fault === 'truncate') {
        res.write(send(answer).subarray(0, Math.floor(answer.body.length / 2)));
        setTimeout(() => req.socket.destroy(), 20);
      } else if (fault === 'corrupt' && answer.body.length) {
        const bytes = Buffer.from(answer.body);
        bytes[Math.floor(random() * bytes.length)] = 0xff;
        res.end(send(answer, bytes));
      } else if (fault === 'stall') {
        send(answer);
        res.flushHeaders();
      } else if (fault === 'drip') {
        const bytes = send(answer);
        for (let at = 0; at < bytes.length && !res.destroyed; at += 2048) {
          res.write(bytes.subarray(at, at + 2048));
          await sleep(15);
        }
        res.end();
      } else res.end(send(answer));
    })().catch(() => req.socket.destroy());
  });
  server.on('connection', (socket) => {
    sockets.add(socket);
    socket.on('close', () => sockets.delete(socket));
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    stats,
    setRate: (next) => {
      rate = next;
    },
    close: async () => {
      for (const socket of sockets) socket.destroy();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
