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
/** Persons between two additions to the shared count (for the main thread's progress). */
const PERSONS_A_COUNT = 1024;
let read = 0;
const onPerson = () => {
  if (++read % PERSONS_A_COUNT === 0) Atomics.add(job.read, 0, PERSONS_A_COUNT);
};
replyFromReadOnlyDatabase(
  job.file,
  (sqlite) => {
    const part = schoolLinkPersonsPart(schoolPersons(sqlite, job.runId, { range: job.range }), job.range, job.input, onPerson);
    Atomics.add(job.read, 0, read % PERSONS_A_COUNT);
    return part;
  },
  partBuffers,
);
