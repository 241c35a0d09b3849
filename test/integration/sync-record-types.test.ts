import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join } from 'node:path';
import { beforeAll, describe, expect, it } from 'vitest';
import { z } from 'zod';
import { createDispatcher } from '../../electron/core/registry/dispatch';
import { method } from '../../electron/core/registry/method';
import { updateChild } from '../../electron/core/children/child-record';
import { checkDigit } from '../../electron/core/kz-id/kz-id';
import { tempFolder } from '../helpers/temp';
import { newStore, type Fixture } from '../helpers/store-fixture';

const iin = (first11: string) => first11 + checkDigit([...first11].map(Number));

/** A write that changes a child's address through the child record, declaring `syncs` or not. */
const addressWrite = (syncs: 'child' | undefined) =>
  method({
    input: z.object({ childId: z.string(), address: z.string() }).strict(),
    access: 'children.write',
    kind: 'write',
    entity: 'child',
    ...(syncs ? { syncs } : {}),
    handler: (ctx, { childId, address }) =>
      ctx.transact(childId, (store) =>
        updateChild(store, childId, { actualAddress: address }, ctx.now()),
      ),
  });

describe('a method declares the synced record types it writes', () => {
  const root = tempFolder();
  let fixture: Fixture;
  let childId = '';
  const scalar = (sql: string, ...params: unknown[]) =>
    fixture.core.services
      .store()
      .sqlite.prepare(sql)
      .pluck()
      .get(...params);

  beforeAll(async () => {
    fixture = await newStore(root);
    ({ id: childId } = await fixture.core.call('children.create', {
      iin: iin('21031460123'),
      lastName: 'Әбенова',
      firstName: 'Әсем',
      birthDate: '2021-03-14',
      sex: 'female',
      citizenship: 'KZ',
      actualAddress: 'Астана, Тұран 55',
    }));
  });

  it('a write of a synced type it does not declare fails as a bug, and changes nothing', async () => {
    const dispatch = createDispatcher(
      { 'test.undeclared': addressWrite(undefined) },
      fixture.core.services,
    );
    const outbox = scalar('SELECT count(*) FROM sync_outbox');
    const audit = scalar('SELECT count(*) FROM audit_log');
    const answer = await dispatch('test.undeclared', { childId, address: 'Алматы, Абай 1' });
    expect(answer).toMatchObject({ ok: false, error: { code: 'internal' } });
    // Rolled back: the address, the outbox and the audit log are as they were.
    expect(scalar('SELECT actual_address FROM children WHERE id = ?', childId)).toBe(
      'Астана, Тұран 55',
    );
    expect(scalar('SELECT count(*) FROM sync_outbox')).toBe(outbox);
    expect(scalar('SELECT count(*) FROM audit_log')).toBe(audit);
  });

  it('declared, the same write queues exactly the changed field for the portal', async () => {
    const dispatch = createDispatcher(
      { 'test.declared': addressWrite('child') },
      fixture.core.services,
    );
    const answer = await dispatch('test.declared', { childId, address: 'Алматы, Абай 1' });
    expect(answer).toMatchObject({ ok: true, value: { actualAddress: 'Алматы, Абай 1' } });
    const fields = scalar(
      "SELECT fields FROM sync_outbox WHERE entity = 'child' AND entity_id = ? ORDER BY seq DESC",
      childId,
    ) as string;
    expect(JSON.parse(fields)).toEqual({ actualAddress: 'Алматы, Абай 1' });
  });

  it('a record module write outside ctx.transact fails as a bug: it would never reach the portal', () => {
    const store = fixture.core.services.store();
    const outbox = scalar('SELECT count(*) FROM sync_outbox');
    const write = store.sqlite.transaction(() =>
      updateChild(
        store,
        childId,
        { actualAddress: 'Шымкент, Тәуке хан 3' },
        '2026-11-30T10:00:00Z',
      ),
    );
    let thrown: unknown;
    try {
      write();
    } catch (error) {
      thrown = error;
    }
    expect(thrown).toMatchObject({ code: 'internal' });
    // Rolled back with the SQLite transaction it ran in: nothing written, nothing queued.
    expect(scalar('SELECT actual_address FROM children WHERE id = ?', childId)).toBe(
      'Алматы, Абай 1',
    );
    expect(scalar('SELECT count(*) FROM sync_outbox')).toBe(outbox);
  });
});

const TABLE_NAMES =
  /children|representatives|contracts|documents|health_|referrals|child_representatives/;

describe('the sync engine knows record types, not tables', () => {
  for (const file of ['electron/core/sync/outbox.ts', 'electron/core/sync/apply.ts']) {
    it(`${file} names no table of a record type and imports no table but the sync ones`, () => {
      const source = readFileSync(file, 'utf8');
      expect(source).not.toMatch(TABLE_NAMES);
      const schemaImports = [
        ...source.matchAll(/import\s*(?:type\s*)?\{([^}]*)\}\s*from\s*'[./]*db\/schema'/g),
      ].flatMap((m) =>
        m[1]!
          .split(',')
          .map((name) => name.trim())
          .filter(Boolean),
      );
      expect(schemaImports.every((name) => /^(type\s+)?sync[A-Z]/.test(name))).toBe(true);
    });
  }

  it('no code outside the engine builds an outbox row by hand (record…Change)', () => {
    const files = (dir: string): string[] =>
      readdirSync(dir).flatMap((name) => {
        const path = join(dir, name);
        return statSync(path).isDirectory() ? files(path) : path.endsWith('.ts') ? [path] : [];
      });
    const offenders = files('electron/core')
      .filter((path) => !path.startsWith(join('electron', 'core', 'sync')))
      .filter((path) => /\brecord[A-Za-z]*Change\b/.test(readFileSync(path, 'utf8')));
    expect(offenders).toEqual([]);
  });
});
