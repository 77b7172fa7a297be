import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { collectGarbage } from '../collect-garbage.js';
import { forgetNames } from '../matcher/features.js';
import { COMPARISONS } from '../matcher/comparisons.js';
import { matchThreads } from '../matcher/match-threads.js';
import { linkRecords } from '../matcher/link-records.js';
import type { RunContext } from '../run-context.js';
import { mergeSchoolLinkPersons, type SchoolLinkPersonsPart } from './school-link-persons.js';
import { startSchoolLinkPass, type StartedSchoolLinkPass } from './school-link-ranges.js';
import { mergeEnrolmentPersons } from './enrolment-persons.js';
import { campaignPersonsPart, mergeCampaignPersons, type CampaignPersonsInput } from './campaign-persons.js';
import type { CampaignHandoff } from './campaign-handoff.js';
import { communeReferential } from './commune-referential.js';
import { schoolPersons } from './school-persons.js';

export interface SchoolLinkResult {
  /** Leavers of the DS or OF populations compared (the records side). */
  leavers: number;
  /** Persons enrolled at D whose records start recently: where a leaver's new INE would be. */
  arrivals: number;
  candidatePairs: number;
  /** Leavers found to be an arrival under another INE: merged into one person. */
  merged: number;
  /** Links refused because the two school histories overlap in time (two pupils, not one). */
  overlapping: number;
  /** Links refused because the birth dates or first names are not the same (a sibling, a homonym). */
  notExact: number;
  review: number;
}

/**
 * The probabilistic pass of school deduplication (issue 4, point 3). The deterministic pass of the
 * resolve stage joins INEs whose identity is exactly the same; a pupil who changes school and gets a
 * new INE under a variant spelling (an accent lost, a typo, a first name dropped, a birth place
 * missing) is left as two persons: the old one looks like a leaver, and would be listed as non
 * retrouvé while enrolled elsewhere (measured on Hauts-de-France: 29 of the OF population).
 *
 * Only the pairs that change a list are compared: each leaver of the DS or OF populations (records)
 * against the persons enrolled at D whose records start in year N−1 or later (persons), with the
 * same Fellegi-Sunter matcher and decision rules as DECA and I-Milo (blocking, EM, margin, first
 * names that differ never link). A wrong merge hides a leaver from every list, so a link is kept
 * only when, beyond the matcher's decision:
 * - the birth dates agree (exactly, or day and month swapped) and so do the main first names (or
 *   with a typing slip): both sides are school files, where dates are checked against the civil
 *   register; a date one digit off is a brother or a sister far more often than a typo (measured on
 *   Hauts-de-France: every such link was a sibling or a homonym);
 * - the arrival's history starts after the leaver's ends: a later school year, or the same year with
 *   the leaver's exit dated no later than the arrival's entry. Two histories side by side are two pupils.
 * The persons linked are merged, the oldest person (hence its NUMERO_SIEI) kept.
 */
export async function linkSchoolIdentities(ctx: RunContext, sqlite: SQLiteDatabase, handoff?: CampaignHandoff, started = startSchoolLink(ctx, sqlite, handoff)): Promise<SchoolLinkResult> {
  const { asOf, matcher: settings } = ctx.config;
  const runId = ctx.runId;
  const { campaign, passStart, passProgress } = started;
  let parts: SchoolLinkPersonsPart[];
  try {
    parts = await started.pass.finish(sqlite);
  } finally {
    passProgress.stop();
  }
  const { leavers, leaverIdentities, arrivals, arrivalStart, campaignParts } = mergeSchoolLinkPersons(parts);
  parts = [];
  ctx.log.debug({ event: 'resolve.school_persons', campaignPersons: !!campaign, durationMs: Math.round(performance.now() - passStart) }, "the school link's pass over the school persons");
  // The campaign's persons as they are once the persons merged below are: each merged group's
  // persons left out, the person that keeps them read again.
  const handOver = (moved: readonly (readonly [from: number, to: number])[]) => {
    if (!handoff || !campaign || !campaignParts) return;
    const t0 = performance.now();
    const kept = [...new Set(moved.map(([, to]) => to))].sort((a, b) => a - b);
    const redone = moved.length ? { persons: new Set(moved.flat()), part: campaignPersonsPart(schoolPersons(sqlite, runId, { persons: kept }), campaign) } : undefined;
    handoff.putPersons(mergeCampaignPersons(runId, campaignParts, redone));
    ctx.log.debug({ event: 'resolve.campaign_persons', persons: campaignParts.reduce((n, p) => n + p.identities.personIds.length, 0), redone: kept.length, durationMs: Math.round(performance.now() - t0) }, "the campaign's persons handed over");
  };
  // The ranges' parts go before the matcher fills the heap.
  collectGarbage();
  const result: SchoolLinkResult = { leavers: leavers.length, arrivals: arrivalStart.size, candidatePairs: 0, merged: 0, overlapping: 0, notExact: 0, review: 0 };
  if (!leavers.length || !arrivalStart.size) {
    handoff?.indexSolutions(settings);
    handOver([]);
    return result;
  }

  forgetNames();
  // The cores share the work: the random pairs of u (2.25 million) are most of this link's work.
  const link = await linkRecords(leavers, arrivals, settings, undefined, { threads: matchThreads(), recordIdentities: leaverIdentities });
  // The campaign's records indexed on the other core while this one decides and merges (campaign-handoff.ts).
  handoff?.indexSolutions(settings);
  result.candidatePairs = link.candidatePairs;

  const merges: number[][] = [];
  link.decisions.forEach((d, i) => {
    if (d.decision === 'review') result.review++;
    if (d.decision !== 'match') return;
    const leaver = leavers[i]!;
    if (d.levels![BIRTH_DATE]! < DATE_SWAPPED || d.levels![FIRST_NAME]! < FIRST_NAME_TYPO) {
      result.notExact++;
      return;
    }
    const group = [d.personId!, d.alsoPersonId].filter((id): id is number => id !== null);
    const startsAfter = ({ firstYear, firstEntry }: { firstYear: number; firstEntry: string | null }) =>
      firstYear > leaver.lastYear || (firstYear === leaver.lastYear && leaver.lastExit !== null && firstEntry !== null && leaver.lastExit <= firstEntry);
    if (!group.every((id) => startsAfter(arrivalStart.get(id)!))) {
      result.overlapping++;
      return;
    }
    merges.push([leaver.personId, ...group]);
  });
  // An arrival claimed by two leavers would merge three people on the matcher's word: leave it.
  const claims = new Map<number, number>();
  for (const g of merges) for (const id of g.slice(1)) claims.set(id, (claims.get(id) ?? 0) + 1);
  const move = sqlite.prepare('UPDATE person_ine SET person_id = ? WHERE person_id = ?');
  const moved: [from: number, to: number][] = [];
  sqlite.transaction(() => {
    for (const group of merges) {
      if (group.slice(1).some((id) => claims.get(id)! > 1)) continue;
      const keep = Math.min(...group);
      for (const id of group) {
        if (id === keep) continue;
        move.run(keep, id);
        moved.push([id, keep]);
      }
      result.merged++;
    }
    mergeEnrolmentPersons(sqlite, moved);
  })();
  handOver(moved);
  ctx.log.info(
    { event: 'resolve.school_link', ...result, pairsByRule: link.pairsByRule },
    `${result.merged} leavers found enrolled under another INE (${result.leavers} leavers, ${result.arrivals} recent enrolments compared)`,
  );
  return result;
}

/** The school link's pass over the school persons, started: see `startSchoolLink`. */
export interface StartedSchoolLink {
  campaign: CampaignPersonsInput | undefined;
  pass: StartedSchoolLinkPass;
  passStart: number;
  passProgress: ReturnType<RunContext['progress']['start']>;
}

/**
 * Starts the school link's pass over the school persons (its workers read from now:
 * school-link-ranges.ts), for `linkSchoolIdentities`. `persons`: the run's persons as the resolve
 * stage numbered them, their enrolments committed in `enrolment_person` and the persons themselves
 * still being written on this thread (resolve.stage.ts); else read from the database.
 */
export function startSchoolLink(ctx: RunContext, sqlite: SQLiteDatabase, handoff?: CampaignHandoff, persons?: { maxPersonId: number }): StartedSchoolLink {
  const { asOf, campaign: rules } = ctx.config;
  // With a handoff, the campaign's persons are built from the same rows (campaign-persons.ts).
  const campaign = handoff && { asOf, rules, postalCodes: [...communeReferential(sqlite, ctx.runId).postalOfCommune] };
  // Read in chunks of persons side by side (school-link-ranges.ts); the arrivals are held in memory
  // (identity-store.ts): the matcher reads them twice, and the school files once is enough.
  const passStart = performance.now();
  const passProgress = ctx.progress.start('school link', null, 'persons');
  const pass = startSchoolLinkPass(sqlite, ctx.runId, { asOf, rules, campaign }, {
    onPersons: (n) => passProgress.tick(n),
    maxPersonId: persons?.maxPersonId,
    enrolmentPersons: persons !== undefined,
  });
  return { campaign, pass, passStart, passProgress };
}

const BIRTH_DATE = COMPARISONS.findIndex((c) => c.name === 'birth_date');
const DATE_SWAPPED = COMPARISONS[BIRTH_DATE]!.levels.indexOf('day_month_swapped');
const FIRST_NAME = COMPARISONS.findIndex((c) => c.name === 'first_name');
const FIRST_NAME_TYPO = COMPARISONS[FIRST_NAME]!.levels.indexOf('main_name_with_typo');
