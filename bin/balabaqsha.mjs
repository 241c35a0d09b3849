#!/usr/bin/env node
// The installed `balabaqsha` command: runs the TypeScript CLI through tsx.
import { spawnSync } from 'node:child_process';
import { createRequire } from 'node:module';
import { fileURLToPath } from 'node:url';

const require = createRequire(import.meta.url);
const cli = fileURLToPath(new URL('../electron/host/cli/main.ts', import.meta.url));
const tsx = require.resolve('tsx/cli');
const result = spawnSync(process.execPath, [tsx, cli, ...process.argv.slice(2)], {
  stdio: 'inherit',
});
process.exit(result.status ?? 1);
