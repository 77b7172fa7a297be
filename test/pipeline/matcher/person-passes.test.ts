import { describe, expect, it } from 'vitest';
import { indexRecords, type BlockingIndex } from '../../../pipeline/matcher/blocking-index.js';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import { CandidateFinder } from '../../../pipeline/matcher/candidate-finder.js';
import { COMPARISONS } from '../../../pipeline/matcher/comparisons.js';
import { encodePattern, TRAINING_SESSIONS } from '../../../pipeline/matcher/model.js';
import { levelsInto } from '../../../pipeline/matcher/pair-scorer.js';
import { PersonPasses } from '../../../pipeline/matcher/person-passes.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../../pipeline/matcher/settings.js';

/**
 * The first pass looks persons' keys up among the training records' keys alone (a sample of the
 * records trains): it must count the same pairs, in the same order, as a lookup in the whole index
 * keeping the training records only, so that the model is the same to the last bit.
 */
const SURNAMES = ['LEFEBVRE', 'LEFEVRE', 'MARTIN', 'MARTINEZ', 'DUBOIS', 'DUBOSC', 'PETIT', 'ROUSSEL'];
const FIRST = ['Théo', 'Théa', 'Lucas', 'Luc', 'Hugo', 'Léa', 'Lena', 'Clémence'];
const identity = (k: number): Identity =>
  buildIdentity({
    surnames: [SURNAMES[k % 8]!], firstNames: [FIRST[(k * 3) % 8]!], mainFirstNames: [FIRST[(k * 3) % 8]!],
    birthDates: [`2008-0${1 + (k % 9)}-1${k % 7}`], sex: k % 2 ? 'M' : 'F', birthCommunes: ['59350'], residenceCommunes: [k % 3 ? '59350' : '62510'],
  });
const settings = DEFAULT_MATCHER_SETTINGS;
const persons = new IdentityStore();
for (let p = 0; p < 400; p++) persons.add(p + 1, identity(p));
persons.seal();
const records = Array.from({ length: 150 }, (_, i) => identity(i * 5 + 2));
const trainingRecord = new Uint8Array(records.length).map((_, i) => (i % 3 === 1 ? 1 : 0));
const indexOf = (keep: (i: number) => boolean) => indexRecords(records.length, (i) => records[i]!, settings, keep);
const passes = (trainingIndex?: BlockingIndex) =>
  new PersonPasses({ persons, records: (i) => records[i]!, recordNames: (i) => records[i]!, recordCount: records.length, index: indexOf(() => true), trainingIndex, settings, excluded: [], trainingRecord });

describe('PersonPasses.train with an index of the training records', () => {
  it('counts the same patterns in the same order as the whole index, and the training-only pairs of the training records', () => {
    const whole = passes().train(0, persons.size);
    const own = passes(indexOf((i) => trainingRecord[i] === 1)).train(0, persons.size);
    expect(whole.sessionPairs.reduce((a, b) => a + b, 0)).toBeGreaterThan(100);
    expect(own.sessionCounts).toEqual(whole.sessionCounts);
    expect(own.sessionPairs).toEqual(whole.sessionPairs);
    // The training-only rule (NF) meets only training records now: its pairs are those its session counts.
    const nf = (c: typeof whole) => new Map(c.pairsByRule).get('NF');
    expect(nf(own)).toBe(own.sessionPairs[2]);
    expect(nf(whole)).toBeGreaterThan(nf(own)!);
  });

  it('counts what a lookup of every rule\'s keys counted, the pairs only other rules propose left out', () => {
    // The reference: every rule's keys looked up in the whole index, as the first pass did before it
    // skipped the rules no training session uses (SY, FY).
    const finder = new CandidateFinder(indexOf(() => true), records.length, settings);
    const levels = new Array<number>(COMPARISONS.length).fill(-1);
    const counts = TRAINING_SESSIONS.map(() => new Map<number, number>());
    const pairs = TRAINING_SESSIONS.map(() => 0);
    let otherRulesOnly = 0;
    for (let p = 0; p < persons.size; p++) {
      const person = persons.identity(p);
      for (const i of finder.find(person, (p + 1) % settings.em.trainingOnlyEvery === 0, false, {})) {
        const mask = finder.sessionMask(i);
        if (!trainingRecord[i]) continue;
        if (!mask) otherRulesOnly++;
        const code = encodePattern(levelsInto(levels, person, records[i]!, settings));
        TRAINING_SESSIONS.forEach((_, t) => {
          if (!(mask & (1 << t))) return;
          counts[t]!.set(code, (counts[t]!.get(code) ?? 0) + 1);
          pairs[t]!++;
        });
      }
    }
    // Both kinds of pairs occur: the rules left out did propose pairs the first pass skips.
    expect(otherRulesOnly).toBeGreaterThan(0);
    const own = passes(indexOf((i) => trainingRecord[i] === 1)).train(0, persons.size);
    // The same counts; the order codes are first met in may differ (a record first met through SY or
    // FY now comes at its first DF, SM or NF key), hence EM's sums in their last bits: nationally the
    // model was the same to the last bit, and every output the same (2026-12-07).
    const sorted = (entries: [number, number][]) => [...entries].sort((a, b) => a[0] - b[0]);
    expect(own.sessionPairs).toEqual(pairs);
    expect(own.sessionCounts.map(sorted)).toEqual(counts.map((m) => sorted([...m])));
  });
});
