import { COMPARISONS, FIRST_NAMES_AGREE, firstName } from './comparisons.js';
import type { Identity } from './features.js';
import { levelWeights, type TrainedModel } from './model.js';
import type { MatcherSettings } from './settings.js';
import { STORED_COMPARISONS } from './stored-levels.js';

export const SURNAME = COMPARISONS.findIndex((c) => c.name === 'surname');
export const FIRST_NAME = COMPARISONS.findIndex((c) => c.name === 'first_name');
export const BIRTH_DATE = COMPARISONS.findIndex((c) => c.name === 'birth_date');
const SURNAME_EXACT = COMPARISONS[SURNAME]!.levels.length - 1;
/**
 * The comparisons without Jaro-Winkler, compared first when scoring to prune (see `scoreAbove`): the
 * birth date first, since it is what rules most pairs out (on Hauts-de-France a third of the scored
 * pairs were pruned once it was known; none before it), then the others.
 */
const CHEAP_COMPARISONS = [...COMPARISONS.keys()]
  .filter((k) => k !== SURNAME && k !== FIRST_NAME)
  .sort((a, b) => Number(b === BIRTH_DATE) - Number(a === BIRTH_DATE));
if ([...CHEAP_COMPARISONS].sort().join() !== [...STORED_COMPARISONS].sort().join()) throw new Error('pair-scorer: StoredLevels must work out the cheap comparisons');
/** Margin for the different order of additions when a bound is compared with a weight. */
const ROUNDING = 1e-9;

/** The level of every comparison of a pair (−1 when a value is missing), into one reused array. */
export function levelsInto(out: number[], a: Identity, b: Identity, settings: MatcherSettings): number[] {
  for (let k = 0; k < COMPARISONS.length; k++) out[k] = COMPARISONS[k]!.compare(a, b, settings) ?? -1;
  return out;
}

/** What the scoring pass needs besides the pairs, the same in every thread. */
export interface ScoringInputs {
  model: TrainedModel;
  /** How many persons carry each surname (a person counts once per surname). */
  surnameCount: ReadonlyMap<string, number>;
  /** Persons in all. */
  persons: number;
}

/**
 * Match weights of pairs under a trained model: the comparisons' weights in order, then the
 * term-frequency adjustment of an exact surname. `levels` holds the last scored pair's levels.
 */
export class PairScorer {
  readonly levels = new Array<number>(COMPARISONS.length).fill(-1);
  private readonly weights: number[][];
  private readonly uSurnameExact: number;
  private readonly firstNameMax: number;
  /** The most first names that do not agree can weigh. */
  private readonly firstNameBelowAgreementMax: number;
  /** What the cheap comparisons after the c-th can add at most. */
  private readonly cheapMaxAfter: number[];
  private readonly surnameBelowExactMax: number;

  constructor(
    inputs: ScoringInputs,
    private readonly settings: MatcherSettings,
  ) {
    this.weights = levelWeights(inputs.model);
    this.uSurnameExact = inputs.model.comparisons[SURNAME]!.u[SURNAME_EXACT]!;
    this.surnameCount = inputs.surnameCount;
    this.persons = inputs.persons;
    const w = this.weights;
    this.firstNameMax = maxOf(w[FIRST_NAME]!);
    this.firstNameBelowAgreementMax = maxOf(w[FIRST_NAME]!.slice(0, FIRST_NAMES_AGREE));
    this.cheapMaxAfter = CHEAP_COMPARISONS.map((_, c) => CHEAP_COMPARISONS.slice(c + 1).reduce((sum, k) => sum + maxOf(w[k]!), 0));
    this.surnameBelowExactMax = maxOf(w[SURNAME]!.slice(0, SURNAME_EXACT));
  }

  private readonly surnameCount: ReadonlyMap<string, number>;
  private readonly persons: number;

  /** The frequency of a surname among persons, smoothed towards u like u itself: on a few persons, 1 in 7 says nothing. */
  private smoothedFrequency(s: string): number {
    const pseudo = this.settings.priors.uPseudoPairs;
    return ((this.surnameCount.get(s) ?? 1) + pseudo * this.uSurnameExact) / (this.persons + pseudo);
  }

  /** The term-frequency adjustment of an exact surname agreement. */
  private surnameFrequencyWeight(a: Identity, b: Identity): number {
    // Replace the average u of an exact surname by the frequency of the surname shared.
    let tf = 1;
    for (const s of a.surnames) if (b.surnames.includes(s)) tf = Math.min(tf, this.smoothedFrequency(s));
    // log2(m/tf) instead of log2(m/u): add log2(u/tf).
    return Math.log2(this.uSurnameExact / Math.max(tf, 1e-7));
  }

  /** The match weight of a pair's levels. */
  weightOf(a: Identity, b: Identity, levels: readonly number[]): number {
    let w = 0;
    for (let k = 0; k < levels.length; k++) if (levels[k]! >= 0) w += this.weights[k]![levels[k]!]!;
    if (this.settings.termFrequency && levels[0] === SURNAME_EXACT) w += this.surnameFrequencyWeight(a, b);
    return w;
  }

  /** The most the names of a pair with this record can weigh (the bound `scoreAbove` prunes with). */
  namesMax(record: Identity): number {
    let exact = this.weights[SURNAME]![SURNAME_EXACT]!;
    if (this.settings.termFrequency && record.surnames.length) {
      exact += Math.log2(this.uSurnameExact / Math.max(Math.min(1, ...record.surnames.map((s) => this.smoothedFrequency(s))), 1e-7));
    }
    return Math.max(this.surnameBelowExactMax, exact) + this.firstNameMax;
  }

  /**
   * The pair's weight (levels in `levels`), or −Infinity when it is certainly below `floor`. Most
   * candidate pairs cannot change a record's decision: they weigh no more than the last of its kept
   * persons so far. The cheap comparisons (dates, sex, places) come first; when even the most the
   * names could add leaves the pair below that, the names (Jaro-Winkler) are not compared. Then the
   * surname, and the first names in two steps: exact agreement, and only when that fails and the
   * best level below it could still keep the pair, the typo and Jaro-Winkler tests (nationally a
   * fifth of the pairs whose names were compared stopped there: measured on the scoring pass).
   * Exact: a pair left out would not have been kept, and a pair kept has the weight `weightOf` gives.
   */
  scoreAbove(a: Identity, b: Identity, floor: number, namesMax: number): number {
    const { weights, levels, settings } = this;
    let partial = 0;
    for (let c = 0; c < CHEAP_COMPARISONS.length; c++) {
      const k = CHEAP_COMPARISONS[c]!;
      const l = COMPARISONS[k]!.compare(a, b, settings) ?? -1;
      levels[k] = l;
      if (l >= 0) partial += weights[k]![l]!;
      if (partial + this.cheapMaxAfter[c]! + namesMax < floor - ROUNDING) return -Infinity;
    }
    return this.namesAbove(a, b, partial, floor);
  }

  /**
   * For a pair whose cheap comparisons' levels are already in `levels` (StoredLevels): their weight,
   * or −Infinity when even the most the names could add leaves the pair below `floor`; `namesAbove`
   * then compares the names, so that the caller builds the identities (their names alone: see
   * IdentityStore.names) only for the pairs left. Together they give `scoreAbove`'s result: the cheap
   * weight is added in the same order, and the bound tested here, its last, is the lowest of its
   * bounds (each comparison adds at most its best level's weight, and none less than 0 when missing).
   */
  cheapWeightAbove(floor: number, namesMax: number): number {
    const { weights, levels } = this;
    let partial = 0;
    for (let c = 0; c < CHEAP_COMPARISONS.length; c++) {
      const k = CHEAP_COMPARISONS[c]!;
      const l = levels[k]!;
      if (l >= 0) partial += weights[k]![l]!;
    }
    return partial + this.cheapMaxAfter[CHEAP_COMPARISONS.length - 1]! + namesMax < floor - ROUNDING ? -Infinity : partial;
  }

  /** The surname, then the first names in two steps, after the cheap comparisons weighing `partial` (see scoreAbove). */
  namesAbove(a: Identity, b: Identity, partial: number, floor: number): number {
    const { weights, levels, settings } = this;
    const ls = COMPARISONS[SURNAME]!.compare(a, b, settings) ?? -1;
    levels[SURNAME] = ls;
    let surnameWeight = ls >= 0 ? weights[SURNAME]![ls]! : 0;
    if (settings.termFrequency && ls === SURNAME_EXACT) surnameWeight += this.surnameFrequencyWeight(a, b);
    if (partial + surnameWeight + this.firstNameMax < floor - ROUNDING) return -Infinity;
    if (!a.firstNames.length || !b.firstNames.length) levels[FIRST_NAME] = -1;
    else if (firstName.agrees(a, b)) levels[FIRST_NAME] = FIRST_NAMES_AGREE;
    else if (partial + surnameWeight + this.firstNameBelowAgreementMax < floor - ROUNDING) return -Infinity;
    else levels[FIRST_NAME] = firstName.belowAgreement(a, b, settings);
    return this.weightOf(a, b, levels);
  }
}

const maxOf = (ws: readonly number[]) => Math.max(0, ...ws); // 0: a missing value weighs nothing
