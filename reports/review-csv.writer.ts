import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { join } from 'node:path';
import { createAtomicStream, MODE_PERSONAL } from '../pipeline/atomic-write.js';
import { COMPARISONS } from '../pipeline/matcher/comparisons.js';
import type { CampaignReviewTable } from '../pipeline/db/tables/index.js';
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

/** Lines gathered before each write, rather than a write (and an await) a line: 127,133 lines nationally. */
const LINES_PER_WRITE = 512;

/** `campaignRunId`: the run whose campaign is reported (this run's own, or the one it reused). */
export async function writeReviewCsv(sqlite: SQLiteDatabase, campaignRunId: string, outDir: string): Promise<void> {
  const out = await createAtomicStream(join(outDir, 'review.csv'), MODE_PERSONAL);
  try {
    const rows = sqlite
      .prepare(
        `SELECT r.*, f.file_name FROM campaign_review r JOIN input_file f ON f.input_file_id = r.input_file_id
         WHERE r.run_id = ? ORDER BY r.source, r.input_file_id, r.line`,
      )
      .iterate(campaignRunId) as IterableIterator<CampaignReviewTable & { file_name: string }>;
    let chunk = BOM + csvLine(HEADER);
    let lines = 0;
    for (const r of rows) {
      const levels = JSON.parse(r.levels_json) as number[];
      chunk += csvLine([
        r.source, r.record_id, r.numero_siei, '',
        r.record_nom, r.record_prenoms, r.record_date_naissance,
        r.ine, r.nom, r.prenom, r.date_naissance, r.weight, r.second_weight,
        ...COMPARISONS.map((c, k) => (levels[k]! >= 0 ? c.levels[levels[k]!] : '')),
        r.file_name, r.line,
      ]);
      if (++lines % LINES_PER_WRITE === 0) {
        await out.write(chunk);
        chunk = '';
      }
    }
    await out.write(chunk);
    await out.commit();
  } catch (e) {
    await out.abort();
    throw e;
  }
}
