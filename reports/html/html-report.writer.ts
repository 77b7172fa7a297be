import { existsSync } from 'node:fs';
import { join } from 'node:path';
import type { Kysely } from 'kysely';
import { MODE_PUBLIC, writeFileAtomic } from '../../pipeline/atomic-write.js';
import { runsWithHeadlineFigures } from '../../pipeline/db/repositories/run.repository.js';
import type { Database } from '../../pipeline/db/tables/index.js';
import type { KeyFigures } from '../key-figures.js';
import type { RunManifest } from '../run-manifest.writer.js';
import type { RunStatus } from './labels-fr.js';
import { renderRunPage } from './run-page.js';
import { renderRunsIndex, type RunIndexItem } from './runs-index-page.js';

export const RUN_PAGE = 'rapport.html';
export const RUN_PAGES_DIR = 'rapports';
export const RUNS_INDEX = 'index.html';

/** The kept page of a run in `rapports/`: sorts by campaign date, then by run id (start time). */
export function runPageFileName(asOf: string, runId: string): string {
  return `${asOf}_${runId}.html`;
}

/**
 * Writes `rapport.html` (this run), its copy kept in `rapports/`, and `rapports/index.html` (every run
 * of the database). Called once the run's status and end time are known, since the pages show them.
 * No personal data in any of them: normal permissions.
 */
export async function writeHtmlReports(db: Kysely<Database>, outDir: string, figures: KeyFigures | null, manifest: RunManifest): Promise<string[]> {
  const written: string[] = [];
  const pagesDir = join(outDir, RUN_PAGES_DIR);
  if (figures) {
    await writeFileAtomic(join(outDir, RUN_PAGE), renderRunPage({ figures, manifest, indexHref: `${RUN_PAGES_DIR}/${RUNS_INDEX}` }), MODE_PUBLIC);
    written.push(RUN_PAGE);
    const kept = runPageFileName(figures.asOf, figures.runId);
    await writeFileAtomic(join(pagesDir, kept), renderRunPage({ figures, manifest, indexHref: RUNS_INDEX }), MODE_PUBLIC);
    written.push(`${RUN_PAGES_DIR}/${kept}`);
  }
  const items: RunIndexItem[] = (await runsWithHeadlineFigures(db)).map((r) => {
    // The database still says "running" for this run (it is updated last); any other run that does
    // was killed, since the lock lets one run at a time use the database.
    const status: RunStatus = r.runId === manifest.runId ? manifest.status : r.status === 'running' ? 'interrupted' : r.status;
    const exitCode = r.runId === manifest.runId ? manifest.exitCode : r.exitCode;
    const page = runPageFileName(r.asOf, r.runId);
    return { ...r, status, exitCode, pageHref: existsSync(join(pagesDir, page)) ? page : null };
  });
  await writeFileAtomic(join(pagesDir, RUNS_INDEX), renderRunsIndex(items), MODE_PUBLIC);
  written.push(`${RUN_PAGES_DIR}/${RUNS_INDEX}`);
  return written;
}
