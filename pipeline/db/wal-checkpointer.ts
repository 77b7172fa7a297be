import { Worker } from 'node:worker_threads';
import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { workerCanRead } from '../one-shot-worker.js';
import { workerEntry } from '../worker-entry.js';

/**
 * The WAL's checkpoints taken off the writer's thread while it writes a large batch (ingestion),
 * by a worker thread on a connection of its own (wal-checkpoint-worker.ts).
 *
 * Why: by default the connection that commits copies the WAL into the database file when the WAL
 * holds more than 1,000 pages, so ingestion's single writer copied every file it had just written,
 * on its own core, while the parsing threads waited for it (the commits took 12.5 of the writer's
 * 79 s in a national profile). A checkpoint can run beside a writer: it copies only committed frames.
 * Measured on the national ingestion alone (2026-12-07, the same machine, one after the other):
 * 70.4–79.7 s as before, 61.4–63.6 s with a checkpoint every 200 ms or every second, 69.8 s every
 * 50 ms. Without any checkpoint (tried at an earlier session) ingestion was no faster: every page the
 * writer read was looked up among all the WAL's frames, where SQLite skips those already copied.
 *
 * The WAL then grows to about what is written (2 GB nationally): nothing resets it while the writer
 * keeps writing. `stop` copies what is left and truncates it. A run killed meanwhile loses nothing: a
 * checkpoint copies committed pages only, and the next connection recovers the WAL as after any
 * crash.
 */
export interface WalCheckpointer {
  /** The worker stopped, the writer's automatic checkpoints back, the WAL copied and truncated. */
  stop(): Promise<void>;
}

/**
 * Starts checkpointing `sqlite`'s WAL in a worker, every `intervalMs`, until `stop`; none for a
 * database without a file or not in WAL mode, or inside a transaction. `onError`: the worker failed
 * (it could not open the file): the writer's own checkpoints are back at once, and the work goes on.
 */
export function startWalCheckpointer(sqlite: SQLiteDatabase, onError: (e: Error) => void, intervalMs = INTERVAL_MS): WalCheckpointer {
  if (!workerCanRead(sqlite) || sqlite.pragma('journal_mode', { simple: true }) !== 'wal') return { stop: async () => undefined };
  const automatic = sqlite.pragma('wal_autocheckpoint', { simple: true }) as number;
  const restore = () => sqlite.pragma(`wal_autocheckpoint = ${automatic}`);
  const stopFlag = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  sqlite.pragma('wal_autocheckpoint = 0');
  const worker = new Worker(workerEntry(import.meta.url, 'wal-checkpoint-worker.js'), { workerData: { file: sqlite.name, stop: stopFlag, intervalMs } });
  const exited = new Promise<void>((resolve) => {
    worker.once('error', (e) => {
      restore();
      onError(e);
    });
    worker.once('exit', () => resolve());
  });
  return {
    async stop() {
      Atomics.store(stopFlag, 0, 1);
      Atomics.notify(stopFlag, 0);
      await exited;
      restore();
      if (!sqlite.inTransaction) sqlite.pragma('wal_checkpoint(TRUNCATE)');
    },
  };
}

/** Measured: every 200 ms and every second gave the same times; every 50 ms, checkpoints too small. */
const INTERVAL_MS = 250;
