import type { RowIssue } from '../pipeline/errors.js';
import type { FieldType } from './csv/field-types.js';

/**
 * The seam between an extract format and the pipeline. A connector is declarative: the columns it
 * expects (header, requirement, type) and the table its rows go to, plus an optional `finish` step
 * for rules that involve several fields. Reading, decoding, header matching, typing, quarantine and
 * storage are shared (connectors/csv, pipeline/stages/ingest.stage.ts), so every connector behaves
 * the same way on bad input, and one contract suite (test/connectors/contract.ts) checks them all.
 */

export type SourceName = 'sygne' | 'agri' | 'imilo' | 'deca' | 'communes_psad' | 'suivi' | 'decisions';

export interface ColumnSpec {
  /** Header as EXTRACTS.md writes it. */
  header: string;
  /** Column of the target table (snake case). */
  column: string;
  required: boolean;
  type: FieldType;
  /**
   * What an invalid (non-empty) value does. Default: a required column quarantines the row, an
   * optional one is emptied and the row kept with a warning. `quarantine` is for optional fields
   * whose misreading could mark someone found (a DECA status, a rupture date).
   */
  onInvalid?: 'quarantine' | 'warn';
  /**
   * A required column whose empty cell is a value, not a missing one (the DECISION of a review
   * decision: empty = not decided yet). The column must still be in the header.
   */
  emptyAllowed?: boolean;
}

/** A typed row on its way to the database: column → value. */
export type RowValues = Record<string, string | number | null>;

export interface RowContext {
  /** Reference year for two-digit years (see pipeline/normalize/dates.ts). */
  twoDigitYearPivot: number;
}

export interface Connector {
  readonly source: SourceName;
  /** File-name prefix, matched case-insensitively (RUN.md): `sygne` → `SYGNE_2025_ac-lille.csv`. */
  readonly filePrefix: string;
  /** A run cannot produce lists without this source (RUN.md: agri and suivi are optional). */
  readonly requiredSource: boolean;
  /**
   * The source is absent from most runs by design (review decisions come back now and then): its
   * absence is still listed in run.json but logged at info, not as a warning a cron operator learns
   * to ignore.
   */
  readonly usuallyAbsent?: boolean;
  /**
   * Files of this source are usually another report with more columns (a filled-in review.csv):
   * unknown columns are still listed in run.json, but not logged as a warning.
   */
  readonly extraColumnsExpected?: boolean;
  readonly columns: readonly ColumnSpec[];
  /** Target table; several connectors may share one (sygne and agri both feed `enrolment`). */
  readonly table: string;
  /** Columns this connector adds in `finish` (derived values), in addition to `columns`. */
  readonly derivedColumns: readonly string[];
  /**
   * Cross-field rules and derived columns. Mutates `row` and returns the issue that quarantines it,
   * or null. Warnings (kept row, nulled optional field) go to `warn`.
   */
  finish?(row: RowValues, warn: (issue: RowIssue) => void): RowIssue | null;
  /** Bumped when parsing rules change, so that a file ingested by an older version is re-read. */
  readonly version: number;
}
