import { workerData } from 'node:worker_threads';
import { replyFromReadOnlyDatabase } from '../one-shot-worker.js';
import { readSolutionRecords, solutionRecordsBuffers, type SolutionRecordsJob } from './solution-records.js';

/**
 * The run's solution records (solution-records.ts), read on a read-only connection of its own: the
 * ingestion committed them, and no later stage of the run writes to their tables.
 */
const job = workerData as SolutionRecordsJob;
replyFromReadOnlyDatabase(job.file, (sqlite) => readSolutionRecords(sqlite, job), solutionRecordsBuffers);
