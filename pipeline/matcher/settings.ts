/**
 * The matcher's settings: serialisable JSON, saved in run.json with the trained model (STYLE.md 8).
 * Thresholds are on the match weight: the sum over comparisons of log2(m/u), i.e. log2 of the Bayes
 * factor (20 bits ≈ a million to one that the agreement is not chance). There is no global prior:
 * the whole school population is compared, so the margin over the next-best person (`minMargin`)
 * is what guards against a look-alike, and a record whose owner is not in the school files can only
 * be given to someone who agrees with it on nearly everything.
 */
export type BlockingRule =
  | 'birth_date_first_name'
  | 'surname_phonetic_birth_year'
  | 'surname_phonetic_birth_day_month'
  | 'first_name_phonetic_birth_year'
  /** Training only (never proposes a link): surname and first-name sounds, no date. */
  | 'names_training';

export interface MatcherSettings {
  /** OR-ed blocking rules: a pair is compared when it shares a key of any of them. */
  blocking: readonly BlockingRule[];
  /** Jaro-Winkler cut-offs of the fuzzy levels. */
  jaroWinkler: { surnameHigh: number; surnameLow: number; firstName: number };
  /** A link needs a match weight at least this high… */
  matchWeight: number;
  /** …and this far above the next-best person, else it goes to review. */
  minMargin: number;
  /** Extra weight a link needs when the surnames disagree completely. */
  surnameMismatchPenalty: number;
  /** Pairs between `reviewWeight` and `matchWeight` (or too close to another person) go to review. */
  reviewWeight: number;
  /**
   * `trainingOnlyEvery`: training-only blocks are formed for one person in this many.
   * `trainingRecords`: EM learns from the pairs of at most this many records (a seeded sample): m
   * needs thousands of pairs, not the millions a region has, and the pairs grow with the square of
   * the population (7.9 million on Hauts-de-France).
   */
  em: { maxIterations: number; tolerance: number; trainingOnlyEvery: number; trainingRecords: number };
  uSampling: { persons: number; records: number; seed: number };
  /**
   * A first name one letter away from another is that name misspelt when it is this many times rarer
   * among school persons (comparisons.ts, `misspelt`).
   */
  firstNameMisspellingRatio: number;
  /**
   * A young person has one live apprenticeship contract and one open I-Milo pathway at a time: two
   * records of one source never link to the same person (one-to-one.ts).
   */
  oneLiveRecordPerSource: boolean;
  /**
   * A record the matcher cannot decide (review or none) between pupils at school at D under school
   * status (STATUT ST) and someone else within `minMargin` of the best is decided again without the
   * pupils, and takes that link when it is on the same birth date (or day and month swapped): a pupil
   * holds no apprenticeship contract (an apprentice's STATUT is AP) and is seldom in an open
   * mission-locale pathway, whereas a leaver is who the records are about. Homonyms born the same day,
   * one still at school, otherwise tie on every record of the leaver (link-records.ts, `decide`).
   */
  pupilsLastInTies: boolean;
  /**
   * The broad blocking rules (blocking-keys.ts, REGION_BOUNDED_NAMES) pair a record only with the persons
   * of a region it is known in (birth or residence), or with anyone when either is known nowhere:
   * without it their blocks, hence the pairs, grow with the square of the population (238 million
   * nationally). A record whose owner moved to another region and was born elsewhere is still found
   * by its birth date and first name, unless both are wrong too.
   */
  regionBlocking: boolean;
  /** Term-frequency adjustment of an exact surname agreement (MARTIN weighs less than a rare name). */
  termFrequency: boolean;
  /**
   * Prior m and u per comparison level, used where the data are too few to learn them: u is the mean
   * of the random-pair counts and `uPseudoPairs` pairs drawn from this prior; a training session with
   * fewer than `minSessionPairs` candidate pairs leaves its comparisons at the prior m. On regional
   * data (millions of random pairs, thousands of candidates) the data decide.
   */
  priors: { m: Record<string, number[]>; u: Record<string, number[]>; uPseudoPairs: number; minSessionPairs: number };
}

export const DEFAULT_MATCHER_SETTINGS: MatcherSettings = {
  blocking: ['birth_date_first_name', 'surname_phonetic_birth_year', 'surname_phonetic_birth_day_month', 'first_name_phonetic_birth_year', 'names_training'],
  jaroWinkler: { surnameHigh: 0.94, surnameLow: 0.88, firstName: 0.92 },
  matchWeight: 18,
  minMargin: 6,
  surnameMismatchPenalty: 6,
  reviewWeight: 10,
  em: { maxIterations: 50, tolerance: 1e-6, trainingOnlyEvery: 8, trainingRecords: 20000 },
  uSampling: { persons: 1500, records: 1500, seed: 20250115 },
  firstNameMisspellingRatio: 20,
  oneLiveRecordPerSource: true,
  pupilsLastInTies: true,
  regionBlocking: true,
  termFrequency: true,
  priors: {
    m: {
      surname: [0.02, 0.02, 0.06, 0.9],
      first_name: [0.03, 0.03, 0.02, 0.04, 0.88],
      birth_date: [0.02, 0.03, 0.02, 0.93],
      sex: [0.01, 0.99],
      birth_place: [0.05, 0.35, 0.6],
      residence: [0.2, 0.8],
    },
    u: {
      surname: [0.985, 0.003, 0.002, 0.01],
      first_name: [0.963, 0.005, 0.01, 0.002, 0.02],
      birth_date: [0.992, 0.007, 0.0002, 0.0007],
      sex: [0.5, 0.5],
      birth_place: [0.75, 0.24, 0.01],
      residence: [0.97, 0.03],
    },
    uPseudoPairs: 1000,
    minSessionPairs: 100,
  },
};
