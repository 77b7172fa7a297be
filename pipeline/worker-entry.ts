import { relative } from 'node:path';
import { fileURLToPath, pathToFileURL } from 'node:url';

/** The project's root: this module is pipeline/worker-entry.(ts|js), under it or under dist/. */
const ROOT = new URL('..', import.meta.url);

/**
 * The compiled worker script `name` (e.g. `match-worker.js`) beside the module at `moduleUrl` (its
 * `import.meta.url`). Run from the TypeScript sources (vitest), that module is a `.ts` file whose
 * sibling Node cannot start as a worker: the compiled twin in dist/ is used (`npm test` builds before
 * running the tests).
 */
export function workerEntry(moduleUrl: string, name: string): URL {
  const beside = new URL(`./${name}`, moduleUrl);
  if (!moduleUrl.endsWith('.ts')) return beside;
  return pathToFileURL(`${fileURLToPath(new URL('dist/', ROOT))}${relative(fileURLToPath(ROOT), fileURLToPath(beside))}`);
}
