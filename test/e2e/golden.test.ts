import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { beforeAll, describe, expect, it } from 'vitest';
import { NUMERO_SIEI_SHAPE } from '../../pipeline/db/repositories/person.repository.js';
import { runOn } from '../helpers/input-dir.js';

/**
 * Golden files: every CSV and JSON output of the demo run, compared byte for byte with the committed
 * copies in test/golden/demo/, once the run's identity, clock and absolute paths are replaced by
 * placeholders. A change to any output (a column, a label, a figure, the matcher's model) fails here
 * and must be reviewed: after checking the diff, `npx vitest run test/e2e/golden.test.ts -u` rewrites
 * the golden files (npm run build first).
 */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));
const golden = (name: string) => fileURLToPath(new URL(`../golden/demo/${name}`, import.meta.url));

let outDir = '';
let runId = '';

beforeAll(async () => {
  const run = await runOn(demo, { maxQuarantineRate: 0.05 });
  expect(run.exitCode).toBe(0);
  outDir = run.outDir;
  runId = run.runId;
});

/**
 * The volatile parts of a file's text: this run's id, the temp folders, and the NUMERO_SIEI, which a
 * fresh database draws at random (by design: pipeline/db/repositories/person.repository.ts).
 */
function stable(text: string): string {
  return text
    .split(runId).join('<run>')
    .split(outDir).join('<out>')
    .split(demo).join('<input>')
    .replace(new RegExp(`\\b${NUMERO_SIEI_SHAPE.source.slice(1, -1)}\\b`, 'g'), '<numero_siei>');
}

function stableManifest(text: string): string {
  const m = JSON.parse(stable(text));
  m.startedAt = m.finishedAt = '<clock>';
  m.version = '<version>';
  m.stages = m.stages.map((s: { stage: string }) => ({ ...s, durationMs: '<clock>' }));
  return JSON.stringify(m, null, 2) + '\n';
}

describe('golden files of the demo run', () => {
  it.each(['key-figures.json', 'quarantine.csv', 'avertissements.csv', 'review.csv'])('%s', async (name) => {
    await expect(stable(await readFile(join(outDir, name), 'utf8'))).toMatchFileSnapshot(golden(name));
  });

  it('run.json', async () => {
    await expect(stableManifest(await readFile(join(outDir, 'run.json'), 'utf8'))).toMatchFileSnapshot(golden('run.json'));
  });

  it('every non-retrouvés list', async () => {
    const names = (await readdir(join(outDir, 'non-retrouves'))).sort();
    for (const name of names) {
      await expect(stable(await readFile(join(outDir, 'non-retrouves', name), 'utf8'))).toMatchFileSnapshot(golden(`non-retrouves/${name}`));
    }
    // After the comparisons, so that `-u` can write a new list before this check reads the folder.
    expect(names).toEqual((await readdir(golden('non-retrouves'))).sort());
  });
});
