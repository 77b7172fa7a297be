import { describe, expect, it } from 'vitest';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { FirstNameFrequency } from '../../../pipeline/matcher/first-name-frequency.js';
import { linkRecords, type LinkInput, type LinkOptions, type LinkResult, type PersonIdentity } from '../../../pipeline/matcher/link-records.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../../pipeline/matcher/settings.js';

/**
 * The work on persons shared among threads (match-threads.ts) must give exactly what one thread
 * gives: the same model to the last bit, the same pair counts (rules in the same order), the same
 * decisions, and among persons of equal weight the one seen first ahead. Chunks are small and dealt
 * in turn, so that every thread scores persons from every part of the stream, and look-alikes of one
 * record (identical identities: equal weights) are scored by different threads.
 */
const SURNAMES = ['LEFEBVRE', 'LEFEVRE', 'MARTIN', 'MARTINEZ', 'DUBOIS', 'DUBOSC', 'PETIT', 'PETITJEAN', 'ROUSSEL', 'ROUSSET'];
const FIRST = ['Théo', 'Théa', 'Lucas', 'Luc', 'Hugo', 'Hgo', 'Léa', 'Lena', 'Lina', 'Clémence'];
const id = (surname: string, first: string, birth: string, residence: string | null, sex = 'M'): Identity =>
  buildIdentity({ surnames: [surname], firstNames: [first], mainFirstNames: [first], birthDates: [birth], sex, birthCommunes: ['59350'], residenceCommunes: residence ? [residence] : [] });
const base = (k: number) => id(SURNAMES[k % 10]!, FIRST[(k * 7) % 10]!, `2008-0${1 + (k % 9)}-1${k % 7}`, k % 3 ? '59350' : '62510', k % 2 ? 'M' : 'F');

// 120 identities, each present once, twice (ties) or three times, the copies far apart in the stream.
const persons: PersonIdentity[] = [];
for (let copy = 0; copy < 3; copy++) {
  for (let k = 0; k < 120; k++) if (copy === 0 || k % (copy + 1) === 0) persons.push({ personId: 1000 * copy + k, identity: base(k) });
}
const records: LinkInput[] = Array.from({ length: 90 }, (_, k) => ({
  identity: k % 5 === 4 ? id(SURNAMES[k % 10]!, FIRST[(k * 7 + 1) % 10]!, `2008-0${1 + (k % 9)}-1${k % 7}`, null) : base(k),
  oneLivePerPerson: k % 4 ? 'apprentissage' : undefined,
  excludedPersons: k === 6 ? new Set([6]) : undefined,
}));
const firstNames = new FirstNameFrequency();
for (const p of persons) firstNames.addPerson([FIRST[persons.indexOf(p) % 10]!]);

const link = (options: LinkOptions, settings = DEFAULT_MATCHER_SETTINGS): Promise<LinkResult> =>
  linkRecords(
    records.map((r) => ({ ...r, identity: structuredClone(r.identity) })),
    () => persons.map((p) => ({ ...p, identity: structuredClone(p.identity) })),
    settings,
    undefined,
    { ...options, firstNames },
  );

describe('linkRecords in several threads', () => {
  it('gives what one thread gives: model, pair counts, ties and decisions', async () => {
    const one = await link({ threads: 1 });
    // The rules in one order, whichever the first persons scored met first (link-records.ts RULE_ORDER).
    expect(Object.keys(one.pairsByRule)).toEqual(['NF', 'DF', 'SY', 'SM', 'FY']);
    // Look-alikes tie: the record goes to review between two persons of equal weight, the first seen ahead.
    const ties = one.decisions.filter((d) => d.personId !== null && d.weight === d.secondWeight);
    expect(ties.length).toBeGreaterThan(10);
    for (const d of ties) expect(persons.findIndex((p) => p.personId === d.personId)).toBeLessThan(persons.findIndex((p) => p.personId === d.secondPersonId));
    for (const options of [
      { threads: 2, chunking: { personsPerChunk: 5, dealt: true } },
      { threads: 3, chunking: { personsPerChunk: 3, dealt: true } },
      { threads: 2 },
    ]) {
      const many = await link(options);
      expect(many.model).toEqual(one.model);
      expect(Object.entries(many.pairsByRule)).toEqual(Object.entries(one.pairsByRule));
      expect(many.candidatePairs).toBe(one.candidatePairs);
      expect(many.decisions).toEqual(one.decisions);
      expect(many.redecidedOneToOne).toBe(one.redecidedOneToOne);
    }
  });
  it('gives what one thread gives when a sample of the records trains (the first pass on its own index)', async () => {
    const sampled = { ...DEFAULT_MATCHER_SETTINGS, em: { ...DEFAULT_MATCHER_SETTINGS.em, trainingRecords: 30 } };
    const one = await link({ threads: 1 }, sampled);
    expect(one.model.sessions.reduce((n, s) => n + s.pairs, 0)).toBeGreaterThan(0);
    const many = await link({ threads: 2, chunking: { personsPerChunk: 5, dealt: true } }, sampled);
    expect(many.model).toEqual(one.model);
    expect(Object.entries(many.pairsByRule)).toEqual(Object.entries(one.pairsByRule));
    expect(many.decisions).toEqual(one.decisions);
  });
});
