import type { Database as SQLiteDatabase } from 'better-sqlite3';
import type { CampaignRules } from '../campaign/campaign-rules.js';
import { latestEnrolment, populationOf, stillEnrolled, type PopulationVerdict } from '../campaign/leaver.js';
import { BitSet } from '../matcher/bit-set.js';
import { FirstNameFrequency } from '../matcher/first-name-frequency.js';
import { detachedBuffers, IdentityStore, type DetachedIdentityStore, type NumberedIdentity } from '../matcher/identity-store.js';
import { CampaignPopulation } from './campaign-population.js';
import { SchoolIdentities } from './school-identities.js';
import { schoolPersons, type EnrolmentRow } from './school-persons.js';

/**
 * What the campaign takes from each school person of the run (campaign.stage.ts): the DS and OF
 * populations, every person's identity for the matcher, how many persons carry each first name, the
 * pupils at D, and the enrolment review.csv shows for each person.
 *
 * Built person by person from every enrolment in person order. The resolve stage's school link reads
 * exactly those rows, in ranges side by side (school-link-ranges.ts), so it builds this too when the
 * campaign follows in the same process, and hands it over with its merges applied
 * (`mergeCampaignPersons`): the campaign's own read of every enrolment in person order took about 70
 * s nationally, on one core. Alone (the stages benchmark, `siei explain`), the campaign reads them itself.
 */
export interface CampaignPersons {
  /** The run they were read for. */
  runId: string;
  /** Every school person, in person order; sealed. */
  identities: IdentityStore;
  population: CampaignPopulation;
  firstNames: FirstNameFrequency;
  /** Persons enrolled as pupils (statut ST) at D. */
  pupils: BitSet;
  /**
   * By person id: the rowid of the enrolment review.csv shows beside a record (the first of the
   * person's latest school year). A typed array: a sparse JS array grown by assignment left its
   * outgrown copies to the full collector (sampled with the heap profiler on Hauts-de-France).
   */
  shownRow: Float64Array;
}

/** What the persons are read against: D, the rules, and each commune's postal codes (a plain list, for a worker). */
export interface CampaignPersonsInput {
  asOf: string;
  rules: CampaignRules;
  postalCodes: [commune: string, codes: string[]][];
}

/** The persons of one range (or of a list of persons): typed arrays and plain data, posted from a worker as they are. */
export interface CampaignPersonsPart {
  identities: DetachedIdentityStore;
  /** Entry i of `identities`: its shown enrolment's rowid, and 1 if a pupil at D. */
  shownRowids: Float64Array;
  pupil: Uint8Array;
  /** The persons of the DS or OF populations, in person order. */
  population: { personIds: number[]; latestRowids: number[]; inDs: boolean[]; inOf: boolean[]; diplomaLevels: (number | null)[] };
}

/** Builds a part person by person (`add`, in person order), then `detach`. */
export class CampaignPersonsBuilder {
  /** Each person's identity, numbered in the table the identities' store shares with the caller's (school-link-persons.ts). */
  readonly numbering: SchoolIdentities;
  private readonly identities: IdentityStore;
  private shownRowids = new Float64Array(1 << 12);
  private pupil = new Uint8Array(1 << 12);
  private count = 0;
  private readonly population: CampaignPersonsPart['population'] = { personIds: [], latestRowids: [], inDs: [], inOf: [], diplomaLevels: [] };

  constructor(private readonly input: CampaignPersonsInput) {
    this.numbering = new SchoolIdentities(new Map(input.postalCodes));
    this.identities = new IdentityStore(this.numbering.table);
  }

  /**
   * One person's enrolments; returns what it worked out of them, for a caller that needs it too
   * (school-link-persons.ts): the identity is valid until the next `add`.
   */
  add(rows: readonly EnrolmentRow[]): { identity: NumberedIdentity; verdict: PopulationVerdict } {
    const { asOf, rules } = this.input;
    const latest = latestEnrolment(rows);
    const verdict = populationOf(rows, latest.date_naissance, asOf, rules);
    if (verdict.inDs || verdict.inOf) {
      const p = this.population;
      p.personIds.push(latest.person_id);
      p.latestRowids.push(latest.enrolment_rowid);
      p.inDs.push(verdict.inDs);
      p.inOf.push(verdict.inOf);
      p.diplomaLevels.push(verdict.diplomaLevel);
    }
    const identity = this.numbering.of(rows, latest);
    this.identities.addNumbered(latest.person_id, identity);
    if (this.count === this.pupil.length) {
      this.pupil = grown(this.pupil, new Uint8Array(2 * this.count));
      this.shownRowids = grown(this.shownRowids, new Float64Array(2 * this.count));
    }
    this.pupil[this.count] = latest.statut === 'ST' && stillEnrolled(latest, asOf) ? 1 : 0;
    let shown = rows[0]!;
    for (const r of rows) if (r.annee_scolaire > shown.annee_scolaire || (r.annee_scolaire === shown.annee_scolaire && r.enrolment_rowid < shown.enrolment_rowid)) shown = r;
    this.shownRowids[this.count++] = shown.enrolment_rowid;
    return { identity, verdict };
  }

  /**
   * The part, this builder not to be used after. Its arrays are copied to their size: grown by
   * doubling, they could hold twice the data, and a part is held until the school link's matching is done.
   */
  detach(): CampaignPersonsPart {
    return {
      identities: this.identities.detachTrimmed(),
      shownRowids: this.shownRowids.slice(0, this.count),
      pupil: this.pupil.slice(0, this.count),
      population: this.population,
    };
  }
}

/** A part's buffers, for postMessage's transfer list. */
export function campaignPartBuffers(part: CampaignPersonsPart): ArrayBuffer[] {
  return [...detachedBuffers(part.identities), part.shownRowids.buffer as ArrayBuffer, part.pupil.buffer as ArrayBuffer];
}

/** The persons of `persons` (each person's enrolments, in person order), in one part. */
export function campaignPersonsPart(persons: Iterable<EnrolmentRow[]>, input: CampaignPersonsInput): CampaignPersonsPart {
  const builder = new CampaignPersonsBuilder(input);
  for (const rows of persons) builder.add(rows);
  return builder.detach();
}

/**
 * The parts of consecutive ranges, in range order, as one pass in person order gives them; with
 * `redone`, the persons of `redone.persons` left out of the parts and those of `redone.part` (read
 * again: the school link merged persons after its pass) put in their place.
 */
export function mergeCampaignPersons(runId: string, parts: readonly CampaignPersonsPart[], redone?: { persons: ReadonlySet<number>; part: CampaignPersonsPart }): CampaignPersons {
  // Runs of consecutive entries of one part, cut around the persons redone, and each redone person alone.
  const runs: { part: CampaignPersonsPart; from: number; to: number }[] = [];
  for (const part of parts) {
    const ids = part.identities.personIds;
    let from = 0;
    for (let i = 0; i <= ids.length; i++) {
      if (i < ids.length && !redone?.persons.has(ids[i]!)) continue;
      if (i > from) runs.push({ part, from, to: i });
      from = i + 1;
    }
  }
  if (redone) for (let i = 0; i < redone.part.identities.personIds.length; i++) runs.push({ part: redone.part, from: i, to: i + 1 });
  runs.sort((a, b) => a.part.identities.personIds[a.from]! - b.part.identities.personIds[b.from]!);

  const identities = IdentityStore.concat(runs.map((r) => IdentityStore.slice(r.part.identities, r.from, r.to)));
  const last = identities.size ? identities.personId(identities.size - 1) : 0;
  const shownRow = new Float64Array(last + 1);
  const pupils = new BitSet();
  for (const { part, from, to } of runs) {
    for (let i = from; i < to; i++) {
      const id = part.identities.personIds[i]!;
      shownRow[id] = part.shownRowids[i]!;
      if (part.pupil[i]) pupils.add(id);
    }
  }

  const members: { part: CampaignPersonsPart; k: number }[] = [];
  for (const part of parts) {
    part.population.personIds.forEach((id, k) => {
      if (!redone?.persons.has(id)) members.push({ part, k });
    });
  }
  if (redone) redone.part.population.personIds.forEach((_, k) => members.push({ part: redone.part, k }));
  members.sort((a, b) => a.part.population.personIds[a.k]! - b.part.population.personIds[b.k]!);
  const population = new CampaignPopulation();
  for (const { part: { population: p }, k } of members) population.add(p.personIds[k]!, p.latestRowids[k]!, { inDs: p.inDs[k]!, inOf: p.inOf[k]!, diplomaLevel: p.diplomaLevels[k]! });

  const firstNames = FirstNameFrequency.fromCounts(identities.countFirstNames(), identities.size);
  return { runId, identities, population, firstNames, pupils, shownRow };
}

/**
 * The campaign's persons read by the campaign itself, in one pass over every enrolment in person
 * order (`onPerson` after each person, for its progress).
 */
export function readCampaignPersons(sqlite: SQLiteDatabase, runId: string, input: CampaignPersonsInput, onPerson: () => void = () => undefined): CampaignPersons {
  const builder = new CampaignPersonsBuilder(input);
  for (const rows of schoolPersons(sqlite, runId)) {
    builder.add(rows);
    onPerson();
  }
  return mergeCampaignPersons(runId, [builder.detach()]);
}

function grown<T extends Uint8Array | Float64Array>(a: T, b: T): T {
  b.set(a);
  return b;
}
