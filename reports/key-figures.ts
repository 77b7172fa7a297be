import type { Kysely } from 'kysely';
import { sql } from 'kysely';
import type { Database } from '../pipeline/db/tables/index.js';
import { COMPLIANT_SITUATIONS, UNDETERMINED_PSAD, UNDETERMINED_PSAD_LABEL, type CampaignResult } from '../pipeline/stages/campaign.stage.js';
import type { ManifestInput } from './run-manifest.writer.js';

/**
 * `key-figures.json` (RUN.md), described by reports/schemas/key-figures.schema.json. Version 1 fields
 * are only ever added to; a rename or a change of meaning bumps `schemaVersion` with a documented
 * migration. No personal data.
 */
export const KEY_FIGURES_SCHEMA_VERSION = 1;

export interface KeyFigures {
  schemaVersion: number;
  asOf: string;
  runId: string;
  of: { identified: number; compliant: number; exempted: number; complianceRate: number | null };
  ds: { identified: number };
  population: { total: number; dsAndOf: number };
  nonRetrouves: { total: number; byPsad: { codePsad: string; libellePsad: string; count: number }[] };
  found: { scolarise: number; apprentissage: number; accompagneMl: number; suivi: number };
  followUp: { withSituation: number; coverage: number | null };
  /** Solution records in the matcher's review band: not linked, waiting for a person's decision. */
  matching: { reviewDeca: number; reviewImilo: number };
  inputs: { source: string; file: string; rows: number; stored: number; quarantined: number }[];
  /** The trend: per campaign date, the latest successful run of this database (this run for its own date). */
  trend: TrendPoint[];
  /** Present when `--psad` restricted the lists written (see `filterKeyFigures`). */
  filter?: { psad: string[] };
}

export interface TrendPoint {
  runId: string;
  asOf: string;
  ofIdentified: number;
  ofComplianceRate: number | null;
  dsIdentified: number;
  nonRetrouves: number;
}

/** `runs.campaignRunId`: the run whose campaign rows are counted (`runs.runId`'s own, or the campaign it reused). */
export async function computeKeyFigures(
  db: Kysely<Database>,
  { runId, campaignRunId }: { runId: string; campaignRunId: string },
  asOf: string,
  campaign: CampaignResult,
  inputs: readonly ManifestInput[],
): Promise<KeyFigures> {
  const people = await db
    .selectFrom('campaign_person')
    .select(['in_ds', 'in_of', 'status', 'suivi_situation', 'code_psad'])
    .where('run_id', '=', campaignRunId)
    .execute();
  let ofIdentified = 0;
  let compliant = 0;
  let exempted = 0;
  let foundBySuivi = 0;
  let withSituation = 0;
  let listed = 0;
  const byPsad = new Map<string, number>(campaign.psads.map((p) => [p.codePsad, 0]));
  for (const p of people) {
    const recordedSolution = p.suivi_situation !== null && COMPLIANT_SITUATIONS.has(p.suivi_situation);
    if (p.status === 'non_retrouve') {
      listed++;
      byPsad.set(p.code_psad!, (byPsad.get(p.code_psad!) ?? 0) + 1);
      if (p.suivi_situation !== null) withSituation++;
      if (recordedSolution) foundBySuivi++;
    }
    if (p.in_of) {
      ofIdentified++;
      if (p.suivi_situation === 'exempte_sante') exempted++;
      else if (p.status !== 'non_retrouve' || recordedSolution) compliant++;
    }
  }
  const labels = new Map(campaign.psads.map((p) => [p.codePsad, p.libellePsad]));
  const denominator = ofIdentified - exempted;
  const figures: KeyFigures = {
    schemaVersion: KEY_FIGURES_SCHEMA_VERSION,
    asOf,
    runId,
    of: { identified: ofIdentified, compliant, exempted, complianceRate: denominator > 0 ? round4(compliant / denominator) : null },
    ds: { identified: campaign.ds },
    population: { total: campaign.populationTotal, dsAndOf: people.filter((p) => p.in_ds && p.in_of).length },
    nonRetrouves: {
      total: listed,
      byPsad: [...byPsad]
        .filter(([code, count]) => code !== UNDETERMINED_PSAD || count > 0)
        .map(([codePsad, count]) => ({ codePsad, libellePsad: labels.get(codePsad) ?? UNDETERMINED_PSAD_LABEL, count }))
        .sort((a, b) => a.codePsad.localeCompare(b.codePsad)),
    },
    found: {
      scolarise: campaign.found.scolarise,
      apprentissage: campaign.found.apprentissage,
      accompagneMl: campaign.found.accompagne_ml,
      suivi: foundBySuivi,
    },
    followUp: { withSituation, coverage: listed > 0 ? round4(withSituation / listed) : null },
    matching: { reviewDeca: campaign.review.deca, reviewImilo: campaign.review.imilo },
    inputs: inputs.map((i) => ({ source: i.source, file: i.file, rows: i.rows, stored: i.stored, quarantined: i.quarantined })),
    trend: [],
  };
  const point = (f: KeyFigures): TrendPoint => ({
    runId: f.runId,
    asOf: f.asOf,
    ofIdentified: f.of.identified,
    ofComplianceRate: f.of.complianceRate,
    dsIdentified: f.ds.identified,
    nonRetrouves: f.nonRetrouves.total,
  });
  // Ordered by campaign date, then by when each run started (run ids of one second do not sort).
  const earlier = await db
    .selectFrom('run_key_figures')
    .innerJoin('run', 'run.run_id', 'run_key_figures.run_id')
    .select(['run_key_figures.figures_json'])
    .where('run.status', '=', 'succeeded')
    .where('run_key_figures.run_id', '!=', runId)
    .orderBy('run_key_figures.as_of')
    .orderBy('run.started_at')
    .execute();
  // One point per campaign date, the latest run of that date: a rerun replaces its date's point, so
  // running the same campaign again gives the same trend.
  const byDate = new Map<string, TrendPoint>();
  for (const r of earlier) {
    const p = point(JSON.parse(r.figures_json) as KeyFigures);
    byDate.set(p.asOf, p);
  }
  byDate.set(asOf, point(figures));
  figures.trend = [...byDate.values()].sort((a, b) => a.asOf.localeCompare(b.asOf));
  await sql`INSERT OR REPLACE INTO run_key_figures (run_id, as_of, figures_json) VALUES (${runId}, ${asOf}, ${JSON.stringify(figures)})`.execute(db);
  return figures;
}

function round4(x: number): number {
  return Math.round(x * 10_000) / 10_000;
}

/**
 * The figures of a run restricted by `--psad`: `nonRetrouves.byPsad` lists only the PSADs whose lists
 * were written (one entry per file of `non-retrouves/`), and `filter` says so. Every other figure
 * stays the whole region's: the campaign was computed on every record (matching needs them all), the
 * figures equal those of an unfiltered run, and the trend — stored from them — stays one regional
 * series whether or not a run was filtered. `nonRetrouves.total` is therefore the region's, not the
 * sum of `byPsad`.
 */
export function filterKeyFigures(figures: KeyFigures, psad: readonly string[]): KeyFigures {
  const wanted = new Set(psad);
  const byPsad = figures.nonRetrouves.byPsad.filter((p) => wanted.has(p.codePsad));
  // NON_DETERMINE asked for and empty: still listed, like its (empty) file.
  for (const code of psad) if (!byPsad.some((p) => p.codePsad === code)) byPsad.push({ codePsad: code, libellePsad: UNDETERMINED_PSAD_LABEL, count: 0 });
  byPsad.sort((a, b) => a.codePsad.localeCompare(b.codePsad));
  return { ...figures, nonRetrouves: { ...figures.nonRetrouves, byPsad }, filter: { psad: [...psad].sort() } };
}
