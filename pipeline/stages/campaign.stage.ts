import { SOLUTION_SITUATIONS } from '../../connectors/suivi/suivi-situations.js';
import type { CampaignStatus, FoundStatus } from '../campaign/campaign-rules.js';
import { latestEnrolment, populationOf, type EnrolmentFacts } from '../campaign/leaver.js';
import { contractInForce, pathwayActive } from '../campaign/solutions.js';
import type { OpenDatabase } from '../db/database.js';
import { currentDecaVersions } from '../db/repositories/deca.repository.js';
import type { CampaignPersonTable } from '../db/tables/index.js';
import { IdentityIndex, identityKeys } from '../matcher/exact-identity.js';
import type { RunContext } from '../run-context.js';

/** Code of the list of people whose residence commune has no PSAD in the referential. */
export const UNDETERMINED_PSAD = 'NON_DETERMINE';
export const UNDETERMINED_PSAD_LABEL = 'Territoire non déterminé';

export interface CampaignResult {
  ds: number;
  of: number;
  populationTotal: number;
  found: Record<FoundStatus, number>;
  nonRetrouves: number;
  /** Records that pointed at several persons at once: not used, left for review. */
  ambiguous: { deca: number; imilo: number };
  undeterminedTerritory: number;
  psads: { codePsad: string; libellePsad: string }[];
}

interface EnrolmentRow extends EnrolmentFacts {
  person_id: number;
  ine: string;
  nom_famille: string;
  nom_usage: string | null;
  prenom1: string;
  prenom2: string | null;
  prenom3: string | null;
  sexe: string;
  date_naissance: string;
  code_commune_residence: string;
  uai: string;
  code_mef: string | null;
}

interface PopulationPerson {
  row: CampaignPersonTable;
  found: { source: FoundStatus; file: number; line: number }[];
}

/**
 * Stage 3: the DS and OF populations at D (DOMAIN.md rules 1–2), a solution looked for in every
 * source (rule 3), the PSAD of each non-retrouvé (rule 4), the follow-up recorded by the PSAD.
 * Results go to `campaign_person`, one row per person of either population, for the reports.
 */
export async function campaignStage(ctx: RunContext, store: OpenDatabase): Promise<CampaignResult> {
  const { sqlite } = store;
  const { asOf, campaign: rules } = ctx.config;
  const runId = ctx.runId;

  // 1. Populations, person by person, from all of each person's school records.
  const population = new Map<number, PopulationPerson>();
  const index = new IdentityIndex();
  const numeroOf = new Map<number, string>(
    sqlite.prepare('SELECT person_id, numero_siei FROM person').raw().all() as [number, string][],
  );
  const flush = (rows: EnrolmentRow[]) => {
    const latest = latestEnrolment(rows);
    const verdict = populationOf(rows, latest.date_naissance, asOf, rules);
    if (!verdict.inDs && !verdict.inOf) return;
    const personId = latest.person_id;
    population.set(personId, {
      found: [],
      row: {
        run_id: runId,
        person_id: personId,
        numero_siei: numeroOf.get(personId)!,
        in_ds: verdict.inDs ? 1 : 0,
        in_of: verdict.inOf ? 1 : 0,
        status: 'non_retrouve',
        found_by_json: '[]',
        suivi_situation: null,
        suivi_date: null,
        code_psad: null,
        ine: latest.ine,
        nom: latest.nom_famille,
        nom_usage: latest.nom_usage,
        prenom: latest.prenom1,
        autres_prenoms: [latest.prenom2, latest.prenom3].filter(Boolean).join(' ') || null,
        sexe: latest.sexe,
        date_naissance: latest.date_naissance,
        code_commune_residence: latest.code_commune_residence,
        dernier_uai: latest.uai,
        dernier_mef: latest.code_mef,
        derniere_annee_scolaire: latest.annee_scolaire,
        date_sortie: latest.date_sortie,
        niveau_diplome: verdict.diplomaLevel === null ? null : String(verdict.diplomaLevel),
      },
    });
    const births = new Set(rows.map((r) => r.date_naissance));
    const surnames = rows.flatMap((r) => [r.nom_famille, r.nom_usage]);
    const firstNames = rows.map((r) => r.prenom1);
    for (const b of births) index.add(personId, identityKeys(surnames, firstNames, b, latest.sexe));
  };
  let group: EnrolmentRow[] = [];
  const enrolments = sqlite
    .prepare(
      `SELECT pi.person_id, e.ine, e.nom_famille, e.nom_usage, e.prenom1, e.prenom2, e.prenom3, e.sexe, e.date_naissance,
              e.code_commune_residence, e.uai, e.annee_scolaire, e.code_mef, e.date_entree, e.date_sortie, e.niveau_diplome_obtenu
       FROM enrolment e
       JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?
       JOIN person_ine pi ON pi.ine = e.ine
       ORDER BY pi.person_id, e.input_file_id, e.line`,
    )
    .iterate(runId) as IterableIterator<EnrolmentRow>;
  for (const row of enrolments) {
    if (group.length && group[0]!.person_id !== row.person_id) {
      flush(group);
      group = [];
    }
    group.push(row);
  }
  if (group.length) flush(group);

  // 2. Solutions at D in the other sources.
  const ambiguous = { deca: 0, imilo: 0 };
  for (const v of await currentDecaVersions(store.db, runId)) {
    if (!contractInForce(v, asOf)) continue;
    const hit = index.lookup(identityKeys([v.nom], [v.prenom], v.date_naissance, v.sexe));
    if (hit && 'ambiguous' in hit) ambiguous.deca++;
    else if (hit) population.get(hit.personId)!.found.push({ source: 'apprentissage', file: v.input_file_id, line: v.line });
  }
  const personBySiei = new Map<string, number>([...numeroOf].map(([id, n]) => [n, id]));
  const pathways = sqlite
    .prepare(
      `SELECT p.* FROM imilo_pathway p JOIN run_input r ON r.input_file_id = p.input_file_id AND r.run_id = ?`,
    )
    .iterate(runId) as IterableIterator<{
    numero_siei: string | null; nom_naissance: string; nom_usage: string | null; nom_marital: string | null; prenoms: string;
    sexe: string; date_naissance: string; date_debut_parcours: string | null; date_fin_parcours: string | null;
    date_dernier_contact: string | null; input_file_id: number; line: number;
  }>;
  for (const p of pathways) {
    if (!pathwayActive(p, asOf, rules)) continue;
    // The SIEI number handed back by the mission locale is a deterministic link.
    const bySiei = p.numero_siei ? personBySiei.get(p.numero_siei) : undefined;
    const hit = bySiei !== undefined ? { personId: bySiei } : index.lookup(identityKeys([p.nom_naissance, p.nom_usage, p.nom_marital], [p.prenoms], p.date_naissance, p.sexe));
    if (hit && 'ambiguous' in hit) ambiguous.imilo++;
    else if (hit) population.get(hit.personId)?.found.push({ source: 'accompagne_ml', file: p.input_file_id, line: p.line });
  }

  // 3. Territory and follow-up.
  const psadOfCommune = new Map<string, { code: string; label: string }>();
  const psads = new Map<string, string>();
  for (const c of sqlite
    .prepare(
      `SELECT c.code_commune, c.code_psad, c.libelle_psad FROM commune_psad c
       JOIN run_input r ON r.input_file_id = c.input_file_id AND r.run_id = ? ORDER BY c.input_file_id, c.line`,
    )
    .iterate(runId) as IterableIterator<{ code_commune: string; code_psad: string; libelle_psad: string }>) {
    if (!psadOfCommune.has(c.code_commune)) psadOfCommune.set(c.code_commune, { code: c.code_psad, label: c.libelle_psad });
    if (!psads.has(c.code_psad)) psads.set(c.code_psad, c.libelle_psad);
  }
  const latestSituation = new Map<string, { situation: string; date: string }>();
  for (const s of sqlite
    .prepare(
      `SELECT s.numero_siei, s.situation, s.date_situation FROM suivi_situation s
       JOIN run_input r ON r.input_file_id = s.input_file_id AND r.run_id = ?
       WHERE s.date_situation <= ? ORDER BY s.numero_siei, s.date_situation, s.input_file_id, s.line`,
    )
    .iterate(runId, asOf) as IterableIterator<{ numero_siei: string; situation: string; date_situation: string }>) {
    latestSituation.set(s.numero_siei, { situation: s.situation, date: s.date_situation });
  }

  // 4. Status and storage.
  const found: Record<FoundStatus, number> = { scolarise: 0, apprentissage: 0, accompagne_ml: 0 };
  let nonRetrouves = 0;
  let undetermined = 0;
  let ds = 0;
  let of = 0;
  const insert = sqlite.prepare(
    `INSERT INTO campaign_person (${CAMPAIGN_COLUMNS.join(', ')}) VALUES (${CAMPAIGN_COLUMNS.map(() => '?').join(', ')})`,
  );
  sqlite.transaction(() => {
    for (const { row, found: hits } of population.values()) {
      const status: CampaignStatus = (['scolarise', 'apprentissage', 'accompagne_ml'] as const).find((s) => hits.some((h) => h.source === s)) ?? 'non_retrouve';
      row.status = status;
      row.found_by_json = JSON.stringify(hits);
      const suivi = latestSituation.get(row.numero_siei);
      row.suivi_situation = suivi?.situation ?? null;
      row.suivi_date = suivi?.date ?? null;
      const psad = row.code_commune_residence ? psadOfCommune.get(row.code_commune_residence) : undefined;
      row.code_psad = psad?.code ?? UNDETERMINED_PSAD;
      if (status === 'non_retrouve') {
        nonRetrouves++;
        if (!psad) undetermined++;
      } else found[status]++;
      ds += row.in_ds;
      of += row.in_of;
      insert.run(CAMPAIGN_COLUMNS.map((c) => row[c]));
    }
  })();

  const result: CampaignResult = {
    ds,
    of,
    populationTotal: population.size,
    found,
    nonRetrouves,
    ambiguous,
    undeterminedTerritory: undetermined,
    psads: [...psads].map(([codePsad, libellePsad]) => ({ codePsad, libellePsad })).sort((a, b) => a.codePsad.localeCompare(b.codePsad)),
  };
  ctx.log.info({ event: 'campaign.done', ds, of, population: population.size, found, nonRetrouves, ambiguous, undetermined }, `${population.size} persons in DS/OF, ${nonRetrouves} non retrouvés`);
  return result;
}

/** A solution recorded by the PSAD (or "already in a solution") makes an OF person compliant. */
export const COMPLIANT_SITUATIONS: ReadonlySet<string> = new Set([...SOLUTION_SITUATIONS, 'deja_en_solution']);

const CAMPAIGN_COLUMNS: (keyof CampaignPersonTable)[] = [
  'run_id', 'person_id', 'numero_siei', 'in_ds', 'in_of', 'status', 'found_by_json', 'suivi_situation', 'suivi_date',
  'code_psad', 'ine', 'nom', 'nom_usage', 'prenom', 'autres_prenoms', 'sexe', 'date_naissance', 'code_commune_residence',
  'dernier_uai', 'dernier_mef', 'derniere_annee_scolaire', 'date_sortie', 'niveau_diplome',
];
