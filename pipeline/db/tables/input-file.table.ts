import type { Generated, Insertable, Selectable } from 'kysely';

/**
 * One row per distinct input file content, per source and parsing settings. The same bytes under the
 * same settings are never ingested twice: later runs link to the stored rows (run_input).
 */
export interface InputFileTable {
  input_file_id: Generated<number>;
  source: string;
  file_name: string;
  sha256: string;
  /** Connector version and parse settings: a change re-reads the file. */
  settings_key: string;
  size_bytes: number;
  encoding: string;
  separator: string;
  rows: number;
  stored: number;
  quarantined: number;
  warnings: number;
  header_report_json: string;
  /**
   * `quarantine_purged`: `siei purge` deleted its quarantined rows; it is no longer reused (a later run
   * reads the same bytes again), so that a run's quarantine.csv always matches its counts.
   */
  status: 'ingesting' | 'complete' | 'failed' | 'quarantine_purged';
  first_run_id: string;
}
export type InputFile = Selectable<InputFileTable>;
export type NewInputFile = Insertable<InputFileTable>;

/** Which input files a run used. */
export interface RunInputTable {
  run_id: string;
  input_file_id: number;
  path: string;
  reused: number;
}
