import { workerData } from 'node:worker_threads';
import SQLite from 'better-sqlite3';

/**
 * wal-checkpointer.ts's worker: a PASSIVE checkpoint of the database's WAL every `intervalMs` until
 * told to stop, then a last one. PASSIVE: it never waits for the writer nor blocks it, and copies
 * what is committed. An error (the file cannot be opened) ends the worker: the main thread then
 * takes its checkpoints back.
 */
const { file, stop, intervalMs } = workerData as { file: string; stop: Int32Array; intervalMs: number };
const sqlite = new SQLite(file, { fileMustExist: true });
try {
  // The writer holds the database's write lock for each file: a checkpoint never waits for it.
  sqlite.pragma('busy_timeout = 0');
  while (Atomics.load(stop, 0) === 0) {
    checkpoint();
    Atomics.wait(stop, 0, 0, intervalMs);
  }
  checkpoint();
} finally {
  sqlite.close();
}

/** One checkpoint; SQLITE_BUSY (the database's lock taken for a moment) is tried again at the next. */
function checkpoint(): void {
  try {
    sqlite.pragma('wal_checkpoint(PASSIVE)');
  } catch (e) {
    if ((e as { code?: unknown }).code !== 'SQLITE_BUSY') throw e;
  }
}
