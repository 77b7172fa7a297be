import { mkdtempSync, rmSync, statSync, unlinkSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { afterEach, describe, expect, it } from 'vitest';
import { startWalCheckpointer } from '../../../pipeline/db/wal-checkpointer.js';

/**
 * The WAL checkpointed in a worker while one connection writes (ingestion): the writer's own
 * checkpoints are off meanwhile and back after, nothing written is lost, and the WAL is truncated
 * once stopped. A worker that cannot open the file gives the checkpoints back to the writer.
 */
const dirs: string[] = [];
afterEach(() => {
  for (const d of dirs.splice(0)) rmSync(d, { recursive: true, force: true });
});

function database(): { sqlite: SQLite.Database; file: string } {
  const dir = mkdtempSync(join(tmpdir(), 'siei-wal-'));
  dirs.push(dir);
  const file = join(dir, 'siei.db');
  const sqlite = new SQLite(file);
  sqlite.pragma('journal_mode = WAL');
  sqlite.pragma('synchronous = NORMAL');
  sqlite.exec('CREATE TABLE t (k INTEGER PRIMARY KEY, v TEXT NOT NULL)');
  return { sqlite, file };
}

const autocheckpoint = (sqlite: SQLite.Database) => sqlite.pragma('wal_autocheckpoint', { simple: true });

describe('startWalCheckpointer', () => {
  it('checkpoints beside the writer, then gives the checkpoints back and truncates the WAL', async () => {
    const { sqlite, file } = database();
    const errors: Error[] = [];
    const checkpointer = startWalCheckpointer(sqlite, (e) => errors.push(e), 5);
    expect(autocheckpoint(sqlite)).toBe(0);
    const insert = sqlite.prepare('INSERT INTO t (v) VALUES (?)');
    for (let batch = 0; batch < 20; batch++) {
      sqlite.transaction(() => {
        for (let k = 0; k < 2000; k++) insert.run(`row ${batch}-${k} ${'x'.repeat(100)}`);
      })();
      await new Promise((r) => setTimeout(r, 5));
    }
    // The writer takes no checkpoint now: the rows reach the database file through the worker alone.
    const reachedFile = async () => {
      for (let wait = 0; wait < 200 && statSync(file).size < 4_000_000; wait++) await new Promise((r) => setTimeout(r, 25));
      return statSync(file).size;
    };
    expect(await reachedFile()).toBeGreaterThanOrEqual(4_000_000);
    expect(autocheckpoint(sqlite)).toBe(0);
    await checkpointer.stop();
    expect(errors).toEqual([]);
    expect(autocheckpoint(sqlite)).toBe(1000);
    expect(statSync(`${file}-wal`).size).toBe(0);
    const reader = new SQLite(file, { readonly: true });
    expect(reader.prepare('SELECT COUNT(*) FROM t').pluck().get()).toBe(40_000);
    reader.close();
    sqlite.close();
  });

  it('gives the checkpoints back to the writer when the worker cannot open the file', async () => {
    const { sqlite, file } = database();
    unlinkSync(file);
    const errors: Error[] = [];
    const checkpointer = startWalCheckpointer(sqlite, (e) => errors.push(e), 5);
    await checkpointer.stop();
    expect(errors).toHaveLength(1);
    expect(autocheckpoint(sqlite)).toBe(1000);
    sqlite.close();
  });

  it('does nothing for a database in memory', async () => {
    const sqlite = new SQLite(':memory:');
    const checkpointer = startWalCheckpointer(sqlite, () => undefined);
    expect(autocheckpoint(sqlite)).toBe(1000);
    await checkpointer.stop();
    sqlite.close();
  });
});
