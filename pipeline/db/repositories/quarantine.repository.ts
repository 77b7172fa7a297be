import type { Kysely } from 'kysely';
import type { Database, QuarantineRow } from '../tables/index.js';

/** The issues of every file a run used, in file then line order, streamed (a file may have many). */
export function streamRunIssues(
  db: Kysely<Database>,
  runId: string,
  severity: 'error' | 'warning',
): AsyncIterableIterator<QuarantineRow> {
  return db
    .selectFrom('quarantine')
    .innerJoin('run_input', 'run_input.input_file_id', 'quarantine.input_file_id')
    .selectAll('quarantine')
    .where('run_input.run_id', '=', runId)
    .where('quarantine.severity', '=', severity)
    .orderBy('quarantine.source')
    .orderBy('quarantine.file_name')
    .orderBy('quarantine.line')
    .orderBy('quarantine.quarantine_id')
    .stream(1000);
}
