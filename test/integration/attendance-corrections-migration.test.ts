/**
 * Migration 0017 (issue 14): the count of corrections another device made of a child-month
 * moves from one `settings` row per child-month (key `attendanceCorrections:<id>`, as the
 * build before it kept them) into the child-month's `corrections_elsewhere` column, and the
 * rows are deleted. The count the record sends to the portal stays the same.
 */
import { afterAll, describe, expect, it } from 'vitest';
import { cpSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { attendanceRecord } from '../../electron/core/attendance/attendance-record';
import { portalIds } from '../../electron/core/sync/apply';
import { lastMonth } from '../helpers/attendance-register';
import { withCheckDigit } from '../helpers/enrolled-child';
import { DIRECTOR, newStore, type Fixture } from '../helpers/store-fixture';
import { tempFolder } from '../helpers/temp';

const TAG = '0017_attendance-corrections-elsewhere';
const CORRECTED = 'd0000000-0000-4000-8000-000000000001';
const PLAIN = 'd0000000-0000-4000-8000-000000000002';
/** The other settings, which the migration leaves as they are (the audit head moves on sign-in). */
const OTHER_SETTINGS = `SELECT * FROM settings
  WHERE key NOT GLOB 'attendanceCorrections:*' AND key <> 'audit.head' ORDER BY key`;

describe('migration 0017 on a store that kept corrections made elsewhere as settings', () => {
  const root = tempFolder('bq-attendance-migration-');
  let fixture: Fixture | undefined;
  afterAll(() => fixture?.core.close());

  it("moves each count into its child-month's column and deletes the settings rows", async () => {
    // The store as the previous build left it: every migration before 0017.
    const previous = join(root, 'migrations');
    cpSync(fileURLToPath(new URL('../../db/migrations', import.meta.url)), previous, {
      recursive: true,
    });
    const journalPath = join(previous, 'meta', '_journal.json');
    const journal = JSON.parse(readFileSync(journalPath, 'utf8')) as { entries: { tag: string }[] };
    const at = journal.entries.findIndex((e) => e.tag === TAG);
    expect(at).toBeGreaterThan(0);
    const all = journal.entries.length;
    journal.entries = journal.entries.slice(0, at);
    writeFileSync(journalPath, JSON.stringify(journal));
    const month = lastMonth();
    let settingsBefore: unknown[];
    process.env.BALABAQSHA_MIGRATIONS = previous;
    try {
      fixture = await newStore(root);
      const { core } = fixture;
      const old = core.services.store();
      expect(old.sqlite.pragma('user_version', { simple: true })).toBe(at);
      // The group as that build wrote it: today's groups.create writes columns added later.
      const groupId = 'd0000000-0000-4000-8000-0000000000a1';
      old.sqlite
        .prepare(
          `INSERT INTO groups (id, name, age_group, language, active, created_at)
           VALUES (?, 'Ересек «Күншуақ»', 'senior', 'kk', 1, '2026-11-01T08:00:00.000Z')`,
        )
        .run(groupId);
      const childIds: string[] = [];
      for (const [i, firstName] of ['Айару', 'Нұрсұлтан'].entries()) {
        const { id } = await core.call('children.create', {
          iin: withCheckDigit(`2103156${String(i).padStart(4, '0')}`),
          lastName: 'Сейітқали',
          firstName,
          patronymic: null,
          birthDate: '2021-03-15',
          sex: 'female',
          citizenship: 'KZ',
          status: 'referred',
        });
        childIds.push(id);
      }
      const insertMonth = old.sqlite.prepare(
        `INSERT INTO attendance_child_months (id, child_id, month, group_id, updated_at)
         VALUES (?, ?, ?, ?, '2026-11-01T08:00:00.000Z')`,
      );
      insertMonth.run(CORRECTED, childIds[0], month, groupId);
      insertMonth.run(PLAIN, childIds[1], month, groupId);
      const setting = old.sqlite.prepare('INSERT INTO settings (key, value) VALUES (?, ?)');
      // Two corrections made elsewhere of the first child's month, as the previous build wrote
      // them; a row left by a child-month no longer here goes too.
      setting.run(`attendanceCorrections:${CORRECTED}`, JSON.stringify(2));
      setting.run('attendanceCorrections:d0000000-0000-4000-8000-0000000000ff', JSON.stringify(1));
      settingsBefore = old.sqlite.prepare(OTHER_SETTINGS).all();
      core.services.lock();
    } finally {
      delete process.env.BALABAQSHA_MIGRATIONS;
    }

    await fixture.core.call('auth.signIn', { login: DIRECTOR.login, password: DIRECTOR.password });
    const store = fixture.core.services.store();
    // Every migration, 0017 and those after it.
    expect(store.sqlite.pragma('user_version', { simple: true })).toBe(all);
    expect(
      store.sqlite
        .prepare('SELECT id, corrections_elsewhere FROM attendance_child_months ORDER BY id')
        .raw()
        .all(),
    ).toEqual([
      [CORRECTED, 2],
      [PLAIN, 0],
    ]);
    expect(store.sqlite.prepare(OTHER_SETTINGS).all()).toEqual(settingsBefore);
    expect(
      store.sqlite
        .prepare("SELECT count(*) FROM settings WHERE key GLOB 'attendanceCorrections:*'")
        .pluck()
        .get(),
    ).toBe(0);
    // The portal is sent the same count as before: none made here, two elsewhere.
    const ids = portalIds(store);
    expect(attendanceRecord.toWire(store, CORRECTED, ids)?.fields).toMatchObject({
      corrections: 2,
    });
    expect(attendanceRecord.toWire(store, PLAIN, ids)?.fields).toMatchObject({ corrections: 0 });
  });
});
