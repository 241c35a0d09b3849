/**
 * Runs the emulator as its own process (`main.ts`, what `npm run portal` starts) and talks to
 * its admin endpoints over HTTP — for tests that keep client and portal in separate processes.
 */
import { spawn, type ChildProcess } from 'node:child_process';
import { once } from 'node:events';
import { fileURLToPath } from 'node:url';
import type { FaultInput } from './faults';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

export interface SpawnedPortal {
  url: string;
  enrollmentCode: string;
  process: ChildProcess;
  addFault(rule: FaultInput): Promise<void>;
  clearFaults(): Promise<void>;
  edit(
    entity: string,
    id: string,
    fields: Record<string, unknown>,
    opts?: { bin?: string; deleted?: boolean },
  ): Promise<Record<string, unknown>>;
  entity(entity: string, id: string): Promise<Record<string, unknown> | null>;
  mutationLog(): Promise<{ mutationId: string; applied: number; received: number }[]>;
  digest(bin: string): Promise<{
    entities: Record<string, { count: number; hash: string }>;
    counts: Record<string, number>;
  }>;
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
  const ready = new Promise<void>((resolve) => {
    child.stdout!.on('data', (chunk: string) => {
      out += chunk;
      if (/enrolment code: \S+/.test(out)) resolve();
    });
  });
  const exited = once(child, 'exit').then(([code]) => {
    throw new Error(`portal emulator exited (${String(code)}): ${out}${err}`);
  });
  await Promise.race([ready, exited]);
  exited.catch(() => undefined);
  const url = /^(http:\/\/[\d.]+:\d+)$/m.exec(out)![1]!;
  const enrollmentCode = /enrolment code: (\S+)/.exec(out)![1]!;

  async function call(method: string, path: string, body?: unknown): Promise<Response> {
    const res = await fetch(`${url}${path}`, {
      method,
      ...(body === undefined
        ? {}
        : { body: JSON.stringify(body), headers: { 'content-type': 'application/json' } }),
    });
    if (res.status >= 400 && res.status !== 404) {
      throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
    }
    return res;
  }

  return {
    url,
    enrollmentCode,
    process: child,
    addFault: async (rule) => {
      await call('POST', '/__emulator/faults', rule);
    },
    clearFaults: async () => {
      await call('DELETE', '/__emulator/faults');
    },
    edit: async (entity, id, fields, opts = {}) =>
      (await (
        await call('POST', '/__emulator/edit', { entity, id, fields, ...opts })
      ).json()) as Record<string, unknown>,
    entity: async (entity, id) => {
      const res = await call('GET', `/__emulator/entities/${entity}/${encodeURIComponent(id)}`);
      return res.status === 404 ? null : ((await res.json()) as Record<string, unknown>);
    },
    mutationLog: async () =>
      (
        (await (await call('GET', '/__emulator/mutation-log')).json()) as {
          mutations: { mutationId: string; applied: number; received: number }[];
        }
      ).mutations,
    digest: async (bin) =>
      (await (await call('GET', `/__emulator/digest?bin=${bin}`)).json()) as Awaited<
        ReturnType<SpawnedPortal['digest']>
      >,
    stop: async () => {
      if (child.exitCode !== null) return child.exitCode;
      const done = once(child, 'exit');
      child.kill('SIGTERM');
      const [code] = await done;
      return code as number | null;
    },
  };
}
