import { BlockingIndex } from './blocking-index.js';
import { KeyTraits, RULE_NAME_OF } from './blocking-keys.js';
import { CandidateFinder } from './candidate-finder.js';
import { COMPARISONS } from './comparisons.js';
import type { Identity } from './features.js';
import type { IdentityStore } from './identity-store.js';
import { encodePattern, TRAINING_SESSIONS } from './model.js';
import { levelsInto, PairScorer } from './pair-scorer.js';
import type { MatcherSettings } from './settings.js';
import type { StoredLevels } from './stored-levels.js';
import { StoredKeyTraits } from './stored-key-traits.js';
import type { TopCandidates } from './top-candidates.js';

/** The rules of the training sessions: the only ones whose pairs the first pass counts. */
const SESSION_RULES: ReadonlySet<string> = new Set(TRAINING_SESSIONS.map((t) => t.rule));

/** Persons a thread takes at a time: the threads share the persons chunk by chunk (match-threads.ts). */
export const PERSONS_PER_CHUNK = 4096;
/** Sampled records a thread takes at a time when counting levels on random pairs. */
export const RANDOM_RECORDS_PER_CHUNK = 25;

/**
 * What one chunk of persons gave in the first pass. Pattern codes and rules are listed in the order
 * they were first met, so that chunks merged in order give the maps one pass in order would have
 * built (EM sums the patterns in that order: the model is the same to the last bit).
 */
export interface TrainingChunk {
  sessionCounts: [code: number, count: number][][];
  sessionPairs: number[];
  pairsByRule: [rule: string, pairs: number][];
}

export interface ScoringChunk {
  candidatePairs: number;
  pairsByRule: [rule: string, pairs: number][];
}

/** Everything a thread reads to work on persons: the same in every thread, arrays shared. */
export interface PassData {
  persons: IdentityStore;
  records: (i: number) => Identity;
  /** Record i's names alone (IdentityStore.names), for the pairs whose other comparisons came from `storedLevels`. */
  recordNames: (i: number) => Identity;
  recordCount: number;
  index: BlockingIndex;
  settings: MatcherSettings;
  /** How many school persons carry each first name, by the person store's string numbers (IdentityStore.countsOf). */
  personCounts?: Int32Array;
  /** Persons a review decision took out of each record's candidates. */
  excluded: readonly (ReadonlySet<number> | undefined)[];
  /** The records whose pairs train the model (1 a record). */
  trainingRecord: Uint8Array;
  /**
   * The keys of the training records alone, for the first pass; absent when every record trains
   * (`index` serves). Nationally 20,000 records of 692,000 train: looked up in the whole index, every
   * person's keys met every record sharing them, to keep one in thirty-five.
   */
  trainingIndex?: BlockingIndex;
  /** The cheap comparisons worked out from the stores' numbers in the scoring pass (stored-levels.ts); absent, from the identities. */
  storedLevels?: StoredLevels;
}

/**
 * The matcher's work on persons, chunk by chunk, in whichever thread runs it: the first pass
 * (pattern counts on training pairs, which persons have candidates), the u sample's random pairs,
 * and the scoring pass (the best persons of each record). Sequential parts (the person sample, the
 * surname counts, EM, decisions) stay in link-records.ts.
 */
export class PersonPasses {
  private readonly finder: CandidateFinder;
  private readonly trainingFinder: CandidateFinder;
  private readonly levels = new Array<number>(COMPARISONS.length).fill(-1);
  /**
   * 1 for a record a review decision took persons from; null when none has any (most runs). The
   * scoring pass asks for every pair: a byte read, where the list's entry was a read from memory at
   * a random place (a profile of the national matching: 4% of the pass).
   */
  private readonly hasExcluded: Uint8Array | null;
  /** The persons' keys' traits, from the store's numbers (stored-key-traits.ts). */
  private readonly storedTraits: StoredKeyTraits;
  private readonly traits = new KeyTraits();

  constructor(private readonly data: PassData) {
    this.finder = new CandidateFinder(data.index, data.recordCount, data.settings);
    this.storedTraits = new StoredKeyTraits(data.persons.shared(), this.finder.regions);
    let hasExcluded: Uint8Array | null = null;
    data.excluded.forEach((set, i) => {
      if (set?.size) (hasExcluded ??= new Uint8Array(data.recordCount))[i] = 1;
    });
    this.hasExcluded = hasExcluded;
    // The first pass counts the pairs of the training sessions' rules only: a pair the other rules
    // alone propose is skipped there (no session's bit), so their keys are not looked up.
    this.trainingFinder = new CandidateFinder(data.trainingIndex ?? data.index, data.recordCount, data.settings, (rule) => SESSION_RULES.has(RULE_NAME_OF[rule]));
  }

  /** Person i of the stream, with first-name counts when the matcher has them. */
  person(i: number): Identity {
    return this.data.persons.identity(i, this.data.personCounts);
  }

  /** Person i's names alone (IdentityStore.names). */
  private personNames(i: number): Identity {
    return this.data.persons.names(i, this.data.personCounts);
  }

  /**
   * The first pass on persons [from, to): pattern counts on candidate pairs of the training records.
   * Their pairs come in the order the whole index would give them (the training index keeps each
   * key's records in order), so the counts, hence the model, are the same to the last bit; the pairs
   * of training-only rules are counted for the training records only.
   */
  train(from: number, to: number): TrainingChunk {
    const { settings, trainingRecord } = this.data;
    const sessionCounts = TRAINING_SESSIONS.map(() => new Map<number, number>());
    const sessionPairs = TRAINING_SESSIONS.map(() => 0);
    const pairsByRule: Record<string, number> = {};
    const finder = this.trainingFinder;
    for (let p = from; p < to; p++) {
      // Training-only blocks (same names, any date) are large: every `trainingOnlyEvery`-th person is enough.
      const candidates = finder.findByTraits(this.storedTraits.of(p, this.traits), (p + 1) % settings.em.trainingOnlyEvery === 0, false, pairsByRule);
      // Built for a training record's pair only: most persons have none.
      let identity: Identity | undefined;
      for (const i of candidates) {
        const mask = finder.sessionMask(i);
        if (!mask || !trainingRecord[i]) continue;
        identity ??= this.person(p);
        const code = encodePattern(levelsInto(this.levels, identity, this.data.records(i), settings));
        for (let t = 0; t < TRAINING_SESSIONS.length; t++) {
          if (!(mask & (1 << t))) continue;
          sessionCounts[t]!.set(code, (sessionCounts[t]!.get(code) ?? 0) + 1);
          sessionPairs[t]!++;
        }
      }
    }
    return { sessionCounts: sessionCounts.map((m) => [...m]), sessionPairs, pairsByRule: Object.entries(pairsByRule) };
  }

  /** Level counts on random pairs: every sampled person with each of `records` (u). */
  randomPairs(sample: readonly Identity[], records: readonly number[]): number[][] {
    const counts = sumCounts([]);
    for (const r of records) {
      const rec = this.data.records(r);
      for (const person of sample) {
        const levels = levelsInto(this.levels, person, rec, this.data.settings);
        for (let k = 0; k < levels.length; k++) if (levels[k]! >= 0) counts[k]![levels[k]!]!++;
      }
    }
    return counts;
  }

  /**
   * The scoring pass on the persons at [from, to) of `order` (store positions): each candidate pair
   * offered to `top`, which keeps what the stream order would have kept, whatever the order.
   */
  score(from: number, to: number, scorer: PairScorer, namesMax: Float64Array, top: TopCandidates, order: Int32Array): ScoringChunk {
    const { excluded, persons, records, recordNames, storedLevels } = this.data;
    const { hasExcluded } = this;
    const pairsByRule: Record<string, number> = {};
    let candidatePairs = 0;
    for (let q = from; q < to; q++) {
      const p = order[q]!;
      const personId = persons.personId(p);
      storedLevels?.personAt(p);
      // The person's identity, or its names alone, built for the first pair that needs it.
      let identity: Identity | undefined;
      let names: Identity | undefined;
      for (const i of this.finder.findByTraits(this.storedTraits.of(p, this.traits), false, true, pairsByRule)) {
        candidatePairs++;
        if (hasExcluded?.[i] && excluded[i]!.has(personId)) continue;
        const floor = top.floor(i);
        let w: number;
        if (storedLevels?.levelsInto(scorer.levels, i)) {
          // The names are read only for the pairs the dates and places leave (stored-levels.ts).
          const partial = scorer.cheapWeightAbove(floor, namesMax[i]!);
          w = partial === -Infinity ? -Infinity : scorer.namesAbove((names ??= this.personNames(p)), recordNames(i), partial, floor);
        } else w = scorer.scoreAbove((identity ??= this.person(p)), records(i), floor, namesMax[i]!);
        // At the floor's weight too: a person earlier in the stream than the last one kept goes before it.
        if (w >= floor) top.offer(i, personId, w, encodePattern(scorer.levels), p);
      }
    }
    return { candidatePairs, pairsByRule: Object.entries(pairsByRule) };
  }
}

/** Level counts on random pairs added up, comparison by comparison (integers: the order does not matter). */
export function sumCounts(parts: readonly number[][][]): number[][] {
  return COMPARISONS.map((c, k) => c.levels.map((_, l) => parts.reduce((sum, p) => sum + p[k]![l]!, 0)));
}
