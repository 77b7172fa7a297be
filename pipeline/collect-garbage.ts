import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';

/**
 * A full garbage collection, where a long stage has just let go of most of what it held. V8 collects
 * when its heap nears a limit sized for the machine (4 GB here), not when a stage ends: a national
 * run's next phase grew on top of the last one's garbage, and its peak RSS was reached writing the
 * reports (a trace of the process's RSS: 1,448 MiB when the matcher's threads were closed, 1,738
 * writing the reports). Node exposes the collector only to a process started with `--expose-gc`; the
 * flag set at run time gives it to a new context, the way the `expose-gc` package does. A collection
 * costs a few hundred milliseconds on a national heap, mostly typed arrays.
 */
let gc: (() => void) | undefined;

export function collectGarbage(): void {
  gc ??= (globalThis as { gc?: () => void }).gc ?? exposedGc();
  gc();
}

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
