import { mkdir } from 'node:fs/promises';
import { dirname, join } from 'node:path';
import { writeIssuesCsv } from '../reports/quarantine-csv.writer.js';
import { configFlags, manifestInputs, RUN_MANIFEST_SCHEMA_VERSION, writeRunManifest, type RunManifest, type StageTiming } from '../reports/run-manifest.writer.js';
import { collectGarbage } from './collect-garbage.js';
import type { PipelineConfig } from './config.js';
import { openDatabase } from './db/database.js';
import { acquireLock } from './lock.js';
import { QuarantineRateError, SourceError, EXIT, type ExitCode, type SieiError } from './errors.js';
import type { Log } from './log.js';
import { NO_PROGRESS, type Progress } from './progress/progress.js';
import { createRunContext } from './run-context.js';
import { ingestStage, type IngestResult } from './stages/ingest.stage.js';
import { campaignStage } from './stages/campaign.stage.js';
import { resolveStage } from './stages/resolve.stage.js';
import { CampaignHandoff } from './stages/campaign-handoff.js';
import { campaignFingerprint, dropEarlierCampaignResults, findReusableCampaign, reuseCampaign, saveCampaignResult } from './stages/campaign-reuse.js';
import { resolvePsadFilter } from './stages/psad-filter.js';
import { writeFileAtomic } from './atomic-write.js';
import { computeKeyFigures, filterKeyFigures, type KeyFigures } from '../reports/key-figures.js';
import { writeNonRetrouvesLists } from '../reports/non-retrouves.writer.js';
import { writeReviewCsv } from '../reports/review-csv.writer.js';
import { writePsadFolders } from '../reports/psad-folders.writer.js';
import { writeHtmlReports } from '../reports/html/html-report.writer.js';
import { PACKAGE_VERSION } from './version.js';

export interface RunOutcome {
  exitCode: ExitCode;
  runId: string;
  /** What made the run fail, for the CLI to print (no stack traces for expected failures). */
  errors: SieiError[];
  manifest: RunManifest;
  /** The figures as written (null when no campaign ran), for the dry run's summary. */
  keyFigures: KeyFigures | null;
}

/**
 * The main job, top to bottom. Each stage takes the run context and returns a typed result whose
 * counts it logs. Outputs are written even when a source fails, so that cron and dashboards see
 * what happened (run.json with status "failed", the quarantine of the files that were read).
 */
export async function runPipeline(config: PipelineConfig, log: Log, now = new Date(), progress: Progress = NO_PROGRESS): Promise<RunOutcome> {
  const ctx = createRunContext(config, log, PACKAGE_VERSION, now, progress);
  const stages: StageTiming[] = [];
  const timed = async <T>(stage: string, fn: () => Promise<T>): Promise<T> => {
    const t0 = performance.now();
    try {
      return await fn();
    } finally {
      // The next stage starts from what is still used, not on top of this one's garbage.
      collectGarbage();
      stages.push({ stage, durationMs: Math.round(performance.now() - t0) });
    }
  };

  await mkdir(config.outDir, { recursive: true });
  await mkdir(dirname(config.dbFile), { recursive: true });
  const lock = await acquireLock(`${config.dbFile}.lock`, ctx.runId, log);
  const store = await openDatabase(config.dbFile).catch(async (e: unknown) => {
    await lock.release();
    throw e;
  });
  try {
    await store.db
      .insertInto('run')
      .values({ run_id: ctx.runId, started_at: ctx.startedAt.toISOString(), finished_at: null, as_of: config.asOf, status: 'running', exit_code: null, version: ctx.version, config_json: JSON.stringify(configFlags(config)) })
      .execute();
    log.info({ event: 'run.start', runId: ctx.runId, asOf: config.asOf }, `run ${ctx.runId} for ${config.asOf}`);

    // 1. Ingest every extract (stored with lineage, or quarantined).
    const ingest = await timed('ingest', async () => {
      try {
        return await ingestStage(ctx, store);
      } catch (e) {
        if (!(e instanceof SourceError)) throw e;
        const empty: IngestResult = { files: [], unrecognisedFiles: [], missingOptionalSources: [], failures: [e], totals: { rows: 0, stored: 0, quarantined: 0, warnings: 0 } };
        return empty;
      }
    });

    // 2–3. Persons, then the campaign: only when every required source could be read, since lists
    // computed without a source would mark people non retrouvés who are not.
    const usable = ingest.failures.length === 0;
    // --psad is checked against the referential just read, before the long stages: a typo is exit 2.
    let psadFilter: string[] | null = null;
    if (usable && config.psad) {
      try {
        psadFilter = resolvePsadFilter(store.sqlite, ctx.runId, config.psad);
      } catch (e) {
        await store.db.updateTable('run').set({ finished_at: new Date().toISOString(), status: 'failed', exit_code: EXIT.usage }).where('run_id', '=', ctx.runId).execute();
        throw e;
      }
    }
    const fingerprint = usable ? campaignFingerprint(ctx, ingest) : null;
    const reusable = fingerprint && ingest.files.every((f) => f.reused) ? findReusableCampaign(store, fingerprint) : null;
    // What the campaign takes over rather than reads again (campaign-handoff.ts): its solution records,
    // read in a worker during the resolve stage, and its persons, built by the resolve stage's school link.
    const handoff = new CampaignHandoff();
    const campaign = !usable
      ? null
      : reusable
        ? (await timed('resolve', async () => undefined), await timed('campaign', async () => reuseCampaign(ctx, store, reusable)))
        : (await timed('resolve', () => resolveStage(ctx, store, handoff)),
          await timed('campaign', () => campaignStage(ctx, store, handoff)));
    if (campaign && !reusable) saveCampaignResult(store, ctx.runId, campaign);
    // The run whose campaign rows the reports read: this one, or the one whose campaign it reuses.
    const campaignRunId = reusable?.runId ?? ctx.runId;

    // 4. Reports.
    let keyFigures: KeyFigures | null = null;
    await timed('report', async () => {
      await writeIssuesCsv(store.db, ctx.runId, 'error', join(config.outDir, 'quarantine.csv'));
      await writeIssuesCsv(store.db, ctx.runId, 'warning', join(config.outDir, 'avertissements.csv'));
      if (!campaign) return;
      const lists = await writeNonRetrouvesLists(store.sqlite, { runId: ctx.runId, campaignRunId }, config.outDir, campaign.psads, psadFilter);
      log.info({ event: 'report.lists', files: Object.keys(lists).length, rows: Object.values(lists).reduce((a, b) => a + b, 0) }, 'non-retrouvés lists written');
      await writePsadFolders(config.outDir, config.psadFolders ? Object.keys(lists) : null);
      await writeReviewCsv(store.sqlite, campaignRunId, config.outDir);
      keyFigures = await computeKeyFigures(store.db, { runId: ctx.runId, campaignRunId }, config.asOf, campaign, manifestInputs(ingest));
      if (psadFilter) keyFigures = filterKeyFigures(keyFigures, psadFilter);
      await writeFileAtomic(join(config.outDir, 'key-figures.json'), JSON.stringify(keyFigures, null, 2) + '\n');
    });

    const errors: SieiError[] = [...ingest.failures];
    // Exact duplicates are quarantined (kept, counted) but do not count towards the rate: DECA and
    // other extracts repeat rows as a matter of course, and a repeated row loses no information.
    const rejected = (f: (typeof ingest.files)[number]) => f.quarantined - (f.quarantinedByCode.ROW_DUPLICATE ?? 0);
    const overRate = ingest.files.filter((f) => f.status === 'ok' && f.rows > 0 && rejected(f) / f.rows > config.maxQuarantineRate);
    if (overRate.length) {
      errors.push(
        new QuarantineRateError(
          overRate
            .map((f) => `${f.file}: ${rejected(f)} of ${f.rows} rows quarantined (${((100 * rejected(f)) / f.rows).toFixed(1)}%, exact duplicates not counted), above the allowed ${(100 * config.maxQuarantineRate).toFixed(1)}%: see quarantine.csv, or raise --max-quarantine-rate`)
            .join('\n'),
        ),
      );
    }
    const exitCode: ExitCode = ingest.failures.length ? EXIT.source : overRate.length ? EXIT.quarantineRate : EXIT.ok;
    // The end time is a timestamp for people, not an input of any rule: reading the clock is fine here.
    const finishedAt = new Date();
    const manifest: RunManifest = {
      schemaVersion: RUN_MANIFEST_SCHEMA_VERSION,
      runId: ctx.runId,
      version: ctx.version,
      status: exitCode === EXIT.ok ? 'succeeded' : 'failed',
      exitCode,
      startedAt: ctx.startedAt.toISOString(),
      finishedAt: finishedAt.toISOString(),
      asOf: config.asOf,
      flags: configFlags(config),
      inputs: manifestInputs(ingest),
      unrecognisedFiles: ingest.unrecognisedFiles,
      missingOptionalSources: ingest.missingOptionalSources,
      decisions: campaign ? campaign.decisions : null,
      counts: ingest.totals,
      stages,
      errors: errors.map((e) => ({ code: e.code, message: e.message, ...e.location })),
      matcher: campaign ? campaign.matcher : null,
      campaignReusedFrom: reusable?.runId ?? null,
      campaignRules: config.campaign,
    };
    // The HTML pages show the run's status and end time, so they are written once those are known;
    // they read only key-figures.json and this manifest.
    const pages = await writeHtmlReports(store.db, config.outDir, keyFigures, manifest);
    log.info({ event: 'report.html', files: pages }, 'HTML report written');
    await writeRunManifest(config.outDir, manifest);
    await store.db
      .updateTable('run')
      .set({ finished_at: manifest.finishedAt, status: manifest.status, exit_code: exitCode, fingerprint: campaign ? fingerprint : null, campaign_run_id: reusable?.runId ?? null })
      .where('run_id', '=', ctx.runId)
      .execute();
    // Only the latest successful run's campaign can be reused: the earlier ones' results are dead weight.
    if (campaign && manifest.status === 'succeeded') dropEarlierCampaignResults(store, campaignRunId);
    log.info({ event: 'run.end', runId: ctx.runId, exitCode, stages }, `run ${ctx.runId} ${manifest.status}`);
    return { exitCode, runId: ctx.runId, errors, manifest, keyFigures };
  } finally {
    await store.close();
    await lock.release();
  }
}
