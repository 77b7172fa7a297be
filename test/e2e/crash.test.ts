import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { CLI, runCli } from '../helpers/cli.js';
import { tempOutDir } from '../helpers/input-dir.js';

/**
 * A run killed with SIGKILL at any moment leaves the previous outputs whole and readable, and the
 * next run succeeds with the same figures as an uninterrupted one (crash safety, issue 7 point 4).
 * Kill points are spread over the run by waiting for its log events (ingest, persons, campaign,
 * a campaign reused by an unchanged rerun, reports), so the test does not depend on timing.
 */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));
const args = (out: string) => ['run', '--input', demo, '--as-of', '2025-01-15', '--out', out, '--log-format', 'json'];

async function figures(out: string) {
  const f = JSON.parse(await readFile(join(out, 'key-figures.json'), 'utf8'));
  return { of: f.of, ds: f.ds, nonRetrouves: f.nonRetrouves, found: f.found };
}

/** Starts a run and kills it with SIGKILL as soon as its log shows `event`. */
function killAt(out: string, event: string): Promise<boolean> {
  return new Promise((resolve) => {
    const child = spawn(process.execPath, [CLI, ...args(out)], { stdio: ['ignore', 'ignore', 'pipe'] });
    let killed = false;
    child.stderr.setEncoding('utf8');
    child.stderr.on('data', (chunk: string) => {
      if (!killed && chunk.includes(`"event":"${event}"`)) {
        killed = true;
        child.kill('SIGKILL');
      }
    });
    child.on('exit', () => resolve(killed));
  });
}

describe('crash safety', () => {
  it.each(['ingest.file', 'ingest.done', 'resolve.done', 'match.done', 'campaign.reused', 'report.lists'])(
    'a run killed at %s leaves the previous outputs intact, and the next run succeeds',
    async (event) => {
      const out = await tempOutDir();
      expect(runCli(args(out)).status).toBe(0);
      const before = await figures(out);
      const lists = (await readdir(join(out, 'non-retrouves'))).sort();
      // The inputs are unchanged, so the killed run would reuse the first run's campaign
      // (campaign-reuse.ts): except at the point that kills a reuse, take that away so that it
      // computes one and reaches resolve.done and match.done.
      if (event !== 'campaign.reused') {
        const db = new SQLite(join(out, 'siei.db'));
        db.exec('DELETE FROM run_campaign_result');
        db.close();
      }

      expect(await killAt(out, event)).toBe(true);
      // The outputs of the previous run are still whole: parseable, same lists.
      expect(await figures(out)).toEqual(before);
      expect((await readdir(join(out, 'non-retrouves'))).sort()).toEqual(lists);
      expect(existsSync(join(out, 'siei.db.lock'))).toBe(true); // left by the killed run

      const next = runCli(args(out));
      expect(next.status).toBe(0);
      expect(next.stderr).toContain('lock.stale_recovered');
      expect(await figures(out)).toEqual(before);
      // The HTML index lists the three runs, the killed one as interrupted (its row still says running).
      const index = await readFile(join(out, 'rapports', 'index.html'), 'utf8');
      expect(index.match(/<tr data-run-id=/g)).toHaveLength(3);
      expect(index.match(/<span class="status interrupted">interrompue<\/span>/g)).toHaveLength(1);
      expect(index.match(/<span class="status succeeded">réussie<\/span>/g)).toHaveLength(2);
    },
  );
});
