import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/database.js';
import { enrolmentPersonsFor, markEnrolmentPersons, mergeEnrolmentPersons, writeEnrolmentPersons } from '../../../pipeline/stages/enrolment-persons.js';

describe('enrolment persons', () => {
  it('replaces the table with one run, and merges persons in one pass', async () => {
    const store = await openDatabase(join(await mkdtemp(join(tmpdir(), 'siei-ep-')), 'siei.db'));
    try {
      const { sqlite } = store;
      const rows = () => sqlite.prepare('SELECT enrolment_rowid, person_id FROM enrolment_person ORDER BY 1').raw().all();
      // 600 rows: two full statements of 256 rows and 88 one by one.
      writeEnrolmentPersons(sqlite, 600, (k) => 10 + k, (k) => 1 + (k % 7));
      expect(rows()).toHaveLength(600);
      expect(rows()[599]).toEqual([609, 1 + (599 % 7)]);
      // Stored in the key's order: person, then enrolment.
      const stored = sqlite.prepare('SELECT person_id, enrolment_rowid FROM enrolment_person').raw().all() as [number, number][];
      expect(stored).toEqual([...stored].sort((a, b) => a[0] - b[0] || a[1] - b[1]));
      expect(stored.slice(0, 3)).toEqual([[1, 10], [1, 17], [1, 24]]);
      // Not the run's until marked (in the transaction that writes its persons).
      expect(enrolmentPersonsFor(sqlite, 'run-1')).toBe(false);
      markEnrolmentPersons(sqlite, 'run-1');
      expect(enrolmentPersonsFor(sqlite, 'run-1')).toBe(true);

      writeEnrolmentPersons(sqlite, 5, (k) => 100 + k, (k) => [1, 2, 3, 4, 5][k]!);
      expect(enrolmentPersonsFor(sqlite, 'run-1')).toBe(false);
      markEnrolmentPersons(sqlite, 'run-2');
      expect(sqlite.prepare('SELECT run_id FROM enrolment_person_run').pluck().all()).toEqual(['run-2']);
      sqlite.transaction(() => mergeEnrolmentPersons(sqlite, [[4, 2], [5, 2], [3, 1]]))();
      expect(rows()).toEqual([[100, 1], [101, 2], [102, 1], [103, 2], [104, 2]]);
      // The temporary table is gone: a second merge works.
      mergeEnrolmentPersons(sqlite, [[2, 1]]);
      expect(rows()).toEqual([[100, 1], [101, 1], [102, 1], [103, 1], [104, 1]]);

      expect(() => mergeEnrolmentPersons(sqlite, [[9, 8], [8, 7]])).toThrow(/person 9 is merged into person 8, itself merged into another/);
      expect(rows()).toHaveLength(5);
    } finally {
      await store.close();
    }
  });
});
