import { once } from 'node:events';
import { parentPort } from 'node:worker_threads';
import { SourceError, type SourceErrorCode } from '../errors.js';
import { CONTROL_CANCELLED, CONTROL_CONSUMED, type ParseJob, type SerializedError, type WorkerMessage } from './ingest-protocol.js';
import { parseFile } from './parse-file.js';

/**
 * Entry of a parsing worker (started by parse-worker.ts): waits for a file (a message), parses it
 * with parse-file.ts and posts its header report, its batches and the end (or the error) to the main
 * thread, which inserts them; then waits for the next file. One thread parses file after file: a
 * thread for each (a fresh isolate, Node's bootstrap, the parser compiled and optimised again) cost
 * up to 15 s of CPU for the 68 files of the national input (profiled with `perf`); reused, national
 * ingestion alone took 64.0 and 86.3 s (CPU 101 and 133 s) against 72.3 and 94.8 s (CPU 117 and
 * 149 s) before, the same database.
 *
 * Backpressure: before posting a batch, the worker blocks until fewer than `window` batches are
 * posted and not yet consumed (the count is in the job's shared memory: no message round trip). A
 * blocked worker holds only its stream buffers, so memory stays flat whatever the file size.
 */
export interface WorkerJob {
  job: ParseJob;
  /** Int32Array words, see ingest-protocol.ts: one buffer per file. */
  control: SharedArrayBuffer;
  window: number;
}

class Cancelled extends Error {}

const port = parentPort!;
const post = (m: WorkerMessage) => port.postMessage(m);

for (;;) {
  const [{ job, control, window }] = (await once(port, 'message')) as [WorkerJob];
  const ctl = new Int32Array(control);
  let posted = 0;
  const waitForRoom = () => {
    for (;;) {
      if (Atomics.load(ctl, CONTROL_CANCELLED) !== 0) throw new Cancelled();
      const consumed = Atomics.load(ctl, CONTROL_CONSUMED);
      if (posted - consumed < window) return;
      Atomics.wait(ctl, CONTROL_CONSUMED, consumed, 1000);
    }
  };
  try {
    const rows = await parseFile(job, {
      header: (report) => post({ type: 'header', report }),
      batch: (values, rowCount, issues) => {
        waitForRoom();
        post({ type: 'batch', rows: values, rowCount, issues });
        posted++;
      },
    });
    post({ type: 'done', rows });
  } catch (e) {
    // A cancelled file's thread is terminated by the main thread: nothing more to say.
    if (!(e instanceof Cancelled)) post({ type: 'error', error: serializeError(e) });
  }
}

function serializeError(e: unknown): SerializedError {
  if (e instanceof SourceError) return { kind: 'source', code: e.code as SourceErrorCode, message: e.message, location: e.location };
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return { kind: 'coded', code, message: (e as Error).message, stack: (e as Error).stack };
  return e instanceof Error ? { kind: 'internal', message: e.message, stack: e.stack } : { kind: 'internal', message: String(e), stack: undefined };
}
