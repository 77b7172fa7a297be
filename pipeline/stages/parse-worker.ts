import { Worker } from 'node:worker_threads';
import type { WorkerInput } from './ingest-worker.js';
import { CONTROL_CANCELLED, CONTROL_CONSUMED, CONTROL_WORDS, type ParseJob, type WorkerMessage } from './ingest-protocol.js';
import { workerEntry } from '../worker-entry.js';

/**
 * The main thread's handle on one file's parsing worker: starts it, queues what it posts until the
 * file's turn comes, hands the messages over one at a time, and tells the worker (through shared
 * memory) how many batches have been consumed, so that it never runs more than `window` batches ahead.
 *
 * The thread is started by the constructor and the file given later (`parse`): a worker takes
 * about 100 ms to start (a fresh isolate loading the connectors), which can then overlap the
 * file's inspection instead of following it.
 */
export class ParseWorker {
  private readonly queue: WorkerMessage[] = [];
  private waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  /** `done` or `error` received: the worker has nothing more to say. */
  private ended = false;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT));
  private readonly worker: Worker;

  private fileName = 'the file';
  private static running = 0;

  /** Workers started and not yet exited, in this process (a test checks that none is left behind). */
  static get live(): number {
    return ParseWorker.running;
  }

  constructor(window: number) {
    const workerData: WorkerInput = { control: this.control.buffer as SharedArrayBuffer, window };
    this.worker = new Worker(workerEntry(import.meta.url, 'ingest-worker.js'), { workerData });
    ParseWorker.running++;
    this.worker.on('message', (m: WorkerMessage) => {
      if (m.type === 'done' || m.type === 'error') this.ended = true;
      if (this.waiting) {
        const w = this.waiting;
        this.waiting = null;
        w.resolve(m);
      } else this.queue.push(m);
    });
    this.worker.on('error', (e) => this.fail(e));
    this.worker.on('exit', (code) => {
      ParseWorker.running--;
      if (!this.ended) this.fail(new Error(`the parsing worker of ${this.fileName} stopped (exit code ${code}) before the end of the file`));
    });
  }

  /** Gives the worker its file: it starts parsing at once. */
  parse(job: ParseJob): void {
    this.fileName = job.fileName;
    this.worker.postMessage(job);
  }

  /** The next message, in the order the worker posted them. */
  next(): Promise<WorkerMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** A batch has been inserted: the worker may post one more. */
  consumed(): void {
    Atomics.add(this.control, CONTROL_CONSUMED, 1);
    Atomics.notify(this.control, CONTROL_CONSUMED);
  }

  /** Stops the worker (the file is reused, failed, or the run stops). */
  async cancel(): Promise<void> {
    this.ended = true;
    Atomics.store(this.control, CONTROL_CANCELLED, 1);
    Atomics.notify(this.control, CONTROL_CONSUMED);
    await this.worker.terminate();
  }

  private fail(e: Error): void {
    if (this.ended || this.failure) return;
    this.failure = e;
    if (this.waiting) {
      const w = this.waiting;
      this.waiting = null;
      w.reject(e);
    }
  }
}
