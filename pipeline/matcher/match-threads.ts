import { availableParallelism } from 'node:os';
import { Worker } from 'node:worker_threads';
import { chunksOf, CONTROL_NEXT, CONTROL_PERSONS, CONTROL_WORDS, type MatchJob, type MatchReply, type MatchWorkerInit } from './match-protocol.js';
import { workerEntry } from '../worker-entry.js';

/**
 * The threads the matcher's work on persons is shared among: the main thread and `workers` worker
 * threads (match-worker.ts) take chunks from one shared counter until none is left, so that a thread
 * slowed by other work on the machine simply takes fewer. Each thread sends back what each of its
 * chunks gave, with the chunk's number: merged in chunk order, the result is that of one thread
 * going through the persons in order (link-records.ts).
 *
 * With no worker, the main thread takes every chunk: the same code, in one thread.
 */
export class MatchThreads {
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT));
  private readonly workers: WorkerHandle[];
  private personsTicked = 0;

  constructor(workers: number, init: () => Omit<MatchWorkerInit, 'control' | 'thread' | 'threads'>) {
    const data = workers > 0 ? { ...init(), control: this.control, threads: workers + 1 } : null;
    this.workers = Array.from({ length: workers }, (_, w) => new WorkerHandle({ ...data!, thread: w + 1 }));
  }

  get threads(): number {
    return this.workers.length + 1;
  }

  /**
   * Runs `job` in every worker while the main thread takes chunks too (`mainChunk`), and resolves
   * with the workers' replies. `onWorkerPersons(n)`: n more persons read by the workers.
   */
  async run(job: MatchJob, mainChunk: (k: number) => void, onWorkerPersons: (n: number) => void = () => undefined): Promise<MatchReply[]> {
    Atomics.store(this.control, CONTROL_NEXT, 0);
    const replies = this.workers.map((w) => w.request(job));
    const tick = () => {
      const read = Atomics.load(this.control, CONTROL_PERSONS);
      if (read > this.personsTicked) onWorkerPersons(read - this.personsTicked);
      this.personsTicked = read;
    };
    let timer: NodeJS.Timeout | undefined;
    try {
      for (const k of chunksOf(this.control, 0, this.threads, job.chunks, job.chunking.dealt)) {
        mainChunk(k);
        tick();
      }
      timer = setInterval(tick, 250);
      return await Promise.all(replies);
    } catch (e) {
      for (const r of replies) r.catch(() => undefined);
      throw e;
    } finally {
      clearInterval(timer);
      tick();
    }
  }

  async close(): Promise<void> {
    await Promise.all(this.workers.map((w) => w.terminate()));
  }
}

/**
 * Threads for the matcher: every core, up to four. Persons, records and the key index are shared;
 * each worker holds its own copy of the interned strings and its own heap (a few hundred MB
 * nationally): past a few threads, memory would grow faster than the time falls.
 */
export function matchThreads(): number {
  return Math.min(availableParallelism(), 4);
}

class WorkerHandle {
  private readonly worker: Worker;
  private pending: { resolve: (r: MatchReply) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;

  constructor(init: MatchWorkerInit) {
    this.worker = new Worker(workerEntry(import.meta.url, 'match-worker.js'), { workerData: init });
    this.worker.on('message', (r: MatchReply) => {
      const p = this.pending;
      this.pending = null;
      if (r.type === 'error') p?.reject(Object.assign(new Error(`matcher worker: ${r.message}`), { stack: r.stack }));
      else p?.resolve(r);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => this.fail(new Error(`matcher worker stopped (exit code ${code})`)));
  }

  request(job: MatchJob): Promise<MatchReply> {
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.worker.postMessage(job);
    });
  }

  async terminate(): Promise<void> {
    this.failure = new Error('matcher worker terminated');
    await this.worker.terminate();
  }

  private fail(e: Error): void {
    this.failure ??= e;
    const p = this.pending;
    this.pending = null;
    p?.reject(e);
  }
}
