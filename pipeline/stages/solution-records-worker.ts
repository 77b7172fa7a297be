import { parentPort, workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';
import { readSolutionRecords, solutionRecordsBuffers, type SolutionRecordsJob, type SolutionRecordsReply } from './solution-records.js';

/**
 * The run's solution records (solution-records.ts), read on a read-only connection of its own: the
 * ingestion committed them, and no later stage of the run writes to their tables.
 */
const job = workerData as SolutionRecordsJob;
let reply: SolutionRecordsReply;
let transfer: ArrayBuffer[] = [];
try {
  const sqlite = new SQLite(job.file, { readonly: true, fileMustExist: true });
  try {
    const read = readSolutionRecords(sqlite, job);
    reply = { type: 'read', read };
    transfer = solutionRecordsBuffers(read);
  } finally {
    sqlite.close();
  }
} catch (e) {
  reply = { type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
}
parentPort!.postMessage(reply, transfer);
