import { workerData } from 'node:worker_threads';
import { indexStoredRecords } from '../matcher/blocking-index.js';
import { replyWith } from '../one-shot-worker.js';
import type { RecordIndexJob } from './campaign-handoff.js';

/**
 * The blocking index of the run's solution records (campaign-handoff.ts), built from their store's
 * numbers; its arrays are in shared memory, so that posting them shares them rather than copies.
 */
const job = workerData as RecordIndexJob;
replyWith(() => indexStoredRecords(job.identities, job.settings).shared());
