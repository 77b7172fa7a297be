import type { FoundStatus } from '../campaign/campaign-rules.js';
import type { LatestRowsJob } from './campaign-latest-rows.js';

/** A solution record linked to a person; `weight` null for a deterministic link (NUMERO_SIEI, or `by` a review decision). */
export interface PopulationHit {
  source: FoundStatus;
  file: number;
  line: number;
  weight: number | null;
  by?: 'decision';
}

export interface PopulationPerson {
  personId: number;
  /** The rowid of the person's latest enrolment: the row of `campaign_person` is read from it. */
  latestRowid: number;
  inDs: boolean;
  inOf: boolean;
  diplomaLevel: number | null;
  hits: readonly PopulationHit[];
}

/**
 * The persons of the DS and OF populations, held by the campaign from the persons pass to the
 * writing of its rows, across the matching: their person, latest enrolment's rowid and verdict in
 * arrays of numbers, and the solutions found for them. Their rows, as objects of the latest
 * enrolment's values, were held through the matching instead (nationally 237,000 persons): with the
 * key index built without its sort's copies, the campaign stage alone peaked at 1,614 instead of
 * 1,944 MiB nationally, for one more read by rowid a person when the rows are written.
 */
export class CampaignPopulation {
  private readonly personIds: number[] = [];
  private readonly latestRowids: number[] = [];
  /** IN_DS | IN_OF. */
  private readonly flags: number[] = [];
  private readonly diplomaLevels: (number | null)[] = [];
  /** By place in the population, for the persons found. */
  private readonly hits = new Map<number, PopulationHit[]>();

  get size(): number {
    return this.personIds.length;
  }

  /** Persons come in ascending id order (the persons pass reads them so), which `placeOf` relies on. */
  add(personId: number, latestRowid: number, verdict: { inDs: boolean; inOf: boolean; diplomaLevel: number | null }): void {
    const last = this.personIds[this.personIds.length - 1];
    if (last !== undefined && personId <= last) throw new Error(`CampaignPopulation: person ${personId} added after person ${last}`);
    this.personIds.push(personId);
    this.latestRowids.push(latestRowid);
    this.flags.push((verdict.inDs ? IN_DS : 0) | (verdict.inOf ? IN_OF : 0));
    this.diplomaLevels.push(verdict.diplomaLevel);
  }

  /** A solution found for `personId`; nothing when the person is in neither population. */
  addHit(personId: number, hit: PopulationHit): void {
    const place = this.placeOf(personId);
    if (place < 0) return;
    const hits = this.hits.get(place);
    if (hits) hits.push(hit);
    else this.hits.set(place, [hit]);
  }

  /** Each person's id and latest enrolment's rowid, in the order of `persons` (campaign-latest-rows.ts). */
  latestRowsJob(): LatestRowsJob {
    return { personIds: Float64Array.from(this.personIds), latestRowids: Float64Array.from(this.latestRowids) };
  }

  /** The persons in ascending id order. */
  *persons(): Generator<PopulationPerson> {
    for (let i = 0; i < this.personIds.length; i++) {
      yield {
        personId: this.personIds[i]!,
        latestRowid: this.latestRowids[i]!,
        inDs: (this.flags[i]! & IN_DS) !== 0,
        inOf: (this.flags[i]! & IN_OF) !== 0,
        diplomaLevel: this.diplomaLevels[i]!,
        hits: this.hits.get(i) ?? NO_HITS,
      };
    }
  }

  private placeOf(personId: number): number {
    const ids = this.personIds;
    let lo = 0;
    let hi = ids.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (ids[mid]! < personId) lo = mid + 1;
      else hi = mid;
    }
    return lo < ids.length && ids[lo] === personId ? lo : -1;
  }
}

const IN_DS = 1;
const IN_OF = 2;
const NO_HITS: readonly PopulationHit[] = [];
