// `npm start`: build, then open the desktop app. Where the Electron binary could not be
// installed (no internet at `npm ci`, ELECTRON_SKIP_BINARY_DOWNLOAD), say so and point to the
// download (`npm run install-electron`) and to the web host.
import { spawnSync, spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
let electronBinary = null;
try {
  electronBinary = require('electron');
} catch {
  electronBinary = null;
}
if (typeof electronBinary !== 'string' || !existsSync(electronBinary)) {
  console.error(
    'The Electron binary is not installed on this machine, so the desktop window cannot open.',
  );
  console.error(
    'Run `npm run install-electron` when online, or `npm run start:web` to use Balabaqsha Desk in a browser on this computer.',
  );
  process.exit(1);
}

const built = spawnSync(process.platform === 'win32' ? 'npm.cmd' : 'npm', ['run', 'build'], {
  stdio: 'inherit',
  shell: process.platform === 'win32',
});
if (built.status !== 0) process.exit(built.status ?? 1);
spawn(electronBinary, ['.'], { stdio: 'inherit' }).on('exit', (code) => process.exit(code ?? 0));
