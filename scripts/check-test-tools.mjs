// `npm test`, first step: the tests drive a real Chromium, render PDFs back with pdftoppm and
// prove the store unreadable with the sqlite3 shell. Where any is missing, say in one line what
// to run instead of failing later with a stack trace. `.ci/run` installs them all.
import { accessSync, constants, existsSync } from 'node:fs';
import { delimiter, dirname, join } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = dirname(dirname(fileURLToPath(import.meta.url)));
const windows = process.platform === 'win32';

/** Whether `name` is an executable file in a folder on PATH. */
function onPath(name) {
  const suffixes = windows ? ['', ...(process.env.PATHEXT ?? '.EXE;.CMD;.BAT').split(';')] : [''];
  return (process.env.PATH ?? '')
    .split(delimiter)
    .filter(Boolean)
    .some((dir) => suffixes.some((suffix) => executable(join(dir, name + suffix))));
}

function executable(path) {
  try {
    accessSync(path, windows ? constants.F_OK : constants.X_OK);
    return true;
  } catch {
    return false;
  }
}

if (!existsSync(join(root, 'node_modules', '.package-lock.json'))) {
  console.error('The dependencies are not installed: run `npm ci` first (or `bash .ci/run`).');
  process.exit(1);
}

const chromium = process.env.BALABAQSHA_CHROMIUM ?? '/usr/bin/chromium';
const missing = [
  !executable(chromium) && `Chromium (${chromium}; another path: BALABAQSHA_CHROMIUM)`,
  !onPath('pdftoppm') && 'pdftoppm (poppler-utils)',
  !onPath('sqlite3') && 'sqlite3',
  // Printing for real is tried only where a CUPS-PDF queue is named (.ci/run sets one up).
  process.env.BALABAQSHA_TEST_PRINTER && !onPath('lp') && 'lp (cups-client)',
].filter(Boolean);

if (missing.length) {
  console.error(
    `npm test needs ${missing.join(', ')}, missing on this machine: run \`bash .ci/run\` ` +
      '(as root on Debian or Ubuntu it installs them, then runs npm ci and npm test).',
  );
  process.exit(1);
}
