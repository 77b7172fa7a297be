import { existsSync } from 'node:fs';
import { copyFile, mkdtemp, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import type { PipelineConfig } from './config.js';
import { EXIT } from './errors.js';
import { acquireLock } from './lock.js';
import type { Log } from './log.js';
import type { Progress } from './progress/progress.js';
import { runPipeline, type RunOutcome } from './run.js';

/**
 * `--dry-run`: the whole run — every input read and checked, persons, campaign, matching, reports —
 * against a private copy of the database in a fresh folder of os.tmpdir() (owner-only, since the copy
 * holds people), which is deleted afterwards. Nothing is written under --out or to the database; the
 * summary goes to stdout and the exit code is the one a real run would give.
 *
 * A copy rather than one transaction rolled back at the end: the stages commit as they go (one
 * transaction per input file, others for persons and the campaign) and ingestion issues its own
 * BEGIN, so a single outer transaction would mean changing every stage; it would also hold the
 * database's write lock for the whole run. The copy runs exactly the code of a real run, and a dry
 * run killed midway leaves the real database untouched (at worst a folder in the temporary
 * directory). The cost is disk space for one copy of the database, and the time to copy it.
 *
 * The real database's lock is held throughout, as by a real run: a dry run neither copies a database
 * that a run is writing nor lets a run start meanwhile. When the database's folder does not exist yet
 * there is nothing to copy or protect, and no lock file is created, so that --out stays absent.
 */
export async function dryRunPipeline(config: PipelineConfig, log: Log, now: Date, progress: Progress): Promise<RunOutcome> {
  const lock = existsSync(dirname(config.dbFile)) ? await acquireLock(`${config.dbFile}.lock`, 'dry-run', log) : null;
  try {
    const work = await mkdtemp(join(tmpdir(), 'siei-dry-run-'));
    try {
      // The -wal holds the commits of a run that was killed before its checkpoint; the -shm is rebuilt.
      for (const suffix of ['', '-wal']) {
        await copyFile(config.dbFile + suffix, join(work, `siei.db${suffix}`)).catch((e: NodeJS.ErrnoException) => {
          if (e.code !== 'ENOENT') throw e;
        });
      }
      const shadow: PipelineConfig = Object.freeze({ ...config, outDir: join(work, 'out'), dbFile: join(work, 'siei.db') });
      log.info({ event: 'dry_run.start', db: config.dbFile, copied: existsSync(config.dbFile) }, 'dry run: working on a temporary copy, nothing will be written');
      return await runPipeline(shadow, log, now, progress);
    } finally {
      await rm(work, { recursive: true, force: true });
    }
  } finally {
    await lock?.release();
  }
}

/** The dry run's summary: counts only, no personal data (it may end up in a cron mail). */
export function dryRunSummary(config: PipelineConfig, outcome: RunOutcome): string[] {
  const m = outcome.manifest;
  const f = outcome.keyFigures;
  const lines = [
    `Dry run for ${config.asOf}: nothing was written (reports would go to ${config.outDir}, database ${config.dbFile}).`,
    `Exit code ${outcome.exitCode}: the run would have ${outcome.exitCode === EXIT.ok ? 'succeeded' : 'failed'}.`,
    `Inputs: ${m.inputs.length} files, ${m.counts.rows} rows: ${m.counts.stored} stored, ${m.counts.quarantined} quarantined, ${m.counts.warnings} warnings.`,
  ];
  for (const i of m.inputs) lines.push(`  ${i.source.padEnd(14)} ${i.file}: ${i.rows} rows, ${i.stored} stored, ${i.quarantined} quarantined${i.status === 'failed' ? ' (FAILED)' : ''}`);
  if (m.missingOptionalSources.length) lines.push(`Optional sources absent: ${m.missingOptionalSources.join(', ')}.`);
  if (!f) {
    lines.push('No campaign computed (an input source is unusable).');
    return lines;
  }
  const rate = f.of.complianceRate === null ? 'n/a' : `${(100 * f.of.complianceRate).toFixed(2)}%`;
  lines.push(
    `OF identified: ${f.of.identified}, compliant ${f.of.compliant}, exempted ${f.of.exempted}, compliance rate ${rate}.`,
    `DS identified: ${f.ds.identified}. Persons in DS or OF: ${f.population?.total ?? 'n/a'}.`,
    `Found: scolarisé ${f.found.scolarise}, apprentissage ${f.found.apprentissage}, accompagné ML ${f.found.accompagneMl}; solution recorded in follow-up ${f.found.suivi}.`,
    `Matcher review: ${f.matching.reviewDeca} DECA contracts, ${f.matching.reviewImilo} I-Milo pathways.`,
    `Non retrouvés: ${f.nonRetrouves.total} in the region; ${f.filter ? `lists of ${f.filter.psad.join(', ')} only` : `${f.nonRetrouves.byPsad.length} lists`}:`,
  );
  for (const p of f.nonRetrouves.byPsad) lines.push(`  ${p.codePsad.padEnd(14)} ${String(p.count).padStart(6)}  ${p.libellePsad}`);
  return lines;
}
