import { existsSync } from 'node:fs';
import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { addMonthsIso } from '../campaign/calendar.js';
import type { PurgeConfig } from '../config.js';
import { openDatabase } from '../db/database.js';
import { ConfigError } from '../errors.js';
import { acquireLock } from '../lock.js';
import type { Log } from '../log.js';
import type { RetentionPolicy } from './retention.js';

/**
 * `siei purge`: deletes what the database holds past its retention periods (retention.ts), counted
 * back from the purge date. One transaction, under the run lock, so that a run never sees half a
 * purge and a purge never deletes under a running job; then VACUUM, so that deleted personal data
 * does not linger in free pages of the file. `--dry-run` counts the same rows, then rolls back.
 *
 * What a period deletes (and why what stays stays):
 * - runs: a run's per-person results (`campaign_person`), its review band (`campaign_review`), its
 *   campaign kept for reuse (`run_campaign_result`) and its links to input files (`run_input`). A run
 *   that reused a campaign has the same campaign date as the run it points at: they go together.
 *   The `run` row and `run_key_figures` (counts, no personal data) stay: they are the trend.
 * - inputs: a file no run has used since the cutoff (its latest use is the campaign date of the
 *   latest run that read or reused it), with every row read from it, its quarantine and its links.
 *   A file still used, such as a referential unchanged for years, is current data and stays.
 * - quarantine: the quarantined and warned rows (raw lines) of files unused since the cutoff; such a
 *   file is then never reused (see input-file.table.ts).
 * - suivi: situations dated before the cutoff.
 * - I-Milo: the records of people aged `imiloMaxAge` or more at the purge date.
 * - persons: a NUMERO_SIEI whose INEs have no school record left and who has no campaign result or
 *   review row left (a decision about a review row names the person by NUMERO_SIEI).
 */
export const PURGED_TABLES = [
  'campaign_person', 'campaign_review', 'run_campaign_result', 'run_input', 'enrolment', 'imilo_pathway', 'deca_contract_version', 'commune_psad',
  'suivi_situation', 'quarantine', 'input_file', 'person_ine', 'person',
] as const;
export type PurgedTable = (typeof PURGED_TABLES)[number];

export interface PurgeCutoffs {
  /** Runs whose campaign date is before this. */
  runsBefore: string;
  /** Files last used by a run with a campaign date before this. */
  inputsUnusedSince: string;
  quarantineUnusedSince: string;
  suiviBefore: string;
  /** I-Milo records of people born on or before this. */
  imiloBornOnOrBefore: string;
}

export interface PurgeResult {
  dbFile: string;
  asOf: string;
  dryRun: boolean;
  retention: RetentionPolicy;
  cutoffs: PurgeCutoffs;
  deleted: Record<PurgedTable, number>;
}

export function purgeCutoffs(asOf: string, r: RetentionPolicy): PurgeCutoffs {
  return {
    runsBefore: addMonthsIso(asOf, -r.runsMonths),
    inputsUnusedSince: addMonthsIso(asOf, -r.inputsMonths),
    quarantineUnusedSince: addMonthsIso(asOf, -r.quarantineMonths),
    suiviBefore: addMonthsIso(asOf, -r.suiviMonths),
    imiloBornOnOrBefore: addMonthsIso(asOf, -12 * r.imiloMaxAge),
  };
}

export async function purgeDatabase(config: PurgeConfig, log: Log): Promise<PurgeResult> {
  // Opening a missing file would create an empty database: a wrong path must say so instead.
  if (!existsSync(config.dbFile)) throw new ConfigError([`Invalid option \`--db\`: ${config.dbFile} does not exist`]);
  const lock = await acquireLock(`${config.dbFile}.lock`, 'purge', log);
  try {
    const store = await openDatabase(config.dbFile);
    try {
      const cutoffs = purgeCutoffs(config.asOf, config.retention);
      log.info({ event: 'purge.start', asOf: config.asOf, dryRun: config.dryRun, cutoffs }, `purge as of ${config.asOf}${config.dryRun ? ' (dry run)' : ''}`);
      const deleted = deleteExpired(store.sqlite, cutoffs, config.dryRun);
      if (!config.dryRun) {
        // Outside the transaction (SQLite requires it); the WAL is then emptied so that no copy of
        // the deleted pages stays beside the file either.
        store.sqlite.exec('VACUUM');
        store.sqlite.pragma('wal_checkpoint(TRUNCATE)');
      }
      log.info({ event: 'purge.done', dryRun: config.dryRun, deleted }, `purge ${config.dryRun ? 'counted' : 'deleted'} ${Object.values(deleted).reduce((a, b) => a + b, 0)} rows`);
      return { dbFile: config.dbFile, asOf: config.asOf, dryRun: config.dryRun, retention: config.retention, cutoffs, deleted };
    } finally {
      await store.close();
    }
  } finally {
    await lock.release();
  }
}

const ROW_TABLES = ['enrolment', 'imilo_pathway', 'deca_contract_version', 'commune_psad', 'suivi_situation'] as const;

function deleteExpired(sqlite: SQLiteDatabase, c: PurgeCutoffs, dryRun: boolean): Record<PurgedTable, number> {
  const deleted = Object.fromEntries(PURGED_TABLES.map((t) => [t, 0])) as Record<PurgedTable, number>;
  // Id lists go in as one JSON array parameter (json_each), whatever their length.
  const run = (table: PurgedTable, sql: string, ...params: unknown[]) => {
    deleted[table] += sqlite.prepare(sql).run(...params).changes;
  };
  const inList = (column: string) => `${column} IN (SELECT value FROM json_each(?))`;

  sqlite.exec('BEGIN IMMEDIATE');
  try {
    // Each file's latest use, taken before any link is deleted.
    const files = sqlite
      .prepare(
        `SELECT f.input_file_id AS id, COALESCE(MAX(r.as_of), fr.as_of, '') AS lastUsed,
                (SELECT COUNT(*) FROM quarantine q WHERE q.input_file_id = f.input_file_id) AS issues
         FROM input_file f
         LEFT JOIN run_input ri ON ri.input_file_id = f.input_file_id
         LEFT JOIN run r ON r.run_id = ri.run_id
         LEFT JOIN run fr ON fr.run_id = f.first_run_id
         GROUP BY f.input_file_id`,
      )
      .all() as { id: number; lastUsed: string; issues: number }[];

    const oldRuns = JSON.stringify(sqlite.prepare('SELECT run_id FROM run WHERE as_of < ?').pluck().all(c.runsBefore));
    run('campaign_person', `DELETE FROM campaign_person WHERE ${inList('run_id')}`, oldRuns);
    run('campaign_review', `DELETE FROM campaign_review WHERE ${inList('run_id')}`, oldRuns);
    // The campaign kept for an unchanged rerun (campaign-reuse.ts) holds the review band's identities.
    run('run_campaign_result', `DELETE FROM run_campaign_result WHERE ${inList('run_id')}`, oldRuns);
    run('run_input', `DELETE FROM run_input WHERE ${inList('run_id')}`, oldRuns);

    const oldFiles = JSON.stringify(files.filter((f) => f.lastUsed < c.inputsUnusedSince).map((f) => f.id));
    for (const table of ROW_TABLES) run(table, `DELETE FROM ${table} WHERE ${inList('input_file_id')}`, oldFiles);
    run('quarantine', `DELETE FROM quarantine WHERE ${inList('input_file_id')}`, oldFiles);
    run('run_input', `DELETE FROM run_input WHERE ${inList('input_file_id')}`, oldFiles);
    run('input_file', `DELETE FROM input_file WHERE ${inList('input_file_id')}`, oldFiles);

    const quarantineFiles = JSON.stringify(
      files.filter((f) => f.lastUsed >= c.inputsUnusedSince && f.lastUsed < c.quarantineUnusedSince && f.issues > 0).map((f) => f.id),
    );
    run('quarantine', `DELETE FROM quarantine WHERE ${inList('input_file_id')}`, quarantineFiles);
    sqlite.prepare(`UPDATE input_file SET status = 'quarantine_purged' WHERE ${inList('input_file_id')}`).run(quarantineFiles);

    run('suivi_situation', 'DELETE FROM suivi_situation WHERE date_situation < ?', c.suiviBefore);
    run('imilo_pathway', 'DELETE FROM imilo_pathway WHERE date_naissance <= ?', c.imiloBornOnOrBefore);

    // Each IN (subquery) is built once as a temporary index: no per-person scan of the enrolments.
    const orphans = JSON.stringify(
      sqlite
        .prepare(
          `SELECT person_id FROM person
           WHERE person_id NOT IN (SELECT person_id FROM campaign_person)
             AND person_id NOT IN (SELECT person_id FROM campaign_review)
             AND person_id NOT IN (SELECT pi.person_id FROM person_ine pi WHERE pi.ine IN (SELECT ine FROM enrolment))`,
        )
        .pluck()
        .all(),
    );
    run('person_ine', `DELETE FROM person_ine WHERE ${inList('person_id')}`, orphans);
    run('person', `DELETE FROM person WHERE ${inList('person_id')}`, orphans);
    // Each enrolment's person as the latest resolve wrote it (enrolment-persons.ts), which the next
    // resolve writes again: a derived table, not data of its own, gone with any enrolment it names.
    sqlite.exec('DELETE FROM enrolment_person; DELETE FROM enrolment_person_run');

    sqlite.exec(dryRun ? 'ROLLBACK' : 'COMMIT');
  } catch (e) {
    if (sqlite.inTransaction) sqlite.exec('ROLLBACK');
    throw e;
  }
  return deleted;
}

/** What `siei purge` prints on stdout: the periods, then the rows per table. */
export function purgeReport(r: PurgeResult): string[] {
  const c = r.cutoffs;
  const p = r.retention;
  const lines = [
    `Purge of ${r.dbFile} as of ${r.asOf}${r.dryRun ? ' — dry run: nothing deleted, these rows would be' : ''}`,
    `  runs older than ${p.runsMonths} months: campaign dates before ${c.runsBefore}`,
    `  input files unused for ${p.inputsMonths} months: last used before ${c.inputsUnusedSince}`,
    `  quarantine of files unused for ${p.quarantineMonths} months: last used before ${c.quarantineUnusedSince}`,
    `  follow-up older than ${p.suiviMonths} months: situations before ${c.suiviBefore}`,
    `  I-Milo records of people aged ${p.imiloMaxAge} or more: born on or before ${c.imiloBornOnOrBefore}`,
    `${'table'.padEnd(24)}${r.dryRun ? 'to delete' : 'deleted'}`,
  ];
  for (const t of PURGED_TABLES) lines.push(`${t.padEnd(24)}${String(r.deleted[t]).padStart(9)}`);
  return lines;
}
