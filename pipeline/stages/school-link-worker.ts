import { workerData } from 'node:worker_threads';
import { replyFromReadOnlyDatabase } from '../one-shot-worker.js';
import { partBuffers, PersonChunks, type PersonRangeJob } from './school-link-ranges.js';

/**
 * One thread's chunks of the school link's pass over the school persons (school-link-ranges.ts), on
 * a read-only connection of its own: what it reads (the enrolments, `enrolment_person`) was
 * committed before it started, and nothing writes them while it reads.
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
    const part = new PersonChunks(job.chunks).part(sqlite, job.runId, job.input, job.start, job.owner, onPerson);
    Atomics.add(job.read, 0, read % PERSONS_A_COUNT);
    return part;
  },
  partBuffers,
);
