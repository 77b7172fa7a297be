import { workerData } from 'node:worker_threads';
import { replyFromReadOnlyDatabase } from '../one-shot-worker.js';
import { readSpans, type SpansJob } from './school-spans.js';

/**
 * The second half of the school histories' rows (school-spans.ts `SchoolHistories.load`), on a read-only
 * connection of its own: the deterministic pass writes nothing before its link is done, so both
 * threads read the same committed rows.
 */
const job = workerData as SpansJob;
replyFromReadOnlyDatabase(
  job.file,
  (sqlite) => readSpans(sqlite, job.rowids),
  (spans) => [spans.from.buffer as ArrayBuffer, spans.to.buffer as ArrayBuffer, spans.school.buffer as ArrayBuffer],
);
