import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import SQLite from 'better-sqlite3';
import { Kysely, Migrator, SqliteDialect } from 'kysely';
import { describe, expect, it } from 'vitest';
import { openDatabase, type OpenDatabase } from '../../../pipeline/db/database.js';
import { migrationProvider } from '../../../pipeline/db/migrations/index.js';
import { nextPersonId, PersonWriter } from '../../../pipeline/stages/person-writes.js';

async function withDatabase(work: (store: OpenDatabase) => void): Promise<void> {
  const store = await openDatabase(join(await mkdtemp(join(tmpdir(), 'siei-pw-')), 'siei.db'));
  try {
    work(store);
  } finally {
    await store.close();
  }
}

/** A NUMERO_SIEI source that gives these numbers in turn. */
const numbers = (...list: string[]) => () => {
  const n = list.shift();
  if (n === undefined) throw new Error('no number left');
  return n;
};

const persons = (sqlite: SQLite.Database) => sqlite.prepare('SELECT person_id, numero_siei FROM person ORDER BY person_id').raw().all();
const indexes = (sqlite: SQLite.Database) =>
  sqlite.prepare("SELECT name FROM sqlite_master WHERE type = 'index' AND name IN ('person_numero_siei', 'person_ine_person') ORDER BY name").pluck().all();

describe('PersonWriter', () => {
  it('in bulk, drops the indexes, builds them again, and draws again the number a later person shares', () =>
    withDatabase(({ sqlite }) => {
      const writer = new PersonWriter(sqlite, 'run-1', true, numbers('SA', 'SB', 'SA', 'SC', 'SB', 'SC', 'SD', 'SE'));
      sqlite.transaction(() => {
        const ids = [1, 2, 3, 4, 5].map(() => writer.newPerson());
        expect(indexes(sqlite)).toEqual([]);
        ids.forEach((id, k) => writer.ine(`INE${k}`, id));
        writer.finish();
      })();
      // The helper threads the index builds may sort with, and the page cache, are the connection's own again after them.
      expect(sqlite.pragma('threads', { simple: true })).toBe(0);
      expect(sqlite.pragma('cache_size', { simple: true })).toBe(-65536);
      // Persons 3 and 5 drew the numbers of persons 1 and 2; 3 then draws SC, which person 4 has, then SD.
      expect(persons(sqlite)).toEqual([[1, 'SA'], [2, 'SB'], [3, 'SD'], [4, 'SC'], [5, 'SE']]);
      expect(writer.redrawn).toBe(2);
      expect(indexes(sqlite)).toEqual(['person_ine_person', 'person_numero_siei']);
      expect(() => sqlite.prepare("INSERT INTO person (numero_siei, first_run_id) VALUES ('SA', 'run-2')").run()).toThrow(/UNIQUE/);
      expect(sqlite.prepare('SELECT ine, person_id FROM person_ine ORDER BY ine').raw().all()).toEqual([['INE0', 1], ['INE1', 2], ['INE2', 3], ['INE3', 4], ['INE4', 5]]);
    }));

  it('a person of an earlier run keeps its number: the new person draws again, in bulk or not', () =>
    withDatabase(({ sqlite }) => {
      const first = new PersonWriter(sqlite, 'run-1', false, numbers('SA', 'SB'));
      sqlite.transaction(() => [first.newPerson(), first.newPerson(), first.finish()])();
      // Not in bulk: the index refuses SB at once, and the person draws again.
      const next = new PersonWriter(sqlite, 'run-2', false, numbers('SB', 'SC'));
      expect(sqlite.transaction(() => next.newPerson())()).toBe(3);
      expect(next.redrawn).toBe(1);
      // In bulk: found when the index is built.
      const bulk = new PersonWriter(sqlite, 'run-3', true, numbers('SA', 'SD'));
      sqlite.transaction(() => [bulk.newPerson(), bulk.finish()])();
      expect(persons(sqlite)).toEqual([[1, 'SA'], [2, 'SB'], [3, 'SC'], [4, 'SD']]);
      expect(bulk.redrawn).toBe(1);
      expect(indexes(sqlite)).toEqual(['person_ine_person', 'person_numero_siei']);
    }));

  it('numbers new persons as SQLite would: past every id the table ever held', () =>
    withDatabase(({ sqlite }) => {
      expect(nextPersonId(sqlite)).toBe(1);
      const writer = new PersonWriter(sqlite, 'run-1', false, numbers('SA', 'SB', 'SC'));
      expect(sqlite.transaction(() => [writer.newPerson(), writer.newPerson(), writer.newPerson()])()).toEqual([1, 2, 3]);
      // The newest person purged: its id is not given again, by the writer or by SQLite.
      sqlite.prepare('DELETE FROM person WHERE person_id = 3').run();
      expect(nextPersonId(sqlite)).toBe(4);
      expect(sqlite.transaction(() => new PersonWriter(sqlite, 'run-2', false, numbers('SD')).newPerson())()).toBe(4);
      expect(sqlite.prepare("INSERT INTO person (numero_siei, first_run_id) VALUES ('SE', 'run-3')").run().lastInsertRowid).toBe(5);
      expect(nextPersonId(sqlite)).toBe(6);
    }));

  it('a transaction given up leaves the indexes as they were', () =>
    withDatabase(({ sqlite }) => {
      const writer = new PersonWriter(sqlite, 'run-1', false, numbers('SA'));
      sqlite.transaction(() => writer.newPerson())();
      expect(() =>
        sqlite.transaction(() => {
          new PersonWriter(sqlite, 'run-2', true, numbers('SB')).newPerson();
          throw new Error('killed');
        })(),
      ).toThrow('killed');
      expect(indexes(sqlite)).toEqual(['person_ine_person', 'person_numero_siei']);
      expect(persons(sqlite)).toEqual([[1, 'SA']]);
    }));
});

describe('migration 2026-12-06T06-00_person-numero-index', () => {
  it('keeps the persons, their ids and the AUTOINCREMENT counter, and NUMERO_SIEI stays unique', async () => {
    const file = join(await mkdtemp(join(tmpdir(), 'siei-pw-')), 'siei.db');
    const sqlite = new SQLite(file);
    const db = new Kysely<unknown>({ dialect: new SqliteDialect({ database: sqlite }) });
    const migrator = new Migrator({ db, provider: migrationProvider });
    expect((await migrator.migrateTo('2026-12-06T00-00_enrolment-person')).error).toBeUndefined();
    const insert = sqlite.prepare("INSERT INTO person (numero_siei, first_run_id) VALUES (?, 'run-1')");
    for (const n of ['SA', 'SB', 'SC']) insert.run(n);
    // The newest person purged: its id must not be given again.
    sqlite.prepare('DELETE FROM person WHERE person_id = 3').run();
    expect((await migrator.migrateToLatest()).error).toBeUndefined();
    expect(persons(sqlite)).toEqual([[1, 'SA'], [2, 'SB']]);
    expect(indexes(sqlite)).toEqual(['person_ine_person', 'person_numero_siei']);
    expect(insert.run('SD').lastInsertRowid).toBe(4);
    expect(() => insert.run('SA')).toThrow(/UNIQUE/);
    await db.destroy();
  });
});
