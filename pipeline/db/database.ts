import { open } from 'node:fs/promises';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { migrationProvider } from './migrations/index.js';
import type { Database } from './tables/index.js';

export interface OpenDatabase {
  db: Kysely<Database>;
  /** The underlying connection, for the hot insert path (prepared statements, explicit transactions). */
  sqlite: SQLite.Database;
  close(): Promise<void>;
}

/**
 * Opens (creating if needed) the embedded database and brings its schema up to date.
 * WAL journaling: a run killed mid-write leaves the last committed state intact, and readers
 * (a dashboard, `siei explain`) are not blocked by a running job.
 */
export async function openDatabase(file: string): Promise<OpenDatabase> {
  // The database holds people: create it owner-only (SQLite gives its -wal/-shm files the same mode).
  await (await open(file, 'a', 0o600)).close();
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.pragma('foreign_keys = ON');
  sqlite.pragma('cache_size = -65536'); // 64 MiB page cache
  const db = new Kysely<Database>({ dialect: new SqliteDialect({ database: sqlite }) });
  const { error, results } = await new Migrator({ db, provider: migrationProvider }).migrateToLatest();
  if (error) {
    const failed = results?.find((r) => r.status === 'Error')?.migrationName ?? 'unknown';
    await db.destroy();
    throw new Error(`database migration ${failed} failed on ${file}: ${String(error)}`);
  }
  return {
    db,
    sqlite,
    close: () => db.destroy(),
  };
}
