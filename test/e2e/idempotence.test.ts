import { readFile, readdir } from 'node:fs/promises';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import SQLite from 'better-sqlite3';
import { describe, expect, it } from 'vitest';
import { runOn, tempOutDir } from '../helpers/input-dir.js';

/**
 * Rerunning the same campaign on the same database (a cron retry, an analyst's rerun) gives the same
 * outputs, byte for byte, except the run's identity and clock: the run id, its timestamps and
 * durations, and the manifest's note that the unchanged input files were reused. The HTML report is
 * compared too (its index, which lists every run, grows by one by design).
 */
const demo = fileURLToPath(new URL('../../fixtures/scenarios/demo/input', import.meta.url));

async function outputs(dir: string): Promise<Record<string, string>> {
  const files: Record<string, string> = {};
  for (const name of ['quarantine.csv', 'avertissements.csv', 'review.csv', 'key-figures.json', 'run.json', 'rapport.html']) files[name] = await readFile(join(dir, name), 'utf8');
  for (const name of (await readdir(join(dir, 'non-retrouves'))).sort()) files[`non-retrouves/${name}`] = await readFile(join(dir, 'non-retrouves', name), 'utf8');
  return files;
}

function withoutRunIdentity(files: Record<string, string>, runId: string): Record<string, string> {
  const out = { ...files };
  const figures = JSON.parse(out['key-figures.json']!);
  out['key-figures.json'] = JSON.stringify({ ...figures, runId: null, trend: figures.trend.map((t: object) => ({ ...t, runId: null })) });
  const manifest = JSON.parse(out['run.json']!);
  out['run.json'] = JSON.stringify({
    ...manifest,
    runId: null,
    startedAt: null,
    finishedAt: null,
    campaignReusedFrom: null,
    stages: manifest.stages.map((s: { stage: string }) => s.stage),
    inputs: manifest.inputs.map((i: object) => ({ ...i, reused: null })),
  });
  // The report's clock: the start and end times, each in a <time> element (two of them, exactly).
  const times = out['rapport.html']!.match(/<time datetime="[^"]*">[^<]*<\/time>/g) ?? [];
  expect(times).toHaveLength(2);
  out['rapport.html'] = out['rapport.html']!.replace(/<time datetime="[^"]*">[^<]*<\/time>/g, '<time>');
  for (const k of Object.keys(out)) out[k] = out[k]!.split(runId).join('<run>');
  return out;
}

describe('idempotence', () => {
  it('gives the same outputs on a rerun of the same campaign, except the run identity and clock', async () => {
    const out = await tempOutDir();
    const first = await runOn(demo, { maxQuarantineRate: 0.05 }, out);
    const a = await outputs(out);
    const second = await runOn(demo, { maxQuarantineRate: 0.05 }, out);
    const b = await outputs(out);
    expect(second.manifest.inputs.every((i) => i.reused)).toBe(true);
    // Unchanged inputs and settings: the campaign is reused, not computed again (campaign-reuse.ts)…
    expect(first.manifest.campaignReusedFrom).toBeNull();
    expect(second.manifest.campaignReusedFrom).toBe(first.runId);
    expect(Object.keys(b)).toEqual(Object.keys(a));
    expect(withoutRunIdentity(b, second.runId)).toEqual(withoutRunIdentity(a, first.runId));
    // The PSAD lists themselves are byte-identical.
    for (const k of Object.keys(a).filter((k) => k.startsWith('non-retrouves/'))) expect(b[k]).toBe(a[k]);

    // A third unchanged run reuses it again, as the nightly cron needs: the run that computed it, which
    // the reusing run points at (nothing is copied).
    const again = await runOn(demo, { maxQuarantineRate: 0.05 }, out);
    expect(again.manifest.campaignReusedFrom).toBe(first.runId);
    expect(withoutRunIdentity(await outputs(out), again.runId)).toEqual(withoutRunIdentity(a, first.runId));
    // The reusing runs point at the campaign's rows; they hold no copy of them.
    const check = new SQLite(second.manifest.flags.db as string, { readonly: true });
    const runsOf = (table: string) => check.prepare(`SELECT DISTINCT run_id FROM ${table}`).pluck().all();
    expect(runsOf('campaign_person')).toEqual([first.runId]);
    expect(runsOf('campaign_review')).toEqual([first.runId]);
    expect(runsOf('run_campaign_result')).toEqual([first.runId]);
    expect(check.prepare('SELECT campaign_run_id FROM run ORDER BY started_at').pluck().all()).toEqual([null, first.runId, first.runId]);
    check.close();

    // …and computing it again on the same database gives the same outputs too.
    const db = new SQLite(second.manifest.flags.db as string);
    db.exec('DELETE FROM run_campaign_result');
    db.close();
    const third = await runOn(demo, { maxQuarantineRate: 0.05 }, out);
    expect(third.manifest.campaignReusedFrom).toBeNull();
    const c = await outputs(out);
    expect(withoutRunIdentity(c, third.runId)).toEqual(withoutRunIdentity(a, first.runId));
  });
});
