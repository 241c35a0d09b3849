import { createHash } from 'node:crypto';
import {
  copyFileSync,
  existsSync,
  mkdirSync,
  readdirSync,
  readFileSync,
  renameSync,
  rmSync,
  statSync,
} from 'node:fs';
import { join, relative } from 'node:path';
import { fsyncDirectory } from '../vault/atomic-file';

/**
 * Where the data folder lives on Windows: under %LOCALAPPDATA% (a folder that stays on this
 * PC), not under Roaming %APPDATA% (Electron's default `userData`, which roaming profiles copy
 * to other PCs, where the DPAPI-sealed keyring cannot open). Electron-free: main passes the two
 * folders and uses the answer before the core, Chromium or safeStorage touch anything.
 *
 * What moves: the `data` folder (keyring, store, attachments) and Chromium's `Local State`
 * file, which holds the random key safeStorage uses and is itself sealed with DPAPI — without
 * it in the new folder the keyring's seal would not open (see ARCHITECTURE §8).
 */
export const DATA_DIR = 'data';
export const LOCAL_STATE = 'Local State';
/** The copy is made here first and renamed to `data` only once it is verified. */
const MOVING_DIR = 'data.moving';

export type DataLocationOutcome =
  /** Nothing in Roaming: the data folder is (or will be made) in Local. */
  | 'local'
  /** The Roaming store was copied, verified, renamed into place, and the old copy removed. */
  | 'moved'
  /** Local already had data (an earlier move): a Roaming copy identical to it was removed. */
  | 'leftoverRemoved'
  /** Local already had data and Roaming holds a different copy: both kept, Local used. */
  | 'roamingKept'
  /** The copy could not be made or did not verify: nothing removed, Roaming used this time. */
  | 'moveFailed';

export interface DataLocation {
  /** The data folder the core opens. */
  dataDir: string;
  outcome: DataLocationOutcome;
}

/** Every file under a folder, by its path relative to it, with its SHA-256. */
function digestTree(root: string): Map<string, string> {
  const files = new Map<string, string>();
  const walk = (dir: string) => {
    for (const entry of readdirSync(dir, { withFileTypes: true })) {
      const path = join(dir, entry.name);
      if (entry.isDirectory()) walk(path);
      else if (entry.isFile())
        files.set(
          relative(root, path),
          createHash('sha256').update(readFileSync(path)).digest('hex'),
        );
    }
  };
  if (existsSync(root)) walk(root);
  return files;
}

function sameTrees(a: string, b: string): boolean {
  const left = digestTree(a);
  const right = digestTree(b);
  return left.size === right.size && [...left].every(([name, sum]) => right.get(name) === sum);
}

function sameFile(a: string, b: string): boolean {
  if (!existsSync(a) || !existsSync(b)) return existsSync(a) === existsSync(b);
  return readFileSync(a).equals(readFileSync(b));
}

function copyTree(from: string, to: string): void {
  mkdirSync(to, { recursive: true, mode: 0o700 });
  for (const entry of readdirSync(from, { withFileTypes: true })) {
    const source = join(from, entry.name);
    const target = join(to, entry.name);
    if (entry.isDirectory()) copyTree(source, target);
    else if (entry.isFile()) copyFileSync(source, target);
  }
}

/** A data folder with something in it (a folder made but never set up counts as none). */
function holdsData(dir: string): boolean {
  return existsSync(dir) && statSync(dir).isDirectory() && readdirSync(dir).length > 0;
}

/**
 * Chooses the data folder and, once, moves an existing Roaming store to Local: copy to
 * `data.moving`, verify every file by SHA-256, rename into place, then remove the Roaming copy.
 * A crash at any step leaves the Roaming copy whole, and the next start does it again. Must run
 * before anything opens the store or Chromium reads `Local State` (main calls it first thing).
 */
export function resolveDataLocation({
  roamingDir,
  localDir,
}: {
  roamingDir: string;
  localDir: string;
}): DataLocation {
  const dataDir = join(localDir, DATA_DIR);
  const roamingData = join(roamingDir, DATA_DIR);
  const roamingState = join(roamingDir, LOCAL_STATE);
  const localState = join(localDir, LOCAL_STATE);
  if (roamingDir === localDir || !holdsData(roamingData)) return { dataDir, outcome: 'local' };

  if (holdsData(dataDir)) {
    // An earlier move got as far as the rename: the Roaming copy goes only if it is the same.
    if (sameTrees(roamingData, dataDir) && sameFile(roamingState, localState)) {
      removeRoamingCopy(roamingDir);
      return { dataDir, outcome: 'leftoverRemoved' };
    }
    return { dataDir, outcome: 'roamingKept' };
  }

  const moving = join(localDir, MOVING_DIR);
  try {
    mkdirSync(localDir, { recursive: true });
    rmSync(moving, { recursive: true, force: true }); // a copy a crash left half made
    rmSync(dataDir, { recursive: true, force: true }); // empty (holdsData said so)
    copyTree(roamingData, moving);
    if (existsSync(roamingState)) copyFileSync(roamingState, localState);
    if (!sameTrees(roamingData, moving) || !sameFile(roamingState, localState))
      throw new Error('the copy differs from the original');
    renameSync(moving, dataDir);
  } catch {
    // A full disk or a file held open: the Roaming store stays whole and in use; next start retries.
    try {
      rmSync(moving, { recursive: true, force: true });
    } catch {
      // nothing was made there
    }
    return { dataDir: roamingData, outcome: 'moveFailed' };
  }
  fsyncDirectory(localDir);
  removeRoamingCopy(roamingDir);
  return { dataDir, outcome: 'moved' };
}

function removeRoamingCopy(roamingDir: string): void {
  rmSync(join(roamingDir, DATA_DIR), { recursive: true, force: true });
  rmSync(join(roamingDir, LOCAL_STATE), { force: true });
}
