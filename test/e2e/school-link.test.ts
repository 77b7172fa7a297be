import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { openDatabase } from '../../pipeline/db/database.js';
import { enrolmentPersonsFor, writeEnrolmentPersons } from '../../pipeline/stages/enrolment-persons.js';
import { schoolPersons, type EnrolmentRow } from '../../pipeline/stages/school-persons.js';
import { SYGNE_HEADER, makeInputDir, runOn } from '../helpers/input-dir.js';

/**
 * The probabilistic school deduplication (pipeline/stages/school-link.ts): a leaver who is enrolled
 * elsewhere under a new INE and a variant spelling is one person, not listed; a sibling (birth date one
 * digit off) or a pupil whose history runs beside the leaver's stays apart, and stays listed.
 */
const row = (ine: string, nom: string, prenom1: string, naissance: string, annee: number, entree: string, sortie: string) =>
  `${ine};${nom};;${prenom1};;;M;${naissance};59350;99100;59350;0442953W;${annee};;3;ST;${entree};${sortie};`;

const sygne = [
  SYGNE_HEADER,
  // KEITA Sacha left in July 2024, and is at another school since September under KETA and a new INE.
  row('200000001AA', 'KEITA', 'Sacha', '21/04/2008', 2023, '04/09/2023', '05/07/2024'),
  row('200000002AA', 'KETA', 'Sacha', '21/04/2008', 2024, '02/09/2024', ''),
  // HOUZE Gabriel left; HOUZE Gabriel born 2009, a different boy, is enrolled: not him.
  row('200000003AA', 'HOUZE', 'Gabriel', '06/06/2008', 2023, '04/09/2023', '03/07/2024'),
  row('200000004AA', 'HOUZE', 'Gabriel', '06/06/2009', 2024, '02/09/2024', ''),
  // ROLLAND Lina left in July 2024, while ROLAND Lina (a new INE) was already at school that year.
  row('200000005AA', 'ROLLAND', 'Lina', '15/01/2008', 2023, '04/09/2023', '03/07/2024'),
  row('200000006AA', 'ROLAND', 'Lina', '15/01/2008', 2023, '04/09/2023', ''),
  row('200000006AA', 'ROLAND', 'Lina', '15/01/2008', 2024, '02/09/2024', ''),
].join('\n') + '\n';

describe('school link', () => {
  it('joins a leaver to the same pupil under a new INE, and nobody else', async () => {
    const run = await runOn(await makeInputDir({ 'sygne_test.csv': sygne }));
    expect(run.exitCode).toBe(0);
    const listed: string[] = [];
    for (const f of await readdir(join(run.outDir, 'non-retrouves'))) {
      listed.push(...(await readFile(join(run.outDir, 'non-retrouves', f), 'utf8')).split('\n').slice(1).filter(Boolean).map((l) => l.split(';')[1]!));
    }
    expect(listed.sort()).toEqual(['200000003AA', '200000005AA']);
    const figures = JSON.parse(await readFile(join(run.outDir, 'key-figures.json'), 'utf8'));
    expect(figures.of.identified).toBe(2);
  });

  it("writes each enrolment's person for the reads in person order, merges included, and they read as through person_ine", async () => {
    const input = await makeInputDir({ 'sygne_test.csv': sygne });
    const run = await runOn(input);
    const db = run.manifest.flags.db as string;
    // An unchanged rerun computes no persons: the table, written for the first run, serves it too.
    const rerun = await runOn(input, { db });
    let store = await openDatabase(db);
    try {
      const { sqlite } = store;
      expect(sqlite.prepare('SELECT run_id FROM enrolment_person_run').pluck().all()).toEqual([run.runId]);
      expect([enrolmentPersonsFor(sqlite, run.runId), enrolmentPersonsFor(sqlite, rerun.runId)]).toEqual([true, true]);
      // Every enrolment of the run has the person its INE has, KEITA's two INEs the merged one.
      const persons = sqlite
        .prepare(
          `SELECT e.ine, ep.person_id AS ep, pi.person_id AS pi FROM enrolment e JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?
           LEFT JOIN enrolment_person ep ON ep.enrolment_rowid = e.rowid JOIN person_ine pi ON pi.ine = e.ine ORDER BY e.rowid`,
        )
        .all(run.runId) as { ine: string; ep: number | null; pi: number }[];
      expect(persons).toHaveLength(7);
      for (const p of persons) expect(p.ep).toBe(p.pi);
      const keita = persons.filter((p) => p.ine === '200000001AA' || p.ine === '200000002AA');
      expect(new Set(keita.map((p) => p.ep)).size).toBe(1);

      // A text that holds the separator of the joined texts is read as it is stored.
      sqlite.prepare("UPDATE enrolment SET nom_usage = 'HOU\x1fZE' WHERE ine = '200000003AA'").run();
      const throughTable = [...schoolPersons(sqlite, run.runId)];
      expect(throughTable.flat().find((r) => r.ine === '200000003AA')!.nom_usage).toBe('HOU\x1fZE');
      expect(throughTable.flat().filter((r) => r.nom_usage !== null)).toHaveLength(1);
      // The same persons, rows and values as through person_ine (the table no longer for this run).
      sqlite.prepare('DELETE FROM enrolment_person_run').run();
      expect(throughTable).toHaveLength(5);
      expect([...schoolPersons(sqlite, run.runId)]).toEqual(throughTable);
      sqlite.prepare('INSERT INTO enrolment_person_run (run_id) VALUES (?)').run(run.runId);
    } finally {
      await store.close();
    }
    // A run of other files writes the table for itself: it no longer serves the first run.
    const other = await runOn(await makeInputDir({ 'sygne_test.csv': sygne.replace('KETA', 'KEITA') }), { db });
    store = await openDatabase(db);
    let read: EnrolmentRow[][] = [];
    try {
      expect([enrolmentPersonsFor(store.sqlite, run.runId), enrolmentPersonsFor(store.sqlite, other.runId)]).toEqual([false, true]);
      read = [...schoolPersons(store.sqlite, other.runId)];
      // A run killed once its enrolments' persons are committed, before its persons are (resolve.stage.ts):
      // the table holds persons that do not exist, and names no run; reads go through person_ine.
      const rowids = store.sqlite.prepare('SELECT rowid FROM enrolment ORDER BY rowid').pluck().all() as number[];
      store.sqlite.transaction(() => writeEnrolmentPersons(store.sqlite, rowids.length, (k) => rowids[k]!, () => 999))();
      expect(enrolmentPersonsFor(store.sqlite, other.runId)).toBe(false);
      expect([...schoolPersons(store.sqlite, other.runId)]).toEqual(read);
    } finally {
      await store.close();
    }
    // The next run writes the table again, for itself, and reads the same persons through it.
    const after = await runOn(await makeInputDir({ 'sygne_test.csv': sygne.replace('KETA', 'KEITA') }), { db, asOf: '2025-01-16' });
    expect(after.exitCode).toBe(0);
    store = await openDatabase(db);
    try {
      expect(enrolmentPersonsFor(store.sqlite, after.runId)).toBe(true);
      expect(store.sqlite.prepare('SELECT COUNT(*) FROM enrolment_person WHERE person_id = 999').pluck().get()).toBe(0);
      expect([...schoolPersons(store.sqlite, after.runId)]).toEqual(read);
    } finally {
      await store.close();
    }
  });
});
