import { workerData } from 'node:worker_threads';
import { replyFromReadOnlyDatabase } from '../one-shot-worker.js';
import { latestRowsBuffers, readLatestRows, type LatestRowsJob } from './campaign-latest-rows.js';

/** The campaign's persons' latest enrolments and numbers (campaign-latest-rows.ts), on a read-only connection of its own. */
const { file, job } = workerData as { file: string; job: LatestRowsJob };
replyFromReadOnlyDatabase(file, (sqlite) => readLatestRows(sqlite, job), latestRowsBuffers);
