import type { Selectable } from 'kysely';
import type { LineageColumns } from './lineage.js';

/**
 * A row of a decisions file, as written (with its lineage), whatever run read it. The decision that
 * holds for a (record_source, record_key, numero_siei) question is the latest non-empty one in
 * ingestion order: see pipeline/db/repositories/review-decision.repository.ts.
 */
export interface ReviewDecisionTable extends LineageColumns {
  /** `deca` or `imilo` (the `source` column is the lineage's: `decisions`). */
  record_source: string;
  /** NO_CONTRAT or ID_MILO as the file gives it (spreadsheet text marks removed). */
  record_id: string;
  /** What the record is matched on (pipeline/normalize/record-id.ts). */
  record_key: string;
  numero_siei: string;
  /** `OUI`, `NON`, or null: not decided yet. */
  decision: string | null;
  date_decision: string | null;
  auteur: string | null;
}
export type ReviewDecisionRow = Selectable<ReviewDecisionTable>;
