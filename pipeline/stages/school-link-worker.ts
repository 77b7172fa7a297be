import { workerData } from 'node:worker_threads';
import { replyFromReadOnlyDatabase } from '../one-shot-worker.js';
import { schoolLinkPersonsPart } from './school-link-persons.js';
import { partBuffers, type PersonRangeJob } from './school-link-ranges.js';
import { schoolPersons } from './school-persons.js';

/**
 * One range of the school link's pass over the school persons (school-link-ranges.ts), on a
 * read-only connection of its own: the main thread's connection has written nothing since the
 * resolve stage's persons were committed, so both read the same database.
 */
const job = workerData as PersonRangeJob;
replyFromReadOnlyDatabase(job.file, (sqlite) => schoolLinkPersonsPart(schoolPersons(sqlite, job.runId, { range: job.range }), job.range, job.input), partBuffers);
