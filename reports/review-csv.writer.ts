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
  try {
    await out.write(BOM + csvLine(HEADER));
    for (const r of [...items].sort((a, b) => a.source.localeCompare(b.source) || a.file - b.file || a.line - b.line)) {
      const p = r.person;
      await out.write(
        csvLine([
          r.source, r.recordId, p.numeroSiei, '',
          r.record.surnames.join(' / '), r.record.firstNames.join(' '), r.record.birthDates.join(' / '),
          p.ine, p.nom, p.prenom, p.dateNaissance, r.weight, r.secondWeight,
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
