/**
 * Runs the emulator as its own process (`main.ts`, what `npm run portal` starts) and talks to
 * its admin endpoints over HTTP — for tests that keep client and portal in separate processes.
 * The calls mirror the in-process `PortalEmulator` (`server.ts`), made asynchronous.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FaultInput, FaultKind, FaultRule } from './faults';
import type { SeedCounts } from './seed';
import type { ParentAnswer, ParentSignature } from './server';
import type { EntityRow, MutationLogEntry } from './store';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export type { EntityRow, MutationLogEntry, ParentAnswer, ParentSignature };

export interface SpawnedPortal {
  url: string;
  port: number;
  enrollmentCode: string;
  process: ChildProcess;
  addFault(rule: FaultInput): Promise<void>;
  /** The queued rules and how often each kind has fired so far. */
  faults(): Promise<{ faults: FaultRule[]; fired: Record<FaultKind, number> }>;
  clearFaults(): Promise<void>;
  /** A portal-side edit (a new version), to make conflicts. */
  edit(
    entity: string,
    id: string,
    fields: Record<string, unknown>,
    opts?: { bin?: string; deleted?: boolean },
  ): Promise<EntityRow>;
  /** What the portal holds, or null when it holds nothing under that id. */
  entity(entity: string, id: string, bin?: string): Promise<EntityRow | null>;
  mutationLog(): Promise<MutationLogEntry[]>;
  /**
   * A parent confirms or disputes a child's month as the portal takes it (a closed month; a
   * dispute with a comment; nothing after a confirmation): a new version of the child-month.
   */
  parentAnswer(answer: ParentAnswer): Promise<EntityRow>;
  /** A parent signs an electronic contract (its `representativeSignature`): a new version. */
  parentSignature(signature: ParentSignature): Promise<EntityRow>;
  /** Every child-month the portal holds (of `bin`, or of the only organisation). */
  childMonths(bin?: string): Promise<EntityRow[]>;
  digest(bin: string): Promise<{
    entities: Record<string, { count: number; hash: string }>;
    counts: Record<string, number>;
  }>;
  /** More referrals (with their children) for an organisation, created if new. */
  seed(bin: string, referrals: number): Promise<SeedCounts>;
  createEnrollmentCode(referrals?: number, code?: string): Promise<string>;
  expireAccessTokens(): Promise<void>;
  /** SIGTERM and wait for the exit; resolves to the exit code. */
  stop(): Promise<number | null>;
}

export interface SpawnOptions {
  referrals?: number;
  port?: number;
  dbPath?: string;
  code?: string;
  accessTtlSeconds?: number;
}

export async function spawnPortalEmulator(options: SpawnOptions = {}): Promise<SpawnedPortal> {
  const args = ['--import', 'tsx', 'test/portal-emulator/main.ts'];
  if (options.referrals !== undefined) args.push('--referrals', String(options.referrals));
  if (options.port !== undefined) args.push('--port', String(options.port));
  if (options.dbPath !== undefined) args.push('--db', options.dbPath);
  if (options.code !== undefined) args.push('--code', options.code);
  if (options.accessTtlSeconds !== undefined) {
    args.push('--access-ttl', String(options.accessTtlSeconds));
  }
  const child = spawn(process.execPath, args, { cwd: ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout!.setEncoding('utf8');
  child.stderr!.setEncoding('utf8');
  child.stderr!.on('data', (chunk: string) => {
    err += chunk;
  });
  // Ready once the whole code line is out (a chunk may end inside it).
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      if (/enrolment code: \S+\n/.test(out)) resolve();
    });
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`portal emulator exited (${String(code)}): ${out}${err}`);
  });
  await Promise.race([ready, exited]);
  exited.catch(() => undefined);
  const url = /^(http:\/\/[\d.]+:(\d+))$/m.exec(out)!;
  const enrollmentCode = /enrolment code: (\S+)/.exec(out)![1]!;

  /** An admin call; any error status throws, except 404 where the caller expects it. */
  async function admin(
    method: string,
    path: string,
    body?: unknown,
    notFoundIsNull = false,
  ): Promise<Response | null> {
    const res = await fetch(`${url[1]}/__emulator/${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (res.status === 404 && notFoundIsNull) return null;
    if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    return res;
  }
  const json = async <T>(method: string, path: string, body?: unknown) =>
    (await (await admin(method, path, body))!.json()) as T;

  return {
    url: url[1]!,
    port: Number(url[2]),
    enrollmentCode,
    process: child,
    addFault: async (rule) => {
      await admin('POST', 'faults', rule);
    },
    faults: () => json('GET', 'faults'),
    clearFaults: async () => {
      await admin('DELETE', 'faults');
    },
    edit: (entity, id, fields, opts = {}) => json('POST', 'edit', { entity, id, fields, ...opts }),
    entity: async (entity, id, bin) => {
      const query = bin === undefined ? '' : `?bin=${bin}`;
      const res = await admin(
        'GET',
        `entities/${entity}/${encodeURIComponent(id)}${query}`,
        undefined,
        true,
      );
      return res && ((await res.json()) as EntityRow);
    },
    mutationLog: async () =>
      (await json<{ mutations: MutationLogEntry[] }>('GET', 'mutation-log')).mutations,
    parentAnswer: (answer) => json('POST', 'attendance/parent', answer),
    parentSignature: (signature) => json('POST', 'contracts/signature', signature),
    childMonths: async (bin) =>
      (
        await json<{ records: EntityRow[] }>(
          'GET',
          `attendance${bin === undefined ? '' : `?bin=${bin}`}`,
        )
      ).records,
    digest: (bin) => json('GET', `digest?bin=${bin}`),
    seed: (bin, referrals) => json('POST', 'seed', { bin, referrals }),
    createEnrollmentCode: async (referrals, code) =>
      (await json<{ code: string }>('POST', 'enrollment-codes', { referrals, code })).code,
    expireAccessTokens: async () => {
      await admin('POST', 'expire-tokens');
    },
    stop: async () => {
      if (child.exitCode !== null || child.signalCode !== null) return child.exitCode;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await done;
      return code as number | null;
    },
  };
}
