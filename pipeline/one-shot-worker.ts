import { availableParallelism } from 'node:os';
import { parentPort, Worker } from 'node:worker_threads';
import SQLite, { type Database as SQLiteDatabase } from 'better-sqlite3';

/**
 * A worker thread that computes one thing on the run's database and posts it back once (the school
 * link's ranges, the campaign's solution records, the deterministic pass's second range): the main
 * thread's side (`oneShotWorker`) and the worker's (`replyFromReadOnlyDatabase`), so that each such
 * worker is its computation alone.
 */
export type OneShotReply<T> = { type: 'done'; value: T } | { type: 'error'; message: string; stack?: string };

/**
 * Whether a worker's own connection would read what `sqlite` reads: not for a database in memory (no
 * file to open), nor inside a transaction (rows written in it are not committed, hence not seen).
 */
export function workerCanRead(sqlite: SQLiteDatabase): boolean {
  return !sqlite.memory && !sqlite.inTransaction;
}

/**
 * Whether a worker reading `sqlite`'s file beside this thread would share the work: it can read what
 * this connection reads (`workerCanRead`), and the machine has a second core for it.
 */
export function workerCanHelp(sqlite: SQLiteDatabase): boolean {
  return workerCanRead(sqlite) && availableParallelism() >= 2;
}

/**
 * `own()` in this thread while `worker` computes beside it (the two halves of a read): both results.
 * When `own` throws, its error, the worker's result dropped rather than left an unhandled rejection.
 */
export async function besideWorker<T, W>(worker: Promise<W>, own: () => T): Promise<[T, W]> {
  let mine: T;
  try {
    mine = own();
  } catch (e) {
    worker.catch(() => undefined);
    throw e;
  }
  return [mine, await worker];
}

/** Runs `script` (a worker-entry URL) with `workerData`: what it computed, or its error, prefixed by `name`. */
export function oneShotWorker<T>(script: URL, workerData: unknown, name: string): Promise<T> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(script, { workerData });
    let settled = false;
    worker.once('message', (reply: OneShotReply<T>) => {
      settled = true;
      if (reply.type === 'done') resolve(reply.value);
      else reject(Object.assign(new Error(`${name}: ${reply.message}`), { stack: reply.stack }));
    });
    worker.once('error', (e) => {
      settled = true;
      reject(e);
    });
    worker.once('exit', (code) => {
      if (!settled) reject(new Error(`${name} stopped (exit code ${code}) without its result`));
    });
  });
}

/**
 * In a worker thread: `compute` on a read-only connection of its own to `file`, posted once with
 * `buffers(value)` moved rather than copied, or its error. The connection keeps SQLite's default
 * page cache (2 MB), not the main connection's 64 MB (database.ts): the school link's sorted read of
 * half the national persons took as long with either (13.7 and 13.6 s), and the larger cache held
 * 128 MB more at the peak (186 MB against 58).
 */
export function replyFromReadOnlyDatabase<T>(file: string, compute: (sqlite: SQLiteDatabase) => T, buffers: (value: T) => ArrayBuffer[]): void {
  replyWith(() => {
    const sqlite = new SQLite(file, { readonly: true, fileMustExist: true });
    try {
      return compute(sqlite);
    } finally {
      sqlite.close();
    }
  }, buffers);
}

/** In a worker thread: what `compute` gives, posted once with `buffers(value)` moved rather than copied, or its error. */
export function replyWith<T>(compute: () => T, buffers: (value: T) => ArrayBuffer[] = () => []): void {
  let reply: OneShotReply<T>;
  let transfer: ArrayBuffer[] = [];
  try {
    const value = compute();
    reply = { type: 'done', value };
    transfer = buffers(value);
  } catch (e) {
    reply = { type: 'error', message: e instanceof Error ? e.message : String(e), stack: e instanceof Error ? e.stack : undefined };
  }
  parentPort!.postMessage(reply, transfer);
}
