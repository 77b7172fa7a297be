import { join } from 'node:path';
import { writeFileAtomic } from '../pipeline/atomic-write.js';
import type { DecisionsSummary } from '../pipeline/campaign/review-decisions.js';
import type { CampaignRules } from '../pipeline/campaign/campaign-rules.js';
import type { PipelineConfig } from '../pipeline/config.js';
import type { CampaignResult } from '../pipeline/stages/campaign.stage.js';
import type { IngestResult } from '../pipeline/stages/ingest.stage.js';

/**
 * `run.json`: the run's manifest (RUN.md). Versioned with `schemaVersion`; fields are only added,
 * never renamed, without a documented migration. Holds no personal data.
 */
export const RUN_MANIFEST_SCHEMA_VERSION = 1;

export interface StageTiming {
  stage: string;
  durationMs: number;
}

export interface RunManifest {
  schemaVersion: number;
  runId: string;
  version: string;
  status: 'succeeded' | 'failed';
  exitCode: number;
  startedAt: string;
  finishedAt: string;
  asOf: string;
  flags: Record<string, unknown>;
  inputs: ManifestInput[];
  unrecognisedFiles: string[];
  missingOptionalSources: string[];
  /** Review decisions applied (pipeline/campaign/review-decisions.ts), null when no campaign ran. */
  decisions: DecisionsSummary | null;
  counts: IngestResult['totals'];
  stages: StageTiming[];
  errors: { code: string; message: string; source?: string; file?: string; line?: number; field?: string }[];
  /** Matcher settings, trained model (m, u per comparison level) and summary, null when no campaign ran. */
  matcher: CampaignResult['matcher'] | null;
  /** The run whose campaign this unchanged rerun reused (same inputs and settings), or null. */
  campaignReusedFrom: string | null;
  /** The campaign rules of the run (defaults merged with the configuration's `campaign` section). */
  campaignRules: CampaignRules;
}

export interface ManifestInput {
  source: string;
  file: string;
  sha256: string | null;
  sizeBytes: number;
  encoding: string | null;
  separator: string | null;
  status: 'ok' | 'failed';
  reused: boolean;
  rows: number;
  stored: number;
  quarantined: number;
  warnings: number;
  quarantinedByCode: Record<string, number>;
  ignoredColumns: string[];
  missingOptionalColumns: string[];
}

export function manifestInputs(ingest: IngestResult): ManifestInput[] {
  return ingest.files.map((f) => ({
    source: f.source,
    file: f.file,
    sha256: f.sha256,
    sizeBytes: f.sizeBytes,
    encoding: f.encoding,
    separator: f.separator === '\t' ? 'tab' : f.separator,
    status: f.status,
    reused: f.reused,
    rows: f.rows,
    stored: f.stored,
    quarantined: f.quarantined,
    warnings: f.warnings,
    quarantinedByCode: f.quarantinedByCode,
    ignoredColumns: f.header?.ignored ?? [],
    missingOptionalColumns: f.header?.missingOptional ?? [],
  }));
}

export function configFlags(config: PipelineConfig): Record<string, unknown> {
  return {
    input: config.inputDir,
    asOf: config.asOf,
    out: config.outDir,
    db: config.dbFile,
    sources: config.sources,
    psad: config.psad,
    psadFolders: config.psadFolders,
    maxQuarantineRate: config.maxQuarantineRate,
    twoDigitYearPivot: config.twoDigitYearPivot,
    logFormat: config.logFormat,
    logLevel: config.logLevel,
  };
}

export async function writeRunManifest(outDir: string, manifest: RunManifest): Promise<void> {
  await writeFileAtomic(join(outDir, 'run.json'), JSON.stringify(manifest, null, 2) + '\n');
}
