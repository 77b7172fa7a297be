import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { detachedBuffers } from '../matcher/identity-store.js';
import { matchThreads } from '../matcher/match-threads.js';
import { campaignPartBuffers } from './campaign-persons.js';
import { schoolLinkPersonsPart, type SchoolLinkPersonsInput, type SchoolLinkPersonsPart } from './school-link-persons.js';
import { schoolPersons, type PersonRange } from './school-persons.js';
import { workerEntry } from '../worker-entry.js';
import { oneShotWorker, workerCanRead } from '../one-shot-worker.js';

/**
 * The school link's pass over the run's school persons (school-link-persons.ts), shared among
 * threads: the persons' ids are cut into consecutive ranges, one a thread; the main thread takes the
 * first range on its own connection, each worker (school-link-worker.ts) another one on a read-only
 * connection of its own, and the parts come back in range order, for `mergeSchoolLinkPersons`.
 *
 * Why: reading every enrolment in person order is SQLite's work on one core (joining each enrolment
 * to its person, then sorting 11 million rows nationally), and the work on each person is
 * JavaScript's on the same core. Measured on the national database (2026-12-06): the read alone,
 * 41–45 s on one connection; 13.7–16.8 s for each half, read side by side on two connections.
 *
 * When the campaign stage follows in the same process, this pass builds its persons too
 * (campaign-persons.ts), and the campaign reads no enrolment in person order of its own.
 *
 * A database held in memory has no file another connection could open, and a connection inside a
 * transaction holds rows no other connection sees yet: one range, in the main thread.
 */

/** What a worker is given: the database file, the run, the pass's input and its range. */
export interface PersonRangeJob {
  file: string;
  runId: string;
  input: SchoolLinkPersonsInput;
  range: PersonRange;
  /** Persons read by the workers so far (one Int32 in shared memory), for the main thread's progress. */
  read: Int32Array;
}

/**
 * The school link's pass on every school person of the run, in `threads` ranges (by default as many
 * as the matcher's threads, matchThreads): the parts in range order. `onPersons(n)`: n more persons
 * read, in any range (the workers' counted in shared memory, reported by this thread).
 */
export async function schoolLinkPersonsInRanges(
  sqlite: SQLiteDatabase,
  runId: string,
  input: SchoolLinkPersonsInput,
  threads = matchThreads(),
  onPersons: (n: number) => void = () => undefined,
): Promise<SchoolLinkPersonsPart[]> {
  const maxId = (sqlite.prepare('SELECT MAX(person_id) FROM person').pluck().get() as number | null) ?? 0;
  const count = !workerCanRead(sqlite) || maxId < threads ? 1 : threads;
  let own = 0;
  const ownPerson = () => {
    if (++own % PROGRESS_CHUNK === 0) onPersons(PROGRESS_CHUNK);
  };
  if (count === 1) {
    const part = schoolLinkPersonsPart(schoolPersons(sqlite, runId), { from: 1, to: Math.max(1, maxId) }, input, ownPerson);
    onPersons(own % PROGRESS_CHUNK);
    return [part];
  }
  const ranges = Array.from({ length: count }, (_, k) => ({ from: Math.floor((maxId * k) / count) + 1, to: Math.floor((maxId * (k + 1)) / count) }));
  const read = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  let reported = 0;
  const report = () => {
    const now = Atomics.load(read, 0);
    if (now > reported) onPersons(now - reported);
    reported = now;
  };
  const workers = ranges.slice(1).map((range) => inWorker({ file: sqlite.name, runId, input, range, read }));
  let timer: NodeJS.Timeout | undefined;
  try {
    const first = schoolLinkPersonsPart(schoolPersons(sqlite, runId, { range: ranges[0] }), ranges[0]!, input, () => {
      ownPerson();
      if (own % PROGRESS_CHUNK === 0) report();
    });
    onPersons(own % PROGRESS_CHUNK);
    // This thread's range done, the workers' still counted while they finish.
    timer = setInterval(report, 250);
    return [first, ...(await Promise.all(workers))];
  } catch (e) {
    for (const w of workers) w.catch(() => undefined);
    throw e;
  } finally {
    clearInterval(timer);
    report();
  }
}

/** Persons between two progress reports: one a person would cost more than it shows. */
const PROGRESS_CHUNK = 1024;

/** A part's buffers, moved to the main thread rather than copied. */
export function partBuffers(part: SchoolLinkPersonsPart): ArrayBuffer[] {
  return [...detachedBuffers(part.arrivals), ...detachedBuffers(part.leavers), ...(part.campaign ? campaignPartBuffers(part.campaign) : [])];
}

/** One range in a worker thread: its part, or its error. */
function inWorker(job: PersonRangeJob): Promise<SchoolLinkPersonsPart> {
  return oneShotWorker(workerEntry(import.meta.url, 'school-link-worker.js'), job, `school link worker (persons ${job.range.from}–${job.range.to})`);
}
