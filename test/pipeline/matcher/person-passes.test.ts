import { describe, expect, it } from 'vitest';
import { indexRecords, type BlockingIndex } from '../../../pipeline/matcher/blocking-index.js';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
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
});
