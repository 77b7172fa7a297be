import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';
import { workerEntry } from '../../pipeline/worker-entry.js';

describe('workerEntry', () => {
  it('gives the compiled twin under dist/ for a module run from its TypeScript source', () => {
    const moduleUrl = new URL('../../pipeline/matcher/match-threads.ts', import.meta.url).href;
    const entry = workerEntry(moduleUrl, 'match-worker.js');
    expect(entry.href).toBe(new URL('../../dist/pipeline/matcher/match-worker.js', import.meta.url).href);
    expect(existsSync(fileURLToPath(entry))).toBe(true); // npm test builds first
  });

  it('gives the sibling script for a compiled module', () => {
    expect(workerEntry('file:///opt/siei/dist/pipeline/stages/parse-worker.js', 'ingest-worker.js').href).toBe('file:///opt/siei/dist/pipeline/stages/ingest-worker.js');
  });
});
