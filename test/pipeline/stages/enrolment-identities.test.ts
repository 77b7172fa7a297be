import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/database.js';
import { DisjointSets } from '../../../pipeline/stages/disjoint-sets.js';
import { EnrolmentIdentities, readEnrolmentIdentities } from '../../../pipeline/stages/enrolment-identities.js';
import { linkExactIdentities } from '../../../pipeline/stages/exact-identity-links.js';
import { runOn } from '../../helpers/input-dir.js';

/** What a read gives, in plain values: the INEs in number order, every row's INE and rowid, the records as distinct tuples, and the persons. */
function summary(read: EnrolmentIdentities) {
  const { ines, records, rowids } = read;
  const r = records;
  const tuples = new Set<string>();
  for (let k = 0; k < r.count; k++) tuples.add([r.ine[k], r.surname[k], r.firstName[k], r.birthDate[k], r.sex[k], r.birthPlace[k]].join(' '));
  const sets = new DisjointSets(ines.size);
  const linked = linkExactIdentities(records, sets);
  return {
    ines: Array.from({ length: ines.size }, (_, i) => ines.at(i)),
    rows: Array.from({ length: rowids.size }, (_, k) => [rowids.ineAt(k), rowids.rowidAt(k)]),
    tuples: [...tuples].sort(),
    distinct: records.distinct,
    linked,
    persons: Array.from({ length: ines.size }, (_, i) => sets.find(i)),
  };
}

describe("the deterministic pass's read of the enrolments", () => {
  it('gives in two ranges what one read in order gives, the second range read here or in a worker', async () => {
    const run = await runOn('fixtures/scenarios/demo/input');
    expect(run.exitCode).toBe(0);
    const store = await openDatabase(run.manifest.flags.db as string);
    const { sqlite } = store;
    try {
      // A pupil met first with one identity, then, past the middle of the rowids, twice with
      // another (a corrected birth date): the second range drops the repeat of its own first record.
      const { first, last } = sqlite.prepare('SELECT MIN(rowid) AS first, MAX(rowid) AS last FROM enrolment').get() as { first: number; last: number };
      const middle = Math.floor((first + last) / 2);
      const [a, b, c] = sqlite.prepare('SELECT rowid FROM enrolment WHERE rowid IN (?, ?, ?) ORDER BY rowid').pluck().all(first + 3, middle + 5, middle + 9) as number[];
      expect([a, b, c].every((x) => x !== undefined)).toBe(true);
      sqlite.prepare(`UPDATE enrolment SET ine = '999999999XX' WHERE rowid = ?`).run(a);
      sqlite
        .prepare(
          `UPDATE enrolment SET (ine, nom_famille, prenom1, sexe, code_commune_naissance, code_pays_naissance, date_naissance) =
             (SELECT '999999999XX', nom_famille, prenom1, sexe, code_commune_naissance, code_pays_naissance, '2008-02-29' FROM enrolment WHERE rowid = ?)
           WHERE rowid IN (?, ?)`,
        )
        .run(a, b, c);

      const whole = new EnrolmentIdentities();
      whole.read(sqlite, run.runId);
      const expected = summary(whole);
      expect(expected.rows.length).toBeGreaterThan(1000);
      expect(expected.linked).toBeGreaterThan(0);

      // The two ranges in this thread, joined.
      const before = new EnrolmentIdentities();
      before.read(sqlite, run.runId, { from: first, to: middle });
      const after = new EnrolmentIdentities();
      after.read(sqlite, run.runId, { from: middle + 1, to: last });
      before.addAll(after.detach());
      expect(summary(before)).toEqual(expected);
      // The repeat is the only record the join leaves out.
      expect(before.records.count).toBe(whole.records.count - 1);

      // The second range in a worker (any database of a row or more), and in one range.
      expect(summary(await readEnrolmentIdentities(sqlite, run.runId, 1))).toEqual(expected);
      expect(summary(await readEnrolmentIdentities(sqlite, run.runId))).toEqual(expected);
    } finally {
      await store.close();
    }
  });
});
