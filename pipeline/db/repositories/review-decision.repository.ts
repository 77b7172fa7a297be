import type { Database as SQLiteDatabase } from 'better-sqlite3';

/** The decision in force for one question: is this record (source, key) this person (NUMERO_SIEI)? */
export interface DecisionInForce {
  record_source: string;
  record_key: string;
  numero_siei: string;
  decision: 'OUI' | 'NON';
}

/**
 * For each question, the latest answer in ingestion order (file, then line) among every decisions
 * file the database ever read, whether or not this run's input folder still holds it: a decision
 * applies in every later run. An empty DECISION is no answer and never overrides one. A file
 * delivered again unchanged is not read again (same content), so it cannot reorder anything.
 *
 * Rows are read without their `input_file` row on purpose: a file's rows exist only once its
 * transaction committed, and a purge of old input files (or of their quarantine) must not silently
 * take back the answers people gave. File ids are never reused (AUTOINCREMENT), so the order holds.
 */
export function decisionsInForce(sqlite: SQLiteDatabase): DecisionInForce[] {
  return sqlite
    .prepare(
      `SELECT record_source, record_key, numero_siei, decision FROM (
         SELECT record_source, record_key, numero_siei, decision, input_file_id, line,
                ROW_NUMBER() OVER (PARTITION BY record_source, record_key, numero_siei ORDER BY input_file_id DESC, line DESC) AS rn
         FROM review_decision WHERE decision IS NOT NULL)
       WHERE rn = 1 ORDER BY input_file_id, line`,
    )
    .all() as DecisionInForce[];
}

/** What this run's decisions files hold that needs saying: rows not decided yet, and answers about a NUMERO_SIEI the database does not know. */
export function decisionRowsToReport(sqlite: SQLiteDatabase, runId: string): { undecided: number; unknownNumeroSiei: { file: string; line: number }[] } {
  const undecided = sqlite
    .prepare(
      `SELECT COUNT(*) FROM review_decision d JOIN run_input r ON r.input_file_id = d.input_file_id AND r.run_id = ?
       WHERE d.decision IS NULL`,
    )
    .pluck()
    .get(runId) as number;
  const unknownNumeroSiei = sqlite
    .prepare(
      `SELECT f.file_name AS file, d.line FROM review_decision d
       JOIN run_input r ON r.input_file_id = d.input_file_id AND r.run_id = ?
       JOIN input_file f ON f.input_file_id = d.input_file_id
       WHERE d.decision IS NOT NULL AND NOT EXISTS (SELECT 1 FROM person p WHERE p.numero_siei = d.numero_siei)
       ORDER BY d.input_file_id, d.line`,
    )
    .all(runId) as { file: string; line: number }[];
  return { undecided, unknownNumeroSiei };
}
