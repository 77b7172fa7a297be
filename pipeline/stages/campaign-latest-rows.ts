import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { oneShotWorker, workerCanRead } from '../one-shot-worker.js';
import { workerEntry } from '../worker-entry.js';
import { rowsByKey } from './rows-by-key.js';
import { ROW_TEXTS, schoolRow, type EnrolmentRow } from './school-persons.js';

/**
 * What a row of `campaign_person` shows of its person besides the campaign's results: their latest
 * enrolment's columns and their NUMERO_SIEI, read by key (rows-by-key.ts) for persons given in order.
 *
 * Read in a worker while the matcher decides (campaign.stage.ts, `startLatestRows`): nationally the
 * 237,000 persons' rows took 4–6 s on the main thread after the decisions, the other core idle
 * (a profile of the campaign stage). The rows come back as one string each, the columns joined as
 * the school persons' read joins them (school-persons.ts): as objects, held together, they would
 * cost several times more at the end of the campaign, where the run's memory peaks too.
 */
export const LATEST_COLUMNS = [
  'ine', 'nom_famille', 'nom_usage', 'prenom1', 'prenom2', 'prenom3', 'sexe', 'date_naissance', 'code_commune_residence', 'uai', 'code_mef',
  'annee_scolaire', 'date_sortie',
] as const;

/** The latest enrolment's columns a row of `campaign_person` shows. */
export type LatestEnrolment = Pick<EnrolmentRow, (typeof LATEST_COLUMNS)[number]>;

/** Persons in order, by id, with their latest enrolment's rowid. */
export interface LatestRowsJob {
  personIds: Float64Array;
  latestRowids: Float64Array;
}

/** For person k of a job: the latest enrolment's school year and texts (`latestEnrolmentOf` reads them), and NUMERO_SIEI. */
export interface LatestRows {
  years: number[];
  texts: string[];
  numeros: string[];
}

/** The rows of `job`'s persons. */
export function readLatestRows(sqlite: SQLiteDatabase, job: LatestRowsJob): LatestRows {
  const rows = rowsByKey<{ key: number; year: number; texts: string }>(
    sqlite,
    `SELECT e.rowid AS key, e.annee_scolaire AS year, ${ROW_TEXTS} AS texts FROM enrolment e WHERE e.rowid IN (SELECT value FROM json_each(?))`,
    job.latestRowids,
  );
  const numeros = rowsByKey<{ key: number; numero_siei: string }>(sqlite, 'SELECT person_id AS key, numero_siei FROM person WHERE person_id IN (SELECT value FROM json_each(?))', job.personIds);
  return {
    years: Array.from(job.latestRowids, (rowid) => rows.get(rowid)!.year),
    texts: Array.from(job.latestRowids, (rowid) => rows.get(rowid)!.texts),
    numeros: Array.from(job.personIds, (id) => numeros.get(id)!.numero_siei),
  };
}

/** Person k's latest enrolment from `rows` (read again alone when a column held the separator of its texts). */
export function latestEnrolmentOf(sqlite: SQLiteDatabase, job: LatestRowsJob, rows: LatestRows, k: number): LatestEnrolment {
  const rowid = job.latestRowids[k]!;
  return schoolRow(job.personIds[k]!, rowid, rows.years[k]!, rows.texts[k]!) ?? latestEnrolmentAt(sqlite, rowid);
}

/** The enrolment of `rowid`, read alone. */
export function latestEnrolmentAt(sqlite: SQLiteDatabase, rowid: number): LatestEnrolment {
  return sqlite.prepare(`SELECT ${LATEST_COLUMNS.join(', ')} FROM enrolment WHERE rowid = ?`).get(rowid) as LatestEnrolment;
}

/**
 * `readLatestRows` in a worker on a read-only connection of its own, when one can read what this
 * connection reads (a file, no transaction open: one-shot-worker.ts); else undefined, for the caller
 * to read them itself.
 */
export function startLatestRows(sqlite: SQLiteDatabase, job: LatestRowsJob): Promise<LatestRows> | undefined {
  if (!workerCanRead(sqlite) || !job.personIds.length) return undefined;
  const rows = oneShotWorker<LatestRows>(workerEntry(import.meta.url, 'campaign-latest-rows-worker.js'), { file: sqlite.name, job }, 'campaign rows worker');
  // Awaited when the rows are written: a failure meanwhile is not an unhandled rejection.
  rows.catch(() => undefined);
  return rows;
}
