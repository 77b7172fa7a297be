import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { availableParallelism } from 'node:os';
import { collectGarbage } from '../collect-garbage.js';
import { besideWorker, oneShotWorker, workerCanHelp } from '../one-shot-worker.js';
import { workerEntry } from '../worker-entry.js';
import { detachedRecordBuffers, IdentityRecords, type DetachedIdentityRecords } from './identity-records.js';
import { EnrolmentRowids, type DetachedEnrolmentRowids } from './school-spans.js';
import { StringIndex, type DetachedStringIndex } from './string-index.js';

/**
 * What the deterministic pass of the resolve stage reads of the run's enrolments, in the order they
 * are stored (rowid order): the INEs numbered in that order, each INE's identity records, and each
 * row's INE and rowid (for the school histories, then `enrolment_person`).
 *
 * Read in two ranges of rowids side by side, the second by a worker thread on a read-only
 * connection of its own, then joined as one read in order would have made them (`addAll`): the read
 * was the pass's largest part, on one core (nationally 31–36 s of its 84–90 s: SQLite's scan about
 * half, interning the values the rest), while the other core had nothing to do.
 */
export class EnrolmentIdentities {
  readonly ines = new StringIndex();
  readonly records = new IdentityRecords();
  readonly rowids = new EnrolmentRowids();

  /**
   * The run's enrolments whose rowid is in `range` (both ends included; every one without), added
   * in rowid order. Every enrolment, not DISTINCT ones: SQLite's temporary b-tree of the rows cost
   * more than reading the repeats, which IdentityRecords drops (Hauts-de-France: 4.7 s of CPU for the
   * 617,000 distinct rows, 2.0 s for all 1.35 million).
   */
  read(sqlite: SQLiteDatabase, runId: string, range?: RowidRange): void {
    const rows = sqlite
      .prepare(
        `SELECT e.rowid, e.ine, e.nom_famille, e.prenom1, e.date_naissance, e.sexe, e.code_commune_naissance, e.code_pays_naissance
         FROM enrolment e JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?
         ${range ? 'WHERE e.rowid BETWEEN ? AND ?' : ''}
         ORDER BY e.rowid`,
      )
      .raw()
      .iterate(...(range ? [runId, range.from, range.to] : [runId])) as IterableIterator<[number, string, string, string, string, string, string | null, string | null]>;
    const { ines, records, rowids } = this;
    for (const [rowid, ine, nom, prenom, naissance, sexe, communeNaissance, paysNaissance] of rows) {
      const i = ines.add(ine);
      records.add(i, nom, prenom, naissance, sexe, communeNaissance ?? paysNaissance);
      rowids.add(i, rowid);
    }
  }

  /** Another thread's read of the rows after these (`detach`), added as this read would have added them. */
  addAll(part: DetachedEnrolmentIdentities): void {
    const ines = this.ines.addAll(part.ines);
    this.records.addAll(part.records, ines);
    this.rowids.addAll(part.rowids, ines);
  }

  /** The arrays as they are, for the thread that reads the rows before (their buffers moved): not to be used after. */
  detach(): DetachedEnrolmentIdentities {
    return { ines: this.ines.detach(), records: this.records.detach(), rowids: this.rowids.detach() };
  }
}

export interface RowidRange {
  from: number;
  to: number;
}

export interface DetachedEnrolmentIdentities {
  ines: DetachedStringIndex;
  records: DetachedIdentityRecords;
  rowids: DetachedEnrolmentRowids;
}

/** The buffers of a detached read, for postMessage's transfer list. */
export function detachedIdentitiesBuffers(d: DetachedEnrolmentIdentities): ArrayBuffer[] {
  const { units, starts, hashes } = d.ines;
  return [units, starts, hashes, d.rowids.ines, d.rowids.rowids].map((a) => a.buffer as ArrayBuffer).concat(detachedRecordBuffers(d.records));
}

/** What the worker is given: the database file, the run, its range. */
export interface IdentityRangeJob {
  file: string;
  runId: string;
  range: RowidRange;
}

/**
 * Fewer rowids than this are read in one range, in this thread: a worker is started for a region or
 * more (Hauts-de-France, 1.35 million rows: the read took 2.7 s instead of 3.7), not for a test's
 * few hundred rows.
 */
export const MIN_ROWIDS_FOR_TWO_RANGES = 100_000;

/**
 * The run's enrolments read (EnrolmentIdentities), in two ranges side by side when the database is
 * a file with no transaction open (a worker's connection sees only what is committed), the machine
 * has two cores and the rowids span `minRowids` or more; else in one range, in this thread.
 */
export async function readEnrolmentIdentities(sqlite: SQLiteDatabase, runId: string, minRowids = MIN_ROWIDS_FOR_TWO_RANGES): Promise<EnrolmentIdentities> {
  const out = new EnrolmentIdentities();
  // Two subqueries: SQLite finds MIN or MAX alone at the end of the b-tree, but scans the whole
  // table for both in one SELECT (nationally 2–3 s on this thread before the worker could start).
  const { first, last } = sqlite.prepare('SELECT (SELECT MIN(rowid) FROM enrolment) AS first, (SELECT MAX(rowid) FROM enrolment) AS last').get() as { first: number | null; last: number | null };
  if (first === null || last === null || !workerCanHelp(sqlite) || last - first + 1 < minRowids) {
    out.read(sqlite, runId);
    return out;
  }
  const middle = Math.floor((first + last) / 2);
  const job: IdentityRangeJob = { file: sqlite.name, runId, range: { from: middle + 1, to: last } };
  const second = oneShotWorker<DetachedEnrolmentIdentities>(workerEntry(import.meta.url, 'enrolment-identities-worker.js'), job, `enrolment identities worker (rowids ${job.range.from}–${job.range.to})`);
  const [, part] = await besideWorker(second, () => out.read(sqlite, runId, { from: first, to: middle }));
  out.addAll(part);
  // The worker's arrays, copied in, go before the pass sorts its records (RSS trace: the pass's peak).
  collectGarbage();
  return out;
}
