import { indexStoredRecords, type BlockingIndex } from './blocking-index.js';
import { RULE_NAMES, TRAINING_ONLY_NAMES } from './blocking-keys.js';
import { COMPARISONS } from './comparisons.js';
import type { Identity } from './features.js';
import type { FirstNameFrequency } from './first-name-frequency.js';
import { IdentityStore } from './identity-store.js';
import type { Chunking } from './match-protocol.js';
import { MatchThreads } from './match-threads.js';
import { collectGarbage } from '../collect-garbage.js';
import { combineSessions, decodePattern, estimateU, trainSession, TRAINING_SESSIONS, type TrainedModel } from './model.js';
import { oneLiveRecordPerPerson } from './one-to-one.js';
import { BIRTH_DATE, FIRST_NAME, levelsInto, PairScorer, SURNAME, type ScoringInputs } from './pair-scorer.js';
import { PERSONS_PER_CHUNK, PersonPasses, RANDOM_RECORDS_PER_CHUNK, sumCounts, type ScoringChunk, type TrainingChunk } from './person-passes.js';
import { scoringOrder } from './scoring-order.js';
import { sharedStoredLevels, StoredLevels } from './stored-levels.js';
import type { MatcherSettings } from './settings.js';
import { TopCandidates } from './top-candidates.js';

/**
 * Links records of one kind (DECA contracts, I-Milo pathways) to persons, without a shared key:
 * blocking → comparison levels → Fellegi-Sunter scoring → decision.
 *
 * Records (the small side: only those that could be a solution at D) are indexed in memory by their
 * blocking keys; persons are streamed twice — once to count comparison patterns (EM, on the pairs of
 * a sample of records) and sample random pairs (u), once to score — so that candidate pairs are never
 * all held in memory. Every person is compared, not only those of the populations: a record that
 * belongs to someone else must not be given to a look-alike, since a young person wrongly "found" is
 * never called. The first pass looks each person's keys up among the training records' keys alone
 * (person-passes.ts); scoring skips, exactly, the name comparisons of pairs that cannot reach a
 * record's second best (pair-scorer.ts), comparing the dates and places on the stores' numbers first
 * (stored-levels.ts), and takes the persons grouped by surname sound, for the processor's cache
 * (scoring-order.ts), keeping what the store order keeps. The work on persons is shared among
 * threads (match-threads.ts); the result does not depend on their number.
 */
export interface LinkInput {
  /** Absent when `LinkOptions.recordIdentities` holds the records' identities. */
  identity?: Identity;
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
  /**
   * Candidate pairs produced by each blocking rule, each counted once per rule (a pair may come from
   * several rules), in a fixed order (RULE_ORDER). A training-only rule's pairs are those of the training records, as the first pass
   * meets them (every `em.trainingOnlyEvery`-th person).
   */
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
  /** Threads sharing the work on persons, the main thread included (1: the main thread alone). */
  threads?: number;
  /** How the persons are cut among the threads (match-protocol.ts); tests deal small chunks. */
  chunking?: Chunking;
  /** Pupils at school at D under school status: last in a record's ties (settings `pupilsLastInTies`). */
  pupilAtSchool?: (personId: number) => boolean;
  /**
   * The records' identities in a sealed store, record i as entry i, instead of `LinkInput.identity`:
   * nationally the records as objects cost the caller about 600 MB, held through the matching.
   */
  recordIdentities?: IdentityStore;
  /**
   * The records' blocking index for `settings` (record i as in `records`), when it was built
   * beforehand: the solution records' is built in a worker while the school link decides and
   * merges (campaign-handoff.ts). Released once the scoring pass is done (BlockingIndex.release).
   */
  recordIndex?: BlockingIndex;
  /**
   * Called once the scoring pass is done and its threads closed, before the decisions, which are
   * this thread's alone: the caller may start work of its own for the cores the matching leaves.
   */
  onScored?: () => void;
}

/**
 * `persons`: the school persons, in a sealed store or as a list. `onPersons(n)`: n more persons read,
 * in either pass (for a progress bar). `options.threads`: how many threads share the work on persons
 * (match-threads.ts); the result does not depend on it.
 */
export async function linkRecords(
  records: readonly LinkInput[],
  persons: IdentityStore | (() => Iterable<PersonIdentity>),
  settings: MatcherSettings,
  onPersons: (n: number) => void = () => undefined,
  options: LinkOptions = {},
): Promise<LinkResult> {
  const { firstNames } = options;
  const store = persons instanceof IdentityStore ? persons : storeOf(persons());
  const recordStore = options.recordIdentities ?? storeOf(records.map((r, i) => ({ personId: i, identity: r.identity ?? noIdentity(i) })));
  if (recordStore.size !== records.length) throw new Error(`linkRecords: ${recordStore.size} record identities for ${records.length} records`);
  // First-name counts by string number: an identity built with its counts reads an array, not a Map.
  const personCounts = firstNames ? store.countsOf(firstNames) : undefined;
  const recordCounts = firstNames ? recordStore.countsOf(firstNames) : undefined;
  // Records are built from the store at each use, in every thread, not kept as objects: kept, they
  // cost about 600 MB a thread nationally (measured), for about 0.2 µs a use.
  const recordIdentity = (i: number) => recordStore.identity(i, recordCounts);
  // The records' keys from the store's numbers, as the persons' (stored-key-traits.ts): no identity
  // built. Or built already, in a worker (campaign-handoff.ts).
  const index = options.recordIndex ?? indexStoredRecords(recordStore.shared(), settings);
  const { trainingRecord, trainingRecords } = trainingSample(records.length, settings);
  // The first pass looks up the training records' keys alone (person-passes.ts): the index's entries
  // of those records, as an index of them alone would hold them.
  const trainingIndex = trainingRecords === records.length ? undefined : index.renumbered(Int32Array.from(trainingRecord, (t, i) => (t === 1 ? i : -1)));
  const excluded = records.map((r) => r.excludedPersons);
  const stored = sharedStoredLevels(store.shared(), recordStore.shared());
  const storedLevels = new StoredLevels(stored, store.shared());
  const recordNames = (i: number) => recordStore.names(i, recordCounts);
  const passes = new PersonPasses({ persons: store, records: recordIdentity, recordNames, recordCount: records.length, index, trainingIndex, settings, personCounts, excluded, trainingRecord, storedLevels });
  const threads = new MatchThreads(Math.max(0, (options.threads ?? 1) - 1), () => ({
    persons: store.shared(),
    records: recordStore.shared(),
    index: index.shared(),
    settings,
    personCounts: personCounts ?? null,
    recordCounts: recordCounts ?? null,
    excluded: excluded.flatMap((set, i) => (set?.size ? [[i, [...set]] as [number, number[]]] : [])),
    trainingRecord,
    trainingIndex: trainingIndex?.shared() ?? null,
    storedLevels: stored,
    depth: CANDIDATES_KEPT,
  }));
  try {
    // The indexes' memory goes once the scoring pass has looked its last key up (BlockingIndex.release).
    const releaseIndexes = () => {
      index.release();
      trainingIndex?.release();
    };
    return await link(records, store, settings, onPersons, options, { passes, threads, trainingRecords, recordIdentity, releaseIndexes });
  } finally {
    await threads.close();
  }
}

async function link(
  records: readonly LinkInput[],
  store: IdentityStore,
  settings: MatcherSettings,
  onPersons: (n: number) => void,
  options: LinkOptions,
  { passes, threads, trainingRecords, recordIdentity, releaseIndexes }: { passes: PersonPasses; threads: MatchThreads; trainingRecords: number; recordIdentity: (i: number) => Identity; releaseIndexes: () => void },
): Promise<LinkResult> {
  const chunking = options.chunking ?? { personsPerChunk: PERSONS_PER_CHUNK, dealt: false };
  const size = chunking.personsPerChunk;
  const chunks = Math.ceil(store.size / size);
  const personsOf = (k: number) => [k * size, Math.min(store.size, (k + 1) * size)] as const;
  const pairsByRule: Record<string, number> = {};
  // Rules and pattern codes in the order they were first met, chunk after chunk: see TrainingChunk.
  const addPairs = (counts: readonly [string, number][]) => {
    for (const [rule, n] of counts) pairsByRule[rule] = (pairsByRule[rule] ?? 0) + n;
  };

  // Pass 1, in order: a seeded sample of persons (reservoir), surname frequencies.
  const rng = mulberry32(settings.uSampling.seed);
  const sample: number[] = [];
  const surnameCount = store.countSurnames();
  for (let p = 0; p < store.size; p++) {
    if (sample.length < settings.uSampling.persons) sample.push(p);
    else {
      const j = Math.floor(rng() * (p + 1));
      if (j < sample.length) sample[j] = p;
    }
  }
  const seen = store.size;
  // Pass 1, shared among the threads: pattern counts on the candidate pairs of the training records.
  const trainingChunks: TrainingChunk[] = new Array(chunks);
  const trainingReplies = await threads.run(
    { type: 'train', chunks, chunking },
    (k) => {
      const [from, to] = personsOf(k);
      trainingChunks[k] = passes.train(from, to);
      onPersons(to - from);
    },
    onPersons,
  );
  for (const r of trainingReplies) if (r.type === 'train') for (const [k, chunk] of r.chunks) trainingChunks[k] = chunk;
  const sessionCounts = TRAINING_SESSIONS.map(() => new Map<number, number>());
  const sessionPairs = TRAINING_SESSIONS.map(() => 0);
  for (const chunk of trainingChunks) {
    chunk.sessionCounts.forEach((codes, t) => {
      for (const [code, n] of codes) sessionCounts[t]!.set(code, (sessionCounts[t]!.get(code) ?? 0) + n);
    });
    chunk.sessionPairs.forEach((n, t) => (sessionPairs[t]! += n));
    addPairs(chunk.pairsByRule);
  }

  // u on random pairs: persons of the sample × records drawn with the same seeded generator.
  const recordSample = Math.min(records.length, settings.uSampling.records);
  const drawn = Array.from({ length: recordSample }, () => Math.floor(rng() * records.length));
  const sampleIdentities = sample.map((p) => passes.person(p));
  const randomParts: number[][][] = [];
  const randomChunks = Math.ceil(recordSample / RANDOM_RECORDS_PER_CHUNK);
  const randomReplies = await threads.run({ type: 'random', chunks: randomChunks, chunking, sample, records: drawn }, (k) =>
    randomParts.push(passes.randomPairs(sampleIdentities, drawn.slice(k * RANDOM_RECORDS_PER_CHUNK, (k + 1) * RANDOM_RECORDS_PER_CHUNK))),
  );
  for (const r of randomReplies) if (r.type === 'random') randomParts.push(r.counts);
  const randomCounts = sumCounts(randomParts);
  const randomPairs = recordSample * sample.length;

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
    candidatePairs: 0,
    randomPairs,
  };

  // Pass 2: score every candidate pair, keep the few best persons of each record.
  const scoring: ScoringInputs = { model, surnameCount, persons: seen };
  const scorer = new PairScorer(scoring, settings);
  const namesMax = new Float64Array(new SharedArrayBuffer(records.length * Float64Array.BYTES_PER_ELEMENT));
  records.forEach((_, i) => (namesMax[i] = scorer.namesMax(recordIdentity(i))));
  const top = new TopCandidates(records.length, CANDIDATES_KEPT);
  const order = scoringOrder(store);
  const scoringChunks: ScoringChunk[] = new Array(chunks);
  const scoringReplies = await threads.run(
    { type: 'score', chunks, chunking, inputs: scoring, namesMax, order },
    (k) => {
      const [from, to] = personsOf(k);
      scoringChunks[k] = passes.score(from, to, scorer, namesMax, top, order);
      onPersons(to - from);
    },
    onPersons,
  );
  for (const r of scoringReplies) {
    if (r.type !== 'score') continue;
    for (const [k, chunk] of r.chunks) scoringChunks[k] = chunk;
    top.merge(new TopCandidates(records.length, CANDIDATES_KEPT, r.top));
  }
  // The decisions are the main thread's: the workers' heaps go now, not after them, and so do the
  // indexes (about 240 MB nationally), collected before the decisions fill the heap again.
  await threads.close();
  options.onScored?.();
  releaseIndexes();
  collectGarbage();
  let candidatePairs = 0;
  for (const chunk of scoringChunks) {
    candidatePairs += chunk.candidatePairs;
    addPairs(chunk.pairsByRule);
  }
  model.candidatePairs = candidatePairs;
  const scorePair = (a: Identity, b: Identity): { w: number; levels: number[] } => {
    const levels = levelsInto(new Array<number>(COMPARISONS.length), a, b, settings);
    return { w: scorer.weightOf(a, b, levels), levels };
  };

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
      const personId = top.personAt(i, k);
      const weight = top.weightAt(i, k);
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
    // The ranks of the best and next persons left (−1: none), read in place: see TopCandidates.personAt.
    let bestRank = -1;
    let nextRank = -1;
    for (let k = 0; k < CANDIDATES_KEPT; k++) {
      const p = top.personAt(i, k);
      if (p < 0) break;
      if (taken?.has(p) || alsoTaken?.has(p)) continue;
      if (bestRank < 0) bestRank = k;
      else {
        nextRank = k;
        break;
      }
    }
    // A person past the kept places weighs at most the last kept one: the margin is taken over that.
    const pastKept = nextRank < 0 && top.full(i);
    const weight = bestRank >= 0 ? top.weightAt(i, bestRank) : -Infinity;
    const secondWeight = nextRank >= 0 ? top.weightAt(i, nextRank) : pastKept ? top.weightAt(i, CANDIDATES_KEPT - 1) : -Infinity;
    const personId = bestRank >= 0 ? top.personAt(i, bestRank) : null;
    const levels = bestRank >= 0 ? decodePattern(top.patternAt(i, bestRank)) : null;
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
    const secondPersonId = nextRank >= 0 ? top.personAt(i, nextRank) : null;
    let alsoPersonId: number | null = null;
    if (personId !== null && weight >= required && !firstNameDiffers) {
      if (weight - secondWeight >= settings.minMargin) decision = 'match';
      else if (bestRank === 0 && nextRank === 1 && secondWeight >= settings.matchWeight && samePerson(passes.person(top.positionAt(i, 0)), passes.person(top.positionAt(i, 1)))) {
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
      for (let k = 0; k < CANDIDATES_KEPT; k++) if (top.personAt(i, k) >= 0) out.push(top.personAt(i, k));
      return out;
    },
    decide,
    options.held,
  );
  const rulesInOrder = Object.fromEntries(RULE_ORDER.filter((r) => r in pairsByRule).map((r) => [r, pairsByRule[r]!]));
  return { decisions, model, candidatePairs, pairsByRule: rulesInOrder, redecidedOneToOne: redecided, redecidedWithoutPupils };
}

/**
 * The order of `pairsByRule` (run.json, the logs), whatever rule the first persons scored met first:
 * the training-only rule, counted in the first pass, then the others as RULE_NAMES lists them.
 */
const RULE_ORDER: readonly string[] = [...RULE_NAMES].sort((a, b) => Number(TRAINING_ONLY_NAMES.has(b)) - Number(TRAINING_ONLY_NAMES.has(a)));

/** Persons kept per record: enough for a record to be decided when its best one or two are taken. */
const CANDIDATES_KEPT = 4;
const DATE_SWAPPED = COMPARISONS[BIRTH_DATE]!.levels.indexOf('day_month_swapped');

function noIdentity(record: number): never {
  throw new Error(`linkRecords: record ${record} has no identity, and no recordIdentities were given`);
}

/** Persons given as a list, held like the school persons (the matcher reads persons by their place). */
function storeOf(persons: Iterable<PersonIdentity>): IdentityStore {
  const store = new IdentityStore();
  for (const p of persons) store.add(p.personId, p.identity);
  return store.seal();
}

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
