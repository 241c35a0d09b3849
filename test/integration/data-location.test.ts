import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { randomBytes } from 'node:crypto';
import { describe, expect, it } from 'vitest';
import { resolveDataLocation } from '../../electron/core/updates/data-location';
import { tempFolder } from '../helpers/temp';

const root = tempFolder('bq-location-');
let n = 0;

/** A simulated user profile: Roaming and Local app folders, the Roaming one set up. */
function profile(withRoamingStore: boolean) {
  const base = join(root, `profile-${n++}`);
  const roamingDir = join(base, 'AppData', 'Roaming', 'Balabaqsha Desk');
  const localDir = join(base, 'AppData', 'Local', 'Balabaqsha Desk');
  const files: Record<string, Buffer> = {
    'data/keyring.json': Buffer.from('{"format":1}'),
    'data/store.db': randomBytes(64 * 1024),
    'data/store.db-wal': randomBytes(4096),
    'data/attachments/0123456789abcdef0123456789abcdef': randomBytes(3000),
    'Local State': Buffer.from('{"os_crypt":{"encrypted_key":"RFBBUEk="}}'),
  };
  if (withRoamingStore)
    for (const [name, bytes] of Object.entries(files)) {
      mkdirSync(join(roamingDir, name, '..'), { recursive: true });
      writeFileSync(join(roamingDir, name), bytes);
    }
  return { roamingDir, localDir, files };
}

describe('the data folder in %LOCALAPPDATA%', () => {
  it('a first run with nothing in Roaming uses Local and moves nothing', () => {
    const { roamingDir, localDir } = profile(false);
    expect(resolveDataLocation({ roamingDir, localDir })).toEqual({
      dataDir: join(localDir, 'data'),
      outcome: 'local',
    });
    expect(existsSync(join(localDir, 'data'))).toBe(false);
  });

  it('a Roaming store is moved once: every file byte for byte, then the old copy removed', () => {
    const { roamingDir, localDir, files } = profile(true);
    const first = resolveDataLocation({ roamingDir, localDir });
    expect(first).toEqual({ dataDir: join(localDir, 'data'), outcome: 'moved' });
    for (const [name, bytes] of Object.entries(files))
      expect(readFileSync(join(localDir, name)).equals(bytes), name).toBe(true);
    expect(existsSync(join(roamingDir, 'data'))).toBe(false);
    expect(existsSync(join(roamingDir, 'Local State'))).toBe(false);
    expect(existsSync(join(localDir, 'data.moving'))).toBe(false);
    // The next start finds nothing to move.
    expect(resolveDataLocation({ roamingDir, localDir }).outcome).toBe('local');
  });

  it('a half-made copy left by a crash is thrown away and the move done again', () => {
    const { roamingDir, localDir, files } = profile(true);
    mkdirSync(join(localDir, 'data.moving'), { recursive: true });
    writeFileSync(join(localDir, 'data.moving', 'store.db'), 'half');
    expect(resolveDataLocation({ roamingDir, localDir }).outcome).toBe('moved');
    expect(readFileSync(join(localDir, 'data', 'store.db')).equals(files['data/store.db']!)).toBe(
      true,
    );
  });

  it('after a crash between the rename and the removal, the identical Roaming copy goes', () => {
    const { roamingDir, localDir } = profile(true);
    const other = profile(true);
    // The state a crash right after the rename leaves: both copies whole and the same.
    resolveDataLocation({ roamingDir, localDir });
    for (const [name, bytes] of Object.entries(other.files)) {
      mkdirSync(join(roamingDir, name, '..'), { recursive: true });
      writeFileSync(join(roamingDir, name), bytes);
      writeFileSync(join(localDir, name), bytes);
    }
    expect(resolveDataLocation({ roamingDir, localDir }).outcome).toBe('leftoverRemoved');
    expect(existsSync(join(roamingDir, 'data'))).toBe(false);
  });

  it('a Roaming copy that differs from the Local store is kept, never deleted', () => {
    const { roamingDir, localDir } = profile(true);
    resolveDataLocation({ roamingDir, localDir });
    mkdirSync(join(roamingDir, 'data'), { recursive: true });
    writeFileSync(join(roamingDir, 'data', 'store.db'), 'another store');
    const again = resolveDataLocation({ roamingDir, localDir });
    expect(again).toEqual({ dataDir: join(localDir, 'data'), outcome: 'roamingKept' });
    expect(readFileSync(join(roamingDir, 'data', 'store.db'), 'utf8')).toBe('another store');
  });

  it('a copy that cannot be made leaves the Roaming store whole and in use', () => {
    const { roamingDir, localDir, files } = profile(true);
    mkdirSync(join(localDir, '..'), { recursive: true });
    writeFileSync(localDir, 'a file where the folder should be'); // Local cannot be made
    expect(resolveDataLocation({ roamingDir, localDir })).toEqual({
      dataDir: join(roamingDir, 'data'),
      outcome: 'moveFailed',
    });
    for (const [name, bytes] of Object.entries(files))
      expect(readFileSync(join(roamingDir, name)).equals(bytes), name).toBe(true);
  });
});
