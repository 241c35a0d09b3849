import { createServer, type Server } from 'node:http';
import { gunzipSync, gzipSync } from 'node:zlib';
import { createHash } from 'node:crypto';
import { cpSync, readFileSync, utimesSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { parseUpdateInfo, resolveFiles } from 'electron-updater/out/providers/Provider';
import { decideOffer, rolloutFraction } from '../../electron/core/updates/decision';
import {
  listPreUpdateBackups,
  PRE_UPDATE_DIR,
} from '../../electron/core/updates/pre-update-backup';
import { openStore } from '../../db/connection';
import { loadMigrations } from '../../db/migrate';
import { DIRECTOR, newStore } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

/**
 * Issue 16, item 3: a self-hosted update server (the generic provider's latest.yml and the
 * installer's blockmap) decides whether this PC downloads; the new version's first start backs
 * the store up, verified, before its first migration.
 */
const root = tempFolder('bq-update-');
const installer = Buffer.from('MZ pretend installer bytes '.repeat(100));
const sha512 = createHash('sha512').update(installer).digest('base64');
const blockmap = gzipSync(
  JSON.stringify({
    version: '2',
    files: [{ name: 'file', offset: 0, checksums: ['abc'], sizes: [installer.length] }],
  }),
);
const latestYml = (stagingPercentage: number) =>
  [
    'version: 0.2.0',
    'files:',
    '  - url: Balabaqsha-Desk-Setup-0.2.0.exe',
    `    sha512: ${sha512}`,
    `    size: ${installer.length}`,
    'path: Balabaqsha-Desk-Setup-0.2.0.exe',
    `sha512: ${sha512}`,
    "releaseDate: '2026-11-30T10:00:00.000Z'",
    `stagingPercentage: ${stagingPercentage}`,
    '',
  ].join('\n');

let server: Server;
let base: string;
let staging = 40;
const served: string[] = [];
beforeAll(async () => {
  server = createServer((request, response) => {
    served.push(request.url!);
    if (request.url === '/district/latest.yml') response.end(latestYml(staging));
    else if (request.url === '/district/Balabaqsha-Desk-Setup-0.2.0.exe.blockmap')
      response.end(blockmap);
    else response.writeHead(404).end();
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const address = server.address() as { port: number };
  base = `http://127.0.0.1:${address.port}/district/`;
});
afterAll(() => new Promise<void>((resolve) => server.close(() => resolve())));

/** What main does with the update URL setting: fetch latest.yml, parse it as electron-updater does. */
async function offerFor(deviceId: string, currentVersion: string) {
  const url = new URL('latest.yml', base);
  const info = parseUpdateInfo(await (await fetch(url)).text(), 'latest.yml', url);
  const [file] = resolveFiles(info, new URL(base));
  return { offer: decideOffer(info, currentVersion, rolloutFraction(deviceId)), file: file! };
}

describe('the update server', () => {
  it('a PC inside the staged rollout downloads; one outside waits; an up-to-date one does nothing', async () => {
    const ids = Array.from({ length: 50 }, (_, i) => `pc-${i}`);
    const inside = ids.find((id) => rolloutFraction(id) < 0.4)!;
    const outside = ids.find((id) => rolloutFraction(id) >= 0.4)!;
    const first = await offerFor(inside, '0.1.0');
    expect(first.offer).toEqual({ kind: 'download', version: '0.2.0' });
    expect(first.file.url.href).toBe(`${base}Balabaqsha-Desk-Setup-0.2.0.exe`);
    expect(first.file.info.sha512).toBe(sha512);
    expect((await offerFor(outside, '0.1.0')).offer).toEqual({ kind: 'notYet', version: '0.2.0' });
    expect((await offerFor(inside, '0.2.0')).offer).toEqual({ kind: 'upToDate' });
    // The rollout widened to everyone: the PC that waited now downloads.
    staging = 100;
    expect((await offerFor(outside, '0.1.0')).offer.kind).toBe('download');
    expect(served).toContain('/district/latest.yml');
  });

  it('serves the blockmap beside the installer (the differential download reads it)', async () => {
    const { file } = await offerFor('pc-1', '0.1.0');
    const response = await fetch(`${file.url.href}.blockmap`);
    expect(response.status).toBe(200);
    const map = JSON.parse(gunzipSync(Buffer.from(await response.arrayBuffer())).toString()) as {
      version: string;
      files: { sizes: number[] }[];
    };
    expect(map.version).toBe('2');
    expect(map.files[0]!.sizes).toEqual([installer.length]);
  });
});

describe('the backup before the new version migrates', () => {
  const migrations = loadMigrations();
  const oldFolder = join(root, 'old-migrations');
  let fixture: Awaited<ReturnType<typeof newStore>>;
  let unbackable: Awaited<ReturnType<typeof newStore>>;

  beforeAll(async () => {
    // The old version: every migration but the last.
    cpSync(join('db', 'migrations'), oldFolder, { recursive: true });
    const journalPath = join(oldFolder, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: unknown[] };
    journal.entries = journal.entries.slice(0, -1);
    writeFileSync(journalPath, JSON.stringify(journal));
    process.env.BALABAQSHA_MIGRATIONS = oldFolder;
    try {
      fixture = await newStore(root);
      await fixture.core.call('auth.signOut', undefined);
      unbackable = await newStore(root, 'data-2');
      await unbackable.core.call('auth.signOut', undefined);
    } finally {
      delete process.env.BALABAQSHA_MIGRATIONS;
    }
  });

  const storeSchema = (path: string, key: Buffer) => {
    const store = openStore({ path, key, readonly: true });
    try {
      return {
        schema: store.sqlite.pragma('user_version', { simple: true }) as number,
        check: store.sqlite.pragma('integrity_check', { simple: true }),
      };
    } finally {
      store.close();
    }
  };

  it('a copy that opens with the same key and holds the old schema; the store then migrates', async () => {
    expect(listPreUpdateBackups(fixture.dataDir)).toEqual([]);
    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const dek = fixture.core.services.dek();
    const [backup, ...more] = listPreUpdateBackups(fixture.dataDir);
    expect(more).toEqual([]);
    expect(backup!.fromSchema).toBe(migrations.length - 1);
    const copy = join(fixture.dataDir, PRE_UPDATE_DIR, backup!.file);
    expect(storeSchema(copy, dek)).toEqual({ schema: migrations.length - 1, check: 'ok' });
    // Encrypted like the store: the organisation's name is nowhere in its bytes.
    expect(readFileSync(copy).includes(Buffer.from('Балапан'))).toBe(false);
    expect(storeSchema(join(fixture.dataDir, 'store.db'), dek).schema).toBe(migrations.length);
    // Nothing more to migrate: the next sign-in takes no copy.
    await fixture.core.call('auth.signOut', undefined);
    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    expect(listPreUpdateBackups(fixture.dataDir)).toHaveLength(1);
  });

  it('copies older than 30 days are removed, newer ones kept', async () => {
    const folder = join(fixture.dataDir, PRE_UPDATE_DIR);
    const old = new Date(Date.now() - 31 * 24 * 60 * 60 * 1000);
    const recent = new Date(Date.now() - 29 * 24 * 60 * 60 * 1000);
    const name = (date: Date) =>
      `store-v3-${date
        .toISOString()
        .replace(/[-:]/g, '')
        .replace(/\.\d+Z$/, 'Z')}.db`;
    writeFileSync(join(folder, name(old)), 'old');
    writeFileSync(join(folder, name(recent)), 'recent');
    utimesSync(join(folder, name(old)), old, old);
    await fixture.core.call('auth.signOut', undefined);
    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const files = listPreUpdateBackups(fixture.dataDir).map((backup) => backup.file);
    expect(files).toContain(name(recent));
    expect(files).not.toContain(name(old));
    expect(files).toHaveLength(2);
  });

  it('no verified copy, no migration: sign-in is refused and the store keeps its old schema', async () => {
    // The copy cannot be written: a file stands where its folder goes.
    writeFileSync(join(unbackable.dataDir, PRE_UPDATE_DIR), 'not a folder');
    await expect(
      unbackable.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password }),
    ).rejects.toMatchObject({ code: 'preUpdateBackupFailed' });
    const dek = await unbackable.core.services.keyring.unlockWithPassword(
      DIRECTOR.login,
      DIRECTOR.password,
    );
    expect(storeSchema(join(unbackable.dataDir, 'store.db'), dek).schema).toBe(
      migrations.length - 1,
    );
  });

  it('Settings: the director points the updater at a district server and sees the copies kept', async () => {
    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    await expect(
      fixture.core.call('updates.setUrl', { url: 'ftp://updates.example/' }),
    ).rejects.toMatchObject({ code: 'invalidInput' });
    expect(
      await fixture.core.call('updates.setUrl', { url: 'https://edu.almaty.kz/balabaqsha/' }),
    ).toEqual({ url: 'https://edu.almaty.kz/balabaqsha/' });
    const settings = await fixture.core.call('updates.settings', undefined);
    expect(settings.url).toBe('https://edu.almaty.kz/balabaqsha/');
    expect(settings.backups.map((backup) => backup.fromSchema)).toContain(migrations.length - 1);
  });
});
