import type Database from 'better-sqlite3';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { join } from 'node:path';
import { StoreError } from './store-errors';

interface JournalEntry {
  idx: number;
  tag: string;
}

/**
 * The migrations drizzle-kit generated into db/migrations. The packaged app ships the folder
 * beside its code; BALABAQSHA_MIGRATIONS overrides the location for bundled builds.
 */
function migrationsFolder(): string {
  return (
    process.env.BALABAQSHA_MIGRATIONS ??
    join(fileURLToPath(new URL('.', import.meta.url)), 'migrations')
  );
}

export function loadMigrations(
  folder = migrationsFolder(),
): { tag: string; statements: string[] }[] {
  const journal = JSON.parse(readFileSync(join(folder, 'meta', '_journal.json'), 'utf8')) as {
    entries: JournalEntry[];
  };
  return journal.entries
    .sort((a, b) => a.idx - b.idx)
    .map(({ tag }) => ({
      tag,
      statements: readFileSync(join(folder, `${tag}.sql`), 'utf8')
        .split('--> statement-breakpoint')
        .map((statement) => statement.trim())
        .filter(Boolean),
    }));
}

/**
 * Applies the migrations the database has not seen, all in one transaction, and records
 * their count in `PRAGMA user_version` inside the same transaction. A database whose
 * version is higher than this app knows came from a newer app: refuse it untouched.
 */
export function runMigrations(sqlite: Database.Database): void {
  const migrations = loadMigrations();
  const applied = sqlite.pragma('user_version', { simple: true }) as number;
  if (applied > migrations.length)
    throw new StoreError('newerDatabase', { found: applied, supported: migrations.length });
  if (applied === migrations.length) return;
  sqlite.transaction(() => {
    for (const migration of migrations.slice(applied)) {
      for (const statement of migration.statements) sqlite.exec(statement);
    }
    sqlite.pragma(`user_version = ${migrations.length}`);
  })();
}
