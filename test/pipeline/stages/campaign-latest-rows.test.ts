import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../../pipeline/db/database.js';
import { LATEST_COLUMNS, latestEnrolmentAt, latestEnrolmentOf, readLatestRows, startLatestRows, textAt } from '../../../pipeline/stages/campaign-latest-rows.js';
import { runOn } from '../../helpers/input-dir.js';

describe("the campaign's persons' latest enrolments and numbers", () => {
  it('read in a worker as here, each text the row as stored, NULLs included', async () => {
    const run = await runOn('fixtures/scenarios/demo/input');
    expect(run.exitCode).toBe(0);
    const store = await openDatabase(run.manifest.flags.db as string);
    try {
      const { sqlite } = store;
      const persons = sqlite
        .prepare('SELECT person_id, MAX(enrolment_rowid) FROM enrolment_person GROUP BY person_id ORDER BY person_id LIMIT 500')
        .raw()
        .all() as [number, number][];
      const job = { personIds: Float64Array.from(persons, ([id]) => id), latestRowids: Float64Array.from(persons, ([, rowid]) => rowid) };
      const here = readLatestRows(sqlite, job);
      expect(here.years).toHaveLength(500);
      expect(await startLatestRows(sqlite, job)).toEqual(here);
      const numero = sqlite.prepare('SELECT numero_siei FROM person WHERE person_id = ?').pluck();
      const columns = (row: object) => Object.fromEntries(LATEST_COLUMNS.map((c) => [c, (row as Record<string, unknown>)[c]]));
      persons.forEach(([id, rowid], k) => {
        expect(columns(latestEnrolmentOf(sqlite, job, here, k))).toEqual(latestEnrolmentAt(sqlite, rowid));
        expect(textAt(here.numeros, k)).toBe(numero.get(id));
      });
      // Some rows hold NULLs (no usage name, no second first name): read back as NULL, not ''.
      const rows = persons.map(([, rowid]) => latestEnrolmentAt(sqlite, rowid));
      expect(rows.some((r) => r.nom_usage === null) && rows.some((r) => r.prenom2 === null)).toBe(true);
      expect(Object.keys(rows[0]!).sort()).toEqual([...LATEST_COLUMNS].sort());

      // Texts beyond ASCII come back as stored (packed as UTF-8 between the threads).
      const [otherId, otherRowid] = persons[1]!;
      sqlite.prepare("UPDATE enrolment SET nom_famille = 'LŒUVRE-ÉPÉE 漢 😀' WHERE rowid = ?").run(otherRowid);
      const wide = { personIds: Float64Array.of(otherId), latestRowids: Float64Array.of(otherRowid) };
      expect(latestEnrolmentOf(sqlite, wide, (await startLatestRows(sqlite, wide))!, 0).nom_famille).toBe('LŒUVRE-ÉPÉE 漢 😀');

      // A column holding the separator itself: the text is not split, the row is read alone.
      const [id, rowid] = persons[0]!;
      sqlite.prepare("UPDATE enrolment SET nom_usage = 'A\x1fB' WHERE rowid = ?").run(rowid);
      const one = { personIds: Float64Array.of(id), latestRowids: Float64Array.of(rowid) };
      const read = readLatestRows(sqlite, one);
      expect(textAt(read.texts, 0).split('\x1f').length).toBeGreaterThan(17);
      expect(latestEnrolmentOf(sqlite, one, read, 0).nom_usage).toBe('A\x1fB');

      // Inside a transaction a worker would not see its rows: none started.
      sqlite.exec('BEGIN');
      expect(startLatestRows(sqlite, job)).toBeUndefined();
      sqlite.exec('ROLLBACK');
    } finally {
      await store.close();
    }
  });
});
