import { createHash } from 'node:crypto';
import type { OpenDatabase } from '../db/database.js';
import type { RunContext } from '../run-context.js';
import { CAMPAIGN_COLUMNS, type CampaignResult } from './campaign.stage.js';
import type { IngestResult } from './ingest.stage.js';

/**
 * An unchanged rerun (cron's nightly run on the month's extracts, an analyst's second run) reuses
 * the campaign instead of computing it again: persons, matching and statuses take minutes at
 * regional size, and with the same inputs and settings they give the same result (the idempotence
 * test holds the pipeline to that). The reports are still written from the database, for this run.
 *
 * A campaign is reused only when every input file was reused (same content hashes), the campaign
 * date, rules, matcher settings, date pivot and version are the same, and that run is the database's
 * latest successful run: a run on other extracts since then may have merged persons, and the
 * answer must then be computed again.
 */
export function campaignFingerprint(ctx: RunContext, ingest: IngestResult): string | null {
  if (!ingest.files.length || !ingest.files.every((f) => f.status === 'ok' && f.sha256)) return null;
  const { asOf, campaign, matcher, twoDigitYearPivot } = ctx.config;
  const inputs = ingest.files.map((f) => `${f.source}:${f.sha256}`).sort();
  return createHash('sha256').update(JSON.stringify({ inputs, asOf, campaign, matcher, twoDigitYearPivot, version: ctx.version, result: CAMPAIGN_RESULT_FORMAT })).digest('hex');
}

/**
 * Raised whenever the saved campaign result changes shape or the campaign computes something else
 * from the same inputs and settings, so that a database written by an earlier build is not reused
 * (the package version does not change with every commit). 2: review items carry the person shown.
 */
const CAMPAIGN_RESULT_FORMAT = 2;

/** The latest successful run, when it has this fingerprint and its campaign rows are all there. */
export function findReusableCampaign(store: OpenDatabase, fingerprint: string): { runId: string; result: CampaignResult } | null {
  const latest = store.sqlite
    .prepare(
      `SELECT r.run_id, r.fingerprint, c.result_json FROM run r LEFT JOIN run_campaign_result c ON c.run_id = r.run_id
       WHERE r.status = 'succeeded' ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1`,
    )
    .get() as { run_id: string; fingerprint: string | null; result_json: string | null } | undefined;
  if (!latest || latest.fingerprint !== fingerprint || !latest.result_json) return null;
  const result = JSON.parse(latest.result_json) as CampaignResult;
  const rows = store.sqlite.prepare('SELECT COUNT(*) FROM campaign_person WHERE run_id = ?').pluck().get(latest.run_id) as number;
  // A purge may have removed the run's rows (siei purge keeps runs, not their campaign).
  return rows === result.populationTotal ? { runId: latest.run_id, result } : null;
}

/** This run's campaign rows copied from the reused run. */
export function reuseCampaign(ctx: RunContext, store: OpenDatabase, from: { runId: string; result: CampaignResult }): CampaignResult {
  const columns = CAMPAIGN_COLUMNS.filter((c) => c !== 'run_id');
  const copied = store.sqlite
    .prepare(`INSERT INTO campaign_person (run_id, ${columns.join(', ')}) SELECT ?, ${columns.join(', ')} FROM campaign_person WHERE run_id = ?`)
    .run(ctx.runId, from.runId).changes;
  // Kept with this run too: the next unchanged run finds this one as the latest, and would otherwise
  // compute the campaign again (every other night, under an unchanged cron).
  store.sqlite.prepare('INSERT OR REPLACE INTO run_campaign_result (run_id, result_json) SELECT ?, result_json FROM run_campaign_result WHERE run_id = ?').run(ctx.runId, from.runId);
  ctx.log.info(
    { event: 'campaign.reused', fromRunId: from.runId, persons: copied },
    `inputs and settings unchanged since run ${from.runId}: its campaign is reused (${copied} persons), not computed again`,
  );
  return from.result;
}

/** Kept with the run so that a later unchanged run can reuse it; stamped on success only (run.ts). */
export function saveCampaignResult(store: OpenDatabase, runId: string, result: CampaignResult): void {
  store.sqlite.prepare('INSERT OR REPLACE INTO run_campaign_result (run_id, result_json) VALUES (?, ?)').run(runId, JSON.stringify(result));
}

/** Every campaign result but `runId`'s: reuse looks at the latest successful run only (findReusableCampaign). */
export function dropEarlierCampaignResults(store: OpenDatabase, runId: string): void {
  store.sqlite.prepare('DELETE FROM run_campaign_result WHERE run_id <> ?').run(runId);
}
