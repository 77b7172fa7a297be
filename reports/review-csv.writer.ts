import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { join } from 'node:path';
import { createAtomicStream, MODE_PERSONAL } from '../pipeline/atomic-write.js';
import { COMPARISONS } from '../pipeline/matcher/comparisons.js';
import type { ReviewItem } from '../pipeline/stages/campaign.stage.js';
import { BOM, csvLine } from './csv/csv-format.js';

/**
 * `review.csv`: the solution records (DECA contract in force, I-Milo pathway active) that the matcher
 * could not decide on, side by side with the best candidate person, the weight and the next-best
 * weight, and the level of each comparison. Holds personal data: owner-only.
 *
 * Each row is a question a person answers in DECISION (`OUI`: the record is this young person,
 * `NON`: it is not). The first four columns are those of a decisions file (connectors/decisions), so
 * the filled-in file, saved as `decisions_….csv` in the input folder, is read back as it is; they
 * name the record by its own identifier (NO_CONTRAT, ID_MILO), not by FICHIER and LIGNE, which
 * change with every delivery. A question answered is not asked again.
 */
const HEADER = [
  'SOURCE', 'ID_ENREGISTREMENT', 'NUMERO_SIEI', 'DECISION',
  'NOM_ENREGISTREMENT', 'PRENOMS_ENREGISTREMENT', 'DATE_NAISSANCE_ENREGISTREMENT',
  'INE', 'NOM', 'PRENOM', 'DATE_NAISSANCE', 'POIDS', 'POIDS_SUIVANT',
  ...COMPARISONS.map((c) => `NIVEAU_${c.name.toUpperCase()}`),
  'FICHIER', 'LIGNE',
];

export async function writeReviewCsv(sqlite: SQLiteDatabase, outDir: string, items: readonly ReviewItem[]): Promise<void> {
  const out = await createAtomicStream(join(outDir, 'review.csv'), MODE_PERSONAL);
  const fileName = sqlite.prepare('SELECT file_name FROM input_file WHERE input_file_id = ?').pluck();
  // One pass over the enrolments for all the persons under review (no per-item query: enrolment has
  // no index on INE, by design, see the initial migration). CROSS JOIN fixes the join order in SQLite:
  // scan the enrolments once, look each INE up by primary key.
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS review_person (person_id INTEGER PRIMARY KEY)');
  sqlite.exec('DELETE FROM review_person');
  const addPerson = sqlite.prepare('INSERT OR IGNORE INTO review_person (person_id) VALUES (?)');
  sqlite.transaction(() => items.forEach((r) => addPerson.run(r.personId)))();
  type PersonRow = { person_id: number; numero_siei: string; ine: string; nom_famille: string; prenom1: string; date_naissance: string; annee_scolaire: number };
  const persons = new Map<number, PersonRow>();
  for (const row of sqlite
    .prepare(
      `SELECT pi.person_id, p.numero_siei, e.ine, e.nom_famille, e.prenom1, e.date_naissance, e.annee_scolaire
       FROM enrolment e CROSS JOIN person_ine pi ON pi.ine = e.ine CROSS JOIN review_person rp ON rp.person_id = pi.person_id
       JOIN person p ON p.person_id = pi.person_id`,
    )
    .iterate() as IterableIterator<PersonRow>) {
    const prev = persons.get(row.person_id);
    if (!prev || row.annee_scolaire > prev.annee_scolaire) persons.set(row.person_id, row);
  }
  try {
    await out.write(BOM + csvLine(HEADER));
    for (const r of [...items].sort((a, b) => a.source.localeCompare(b.source) || a.file - b.file || a.line - b.line)) {
      const p = persons.get(r.personId);
      await out.write(
        csvLine([
          r.source, r.recordId, p?.numero_siei, '',
          r.record.surnames.join(' / '), r.record.firstNames.join(' '), r.record.birthDates.join(' / '),
          p?.ine, p?.nom_famille, p?.prenom1, p?.date_naissance, r.weight, r.secondWeight,
          ...COMPARISONS.map((c, k) => (r.levels[k]! >= 0 ? c.levels[r.levels[k]!] : '')),
          fileName.get(r.file) as string, r.line,
        ]),
      );
    }
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}
