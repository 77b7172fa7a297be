import { Worker } from 'node:worker_threads';
import type { WorkerJob } from './ingest-worker.js';
import { CONTROL_CANCELLED, CONTROL_CONSUMED, CONTROL_WORDS, type ParseJob, type WorkerMessage } from './ingest-protocol.js';
import { workerEntry } from '../worker-entry.js';

/**
 * The main thread's handle on one file's parsing: a worker thread to parse it, the queue of what the
 * thread posts until the file's turn comes, handed over one message at a time, and the count of
 * batches consumed (in shared memory), so that the thread never runs more than `window` batches ahead.
 *
 * The thread is taken when the handle is made and the file given later (`parse`): a thread started
 * for it takes about 100 ms (a fresh isolate loading the connectors), which can then overlap the
 * file's inspection instead of following it. Threads are reused: one whose file ended (`done`) waits,
 * idle, for the next handle (ingest-worker.ts parses file after file), so that a run starts a thread
 * or two, not one a file. A thread whose file failed or was cancelled is stopped, not reused.
 * `ParseWorker.closeIdle()` stops the idle ones: the ingest stage calls it when it ends.
 */
export class ParseWorker {
  private readonly queue: WorkerMessage[] = [];
  private waiting: { resolve: (m: WorkerMessage) => void; reject: (e: Error) => void } | null = null;
  private failure: Error | null = null;
  /** `done` or `error` received: the thread has nothing more to say about this file. */
  private ended = false;
  private readonly control = new Int32Array(new SharedArrayBuffer(CONTROL_WORDS * Int32Array.BYTES_PER_ELEMENT));
  private readonly thread: ParseThread;

  private fileName = 'the file';

  /** Threads started and not yet exited, in this process (a test checks that none is left behind). */
  static get live(): number {
    return ParseThread.running;
  }

  /** Threads started in this process so far (a test checks that files share them). */
  static get started(): number {
    return ParseThread.started;
  }

  /** Stops the threads waiting for a file. */
  static async closeIdle(): Promise<void> {
    await ParseThread.closeIdle();
  }

  constructor(private readonly window: number) {
    this.thread = ParseThread.take();
    this.thread.attach({
      message: (m) => {
        if (m.type === 'done' || m.type === 'error') this.end(m.type === 'done');
        if (this.waiting) {
          const w = this.waiting;
          this.waiting = null;
          w.resolve(m);
        } else this.queue.push(m);
      },
      failed: (e) => this.fail(e),
      exited: (code) => {
        if (!this.ended) this.fail(new Error(`the parsing worker of ${this.fileName} stopped (exit code ${code}) before the end of the file`));
      },
    });
  }

  /** Gives the thread its file: it starts parsing at once. */
  parse(job: ParseJob): void {
    this.fileName = job.fileName;
    const message: WorkerJob = { job, control: this.control.buffer as SharedArrayBuffer, window: this.window };
    this.thread.post(message);
  }

  /** The next message, in the order the thread posted them. */
  next(): Promise<WorkerMessage> {
    const m = this.queue.shift();
    if (m) return Promise.resolve(m);
    if (this.failure) return Promise.reject(this.failure);
    return new Promise((resolve, reject) => {
      this.waiting = { resolve, reject };
    });
  }

  /** A batch has been inserted: the thread may post one more. */
  consumed(): void {
    Atomics.add(this.control, CONTROL_CONSUMED, 1);
    Atomics.notify(this.control, CONTROL_CONSUMED);
  }

  /** Stops the file's parsing (the file is reused, failed, or the run stops); a thread already done with it is left to the next file. */
  async cancel(): Promise<void> {
    if (this.ended) return;
    this.ended = true;
    Atomics.store(this.control, CONTROL_CANCELLED, 1);
    Atomics.notify(this.control, CONTROL_CONSUMED);
    await this.thread.stop();
  }

  /** The file ended: a thread that parsed it to the end waits for the next file; one that failed is stopped. */
  private end(done: boolean): void {
    this.ended = true;
    if (done) this.thread.release();
    else void this.thread.stop();
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

interface ThreadListener {
  message(m: WorkerMessage): void;
  failed(e: Error): void;
  exited(code: number): void;
}

/** One worker thread running ingest-worker.ts, lent to one ParseWorker at a time. */
class ParseThread {
  static running = 0;
  static started = 0;
  private static readonly idle: ParseThread[] = [];

  private readonly worker: Worker;
  private listener: ThreadListener | null = null;
  private exited = false;

  /** An idle thread, or a new one. */
  static take(): ParseThread {
    const thread = ParseThread.idle.pop() ?? new ParseThread();
    thread.worker.ref();
    return thread;
  }

  static async closeIdle(): Promise<void> {
    const idle = ParseThread.idle.splice(0);
    await Promise.all(idle.map((t) => t.stop()));
  }

  private constructor() {
    this.worker = new Worker(workerEntry(import.meta.url, 'ingest-worker.js'));
    ParseThread.running++;
    ParseThread.started++;
    this.worker.on('message', (m: WorkerMessage) => this.listener?.message(m));
    this.worker.on('error', (e) => this.listener?.failed(e));
    this.worker.on('exit', (code) => {
      this.exited = true;
      ParseThread.running--;
      const at = ParseThread.idle.indexOf(this);
      if (at >= 0) ParseThread.idle.splice(at, 1);
      this.listener?.exited(code);
    });
  }

  attach(listener: ThreadListener): void {
    this.listener = listener;
  }

  post(message: WorkerJob): void {
    this.worker.postMessage(message);
  }

  /** Back to the idle threads; unreferenced meanwhile, so that an idle thread never keeps the process alive. */
  release(): void {
    this.listener = null;
    if (this.exited) return;
    this.worker.unref();
    ParseThread.idle.push(this);
  }

  async stop(): Promise<void> {
    this.listener = null;
    if (this.exited) return;
    await this.worker.terminate();
  }
}
