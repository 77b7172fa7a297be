import type { Insertable, Selectable } from 'kysely';

/** One row per pipeline run: when, for which campaign date, with which settings, and how it ended. */
export interface RunTable {
  run_id: string;
  started_at: string;
  finished_at: string | null;
  as_of: string;
  status: 'running' | 'succeeded' | 'failed';
  exit_code: number | null;
  version: string;
  config_json: string;
  /** The campaign's inputs and settings, hashed (pipeline/stages/campaign-reuse.ts); null until it ran. */
  fingerprint: string | null;
  /** The run whose campaign rows (campaign_person, campaign_review, run_campaign_result) this run reports: another run's when it reused that campaign, null for its own. */
  campaign_run_id: string | null;
}

export interface RunCampaignResultTable {
  run_id: string;
  result_json: string;
}
export type Run = Selectable<RunTable>;
export type NewRun = Insertable<RunTable>;
