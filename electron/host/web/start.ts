import { spawn, spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { homedir } from 'node:os';
import { join, resolve } from 'node:path';
import { parseArgs } from 'node:util';
import { startWebHost } from './server';
import { testSeal } from './test-seal';

const { values } = parseArgs({
  options: {
    data: { type: 'string' },
    port: { type: 'string' },
    'no-open': { type: 'boolean' },
  },
});

// Another folder lets parallel checkouts or test runs build their own renderer.
const rendererDir = resolve(process.env.BALABAQSHA_RENDERER_DIR ?? join('dist', 'renderer'));
if (!existsSync(join(rendererDir, 'index.html'))) {
  console.log('Building the renderer…');
  const build = spawnSync(
    process.execPath,
    [
      resolve('node_modules/vite/bin/vite.js'),
      'build',
      '--config',
      'renderer/vite.config.ts',
      '--outDir',
      rendererDir,
    ],
    { stdio: 'inherit' },
  );
  if (build.status !== 0) process.exit(build.status ?? 1);
}

const dataDir = resolve(
  values.data ?? process.env.BALABAQSHA_DATA ?? join(homedir(), '.balabaqsha', 'data'),
);
// For E2E runs only: an idle-lock "minute" of this many ms (100 … 60 000; it can only shorten).
const idleMinuteMs = Number(process.env.BALABAQSHA_IDLE_MINUTE_MS);
// For E2E runs only: a device seal that fails to unseal (the seal-failure path).
const deviceSeal = testSeal(process.env.BALABAQSHA_TEST_SEAL);
const host = await startWebHost({
  dataDir,
  rendererDir,
  ...(deviceSeal ? { deviceSeal } : {}),
  ...(idleMinuteMs >= 100 && idleMinuteMs <= 60_000 ? { idleMinuteMs } : {}),
  ...(values.port ? { port: Number(values.port) } : {}),
});
console.log(`Balabaqsha Desk (web host) for data folder ${dataDir}`);
console.log(`Open: ${host.url}`);
console.log('Only this machine can connect; the link carries this launch’s access token.');

if (!values['no-open']) {
  const opener =
    process.platform === 'win32' ? 'explorer' : process.platform === 'darwin' ? 'open' : 'xdg-open';
  spawn(opener, [host.url], { stdio: 'ignore', detached: true })
    .on('error', () => undefined)
    .unref();
}

const stop = () => void host.close().then(() => process.exit(0));
process.on('SIGINT', stop);
process.on('SIGTERM', stop);
