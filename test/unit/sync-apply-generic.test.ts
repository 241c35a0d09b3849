/**
 * The pull's engine (sync/apply.ts) is generic (issue 12): it names no record type's table or
 * column, and imports no record module; each type's tables are written by its record module
 * (`applyFromPortal`, `remove`, `overwrite`), reached through sync/record-types.ts.
 */
import { readFileSync } from 'node:fs';
import { getTableConfig, SQLiteTable } from 'drizzle-orm/sqlite-core';
import { describe, expect, it } from 'vitest';
import * as schema from '../../db/schema';

const source = readFileSync('electron/core/sync/apply.ts', 'utf8');
const tables = (Object.values(schema) as unknown[])
  .filter((value): value is SQLiteTable => value instanceof SQLiteTable)
  .map((table) => getTableConfig(table));
/** Every table but the sync engine's own (sync_versions, sync_outbox, sync_conflicts …). */
const recordTables = tables.filter((table) => !table.name.startsWith('sync_'));
/** Columns the engine's own tables have too (`entity_id`) are the engine's to name. */
const engineColumns = new Set(
  tables
    .filter((table) => table.name.startsWith('sync_'))
    .flatMap((table) => table.columns.map((column) => column.name)),
);

describe('sync/apply.ts knows record types, not tables', () => {
  it('names no table of a record type', () => {
    const named = recordTables
      .map((table) => table.name)
      .filter((name) => new RegExp(`\\b${name}\\b`).test(source));
    expect(named).toEqual([]);
  });

  it('names no column of a record type (snake_case, as SQL would)', () => {
    const columns = new Set(
      recordTables.flatMap((table) =>
        table.columns
          .map((column) => column.name)
          .filter((name) => name.includes('_') && !engineColumns.has(name)),
      ),
    );
    const named = [...columns].filter((name) => new RegExp(`\\b${name}\\b`).test(source));
    expect(named).toEqual([]);
  });

  it('imports no record module nor any table from the schema', () => {
    expect(source).not.toMatch(/from '\.\.\/(?!audit\/|sync\/)[a-z-]+\/[a-z-]+-record'/);
    expect(source).not.toMatch(/from '[./]*db\/schema'/);
  });
});
