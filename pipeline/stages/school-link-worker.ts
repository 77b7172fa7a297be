import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { schoolLinkPersonsPart } from './school-link-persons.js';
import { partBuffers, type PersonRangeJob, type PersonRangeReply } from './school-link-ranges.js';
import { schoolPersons } from './school-persons.js';

/**
 * One range of the school link's pass over the school persons (school-link-ranges.ts), on a
 * read-only connection of its own: the main thread's connection has written nothing since the
 * resolve stage's persons were committed, so both read the same database.
 */
const job = workerData as PersonRangeJob;
let reply: PersonRangeReply;
let transfer: ArrayBuffer[] = [];
try {
  const sqlite = new SQLite(job.file, { readonly: true, fileMustExist: true });
  try {
    // SQLite's default page cache (2 MB), not the main connection's 64 MB (database.ts): the range's
    // sorted read took as long with either (13.7 and 13.6 s for half the national persons), and the
    // larger cache held 128 MB more at the peak (186 MB against 58).
    const part = schoolLinkPersonsPart(schoolPersons(sqlite, job.runId, { range: job.range }), job.range, job.input);
    reply = { type: 'part', part };
    transfer = partBuffers(part);
  } finally {
    sqlite.close();
  }
} catch (e) {
  reply = { type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
}
parentPort!.postMessage(reply, transfer);
