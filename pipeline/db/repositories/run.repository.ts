import { sql, type Kysely } from 'kysely';
import type { Database, RunTable } from '../tables/index.js';

/** A run of the database with the headline figures it stored (null when it computed none). */
export interface RunSummaryRow {
  runId: string;
  asOf: string;
  status: RunTable['status'];
  exitCode: number | null;
  startedAt: string;
  finishedAt: string | null;
  figures: { ofIdentified: number; ofComplianceRate: number | null; nonRetrouves: number } | null;
}

/**
 * Every run, newest first, with the headline figures read from the stored key figures by SQLite
 * itself (json_extract), so that a database of many national runs is not parsed whole for an index.
 */
export async function runsWithHeadlineFigures(db: Kysely<Database>): Promise<RunSummaryRow[]> {
  const rows = await db
    .selectFrom('run')
    .leftJoin('run_key_figures', 'run_key_figures.run_id', 'run.run_id')
    .select([
      'run.run_id',
      'run.as_of',
      'run.status',
      'run.exit_code',
      'run.started_at',
      'run.finished_at',
      sql<number | null>`json_extract(run_key_figures.figures_json, '$.of.identified')`.as('of_identified'),
      sql<number | null>`json_extract(run_key_figures.figures_json, '$.of.complianceRate')`.as('of_compliance_rate'),
      sql<number | null>`json_extract(run_key_figures.figures_json, '$.nonRetrouves.total')`.as('non_retrouves'),
      sql<number>`run_key_figures.run_id IS NOT NULL`.as('has_figures'),
    ])
    .orderBy('run.started_at', 'desc')
    .orderBy('run.run_id', 'desc')
    .execute();
  return rows.map((r) => ({
    runId: r.run_id,
    asOf: r.as_of,
    status: r.status,
    exitCode: r.exit_code,
    startedAt: r.started_at,
    finishedAt: r.finished_at,
    figures: r.has_figures ? { ofIdentified: Number(r.of_identified), ofComplianceRate: r.of_compliance_rate, nonRetrouves: Number(r.non_retrouves) } : null,
  }));
}
