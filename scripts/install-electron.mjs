// `npm ci` / `npm install` (the root postinstall; also `npm run install-electron`): downloads
// the Electron binary by running electron's own install script, which package.json's
// allowScripts keeps npm from running itself. Where the download fails (no internet, a proxy),
// say so in one line and still exit 0: everything else is installed, the web host and the tests
// work, and only the desktop window needs the binary.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { dirname } from 'node:path';

const require = createRequire(import.meta.url);

let installScript;
try {
  installScript = require.resolve('electron/install.js');
} catch {
  process.exit(0); // electron is a dev dependency: not installed with --omit=dev
}

const run = spawnSync(process.execPath, [installScript], {
  cwd: dirname(installScript),
  env: process.env,
  stdio: ['ignore', 'pipe', 'pipe'],
  encoding: 'utf8',
  maxBuffer: 64 * 1024 * 1024,
  windowsHide: true,
});
if (run.status === 0) process.exit(0);

console.error(
  `The Electron binary could not be downloaded (${reason(run)}); everything else is installed. ` +
    'The desktop app needs it: run `npm run install-electron` when online, or ' +
    '`npm run start:web` to use the same app in a browser.',
);
process.exit(0);

/** Why the download failed, in a few words: the error's first line without its class name. */
function reason(result) {
  if (result.error) return result.error.message;
  if (result.signal) return `stopped by ${result.signal}`;
  const line = `${result.stderr ?? ''}\n${result.stdout ?? ''}`
    .split('\n')
    .map((text) => text.trim())
    .find((text) => text && !text.startsWith('at '));
  const short = (line ?? `exit code ${result.status}`).replace(/^(\w*Error|Error):\s*/, '');
  return short.length > 160 ? `${short.slice(0, 157)}…` : short;
}
