import { createHash } from 'node:crypto';
import type { OpenDatabase } from '../db/database.js';
import type { RunContext } from '../run-context.js';
import type { CampaignResult } from './campaign.stage.js';
import type { IngestResult } from './ingest.stage.js';

/**
 * An unchanged rerun (cron's nightly run on the month's extracts, an analyst's second run) reuses
 * the campaign instead of computing it again: persons, matching and statuses take minutes at
 * regional size, and with the same inputs and settings they give the same result (the idempotence
 * test holds the pipeline to that). The reports are still written, for this run, from that campaign's
 * rows in the database.
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
 * 3: review items are `campaign_review` rows, no longer in the result.
 */
const CAMPAIGN_RESULT_FORMAT = 3;

/** A campaign that can be reported again: the run that computed it, and its result. */
export interface ReusableCampaign {
  runId: string;
  result: CampaignResult;
}

/**
 * The latest successful run's campaign, when that run has this fingerprint and the campaign's rows
 * are all there. That run may itself have reused it: the campaign is then the one it pointed at.
 */
export function findReusableCampaign(store: OpenDatabase, fingerprint: string): ReusableCampaign | null {
  const latest = store.sqlite
    .prepare(
      `SELECT r.fingerprint, c.run_id, c.result_json FROM run r
       LEFT JOIN run_campaign_result c ON c.run_id = COALESCE(r.campaign_run_id, r.run_id)
       WHERE r.status = 'succeeded' ORDER BY r.started_at DESC, r.run_id DESC LIMIT 1`,
    )
    .get() as { fingerprint: string | null; run_id: string | null; result_json: string | null } | undefined;
  if (!latest || latest.fingerprint !== fingerprint || !latest.run_id || !latest.result_json) return null;
  const result = JSON.parse(latest.result_json) as CampaignResult;
  const count = (table: string) => store.sqlite.prepare(`SELECT COUNT(*) FROM ${table} WHERE run_id = ?`).pluck().get(latest.run_id) as number;
  // A purge may have removed the run's rows (siei purge keeps runs, not their campaign).
  const complete = count('campaign_person') === result.populationTotal && count('campaign_review') === result.review.deca + result.review.imilo;
  return complete ? { runId: latest.run_id, result } : null;
}

/**
 * The campaign of `from`, reported by this run: nothing is copied. This run's `campaign_run_id` (set
 * by run.ts when it ends) points at `from`, which the next unchanged run then finds.
 */
export function reuseCampaign(ctx: RunContext, store: OpenDatabase, from: ReusableCampaign): CampaignResult {
  ctx.log.info(
    { event: 'campaign.reused', fromRunId: from.runId, persons: from.result.populationTotal },
    `inputs and settings unchanged since run ${from.runId}: its campaign is reused (${from.result.populationTotal} persons), not computed again`,
  );
  return from.result;
}

/** Kept with the run so that a later unchanged run can reuse it; stamped on success only (run.ts). */
export function saveCampaignResult(store: OpenDatabase, runId: string, result: CampaignResult): void {
  store.sqlite.prepare('INSERT OR REPLACE INTO run_campaign_result (run_id, result_json) VALUES (?, ?)').run(runId, JSON.stringify(result));
}

/** Every campaign result but `campaignRunId`'s: reuse looks at the latest successful run only (findReusableCampaign). */
export function dropEarlierCampaignResults(store: OpenDatabase, campaignRunId: string): void {
  store.sqlite.prepare('DELETE FROM run_campaign_result WHERE run_id <> ?').run(campaignRunId);
}
