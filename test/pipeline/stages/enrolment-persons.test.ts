import { mkdtemp } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/database.js';
import { enrolmentPersonsFor, mergeEnrolmentPersons, writeEnrolmentPersons } from '../../../pipeline/stages/enrolment-persons.js';

describe('enrolment persons', () => {
  it('replaces the table with one run, and merges persons in one pass', async () => {
    const store = await openDatabase(join(await mkdtemp(join(tmpdir(), 'siei-ep-')), 'siei.db'));
    try {
      const { sqlite } = store;
      const rows = () => sqlite.prepare('SELECT enrolment_rowid, person_id FROM enrolment_person ORDER BY 1').raw().all();
      // 600 rows: two full statements of 256 rows and 88 one by one.
      writeEnrolmentPersons(sqlite, 'run-1', 600, (k) => 10 + k, (k) => 1 + (k % 7));
      expect(rows()).toHaveLength(600);
      expect(rows()[599]).toEqual([609, 1 + (599 % 7)]);
      expect(enrolmentPersonsFor(sqlite, 'run-1')).toBe(true);

      writeEnrolmentPersons(sqlite, 'run-2', 5, (k) => 100 + k, (k) => [1, 2, 3, 4, 5][k]!);
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
