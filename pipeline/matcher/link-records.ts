import { COMPARISONS } from './comparisons.js';
import { BitSet } from './bit-set.js';
import { BlockingIndex, keyHash } from './blocking-index.js';
import { blockingKeys, TRAINING_ONLY_PREFIXES, TRAINING_ONLY_RULES, type Identity } from './features.js';
import { oneLiveRecordPerPerson } from './one-to-one.js';
import { TopCandidates } from './top-candidates.js';
import { combineSessions, decodePattern, encodePattern, estimateU, levelWeights, trainSession, TRAINING_SESSIONS, type TrainedModel } from './model.js';
import { withFirstNameCounts, type FirstNameFrequency } from './first-name-frequency.js';
import type { MatcherSettings } from './settings.js';

/**
 * Links records of one kind (DECA contracts, I-Milo pathways) to persons, without a shared key:
 * blocking → comparison levels → Fellegi-Sunter scoring → decision.
 *
 * Records (the small side: only those that could be a solution at D) are indexed in memory by their
 * blocking keys; persons are streamed twice — once to count comparison patterns (EM, on the pairs of
 * a sample of records) and sample random pairs (u), once to score — so that candidate pairs are never
 * all held in memory. Every person is compared, not only those of the populations: a record that
 * belongs to someone else must not be given to a look-alike, since a young person wrongly "found" is
 * never called. Scoring skips the persons without a candidate and, exactly, the name comparisons of
 * pairs that cannot reach a record's second best (see the scoring pass).
 */
export interface LinkInput {
  identity: Identity;
  /**
   * Persons a reviewer said this record is not (a `NON` decision). The record is decided as if they
   * were not candidates: best, second best and margin are taken over the others. They still count in
   * training, so that a decision changes its own record's outcome and nothing else.
   */
  excludedPersons?: ReadonlySet<number>;
  /**
   * Records with the same value here cannot belong to the same person (a source where a young person
   * has one live record at a time: one apprenticeship contract, one open I-Milo pathway). See
   * one-to-one.ts.
   */
  oneLivePerPerson?: string;
}

export interface PersonIdentity {
  personId: number;
  identity: Identity;
}

export type Decision = 'match' | 'review' | 'none';

export interface LinkDecision {
  personId: number | null;
  weight: number;
  /** The best weight among the other persons (−Infinity when none was a candidate). */
  secondWeight: number;
  secondPersonId: number | null;
  /** A second school identity of the same young person, linked too (see the decision). */
  alsoPersonId: number | null;
  levels: number[] | null;
  decision: Decision;
}

export interface LinkResult {
  decisions: LinkDecision[];
  model: TrainedModel;
  candidatePairs: number;
  /** Candidate pairs produced by each blocking rule, each counted once per rule (a pair may come from several rules). */
  pairsByRule: Record<string, number>;
  /** Records decided again because a person they could be was held by another record of their source. */
  redecidedOneToOne: number;
  /** Records decided again without the pupils at school among their persons (`pupilsLastInTies`). */
  redecidedWithoutPupils: number;
}

export interface LinkOptions {
  /** How many school persons carry each first name, so that a misspelt first name can be told from another name (comparisons.ts); without it, only the other typo rules apply. */
  firstNames?: FirstNameFrequency;
  /** Persons already holding a live record of a source by a deterministic link (NUMERO_SIEI, a review decision), per `oneLivePerPerson` value. */
  held?: ReadonlyMap<string, ReadonlySet<number>>;
  /** Pupils at school at D under school status: last in a record's ties (settings `pupilsLastInTies`). */
  pupilAtSchool?: (personId: number) => boolean;
}

/** `onPersons(n)`: n more persons read, in either pass (for a progress bar; called every 1,024 persons). */
export function linkRecords(
  records: readonly LinkInput[],
  persons: () => Iterable<PersonIdentity>,
  settings: MatcherSettings,
  onPersons: (n: number) => void = () => undefined,
  options: LinkOptions = {},
): LinkResult {
  const { firstNames } = options;
  if (firstNames) for (const r of records) withFirstNameCounts(r.identity, firstNames);
  // Hashed at once: national records have about 12 million key strings, close to a gigabyte until indexed.
  const recordKeys = records.map((r) => blockingKeys(r.identity, settings.blocking).map(keyHash));
  const index = new BlockingIndex({
    count: recordKeys.reduce((n, keys) => n + keys.length, 0),
    forEach: (cb) => recordKeys.forEach((hashes, i) => hashes.forEach((h) => cb(h, i))),
  });
  recordKeys.length = 0;
  const stamp = new Int32Array(records.length).fill(-1);
  /** Bit s set when the pair came through the blocking rule of training session s. */
  const sessionMask = new Uint8Array(records.length);
  const sessionBit = new Map(TRAINING_SESSIONS.map((t, s) => [t.rule, 1 << s]));
  let visit = 0;
  const pairsByRule: Record<string, number> = {};
  // Scoring rules are counted in the scoring pass, training-only rules where they are used.
  let scoringPass = false;
  // Every person looks up every key of theirs, twice: what a key's rule implies is worked out once
  // per rule, and the records found go through one callback rather than a closure per key.
  const rules = new Map<number, { rule: string; trainingOnly: boolean; bit: number; ruleBit: number }>();
  const ruleOf = (k: string) => {
    // Prefixes are two letters (features.ts): the first two characters name the rule.
    if (k.charCodeAt(2) !== PIPE) throw new Error(`blocking key without a two-letter rule prefix: ${k.slice(0, 8)}`);
    const code = k.charCodeAt(0) * 65536 + k.charCodeAt(1);
    let info = rules.get(code);
    if (!info) {
      const rule = k.slice(0, 2);
      info = { rule, trainingOnly: TRAINING_ONLY_PREFIXES.has(rule), bit: sessionBit.get(rule) ?? 0, ruleBit: 1 << rules.size };
      rules.set(code, info);
    }
    return info;
  };
  const withoutTrainingOnly = settings.blocking.filter((r) => !TRAINING_ONLY_RULES.has(r));
  /** Bit of each rule that has already produced the pair: a pair counts once per rule, whatever its keys. */
  const ruleMask = new Int32Array(records.length);
  let out: number[] = [];
  let bit = 0;
  let ruleBit = 0;
  let newForRule = 0;
  /** Whether the last candidatesOf found a candidate through a rule that proposes links. */
  let scoringCandidates = false;
  const visitRecord = (i: number) => {
    if (stamp[i] !== visit) {
      stamp[i] = visit;
      sessionMask[i] = 0;
      ruleMask[i] = 0;
      out.push(i);
    }
    sessionMask[i]! |= bit;
    if (!(ruleMask[i]! & ruleBit)) {
      ruleMask[i]! |= ruleBit;
      newForRule++;
    }
  };
  const candidatesOf = (identity: Identity, withTrainingOnly: boolean): number[] => {
    visit++;
    out = [];
    scoringCandidates = false;
    // Training-only keys come last (features.ts): leaving them out keeps the order of the others.
    for (const k of blockingKeys(identity, withTrainingOnly ? settings.blocking : withoutTrainingOnly)) {
      const rule = ruleOf(k);
      bit = rule.bit;
      ruleBit = rule.ruleBit;
      newForRule = 0;
      const n = index.forEachRecord(keyHash(k), visitRecord);
      if (n && !rule.trainingOnly) scoringCandidates = true;
      if (newForRule && (rule.trainingOnly ? withTrainingOnly : scoringPass)) pairsByRule[rule.rule] = (pairsByRule[rule.rule] ?? 0) + newForRule;
    }
    return out;
  };
  const levelsOf = (a: Identity, b: Identity): number[] => COMPARISONS.map((c) => c.compare(a, b, settings) ?? -1);
  /** levelsOf into a reused buffer: training compares millions of pairs and keeps only a pattern code. */
  const levelsBuffer = new Array<number>(COMPARISONS.length).fill(-1);
  const levelsInto = (a: Identity, b: Identity): number[] => {
    for (let k = 0; k < COMPARISONS.length; k++) levelsBuffer[k] = COMPARISONS[k]!.compare(a, b, settings) ?? -1;
    return levelsBuffer;
  };

  const { trainingRecord, trainingRecords } = trainingSample(records.length, settings);

  // Pass 1: pattern counts on candidate pairs, a seeded sample of persons, surname frequencies.
  const sessionCounts = TRAINING_SESSIONS.map(() => new Map<number, number>());
  const sessionPairs = TRAINING_SESSIONS.map(() => 0);
  const rng = mulberry32(settings.uSampling.seed);
  const sample: Identity[] = [];
  const surnameCount = new Map<string, number>();
  let seen = 0;
  let candidatePairs = 0;
  // Most persons share no block with any record: the scoring pass skips them without working out
  // their keys again (one bit a person).
  const toScore = new BitSet();
  for (const p of persons()) {
    if (firstNames) withFirstNameCounts(p.identity, firstNames);
    seen++;
    if (seen % PERSONS_PER_TICK === 0) onPersons(PERSONS_PER_TICK);
    for (const s of p.identity.surnames) surnameCount.set(s, (surnameCount.get(s) ?? 0) + 1);
    if (sample.length < settings.uSampling.persons) sample.push(p.identity);
    else {
      const j = Math.floor(rng() * seen);
      if (j < sample.length) sample[j] = p.identity;
    }
    // Training-only blocks (same names, any date) are large: every `trainingOnlyEvery`-th person is enough.
    const candidates = candidatesOf(p.identity, seen % settings.em.trainingOnlyEvery === 0);
    if (scoringCandidates) toScore.add(seen - 1);
    for (const i of candidates) {
      const mask = sessionMask[i]!;
      if (!mask || !trainingRecord[i]) continue;
      const code = encodePattern(levelsInto(p.identity, records[i]!.identity));
      for (let t = 0; t < TRAINING_SESSIONS.length; t++) {
        if (!(mask & (1 << t))) continue;
        sessionCounts[t]!.set(code, (sessionCounts[t]!.get(code) ?? 0) + 1);
        sessionPairs[t]!++;
      }
    }
  }

  // u on random pairs: persons of the sample × records drawn with the same seeded generator.
  const randomCounts = COMPARISONS.map((c) => c.levels.map(() => 0));
  let randomPairs = 0;
  const recordSample = Math.min(records.length, settings.uSampling.records);
  for (let r = 0; r < recordSample; r++) {
    const rec = records[Math.floor(rng() * records.length)]!.identity;
    for (const person of sample) {
      const levels = levelsInto(person, rec);
      for (let k = 0; k < levels.length; k++) if (levels[k]! >= 0) randomCounts[k]![levels[k]!]!++;
      randomPairs++;
    }
  }
  const names = COMPARISONS.map((c) => c.name);
  const priorOf = (table: Record<string, number[]>) => COMPARISONS.map((c) => table[c.name] ?? c.levels.map(() => 1 / c.levels.length));
  const priorM = priorOf(settings.priors.m);
  const u = estimateU(randomCounts, priorOf(settings.priors.u), settings.priors.uPseudoPairs);
  const trained = TRAINING_SESSIONS.map((t, s) => ({
    ...trainSession(sessionCounts[s]!, u, t.estimates.map((n) => names.indexOf(n)), settings.em, priorM, Math.min(0.5, trainingRecords / Math.max(1, sessionPairs[s]!))),
    pairs: sessionPairs[s]!,
  }));
  const m = combineSessions(trained, TRAINING_SESSIONS, names, priorM, settings.priors.minSessionPairs);
  const model: TrainedModel = {
    comparisons: COMPARISONS.map((c, k) => ({ name: c.name, levels: c.levels, m: m[k]!, u: u[k]! })),
    sessions: TRAINING_SESSIONS.map((t, s) => ({ rule: t.rule, pairs: sessionPairs[s]!, lambda: trained[s]!.lambda, iterations: trained[s]!.iterations })),
    persons: seen,
    candidatePairs,
    randomPairs,
  };
  const weights = levelWeights(model);
  const surnameExactLevel = COMPARISONS[0]!.levels.length - 1;
  const uSurnameExact = model.comparisons[0]!.u[surnameExactLevel]!;

  // Pass 2: score every candidate pair, keep the few best persons of each record.
  scoringPass = true;
  const top = new TopCandidates(records.length, CANDIDATES_KEPT);
  /** The term-frequency adjustment of an exact surname agreement. */
  const surnameFrequencyWeight = (a: Identity, b: Identity): number => {
    // Replace the average u of an exact surname by the frequency of the surname shared.
    // The frequency is smoothed towards u like u itself: on a few persons, 1 in 7 says nothing.
    let tf = 1;
    for (const s of a.surnames) if (b.surnames.includes(s)) tf = Math.min(tf, smoothedFrequency(s));
    // log2(m/tf) instead of log2(m/u): add log2(u/tf).
    return Math.log2(uSurnameExact / Math.max(tf, 1e-7));
  };
  const smoothedFrequency = (s: string) => ((surnameCount.get(s) ?? 1) + settings.priors.uPseudoPairs * uSurnameExact) / (seen + settings.priors.uPseudoPairs);
  /** The match weight of a pair's levels: the comparisons' weights in order, then the surname's frequency. */
  const weightOf = (a: Identity, b: Identity, levels: readonly number[]): number => {
    let w = 0;
    for (let k = 0; k < levels.length; k++) if (levels[k]! >= 0) w += weights[k]![levels[k]!]!;
    if (settings.termFrequency && levels[0] === surnameExactLevel) w += surnameFrequencyWeight(a, b);
    return w;
  };
  const scorePair = (a: Identity, b: Identity): { w: number; levels: number[] } => {
    const levels = levelsOf(a, b);
    return { w: weightOf(a, b, levels), levels };
  };

  // Most candidate pairs cannot change a record's decision: they weigh no more than the last of its
  // kept persons so far (TopCandidates). The cheap comparisons (dates, sex, places) come first; when
  // even the most the names could add leaves the pair below that, the names (Jaro-Winkler) are not
  // compared. Exact: a pair left out would not have been kept.
  const maxOf = (ws: readonly number[]) => Math.max(0, ...ws); // 0: a missing value weighs nothing
  const firstNameMax = maxOf(weights[FIRST_NAME]!);
  const namesMax = records.map((r) => {
    let exact = weights[SURNAME]![surnameExactLevel]!;
    if (settings.termFrequency && r.identity.surnames.length) {
      exact += Math.log2(uSurnameExact / Math.max(Math.min(1, ...r.identity.surnames.map(smoothedFrequency)), 1e-7));
    }
    return Math.max(maxOf(weights[SURNAME]!.slice(0, surnameExactLevel)), exact) + firstNameMax;
  });
  /** What the cheap comparisons after the c-th can add at most. */
  const cheapMaxAfter = CHEAP_COMPARISONS.map((_, c) => CHEAP_COMPARISONS.slice(c + 1).reduce((sum, k) => sum + maxOf(weights[k]!), 0));
  const pairLevels = new Array<number>(COMPARISONS.length).fill(-1);
  /** The pair's weight (levels in pairLevels), or −Infinity when it is certainly below `floor`. */
  const scoreAbove = (a: Identity, b: Identity, floor: number, namesMax: number): number => {
    let partial = 0;
    for (let c = 0; c < CHEAP_COMPARISONS.length; c++) {
      const k = CHEAP_COMPARISONS[c]!;
      const l = COMPARISONS[k]!.compare(a, b, settings) ?? -1;
      pairLevels[k] = l;
      if (l >= 0) partial += weights[k]![l]!;
      if (partial + cheapMaxAfter[c]! + namesMax < floor - ROUNDING) return -Infinity;
    }
    const ls = COMPARISONS[SURNAME]!.compare(a, b, settings) ?? -1;
    pairLevels[SURNAME] = ls;
    let surnameWeight = ls >= 0 ? weights[SURNAME]![ls]! : 0;
    if (settings.termFrequency && ls === surnameExactLevel) surnameWeight += surnameFrequencyWeight(a, b);
    if (partial + surnameWeight + firstNameMax < floor - ROUNDING) return -Infinity;
    pairLevels[FIRST_NAME] = COMPARISONS[FIRST_NAME]!.compare(a, b, settings) ?? -1;
    return weightOf(a, b, pairLevels);
  };
  let scored = 0;
  for (const p of persons()) {
    if (++scored % PERSONS_PER_TICK === 0) onPersons(PERSONS_PER_TICK);
    if (!toScore.has(scored - 1)) continue;
    if (firstNames) withFirstNameCounts(p.identity, firstNames);
    for (const i of candidatesOf(p.identity, false)) {
      candidatePairs++;
      if (records[i]!.excludedPersons?.has(p.personId)) continue;
      const w = scoreAbove(p.identity, records[i]!.identity, top.floor(i), namesMax[i]!);
      if (w > top.floor(i)) top.offer(i, p.personId, w, encodePattern(pairLevels), p.identity);
    }
  }
  model.candidatePairs = candidatePairs;

  // The same person twice in the school files: they agree with each other as strongly as a link,
  // on the same first names and on the birth date (exact or with day and month swapped).
  const samePerson = (a: Identity, b: Identity): boolean => {
    const { w, levels } = scorePair(a, b);
    return w >= settings.matchWeight && levels[FIRST_NAME] === 4 && (levels[BIRTH_DATE] ?? 0) >= 2;
  };

  /**
   * The decision on record i, leaving out the persons in `taken` (held by another record of its
   * source); a record left undecided between pupils at school and someone else is decided again
   * without the pupils (settings `pupilsLastInTies`).
   */
  let redecidedWithoutPupils = 0;
  const pupilAtSchool = settings.pupilsLastInTies ? options.pupilAtSchool : undefined;
  const decide = (i: number, taken?: ReadonlySet<number>): LinkDecision => {
    const d = decideAmong(i, taken);
    if (d.decision === 'match' || !pupilAtSchool) return d;
    // Only a tie: the best other person must be within the margin of the best, pupils included. A
    // pupil who agrees with the record far better than anyone else keeps it from a weaker leaver.
    let pupils: Set<number> | null = null;
    let inTie = false;
    for (let k = 0; k < CANDIDATES_KEPT; k++) {
      const { personId, weight } = top.at(i, k);
      if (personId < 0) break;
      if (taken?.has(personId)) continue;
      // The pupils apart from `taken`, which may hold thousands (a copy per record was quadratic).
      if (pupilAtSchool(personId)) (pupils ??= new Set()).add(personId);
      else if (!inTie && weight > d.weight - settings.minMargin) inTie = true;
    }
    if (!pupils || !inTie) return d;
    // Only a link on the same birth date (or with day and month swapped): the homonyms this is for
    // were born the same day, whereas a leaver a few days off among pupils a few days off is one
    // look-alike among others (measured on Hauts-de-France: the two such links were wrong).
    const without = decideAmong(i, taken, pupils);
    if (without.decision !== 'match' || without.levels![BIRTH_DATE]! < DATE_SWAPPED) return d;
    redecidedWithoutPupils++;
    return without;
  };
  const decideAmong = (i: number, taken?: ReadonlySet<number>, alsoTaken?: ReadonlySet<number>): LinkDecision => {
    const kept: { personId: number; weight: number; pattern: number; rank: number }[] = [];
    for (let k = 0; k < CANDIDATES_KEPT && kept.length < 2; k++) {
      const c = top.at(i, k);
      if (c.personId < 0) break;
      if (!taken?.has(c.personId) && !alsoTaken?.has(c.personId)) kept.push({ ...c, rank: k });
    }
    const best = kept[0];
    // A person past the kept places weighs at most the last kept one: the margin is taken over that.
    const next = kept[1] ?? (top.full(i) ? { personId: -1, weight: top.at(i, CANDIDATES_KEPT - 1).weight, rank: -1 } : undefined);
    const weight = best?.weight ?? -Infinity;
    const secondWeight = next?.weight ?? -Infinity;
    const personId = best ? best.personId : null;
    const levels = best ? decodePattern(best.pattern) : null;
    let decision: Decision = 'none';
    // Different first names (or only a shared middle name) never link on the weight alone: brothers,
    // sisters and twins share the surname, the birth place, the residence and sometimes the birth
    // date, and conditional independence then overstates the evidence (measured on Hauts-de-France:
    // most of the wrongly found). Such a record goes to review.
    const firstLevel = levels?.[FIRST_NAME];
    const firstNameDiffers = firstLevel === 0 || firstLevel === 2;
    // A surname unlike every surname the school files know for the person (birth and usage names
    // are both compared) needs more evidence: on Hauts-de-France most links made without any surname
    // agreement at the bare threshold were someone else with the same first name and birth date.
    const required = levels?.[SURNAME] === 0 ? settings.matchWeight + settings.surnameMismatchPenalty : settings.matchWeight;
    const secondPersonId = next && next.personId >= 0 ? next.personId : null;
    let alsoPersonId: number | null = null;
    if (personId !== null && weight >= required && !firstNameDiffers) {
      if (weight - secondWeight >= settings.minMargin) decision = 'match';
      else if (best!.rank === 0 && next?.rank === 1 && secondWeight >= settings.matchWeight && samePerson(top.identity(i, 0)!, top.identity(i, 1)!)) {
        // Two school identities the deterministic pass could not merge (a second INE with a variant
        // spelling, say) are one young person: the record is theirs, not a look-alike's.
        decision = 'match';
        alsoPersonId = secondPersonId;
      }
    }
    if (decision === 'none' && personId !== null && weight >= settings.reviewWeight) decision = 'review';
    return { personId, alsoPersonId, weight, secondWeight, secondPersonId, levels, decision };
  };
  const { decisions, redecided } = oneLiveRecordPerPerson(
    records.map((_, i) => decide(i)),
    (i) => records[i]!.oneLivePerPerson,
    (i) => {
      const out: number[] = [];
      for (let k = 0; k < CANDIDATES_KEPT; k++) if (top.at(i, k).personId >= 0) out.push(top.at(i, k).personId);
      return out;
    },
    decide,
    options.held,
  );
  return { decisions, model, candidatePairs, pairsByRule, redecidedOneToOne: redecided, redecidedWithoutPupils };
}

const PERSONS_PER_TICK = 1024;
const PIPE = '|'.charCodeAt(0);
/** Persons kept per record: enough for a record to be decided when its best one or two are taken. */
const CANDIDATES_KEPT = 4;
const SURNAME = COMPARISONS.findIndex((c) => c.name === 'surname');
const FIRST_NAME = COMPARISONS.findIndex((c) => c.name === 'first_name');
const BIRTH_DATE = COMPARISONS.findIndex((c) => c.name === 'birth_date');
const DATE_SWAPPED = COMPARISONS[BIRTH_DATE]!.levels.indexOf('day_month_swapped');
/**
 * The comparisons without Jaro-Winkler, compared first when scoring to prune (see the scoring pass):
 * the cheapest first, the birth date (string slices) last.
 */
const CHEAP_COMPARISONS = [...COMPARISONS.keys()]
  .filter((k) => k !== SURNAME && k !== FIRST_NAME)
  .sort((a, b) => Number(a === BIRTH_DATE) - Number(b === BIRTH_DATE));
/** Margin for the different order of additions when a bound is compared with a weight. */
const ROUNDING = 1e-9;

/**
 * The records whose pairs train the model: all of them up to `em.trainingRecords`, else that many
 * drawn with their own seeded generator (the u sample's draws stay as they were).
 */
function trainingSample(count: number, settings: MatcherSettings): { trainingRecord: Uint8Array; trainingRecords: number } {
  const trainingRecord = new Uint8Array(count);
  const n = Math.min(count, settings.em.trainingRecords);
  if (n === count) return { trainingRecord: trainingRecord.fill(1), trainingRecords: count };
  // Floyd's algorithm: n distinct indices, each subset equally likely.
  const rng = mulberry32(settings.uSampling.seed ^ 0x5bd1e995);
  for (let j = count - n; j < count; j++) {
    const t = Math.floor(rng() * (j + 1));
    trainingRecord[trainingRecord[t] ? j : t] = 1;
  }
  return { trainingRecord, trainingRecords: n };
}

/** A small seeded generator (mulberry32) so that u sampling, hence the model, is reproducible. */
function mulberry32(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}
