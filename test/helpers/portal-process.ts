import { spawn, type ChildProcess } from 'node:child_process';
import { fileURLToPath } from 'node:url';

const REPO = fileURLToPath(new URL('../..', import.meta.url));
const MAIN = fileURLToPath(new URL('../portal-emulator/main.ts', import.meta.url));

export interface PortalProcess {
  url: string;
  port: number;
  code: string;
  child: ChildProcess;
  admin<T = unknown>(method: string, path: string, body?: unknown): Promise<T>;
  stop(): Promise<void>;
}

/** The portal emulator in its own process (`test/portal-emulator/main.ts` under tsx). */
export function startPortalProcess(args: string[] = []): Promise<PortalProcess> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--import', 'tsx', MAIN, ...args], {
      cwd: REPO,
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    let out = '';
    let err = '';
    child.stderr!.on('data', (chunk) => (err += chunk));
    child.on('error', reject);
    child.on('exit', (code) => {
      if (!out.includes('enrolment code')) reject(new Error(`emulator exited ${code}: ${err}`));
    });
    child.stdout!.on('data', (chunk) => {
      const before = out.includes('enrolment code:');
      out += chunk;
      const url = out.match(/http:\/\/127\.0\.0\.1:(\d+)/);
      const code = out.match(/enrolment code: (\S+)/);
      if (!before && url && code) {
        const base = url[0];
        resolve({
          url: base,
          port: Number(url[1]),
          code: code[1]!,
          child,
          async admin<T>(method: string, path: string, body?: unknown): Promise<T> {
            const response = await fetch(`${base}/__emulator/${path}`, {
              method,
              headers: body === undefined ? {} : { 'content-type': 'application/json' },
              body: body === undefined ? undefined : JSON.stringify(body),
            });
            if (!response.ok && response.status !== 204)
              throw new Error(
                `admin ${method} ${path}: ${response.status} ${await response.text()}`,
              );
            return (response.status === 204 ? null : await response.json()) as T;
          },
          stop: () =>
            new Promise<void>((done) => {
              if (child.exitCode !== null || child.signalCode !== null) return done();
              child.once('exit', () => done());
              child.kill('SIGTERM');
            }),
        });
      }
    });
  });
}

export type { MutationLogEntry } from '../portal-emulator/store';
