import type { Database as SQLiteDatabase } from 'better-sqlite3';

/**
 * The person of each enrolment of a run, as a table keyed by person then enrolment rowid
 * (`enrolment_person`), for the reads of every enrolment in person order (school-persons.ts).
 *
 * Why: those reads found each enrolment's person through `person_ine`, by its INE, a text key: 11
 * million lookups of a key in random order nationally. Measured on the national database
 * (2026-12-06): the campaign's read with its sort took 77–96 s that way, 40 s through this table,
 * whose rows are met in the enrolments' own order. The resolve stage knows every enrolment's person
 * once its deterministic pass is done, and writes them just before the persons (the school link's
 * pass reads them while the persons are written: resolve.stage.ts); the school link's merges are
 * applied to both tables in one transaction.
 *
 * The table holds one run, the latest resolved (`enrolment_person_run`); a read for a run of other
 * input files goes through `person_ine` as before.
 */

/** Rows an INSERT statement: fewer statements to run, 2 parameters a row. */
const INSERT_ROWS = 256;

/**
 * Replaces the table's rows with the run's enrolments: `count` rows, the k-th enrolment's rowid and
 * person given by `rowidAt(k)` and `personAt(k)`, the rowids ascending. Written in the key's order
 * (person, then enrolment): each insert appends to the b-tree. The table names no run until
 * `markEnrolmentPersons` does, in the transaction that writes the persons: a run killed between the
 * two leaves rows that nothing reads. Call inside a transaction.
 */
export function writeEnrolmentPersons(sqlite: SQLiteDatabase, count: number, rowidAt: (k: number) => number, personAt: (k: number) => number): void {
  sqlite.exec('DELETE FROM enrolment_person; DELETE FROM enrolment_person_run');
  const order = byPerson(count, personAt);
  const many = sqlite.prepare(`INSERT INTO enrolment_person (person_id, enrolment_rowid) VALUES ${Array(INSERT_ROWS).fill('(?, ?)').join(', ')}`);
  const one = sqlite.prepare('INSERT INTO enrolment_person (person_id, enrolment_rowid) VALUES (?, ?)');
  const values = new Array<number>(2 * INSERT_ROWS);
  let j = 0;
  for (; j + INSERT_ROWS <= count; j += INSERT_ROWS) {
    for (let i = 0; i < INSERT_ROWS; i++) {
      const k = order[j + i]!;
      values[2 * i] = personAt(k);
      values[2 * i + 1] = rowidAt(k);
    }
    many.run(values);
  }
  for (; j < count; j++) one.run(personAt(order[j]!), rowidAt(order[j]!));
}

/** The table holds run `runId`'s enrolments (`writeEnrolmentPersons`). Call in the transaction that writes its persons. */
export function markEnrolmentPersons(sqlite: SQLiteDatabase, runId: string): void {
  sqlite.prepare('INSERT INTO enrolment_person_run (run_id) VALUES (?)').run(runId);
}

/** 0 … count−1 ordered by person (a counting sort), then by k. */
function byPerson(count: number, personAt: (k: number) => number): Int32Array {
  let maxPerson = 0;
  for (let k = 0; k < count; k++) maxPerson = Math.max(maxPerson, personAt(k));
  const starts = new Int32Array(maxPerson + 2);
  for (let k = 0; k < count; k++) starts[personAt(k) + 1]!++;
  for (let p = 1; p < starts.length; p++) starts[p]! += starts[p - 1]!;
  const order = new Int32Array(count);
  for (let k = 0; k < count; k++) order[starts[personAt(k)]!++] = k;
  return order;
}

/**
 * Persons merged: every enrolment of person `from` now belongs to `to`, for each pair, in one pass
 * over the table (one UPDATE a pair would read it once a pair: 198 merges nationally). No `to` may
 * be merged in turn (the school link keeps the oldest person of each group, and a person is in one
 * group at most): the pass would then not give what UPDATEs one after the other give.
 * Call inside the transaction that updates `person_ine`.
 */
export function mergeEnrolmentPersons(sqlite: SQLiteDatabase, merges: readonly (readonly [from: number, to: number])[]): void {
  if (!merges.length) return;
  const from = new Set(merges.map(([f]) => f));
  const chained = merges.find(([, to]) => from.has(to));
  if (chained) throw new Error(`person ${chained[0]} is merged into person ${chained[1]}, itself merged into another: merge into the last one`);
  sqlite.exec('CREATE TEMP TABLE merged_person (from_id INTEGER PRIMARY KEY, to_id INTEGER NOT NULL)');
  try {
    const insert = sqlite.prepare('INSERT INTO merged_person (from_id, to_id) VALUES (?, ?)');
    for (const [f, to] of merges) insert.run(f, to);
    sqlite.exec(
      `UPDATE enrolment_person SET person_id = (SELECT to_id FROM merged_person WHERE from_id = enrolment_person.person_id)
       WHERE person_id IN (SELECT from_id FROM merged_person)`,
    );
  } finally {
    sqlite.exec('DROP TABLE merged_person');
  }
}

/**
 * Whether `enrolment_person` holds the run's enrolments: it was written for this run, or for a run
 * of the same input files (an unchanged rerun, which computes no persons of its own). Persons change
 * only in the resolve stage, which writes the table again, and in a purge, which empties it.
 */
export function enrolmentPersonsFor(sqlite: SQLiteDatabase, runId: string): boolean {
  const written = sqlite.prepare('SELECT run_id FROM enrolment_person_run').pluck().get() as string | undefined;
  if (written === undefined) return false;
  if (written === runId) return true;
  const files = (id: string) => (sqlite.prepare('SELECT input_file_id FROM run_input WHERE run_id = ? ORDER BY 1').pluck().all(id) as number[]).join(',');
  return files(written) === files(runId);
}
