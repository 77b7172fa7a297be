import { once } from 'node:events';
import { parentPort, workerData } from 'node:worker_threads';
import { SourceError, type SourceErrorCode } from '../errors.js';
import { CONTROL_CANCELLED, CONTROL_CONSUMED, type ParseJob, type SerializedError, type WorkerMessage } from './ingest-protocol.js';
import { parseFile } from './parse-file.js';

/**
 * Entry of a file's parsing worker (started by parse-worker.ts, one per file being read): waits for
 * its file (the first message), parses it with parse-file.ts and posts its header report, its
 * batches and the end (or the error) to the main thread, which inserts them.
 *
 * Backpressure: before posting a batch, the worker blocks until fewer than `window` batches are
 * posted and not yet consumed (the count is in shared memory: no message round trip). A blocked
 * worker holds only its stream buffers, so memory stays flat whatever the file size.
 */
export interface WorkerInput {
  /** Int32Array words, see ingest-protocol.ts. */
  control: SharedArrayBuffer;
  window: number;
}

class Cancelled extends Error {}

const { control, window } = workerData as WorkerInput;
const ctl = new Int32Array(control);
const port = parentPort!;
const [job] = (await once(port, 'message')) as [ParseJob];
const post = (m: WorkerMessage) => port.postMessage(m);
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
    copies: true,
  });
  post({ type: 'done', rows });
} catch (e) {
  if (!(e instanceof Cancelled)) post({ type: 'error', error: serializeError(e) });
}

function serializeError(e: unknown): SerializedError {
  if (e instanceof SourceError) return { kind: 'source', code: e.code as SourceErrorCode, message: e.message, location: e.location };
  const code = (e as NodeJS.ErrnoException | null)?.code;
  if (typeof code === 'string') return { kind: 'coded', code, message: (e as Error).message, stack: (e as Error).stack };
  return e instanceof Error ? { kind: 'internal', message: e.message, stack: e.stack } : { kind: 'internal', message: String(e), stack: undefined };
}
