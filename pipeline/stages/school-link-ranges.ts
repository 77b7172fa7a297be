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
 * threads: the persons' ids are cut into consecutive chunks (`PersonChunks`), each thread reads
 * consecutive chunks from where it starts, the workers (school-link-worker.ts) on read-only
 * connections of their own, the main thread on its own connection when it joins (at once, or once
 * the resolve stage has written its persons), and the parts come back in range order, for
 * `mergeSchoolLinkPersons`.
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
 * transaction holds rows no other connection sees yet: one part, in the main thread.
 */

/** What a worker is given: the database file, the run, the pass's input, the chunks and the one it starts at. */
export interface PersonRangeJob {
  file: string;
  runId: string;
  input: SchoolLinkPersonsInput;
  chunks: SharedPersonChunks;
  /** The chunk it starts at, claimed for it already; it goes on with the next ones until one is claimed. */
  start: number;
  owner: number;
  /** Persons read by the workers so far (one Int32 in shared memory), for the main thread's progress. */
  read: Int32Array;
}

/** How `PersonChunks` cuts the persons, and which thread holds each chunk, in shared memory. */
export interface SharedPersonChunks {
  maxId: number;
  /** 0: free; else the number of the thread that holds it. */
  claims: Int32Array;
  /** The run's enrolments are in enrolment_person, named for the run or not yet (school-persons.ts). */
  enrolmentPersons: boolean;
}

/**
 * The persons' ids 1 … maxId cut into consecutive chunks, each read by the thread that claims it
 * first. A thread claims its start chunk, then the chunks after it one by one, and stops at the
 * first another thread holds: its chunks are consecutive, one part of the pass. A thread joining
 * late starts in the middle of the longest run of chunks nobody holds, so that the thread before
 * it and itself have about as much left (`lateStart`). Why: the resolve stage starts the workers
 * while it writes its persons on this thread, and this thread joins when done (resolve.stage.ts).
 */
export class PersonChunks {
  constructor(private readonly shared: SharedPersonChunks) {}

  static create(maxId: number, count: number, enrolmentPersons: boolean): PersonChunks {
    return new PersonChunks({ maxId, claims: new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT)), enrolmentPersons });
  }

  get count(): number {
    return this.shared.claims.length;
  }

  get sharedState(): SharedPersonChunks {
    return this.shared;
  }

  range(c: number): PersonRange {
    const { maxId } = this.shared;
    return { from: Math.floor((maxId * c) / this.count) + 1, to: Math.floor((maxId * (c + 1)) / this.count) };
  }

  /** Chunk `c` for thread `owner` (≥ 1), unless a thread holds it. */
  claim(c: number, owner: number): boolean {
    return Atomics.compareExchange(this.shared.claims, c, 0, owner) === 0;
  }

  /** The middle of the longest run of chunks nobody holds (its first chunk when it is one chunk long), or −1. */
  lateStart(): number {
    let best = -1;
    let bestLength = 0;
    for (let c = 0; c < this.count; ) {
      if (Atomics.load(this.shared.claims, c) !== 0) {
        c++;
        continue;
      }
      let end = c;
      while (end < this.count && Atomics.load(this.shared.claims, end) === 0) end++;
      if (end - c > bestLength) [best, bestLength] = [c + Math.floor((end - c) / 2), end - c];
      c = end;
    }
    return best;
  }

  /**
   * The part of thread `owner` from chunk `start`, claimed already, and the chunks after it it
   * claims in turn; `onPerson` after each person.
   */
  part(sqlite: SQLiteDatabase, runId: string, input: SchoolLinkPersonsInput, start: number, owner: number, onPerson: () => void): SchoolLinkPersonsPart {
    let end = start;
    const { enrolmentPersons } = this.shared;
    const chunks = this;
    function* persons() {
      for (let c = start; c < chunks.count && (c === start || chunks.claim(c, owner)); c++) {
        end = c;
        yield* schoolPersons(sqlite, runId, { range: chunks.range(c), enrolmentPersons });
      }
    }
    const part = schoolLinkPersonsPart(persons(), this.range(start), input, onPerson);
    return { ...part, range: { from: this.range(start).from, to: this.range(end).to } };
  }
}

/** Chunks a thread, about: a thread joining late finds one to start at while the others have a few left. */
const CHUNKS_A_THREAD = 32;

/**
 * The school link's pass started: its workers read now; `finish` reads what they have not claimed
 * in this thread, then gives every part in range order.
 */
export interface StartedSchoolLinkPass {
  finish(sqlite: SQLiteDatabase): Promise<SchoolLinkPersonsPart[]>;
}

/**
 * Starts the school link's pass on every school person of the run with `threads` threads (by
 * default as many as the matcher's, matchThreads): the workers now, each at its first chunk, this
 * thread in `finish`. `maxPersonId`: the largest person id of the run's enrolments, when `person`
 * may not hold them yet (the resolve stage writes them meanwhile); else read from `person`.
 * `onPersons(n)`: n more persons read, in any thread (the workers' counted in shared memory,
 * reported by this thread while it waits).
 */
export function startSchoolLinkPass(
  sqlite: SQLiteDatabase,
  runId: string,
  input: SchoolLinkPersonsInput,
  { threads = matchThreads(), onPersons = () => undefined, maxPersonId, enrolmentPersons = false }: { threads?: number; onPersons?: (n: number) => void; maxPersonId?: number; enrolmentPersons?: boolean } = {},
): StartedSchoolLinkPass {
  const maxId = maxPersonId ?? (sqlite.prepare('SELECT MAX(person_id) FROM person').pluck().get() as number | null) ?? 0;
  let own = 0;
  const ownPerson = () => {
    if (++own % PROGRESS_CHUNK === 0) onPersons(PROGRESS_CHUNK);
  };
  if (!workerCanRead(sqlite) || maxId < threads || threads < 2) {
    return {
      finish: async (reader) => {
        const part = schoolLinkPersonsPart(schoolPersons(reader, runId, { enrolmentPersons }), { from: 1, to: Math.max(1, maxId) }, input, ownPerson);
        onPersons(own % PROGRESS_CHUNK);
        return [part];
      },
    };
  }
  const chunks = PersonChunks.create(maxId, Math.min(maxId, threads * CHUNKS_A_THREAD), enrolmentPersons);
  const read = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  let reported = 0;
  const report = () => {
    const now = Atomics.load(read, 0);
    if (now > reported) onPersons(now - reported);
    reported = now;
  };
  // The workers start where this thread, joining at once, leaves them as much as it takes itself.
  const workers = Array.from({ length: threads - 1 }, (_, w) => {
    const start = Math.floor((w * chunks.count) / threads);
    chunks.claim(start, w + 1);
    const job: PersonRangeJob = { file: sqlite.name, runId, input, chunks: chunks.sharedState, start, owner: w + 1, read };
    return inWorker(job);
  });
  // A failure here is finish's to report: not an unhandled rejection meanwhile.
  for (const w of workers) w.catch(() => undefined);
  return {
    finish: async (reader) => {
      let timer: NodeJS.Timeout | undefined;
      try {
        let start = chunks.lateStart();
        while (start >= 0 && !chunks.claim(start, threads)) start = chunks.lateStart();
        const parts: SchoolLinkPersonsPart[] = [];
        if (start >= 0) {
          parts.push(
            chunks.part(reader, runId, input, start, threads, () => {
              ownPerson();
              if (own % PROGRESS_CHUNK === 0) report();
            }),
          );
          onPersons(own % PROGRESS_CHUNK);
        }
        // This thread's chunks done, the workers' still counted while they finish.
        timer = setInterval(report, 250);
        parts.push(...(await Promise.all(workers)));
        return parts.sort((a, b) => a.range.from - b.range.from);
      } finally {
        clearInterval(timer);
        report();
      }
    },
  };
}

/**
 * The school link's pass on every school person of the run, in `threads` threads at once
 * (`startSchoolLinkPass`): the parts in range order.
 */
export async function schoolLinkPersonsInRanges(
  sqlite: SQLiteDatabase,
  runId: string,
  input: SchoolLinkPersonsInput,
  threads = matchThreads(),
  onPersons: (n: number) => void = () => undefined,
): Promise<SchoolLinkPersonsPart[]> {
  return startSchoolLinkPass(sqlite, runId, input, { threads, onPersons }).finish(sqlite);
}

/** Persons between two progress reports: one a person would cost more than it shows. */
const PROGRESS_CHUNK = 1024;

/** A part's buffers, moved to the main thread rather than copied. */
export function partBuffers(part: SchoolLinkPersonsPart): ArrayBuffer[] {
  return [...detachedBuffers(part.arrivals), ...detachedBuffers(part.leavers), ...(part.campaign ? campaignPartBuffers(part.campaign) : [])];
}

/** One range in a worker thread: its part, or its error. */
function inWorker(job: PersonRangeJob): Promise<SchoolLinkPersonsPart> {
  return oneShotWorker(workerEntry(import.meta.url, 'school-link-worker.js'), job, `school link worker (from persons ${new PersonChunks(job.chunks).range(job.start).from})`);
}
