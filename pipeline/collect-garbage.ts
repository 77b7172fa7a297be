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
 *
 * `compact`: then a second collection that moves the live objects together, so that the pages they
 * were scattered over go back to the system. V8 compacts only the pages its heuristics pick:
 * nationally the main thread's heap held 361 MB of objects in 599 MB of pages through the whole
 * matching (process.memoryUsage sampled every 2 s), 397–404 MB compacted. Moving costs more (about
 * three times a plain collection on a test heap) and takes new pages before the old ones go, so
 * only where the heap is then held long.
 */
let gc: (() => void) | undefined;

export function collectGarbage({ compact = false }: { compact?: boolean } = {}): void {
  gc ??= (globalThis as { gc?: () => void }).gc ?? exposedGc();
  gc();
  if (!compact) return;
  // Moving the live objects takes new pages before the old ones go: the garbage goes first (the
  // collection above), so that the copies come on top of less. V8 reads the flag at each full
  // collection: set for this one only.
  setFlagsFromString('--compact-on-every-full-gc');
  try {
    gc();
  } finally {
    setFlagsFromString('--no-compact-on-every-full-gc');
  }
}

function exposedGc(): () => void {
  setFlagsFromString('--expose-gc');
  return runInNewContext('gc') as () => void;
}
