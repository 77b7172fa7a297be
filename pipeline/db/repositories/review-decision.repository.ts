import type { Database as SQLiteDatabase } from 'better-sqlite3';

/** The decision in force for one question: is this record (source, key) this person (NUMERO_SIEI)? */
export interface DecisionInForce {
  record_source: string;
  record_key: string;
  numero_siei: string;
  decision: 'OUI' | 'NON';
  file_name: string;
  line: number;
}

/**
 * For each question, the latest answer in ingestion order (file, then line) among every decisions
 * file the database ever read in full, whether or not this run's input folder still holds it: a
 * decision applies in every later run. An empty DECISION is no answer and never overrides one. A
 * file delivered again unchanged is not read again (same content), so it cannot reorder anything.
 */
export function decisionsInForce(sqlite: SQLiteDatabase): DecisionInForce[] {
  return sqlite
    .prepare(
      `SELECT record_source, record_key, numero_siei, decision, file_name, line FROM (
         SELECT d.record_source, d.record_key, d.numero_siei, d.decision, f.file_name, d.line, d.input_file_id,
                ROW_NUMBER() OVER (PARTITION BY d.record_source, d.record_key, d.numero_siei ORDER BY d.input_file_id DESC, d.line DESC) AS rn
         FROM review_decision d JOIN input_file f ON f.input_file_id = d.input_file_id AND f.status = 'complete'
         WHERE d.decision IS NOT NULL)
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
