import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';

export interface RunningHost {
  url: string;
  stop(): void;
}

/** The real web host in its own process, on a fresh data folder and device key. */
export async function startHost(): Promise<RunningHost> {
  const root = mkdtempSync(join(tmpdir(), 'bq-e2e-'));
  const child: ChildProcess = spawn(
    process.execPath,
    ['--import', 'tsx', 'electron/host/web/start.ts', '--no-open', '--data', join(root, 'data')],
    {
      env: { ...process.env, BALABAQSHA_DEVICE_KEY: join(root, 'device.key') },
      stdio: ['ignore', 'pipe', 'inherit'],
    },
  );
  const url = await new Promise<string>((resolve, reject) => {
    let output = '';
    child.stdout!.on('data', (chunk) => {
      output += chunk;
      const match = /Open: (http:\/\/127\.0\.0\.1:\d+\/#token=[\w-]+)/.exec(output);
      if (match) resolve(match[1]!);
    });
    child.on('exit', (code) => reject(new Error(`web host exited (${code})`)));
  });
  return {
    url,
    stop: () => {
      child.kill();
      rmSync(root, { recursive: true, force: true });
    },
  };
}
