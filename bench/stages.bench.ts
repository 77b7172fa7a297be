import { writeFileSync } from 'node:fs';
import { parseArgs } from 'node:util';
import { pathToFileURL } from 'node:url';
import { configFlags } from '../reports/run-manifest.writer.js';
import { normalizeConfig } from '../pipeline/config.js';
import { openDatabase } from '../pipeline/db/database.js';
import { createLog } from '../pipeline/log.js';
import { createRunContext } from '../pipeline/run-context.js';
import { ingestStage } from '../pipeline/stages/ingest.stage.js';
import type { resolveStage as ResolveStage } from '../pipeline/stages/resolve.stage.js';
import { PACKAGE_VERSION } from '../pipeline/version.js';
import { CampaignHandoff } from '../pipeline/stages/campaign-handoff.js';

/**
 * The stages before the campaign, alone, for measuring them at national size without the whole
 * pipeline: `--ingest DIR` ingests DIR into the database as a new run (as `siei run` does) and stops;
 * without it, the resolve stage runs on the database's latest run, typically a copy of a database
 * saved right after `--ingest` (rerun it as often as needed from the saved file, in minutes). Prints
 * wall and CPU time and the peak RSS, logs as JSON on stderr.
 *
 *   node dist/bench/stages.bench.js --db /tmp/nat.db --as-of 2025-01-15 --ingest /tmp/siei-bench-scenarios/national/input
 *   cp /tmp/nat.db /tmp/work.db && node dist/bench/stages.bench.js --db /tmp/work.db --as-of 2025-01-15 --dump /tmp/persons.txt
 *
 * `--handoff`: the resolve stage builds the campaign's persons too and reads its solution records in a
 * worker, as in `siei run` (campaign-handoff.ts), then lets them go.
 *
 * `--debug`: the log at debug level (the phases' own events, such as the school link's pass).
 *
 * `--dump FILE` writes every INE with its person id after resolve: from the same saved database, the
 * same ids mean persons created in the same order from the same INEs. `--stage FILE` runs another
 * build's resolve.stage.js, to compare with an older version. Resolve modifies the database: give it
 * a copy.
 *
 * `--campaign` runs the campaign stage alone (persons read, matching, statuses) on the database's
 * latest run, which must be an unchanged rerun: it points at another run's campaign rows, so its own
 * id is free for the stage's rows (`siei run` twice on the same inputs, then `--campaign` as often as
 * needed; each replaces the previous one's rows); or the run `--ingest` made, once resolved by this
 * script (`--ingest`, then without it, then `--campaign`), which reads the enrolments as a fresh run does.
 */
const USAGE = 'Usage: node dist/bench/stages.bench.js --db FILE --as-of AAAA-MM-JJ [--ingest DIR | --campaign | [--handoff] [--dump FILE] [--stage resolve.stage.js]] [--debug]\n';
const { values } = parseArgs({
  options: { db: { type: 'string' }, 'as-of': { type: 'string' }, ingest: { type: 'string' }, dump: { type: 'string' }, stage: { type: 'string' }, campaign: { type: 'boolean' }, handoff: { type: 'boolean' }, debug: { type: 'boolean' } },
});
if (!values.db || !values['as-of']) {
  process.stderr.write(USAGE);
  process.exit(2);
}
const log = createLog('json', values.debug ? 'debug' : 'info');
const store = await openDatabase(values.db);
const config = normalizeConfig({ input: values.ingest ?? '.', out: '.', asOf: values['as-of'], db: values.db, logFormat: 'json' });
const cpu0 = process.cpuUsage();
const t0 = performance.now();
let stage: string;
if (values.ingest) {
  stage = 'ingest';
  const ctx = createRunContext(config, log, PACKAGE_VERSION);
  await store.db
    .insertInto('run')
    .values({ run_id: ctx.runId, started_at: ctx.startedAt.toISOString(), finished_at: null, as_of: config.asOf, status: 'running', exit_code: null, version: ctx.version, config_json: JSON.stringify(configFlags(config)) })
    .execute();
  await ingestStage(ctx, store);
} else if (values.campaign) {
  // The database's latest run must have no campaign rows of its own: a run that reused a campaign
  // (an unchanged rerun) points at another run's rows, and leaves its own id free.
  stage = 'campaign';
  const { campaignStage } = await import('../pipeline/stages/campaign.stage.js');
  const latest = store.sqlite.prepare('SELECT run_id, campaign_run_id, status FROM run ORDER BY started_at DESC LIMIT 1').get() as { run_id: string; campaign_run_id: string | null; status: string };
  // Or the run `--ingest` made, never finished, once resolved by this script: its enrolments' persons
  // are then in enrolment_person, the read of a fresh run (a reused campaign's run reads through person_ine).
  if (!latest.campaign_run_id && latest.status !== 'running') {
    process.stderr.write(`the latest run, ${latest.run_id}, computed its own campaign: run \`siei run\` once more on the same inputs, then --campaign\n`);
    process.exit(2);
  }
  // Rows of an earlier --campaign on this database.
  for (const table of ['campaign_person', 'campaign_review']) store.sqlite.prepare(`DELETE FROM ${table} WHERE run_id = ?`).run(latest.run_id);
  await campaignStage({ ...createRunContext(config, log, PACKAGE_VERSION), runId: latest.run_id }, store);
} else {
  stage = 'resolve';
  const stageModule = values.stage ? pathToFileURL(values.stage).href : '../pipeline/stages/resolve.stage.js';
  const { resolveStage } = (await import(stageModule)) as { resolveStage: typeof ResolveStage };
  const { run_id: runId } = store.sqlite.prepare('SELECT run_id FROM run ORDER BY started_at DESC LIMIT 1').get() as { run_id: string };
  await resolveStage({ ...createRunContext(config, log, PACKAGE_VERSION), runId }, store, values.handoff ? new CampaignHandoff() : undefined);
}
const seconds = (performance.now() - t0) / 1000;
const cpu = process.cpuUsage(cpu0);
process.stdout.write(`${stage}: ${seconds.toFixed(1)} s (CPU ${((cpu.user + cpu.system) / 1e6).toFixed(1)} s, all threads), peak RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB\n`);
if (values.dump && stage === 'resolve') {
  const rows = store.sqlite.prepare('SELECT ine, person_id FROM person_ine ORDER BY ine').raw().iterate() as IterableIterator<[string, number]>;
  const lines: string[] = [];
  for (const [ine, personId] of rows) lines.push(`${ine} ${personId}`);
  writeFileSync(values.dump, lines.join('\n') + '\n');
}
await store.close();
