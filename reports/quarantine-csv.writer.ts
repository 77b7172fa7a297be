import type { Kysely } from 'kysely';
import { createAtomicStream, MODE_PERSONAL } from '../pipeline/atomic-write.js';
import { streamRunIssues } from '../pipeline/db/repositories/quarantine.repository.js';
import type { Database } from '../pipeline/db/tables/index.js';
import { BOM, csvLine } from './csv/csv-format.js';

/**
 * `quarantine.csv` (rejected rows) and `avertissements.csv` (kept rows whose optional field was
 * emptied): every issue of every file the run used, with the row as read. They hold personal data,
 * hence owner-only permissions.
 */
const HEADER = ['SOURCE', 'FICHIER', 'LIGNE', 'CODE', 'CHAMP', 'VALEUR', 'MESSAGE', 'LIGNE_BRUTE'];

export async function writeIssuesCsv(
  db: Kysely<Database>,
  runId: string,
  severity: 'error' | 'warning',
  target: string,
): Promise<number> {
  const out = await createAtomicStream(target, MODE_PERSONAL);
  let n = 0;
  try {
    await out.write(BOM + csvLine(severity === 'error' ? HEADER : HEADER.slice(0, -1)));
    for await (const q of streamRunIssues(db, runId, severity)) {
      const cells = [q.source, q.file_name, q.line, q.code, q.field, q.value, q.message];
      if (severity === 'error') cells.push(q.raw);
      await out.write(csvLine(cells));
      n++;
    }
    await out.commit();
    return n;
  } catch (e) {
    await out.abort();
    throw e;
  }
}
