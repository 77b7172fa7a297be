import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { OpenDatabase } from '../db/database.js';
import type { RunContext } from '../run-context.js';
import { BitSet } from '../matcher/bit-set.js';
import { collectGarbage } from '../collect-garbage.js';
import { DisjointSets } from './disjoint-sets.js';
import { readEnrolmentIdentities } from './enrolment-identities.js';
import { identityOrder, linkExactIdentities, sharedIdentityInes } from './exact-identity-links.js';
import { linkSchoolIdentities, startSchoolLink, type SchoolLinkResult, type StartedSchoolLink } from './school-link.js';
import type { CampaignHandoff } from './campaign-handoff.js';
import { SchoolHistories } from './school-spans.js';
import { markEnrolmentPersons, writeEnrolmentPersons } from './enrolment-persons.js';
import { nextPersonId, PersonWriter } from './person-writes.js';
import { PhaseTimes } from '../phase-times.js';

export interface ResolveResult {
  schoolIdentifiers: number;
  persons: number;
  newPersons: number;
  /** INEs joined to another INE of the same person by an exact identity (several INEs per person). */
  inesLinkedByIdentity: number;
  /** INEs of the same exact identity kept apart: they were at two schools at the same time (school-spans.ts). */
  inesKeptApartBySchools: number;
  /** Persons of earlier runs found to be one person now (their INEs now point at the oldest). */
  personsMerged: number;
  /** Persons of earlier runs found to be two pupils now: one keeps the NUMERO_SIEI, the other gets a new one. */
  personsSplit: number;
  /** NUMERO_SIEI drawn again because another person had it already (person-writes.ts): about once in 120 first national runs. */
  numerosDrawnAgain: number;
  /** The probabilistic pass: leavers found enrolled under another INE (school-link.ts). */
  schoolLink: SchoolLinkResult;
}

/**
 * Stage 2: the school sources deduplicated into persons, each with a stable NUMERO_SIEI.
 * Deterministic pass: one INE is one person; two INEs are one person when their records carry the
 * same exact identity and compatible birth places (exact-identity-links.ts), unless they were at two
 * schools at the same time (school-spans.ts). Then a probabilistic
 * pass (school-link.ts) links the leavers to a recent enrolment under another INE and a variant
 * identity.
 *
 * INEs are numbered in the order the run's enrolments are stored (file, then line), and persons are
 * created in the order of their first INE: person ids, hence everything ordered by them later, do not
 * depend on how the pass is computed. Memory is a few typed arrays (string-index.ts,
 * identity-records.ts, disjoint-sets.ts): about 500 MB for the 4.6 million INEs of France, where
 * Maps of strings and objects took about 3 GB.
 *
 * With `handoff`, the campaign stage of the same run gets what it would read again: its solution
 * records, read in a worker once this stage has read and linked the enrolments, and its persons, built by the
 * school link's pass over every person (campaign-persons.ts).
 */
export async function resolveStage(ctx: RunContext, store: OpenDatabase, handoff?: CampaignHandoff): Promise<ResolveResult> {
  const { result: exact, schoolLinkPass } = await exactPersons(ctx, store.sqlite, handoff);
  // The deterministic pass's arrays (about 500 MB nationally) go before the school link fills the heap again.
  collectGarbage();
  const schoolLink = await linkSchoolIdentities(ctx, store.sqlite, handoff, schoolLinkPass);
  const result = { ...exact, persons: exact.persons - schoolLink.merged, schoolLink };
  ctx.log.info({ event: 'resolve.done', ...result }, `${result.persons} persons from ${result.schoolIdentifiers} INEs (${result.newPersons} new)`);
  return result;
}

/**
 * The deterministic pass's read (in two ranges side by side: enrolment-identities.ts) and exact
 * links: the INEs joined in `sets`. The identity records are garbage once it returns (their count
 * is kept, for the log).
 */
async function exactLinks(ctx: RunContext, sqlite: SQLiteDatabase, phases: PhaseTimes) {
  const { ines, records, rowids } = await readEnrolmentIdentities(sqlite, ctx.runId);
  phases.mark('read');
  const sets = new DisjointSets(ines.size);
  // The schooling of the INEs that share an identity, read once the pass knows which they are.
  const order = identityOrder(records);
  const histories = await SchoolHistories.load(sqlite, sharedIdentityInes(records, order), rowids);
  phases.mark('histories');
  const linked = linkExactIdentities(records, sets, histories, order);
  const keptApart = histories.keptApart;
  phases.mark('link');
  return { ines, rowids, sets, linked, keptApart, records: records.count };
}

/**
 * The deterministic pass, with the person of every INE written; the school link's pass started
 * (`schoolLinkPass`) once each enrolment's person is committed, its workers reading while this
 * thread writes the persons. Its arrays are garbage once it returns.
 */
async function exactPersons(
  ctx: RunContext,
  sqlite: SQLiteDatabase,
  handoff?: CampaignHandoff,
): Promise<{ result: Omit<ResolveResult, 'schoolLink'>; schoolLinkPass: StartedSchoolLink }> {
  const t0 = performance.now();
  const phases = new PhaseTimes();
  const { ines, rowids, sets, linked, keptApart, records } = await exactLinks(ctx, sqlite, phases);
  // The records and the sort's arrays go before the solution records' worker starts: the pass's
  // heap peaked here with the worker's beside it (national RSS trace: 2,004 MiB).
  collectGarbage();
  // The campaign's solution records, read in a worker from here (campaign-handoff.ts): the rest of
  // the pass is SQLite's writes, on one core; the read before took both.
  handoff?.startSolutions(sqlite, { runId: ctx.runId, asOf: ctx.config.asOf, rules: ctx.config.campaign });

  // The person each INE had in earlier runs (0: none; person ids start at 1).
  const known = new Float64Array(ines.size);
  let storedInes = 0;
  let knownInes = 0;
  for (const [ine, personId] of sqlite.prepare('SELECT ine, person_id FROM person_ine').raw().iterate() as IterableIterator<[string, number]>) {
    storedInes++;
    const i = ines.get(ine);
    if (i >= 0) {
      known[i] = personId;
      knownInes++;
    }
  }

  phases.mark('known');
  // Each set of INEs is one person: the oldest of the persons its INEs had, or a new one, created in
  // the order of the sets (person-writes.ts).
  const { first, next } = sets.sets();
  let newPersons = 0;
  let merged = 0;
  let split = 0;
  /** Persons of earlier runs already given to a set: a person found to be two pupils keeps its number for one of them. */
  const given = new BitSet();
  // The INEs whose person is new or changed, written once the persons are: `known` then holds each one's person.
  const pending = new Int32Array(ines.size);
  let pendingCount = 0;
  // New persons numbered as SQLite would number them, in the order of the sets: written below, once
  // each enrolment's person is committed.
  const firstNewId = nextPersonId(sqlite);
  let maxPersonId = 0;
  const existing: number[] = [];
  for (const head of first) {
    existing.length = 0;
    let hadPerson = false;
    for (let i = head; i >= 0; i = next[i]!) {
      if (known[i] === 0) continue;
      hadPerson = true;
      if (!given.has(known[i]!) && !existing.includes(known[i]!)) existing.push(known[i]!);
    }
    // Every person its INEs had went to an earlier set: one pupil of two that were thought one.
    if (hadPerson && !existing.length) split++;
    let personId: number;
    if (existing.length) {
      personId = Math.min(...existing);
      merged += existing.length - 1;
      given.add(personId);
    } else {
      personId = firstNewId + newPersons;
      newPersons++;
    }
    if (personId > maxPersonId) maxPersonId = personId;
    for (let i = head; i >= 0; i = next[i]!) {
      if (known[i] === personId) continue;
      pending[pendingCount++] = i;
      known[i] = personId;
    }
  }
  phases.mark('persons');
  // Every enrolment's person, committed first (enrolment-persons.ts): the school link's pass reads
  // them in worker threads while this one writes the persons, SQLite's work on one core (nationally
  // 25–30 s, the other core mostly idle before). Alone they change no person: the table names the
  // run only in the persons' transaction, so a run killed between the two leaves it unread.
  sqlite.transaction(() => writeEnrolmentPersons(sqlite, rowids.size, (k) => rowids.rowidAt(k), (k) => known[rowids.ineAt(k)]!))();
  phases.mark('enrolmentPersons');
  let redrawn = 0;
  // The persons and INEs, and the run named in enrolment_person_run: one transaction.
  const writePersons = sqlite.transaction(() => {
    // In bulk when the new INEs outnumber the rows person_ine holds: a first run (person-writes.ts).
    const writer = new PersonWriter(sqlite, ctx.runId, ines.size - knownInes > storedInes);
    for (let k = 0; k < newPersons; k++) {
      const id = writer.newPerson();
      // The ids the INEs and enrolments were given above: nothing else writes persons meanwhile.
      if (id !== firstNewId + k) throw new Error(`resolve: person ${id} written where ${firstNewId + k} was numbered`);
    }
    phases.mark('personRows');
    // The INEs in about their key's order: in the order of their persons, each insert went to a random
    // page of person_ine's key, beyond SQLite's cache nationally (profiled: 120 s of CPU, half the pass).
    for (const i of ines.roughlySorted(pending.subarray(0, pendingCount))) writer.ine(ines.at(i), known[i]!);
    phases.mark('ines');
    writer.finish();
    redrawn = writer.redrawn;
    markEnrolmentPersons(sqlite, ctx.runId);
    phases.mark('indexes');
  });
  const schoolLinkPass = startSchoolLink(ctx, sqlite, handoff, { maxPersonId });
  try {
    writePersons();
  } catch (e) {
    // The pass's workers end on their own (their failure is the school link's to report); its progress here.
    schoolLinkPass.passProgress.stop();
    throw e;
  }
  phases.mark('commit');
  const result = { schoolIdentifiers: ines.size, persons: first.length, newPersons, inesLinkedByIdentity: linked, inesKeptApartBySchools: keptApart, personsMerged: merged, personsSplit: split, numerosDrawnAgain: redrawn };
  ctx.log.info(
    { event: 'resolve.identities', ...result, records, durationMs: Math.round(performance.now() - t0), phasesMs: phases.since(t0) },
    `${result.persons} persons from ${result.schoolIdentifiers} INEs by exact identity`,
  );
  return { result, schoolLinkPass };
}
