import type { ReviewSource } from '../../connectors/decisions/decision-values.js';
import { SOLUTION_SITUATIONS } from '../../connectors/suivi/suivi-situations.js';
import { FOUND_STATUSES, type CampaignStatus, type FoundStatus } from '../campaign/campaign-rules.js';
import { loadReviewDecisions, type DecisionsSummary } from '../campaign/review-decisions.js';
import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { OpenDatabase } from '../db/database.js';
import type { CampaignPersonTable, CampaignReviewTable } from '../db/tables/index.js';
import { BlockingIndex, type SharedBlockingIndex } from '../matcher/blocking-index.js';
import { forgetNames } from '../matcher/features.js';
import { IdentityStore } from '../matcher/identity-store.js';
import { collectGarbage } from '../collect-garbage.js';
import { matchThreads } from '../matcher/match-threads.js';
import { linkRecords, type LinkResult } from '../matcher/link-records.js';
import { matchSummary, type MatchSummary } from '../matcher/match-summary.js';
import type { TrainedModel } from '../matcher/model.js';
import type { MatcherSettings } from '../matcher/settings.js';
import type { RunContext } from '../run-context.js';
import { readCampaignPersons, type CampaignPersons } from './campaign-persons.js';
import type { PopulationPerson } from './campaign-population.js';
import { rowsByKey } from './rows-by-key.js';
import { latestEnrolmentOf, readLatestRows, startLatestRows, textAt, type LatestEnrolment, type LatestRows, type LatestRowsJob } from './campaign-latest-rows.js';
import type { CampaignHandoff } from './campaign-handoff.js';
import { readSolutionRecords, solutionAt, type SolutionRecord, type SolutionRecordsRead } from './solution-records.js';
import { communeReferential } from './commune-referential.js';

/** Code of the list of people whose residence commune has no PSAD in the referential. */
export const UNDETERMINED_PSAD = 'NON_DETERMINE';
export const UNDETERMINED_PSAD_LABEL = 'Territoire non déterminé';

export interface CampaignResult {
  ds: number;
  of: number;
  populationTotal: number;
  found: Record<FoundStatus, number>;
  nonRetrouves: number;
  /** Solution records in the review band (not linked): a person must decide. Each is a `campaign_review` row. */
  review: { deca: number; imilo: number };
  /** The matcher's settings, trained model and what it decided (counts only), saved in run.json. */
  matcher: { settings: MatcherSettings; model: TrainedModel; candidatePairs: number; pairsByRule: Record<string, number>; summary: MatchSummary };
  undeterminedTerritory: number;
  psads: { codePsad: string; libellePsad: string }[];
  /** Review decisions applied (decisions*.csv, this run's and every earlier one), for run.json. */
  decisions: DecisionsSummary;
}

/**
 * Stage 3: the DS and OF populations at D (DOMAIN.md rules 1–2), a solution looked for in every
 * source (rule 3), the PSAD of each non-retrouvé (rule 4), the follow-up recorded by the PSAD.
 * Results go to `campaign_person`, one row per person of either population, for the reports.
 */
export async function campaignStage(ctx: RunContext, store: OpenDatabase, handoff?: CampaignHandoff): Promise<CampaignResult> {
  const { sqlite } = store;
  const { asOf, campaign: rules, matcher: settings } = ctx.config;
  const runId = ctx.runId;

  // Looked up in SQLite rather than held: two maps of every person cost a gigabyte nationally, for the
  // numbers of the populations and of the records that carry one (`numerosOf`, below).
  const personStatement = sqlite.prepare('SELECT person_id FROM person WHERE numero_siei = ?').pluck();
  const personBySiei = { get: (numero: string) => personStatement.get(numero) as number | undefined };
  // The territory referential first: it gives the postal codes of each commune, for the matcher.
  const { psadOfCommune, postalOfCommune, psads } = communeReferential(sqlite, runId);

  // 1. Populations, person by person, from all of each person's school records: built by the resolve
  // stage's school link from its own read of them when it ran in this process (campaign-persons.ts),
  // else read here. The matcher reads its persons from memory (identity-store.ts).
  let persons: CampaignPersons | undefined = handoff?.takePersons(runId);
  if (!persons) {
    const personsProgress = ctx.progress.start('campaign', null, 'persons');
    let counted = 0;
    try {
      persons = readCampaignPersons(sqlite, runId, { asOf, rules, postalCodes: [...postalOfCommune] }, () => {
        if (++counted % PROGRESS_CHUNK === 0) personsProgress.tick(PROGRESS_CHUNK);
      });
    } finally {
      personsProgress.stop();
    }
  }
  const { population, firstNames, pupils, shownRow } = persons;
  // Let go once the records are linked: 380 MB nationally, before the rows are written.
  let schoolIdentities: IdentityStore | undefined = persons.identities;
  persons = undefined;
  const schoolPersonCount = schoolIdentities.size;

  // 2. Solutions at D in the other sources: only records that are a solution on D are linked.
  const { decisions: answers, summary: decisions } = loadReviewDecisions(sqlite, runId, personBySiei);
  let linkedBySiei = 0;
  // Persons holding a live record of a source by a deterministic link: one live record per person
  // and source (one-to-one.ts), so the matcher gives them no other record of that source.
  const held = new Map<string, Set<number>>();
  const holdPerson = (source: string, personId: number) => {
    if (!settings.oneLiveRecordPerSource) return;
    if (!held.has(source)) held.set(source, new Set());
    held.get(source)!.add(personId);
  };
  const solutions: (Omit<SolutionRecord, 'identity'> & { excludedPersons?: ReadonlySet<number>; decided: boolean; oneLivePerPerson?: string })[] = [];
  // Read in a worker while the resolve stage ran (solution-records.ts), else here.
  // Neither promise is held past its use: each holds what it gave (the read, hundreds of MB
  // nationally, let go below; the index, replaced by its records kept when some are left out).
  let handedOver = handoff?.takeSolutions(runId);
  let read: SolutionRecordsRead | undefined = (await handedOver?.read) ?? readSolutionRecords(sqlite, { runId, asOf, rules });
  let solutionsIndex = handedOver?.index;
  handedOver = undefined;
  const numerosSiei = new Map(read.numerosSiei);
  // The records given to the matcher, as runs of consecutive records read (`kept`): their identities,
  // held compactly (solution i is entry i), are those runs' entries. Nationally, about 700,000 records
  // as objects cost 600 MB through the matching (measured).
  const kept: [from: number, to: number][] = [];
  for (let k = 0; k < read.recordIds.length; k++) {
    const rec = solutionAt(read, k, numerosSiei.get(k) ?? null);
    const confirmed = answers.confirmed(reviewSource(rec), rec.recordId);
    const rejected = answers.rejected(reviewSource(rec), rec.recordId);
    // The SIEI number handed back by the mission locale is a deterministic link, unless a reviewer
    // said that this record is not that person.
    let bySiei = rec.numeroSiei ? personBySiei.get(rec.numeroSiei) : undefined;
    if (bySiei !== undefined && rejected?.has(bySiei)) bySiei = undefined;
    // A reviewer's OUI is the other deterministic link, and comes first: it is the latest word.
    if (confirmed.length) {
      decisions.linkedByDecision++;
      for (const id of confirmed) holdPerson(rec.source, id);
      for (const id of confirmed) population.addHit(id, { source: rec.source, file: rec.file, line: rec.line, weight: null, by: 'decision' });
    } else if (bySiei !== undefined) {
      linkedBySiei++;
      holdPerson(rec.source, bySiei);
      population.addHit(bySiei, { source: rec.source, file: rec.file, line: rec.line, weight: null });
    }
    // A record decided by OUI still goes through the matcher, its outcome unused: the trained model
    // then does not depend on the decisions, so that an answer changes its own record and no other.
    if (bySiei === undefined) {
      decisions.excludedPairs += rejected?.size ?? 0;
      // A record decided by a reviewer holds its person already (above); its matcher outcome holds nobody.
      const oneLivePerPerson = settings.oneLiveRecordPerSource && !confirmed.length ? rec.source : undefined;
      solutions.push({ ...rec, excludedPersons: rejected, decided: confirmed.length > 0, oneLivePerPerson });
      const last = kept[kept.length - 1];
      if (last?.[1] === k) last[1] = k + 1;
      else kept.push([k, k + 1]);
    }
  }
  // Each entry keeps its record's place in the read as its number, which the matcher does not use.
  const solutionIdentities = IdentityStore.concat(kept.map(([from, to]) => IdentityStore.slice(read!.identities, from, to)));
  // Their blocking index, when a worker built it (campaign-handoff.ts): its entries of the records
  // kept, numbered as the matcher numbers them.
  const recordIndex = solutionsIndex && keptRecordsIndex(await solutionsIndex, kept, read.recordIds.length);
  solutionsIndex = undefined;
  // The read's identities and columns are not held through the matching.
  read = undefined;
  forgetNames();
  // Nor the school link's garbage: the matching's heap grows from what is live. Without this the
  // national peak, reached in the matching, was 1,923 MiB in one run (the records' index built in a
  // worker and handed over, campaign-handoff.ts), over the 2 GB aim. Compacted: the matching holds
  // this heap to its end (collect-garbage.ts).
  collectGarbage({ compact: true });
  // The matcher goes through every school person twice (training, then scoring).
  const matchProgress = ctx.progress.start('matching', 2 * schoolPersonCount, 'persons');
  let link: LinkResult;
  let latestJob: LatestRowsJob | undefined;
  let latestRows: Promise<LatestRows> | undefined;
  const matchStart = performance.now();
  try {
    // Also in the logs (debug), for a long run without a terminal: a tenth of the way at a time.
    let read = 0;
    let logged = 0;
    const onPersons = (n: number) => {
      matchProgress.tick(n);
      read += n;
      if (read - logged >= schoolPersonCount / 5) {
        logged = read;
        ctx.log.debug({ event: 'match.progress', persons: read, of: 2 * schoolPersonCount, durationMs: Math.round(performance.now() - matchStart) }, `matching: ${read} of ${2 * schoolPersonCount} persons read`);
      }
    };
    // The cores share the work on persons (match-threads.ts); the result does not depend on their number.
    link = await linkRecords(solutions, schoolIdentities, settings, onPersons, {
      firstNames,
      held,
      threads: matchThreads(),
      pupilAtSchool: (id) => pupils.has(id),
      recordIdentities: solutionIdentities,
      recordIndex,
      // The rows of campaign_person read beside the decisions, which keep this thread alone busy.
      onScored: () => {
        latestJob = population.latestRowsJob();
        latestRows = startLatestRows(sqlite, latestJob);
      },
    });
  } finally {
    matchProgress.stop();
  }
  schoolIdentities = undefined;
  collectGarbage();
  const review = { deca: 0, imilo: 0 };
  // The person review.csv shows beside each record: their latest school year's enrolment, kept with
  // the campaign so that writing review.csv, reused campaign or not, reads no enrolment. Read for all
  // the records to review at once, with their NUMERO_SIEI (rows-by-key.ts).
  const reviewed = link.decisions.flatMap((d, i) => (d.decision === 'review' && !solutions[i]!.decided ? [d.personId!] : []));
  const shownRows = rowsByKey<{ key: number; ine: string; nom_famille: string; prenom1: string; date_naissance: string }>(
    sqlite,
    'SELECT rowid AS key, ine, nom_famille, prenom1, date_naissance FROM enrolment WHERE rowid IN (SELECT value FROM json_each(?))',
    reviewed.map((id) => shownRow[id]!),
  );
  const reviewedNumeros = numerosOf(sqlite, reviewed);
  const insertReview = sqlite.prepare(
    `INSERT INTO campaign_review (${REVIEW_COLUMNS.join(', ')}) VALUES (${REVIEW_COLUMNS.map(() => '?').join(', ')})`,
  );
  sqlite.transaction(() => {
    link.decisions.forEach((d, i) => {
      const rec = solutions[i]!;
      if (rec.decided) return;
      if (d.decision === 'review') {
        review[reviewSource(rec)]++;
        const shown = shownRows.get(shownRow[d.personId!]!)!;
        const identity = solutionIdentities.identity(i);
        const row: CampaignReviewTable = {
          run_id: runId,
          source: reviewSource(rec),
          input_file_id: rec.file,
          line: rec.line,
          record_id: rec.recordId,
          record_nom: identity.surnames.join(' / '),
          record_prenoms: identity.firstNames.join(' '),
          record_date_naissance: identity.birthDates.join(' / '),
          person_id: d.personId!,
          numero_siei: reviewedNumeros.get(d.personId!)!,
          ine: shown.ine,
          nom: shown.nom_famille,
          prenom: shown.prenom1,
          date_naissance: shown.date_naissance,
          weight: round2(d.weight),
          second_weight: Number.isFinite(d.secondWeight) ? round2(d.secondWeight) : null,
          levels_json: JSON.stringify(d.levels ?? []),
        };
        insertReview.run(REVIEW_COLUMNS.map((c) => row[c]));
      }
      if (d.decision !== 'match') return;
      for (const id of [d.personId!, d.alsoPersonId]) {
        if (id !== null) population.addHit(id, { source: rec.source, file: rec.file, line: rec.line, weight: round2(d.weight) });
      }
    });
  })();
  // Timed for the benchmark's pairs per second; a log field only, so that run.json stays comparable.
  const matchMs = Math.round(performance.now() - matchStart);
  const summary = matchSummary(link.decisions, linkedBySiei);
  ctx.log.info(
    { event: 'match.done', records: solutions.length, persons: schoolPersonCount, durationMs: matchMs, candidatePairs: link.candidatePairs, pairsByRule: link.pairsByRule, redecidedOneToOne: link.redecidedOneToOne, redecidedWithoutPupils: link.redecidedWithoutPupils, sessions: link.model.sessions, matched: summary.matched, review, linkedBySiei },
    `${solutions.length} solution records linked against school persons (${link.candidatePairs} candidate pairs)`,
  );
  logDecisions(ctx, decisions);
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

  // 3. Status and storage.
  const found: Record<FoundStatus, number> = { scolarise: 0, apprentissage: 0, accompagne_ml: 0 };
  let nonRetrouves = 0;
  let undetermined = 0;
  let ds = 0;
  let of = 0;
  const insert = sqlite.prepare(
    `INSERT INTO campaign_person (${CAMPAIGN_COLUMNS.join(', ')}) VALUES (${CAMPAIGN_COLUMNS.map(() => '?').join(', ')})`,
  );
  // Each row from the person's latest enrolment, read again by rowid (see CampaignPopulation), with
  // the person's NUMERO_SIEI (campaign-latest-rows.ts).
  const writeRow = (p: PopulationPerson, latest: LatestEnrolment, numero: string) => {
    const hits = p.hits;
    const status: CampaignStatus = FOUND_STATUSES.find((s) => hits.some((h) => h.source === s)) ?? 'non_retrouve';
    const suivi = latestSituation.get(numero);
    const psad = latest.code_commune_residence ? psadOfCommune.get(latest.code_commune_residence) : undefined;
    const row: CampaignPersonTable = {
      run_id: runId,
      person_id: p.personId,
      numero_siei: numero,
      in_ds: p.inDs ? 1 : 0,
      in_of: p.inOf ? 1 : 0,
      status,
      found_by_json: JSON.stringify(hits),
      suivi_situation: suivi?.situation ?? null,
      suivi_date: suivi?.date ?? null,
      code_psad: psad?.code ?? UNDETERMINED_PSAD,
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
      niveau_diplome: p.diplomaLevel === null ? null : String(p.diplomaLevel),
    };
    if (status === 'non_retrouve') {
      nonRetrouves++;
      if (!psad) undetermined++;
    } else found[status]++;
    ds += row.in_ds;
    of += row.in_of;
    insert.run(CAMPAIGN_COLUMNS.map((c) => row[c]));
  };
  // The rows read in a worker while the matcher decided (campaign-latest-rows.ts), else here: packed,
  // the whole population's are a few tens of MB nationally.
  const job = latestJob ?? population.latestRowsJob();
  const rows = (await latestRows) ?? readLatestRows(sqlite, job);
  latestRows = undefined;
  sqlite.transaction(() => {
    let k = 0;
    for (const p of population.persons()) {
      writeRow(p, latestEnrolmentOf(sqlite, job, rows, k), textAt(rows.numeros, k));
      k++;
    }
  })();

  const result: CampaignResult = {
    ds,
    of,
    populationTotal: population.size,
    found,
    nonRetrouves,
    review,
    matcher: { settings, model: link.model, candidatePairs: link.candidatePairs, pairsByRule: link.pairsByRule, summary },
    undeterminedTerritory: undetermined,
    psads: [...psads].map(([codePsad, libellePsad]) => ({ codePsad, libellePsad })).sort((a, b) => a.codePsad.localeCompare(b.codePsad)),
    decisions,
  };
  ctx.log.info({ event: 'campaign.done', ds, of, population: population.size, found, nonRetrouves, review, undetermined }, `${population.size} persons in DS/OF, ${nonRetrouves} non retrouvés`);
  return result;
}

/** The index of every record read, renumbered to the records kept (`kept`: runs of records read, in order), solution i as i. */
function keptRecordsIndex(index: SharedBlockingIndex, kept: readonly (readonly [from: number, to: number])[], count: number): BlockingIndex {
  const all = new BlockingIndex(index);
  if (kept.length === 1 && kept[0]![0] === 0 && kept[0]![1] === count) return all;
  const numbers = new Int32Array(count).fill(-1);
  let i = 0;
  for (const [from, to] of kept) for (let k = from; k < to; k++) numbers[k] = i++;
  return all.renumbered(numbers);
}

/** Persons between two progress ticks: a tick per person would cost more than it shows. */
const PROGRESS_CHUNK = 1024;

/** A solution recorded by the PSAD (or "already in a solution") makes an OF person compliant. */
export const COMPLIANT_SITUATIONS: ReadonlySet<string> = new Set([...SOLUTION_SITUATIONS, 'deja_en_solution']);

const REVIEW_COLUMNS: (keyof CampaignReviewTable)[] = [
  'run_id', 'source', 'input_file_id', 'line', 'record_id', 'record_nom', 'record_prenoms', 'record_date_naissance',
  'person_id', 'numero_siei', 'ine', 'nom', 'prenom', 'date_naissance', 'weight', 'second_weight', 'levels_json',
];

export const CAMPAIGN_COLUMNS: (keyof CampaignPersonTable)[] = [
  'run_id', 'person_id', 'numero_siei', 'in_ds', 'in_of', 'status', 'found_by_json', 'suivi_situation', 'suivi_date',
  'code_psad', 'ine', 'nom', 'nom_usage', 'prenom', 'autres_prenoms', 'sexe', 'date_naissance', 'code_commune_residence',
  'dernier_uai', 'dernier_mef', 'derniere_annee_scolaire', 'date_sortie', 'niveau_diplome',
];

function reviewSource(rec: Pick<SolutionRecord, 'source'>): ReviewSource {
  return rec.source === 'apprentissage' ? 'deca' : 'imilo';
}

/** Counts, and each ignored answer by file and line (no person: the NUMERO_SIEI is not logged). */
function logDecisions(ctx: RunContext, d: DecisionsSummary): void {
  const shown = 20;
  for (const u of d.unknownNumeroSiei.slice(0, shown)) {
    ctx.log.warn(
      { event: 'decisions.unknown_numero_siei', file: u.file, line: u.line, field: 'NUMERO_SIEI' },
      `${u.file}, line ${u.line}, field NUMERO_SIEI: no person of the database has this number; the decision is ignored`,
    );
  }
  if (d.unknownNumeroSiei.length > shown) {
    ctx.log.warn({ event: 'decisions.unknown_numero_siei_more', count: d.unknownNumeroSiei.length - shown }, `${d.unknownNumeroSiei.length - shown} more decisions with an unknown NUMERO_SIEI: see run.json`);
  }
  ctx.log.info(
    { event: 'decisions.applied', inForce: d.inForce, linkedByDecision: d.linkedByDecision, excludedPairs: d.excludedPairs, undecidedRows: d.undecidedRows, unknownNumeroSiei: d.unknownNumeroSiei.length },
    `review decisions: ${d.linkedByDecision} records linked by OUI, ${d.excludedPairs} pairs excluded by NON, ${d.undecidedRows} rows not decided yet`,
  );
}

function round2(x: number): number {
  return Math.round(x * 100) / 100;
}

/** The NUMERO_SIEI of each of `personIds` (rows-by-key.ts). */
function numerosOf(sqlite: SQLiteDatabase, personIds: readonly number[]): Map<number, string> {
  const rows = rowsByKey<{ key: number; numero_siei: string }>(sqlite, 'SELECT person_id AS key, numero_siei FROM person WHERE person_id IN (SELECT value FROM json_each(?))', personIds);
  return new Map([...rows].map(([id, r]) => [id, r.numero_siei]));
}
