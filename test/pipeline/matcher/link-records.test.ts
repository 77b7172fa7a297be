import { beforeAll, describe, expect, it } from 'vitest';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { linkRecords, type LinkInput, type LinkResult, type PersonIdentity } from '../../../pipeline/matcher/link-records.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../../pipeline/matcher/settings.js';
import { FirstNameFrequency } from '../../../pipeline/matcher/first-name-frequency.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import { indexStoredRecords } from '../../../pipeline/matcher/blocking-index.js';

/**
 * A review decision NON takes a person out of a record's candidates (issue 4, point 5): the record
 * is decided over the other persons as if that one were not there, with the best, second best and
 * margin recomputed, and no other record changes.
 */
const id = (surname: string, first: string, birth: string, residence = '59350'): Identity =>
  buildIdentity({ surnames: [surname], firstNames: [first], mainFirstNames: [first], birthDates: [birth], sex: 'M', birthCommunes: ['59350'], residenceCommunes: [residence] });

const persons: PersonIdentity[] = [
  // The record's owner, who has moved since (another residence)…
  { personId: 1, identity: id('LEFEBVRE', 'Théo', '2008-03-14', '62510') },
  // …and a look-alike: same names and residence as the record, the birth date one digit off.
  { personId: 2, identity: id('LEFEBVRE', 'Théo', '2008-03-17') },
  { personId: 3, identity: id('MARTIN', 'Lucas', '2008-07-21', '59009') },
  ...Array.from({ length: 40 }, (_, k) => ({ personId: 10 + k, identity: id(`NOM${String.fromCharCode(65 + (k % 26))}${k}`, ['Hugo', 'Léa', 'Nina', 'Adam'][k % 4]!, `2008-0${1 + (k % 9)}-1${k % 10}`, '62510') })),
];
const records = (excluded: ReadonlySet<number>[] = []): LinkInput[] => [
  { identity: id('LEFEBVRE', 'THEO', '2008-03-14'), excludedPersons: excluded[0] },
  { identity: id('MARTIN', 'LUCAS', '2008-07-21', '59009'), excludedPersons: excluded[1] },
];
const link = async (excluded: ReadonlySet<number>[] = []) => (await linkRecords(records(excluded), () => persons, DEFAULT_MATCHER_SETTINGS)).decisions;

describe('linkRecords with persons excluded by a review decision', () => {
  let base: Awaited<ReturnType<typeof link>>;
  beforeAll(async () => {
    base = await link();
  });

  it('without decisions, the look-alike keeps the record in review (margin too small)', async () => {
    expect(base[0]).toMatchObject({ personId: 1, secondPersonId: 2, decision: 'review' });
    expect(base[0]!.weight - base[0]!.secondWeight).toBeLessThan(DEFAULT_MATCHER_SETTINGS.minMargin);
    expect(base[1]).toMatchObject({ personId: 3, decision: 'match' });
  });

  it('NON for the best person: the record is decided over the others, the excluded one no longer second', async () => {
    const d = await link([new Set([1])]);
    expect(d[0]).toMatchObject({ personId: 2, secondPersonId: null, secondWeight: -Infinity });
    // The remaining pair scores exactly as before: only the ranking changed.
    expect(d[0]!.weight).toBe(base[0]!.secondWeight);
    expect(d[0]!.levels).not.toEqual(base[0]!.levels);
    // Alone above the link threshold, first names agreeing: it links, as it would if person 1 were
    // not in the school files. That is the meaning of NON: a decision on one pair, not on the record.
    expect(d[0]!.weight).toBeGreaterThanOrEqual(DEFAULT_MATCHER_SETTINGS.matchWeight);
    expect(d[0]!.decision).toBe('match');
    // Other records are untouched.
    expect(d[1]).toEqual(base[1]);
  });

  it('NON for the look-alike: the margin is taken over the remaining persons, and the record links', async () => {
    const d = await link([new Set([2])]);
    expect(d[0]).toMatchObject({ personId: 1, secondPersonId: null, secondWeight: -Infinity, decision: 'match' });
    expect(d[0]!.weight).toBe(base[0]!.weight);
  });

  it('NON for every candidate: no person left, nothing linked or asked', async () => {
    const d = await link([new Set([1, 2]), new Set([3])]);
    expect(d.map((x) => [x.personId, x.decision])).toEqual([
      [null, 'none'],
      [null, 'none'],
    ]);
  });

  it('the trained model does not depend on the decisions', async () => {
    const a = (await linkRecords(records(), () => persons, DEFAULT_MATCHER_SETTINGS)).model;
    const b = (await linkRecords(records([new Set([1, 2]), new Set([3])]), () => persons, DEFAULT_MATCHER_SETTINGS)).model;
    expect(b.comparisons).toEqual(a.comparisons);
  });
});

describe('linkRecords scoring', () => {
  // Pairs that cannot beat a record's second best are not compared on names (a shortcut): the best
  // and second best must be what scoring every pair gives, whatever order the persons come in.
  const crowd: PersonIdentity[] = Array.from({ length: 300 }, (_, k) => ({
    personId: 100 + k,
    identity: id(['LEFEBVRE', 'LEFEVRE', 'MARTIN', 'MARTINEZ'][k % 4]!, ['Théo', 'Théa', 'Lucas', 'Luc', 'Hugo'][k % 5]!, `2008-0${1 + (k % 9)}-1${k % 7}`, k % 3 ? '59350' : '62510'),
  }));
  const all = [...persons, ...crowd];
  const recs: LinkInput[] = [
    ...records(),
    { identity: id('LEFEVRE', 'THEA', '2008-02-11') },
    { identity: id('MARTINEZ', 'LUC', '2008-04-13', '62510') },
    { identity: id('MARTIN', 'HUGO', '2008-09-10') },
  ];

  it('gives the same best and second best whatever the order of the persons', async () => {
    const forward = await linkRecords(recs, () => all, DEFAULT_MATCHER_SETTINGS);
    const backward = await linkRecords(recs, () => [...all].reverse(), DEFAULT_MATCHER_SETTINGS);
    expect(backward.model).toEqual(forward.model);
    const weights = (r: LinkResult) => r.decisions.map((d) => [d.weight, d.secondWeight, d.levels]);
    expect(weights(backward)).toEqual(weights(forward));
  });

  it('decides the same with the records\' identities given in a store and their index built beforehand (as the campaign does), and releases the index once scored', async () => {
    const firstNames = new FirstNameFrequency();
    for (const p of all) firstNames.addPerson(p.identity.firstNames);
    const inline = await linkRecords(recs, () => all, DEFAULT_MATCHER_SETTINGS, undefined, { firstNames });
    const store = new IdentityStore();
    recs.forEach((r, i) => store.add(i, r.identity!));
    store.seal();
    const recordIndex = indexStoredRecords(store.shared(), DEFAULT_MATCHER_SETTINGS);
    const stored = await linkRecords(recs.map((r) => ({ excludedPersons: r.excludedPersons })), () => all, DEFAULT_MATCHER_SETTINGS, undefined, { firstNames, recordIdentities: store, recordIndex });
    expect(stored).toEqual(inline);
    // Its memory let go before the decisions: a lookup after says so rather than find nothing.
    expect(() => recordIndex.forEachRecord(0, () => undefined)).toThrow(/after release/);
    await expect(linkRecords([{}], () => all, DEFAULT_MATCHER_SETTINGS)).rejects.toThrow(/record 0 has no identity/);
  });

  it('trains on a sample of the records when there are more than em.trainingRecords, and still decides', async () => {
    const full = await linkRecords(recs, () => all, DEFAULT_MATCHER_SETTINGS);
    const sampled = await linkRecords(recs, () => all, { ...DEFAULT_MATCHER_SETTINGS, em: { ...DEFAULT_MATCHER_SETTINGS.em, trainingRecords: 2 } });
    const pairs = (r: LinkResult) => r.model.sessions.reduce((n, s) => n + s.pairs, 0);
    expect(pairs(sampled)).toBeGreaterThan(0);
    expect(pairs(sampled)).toBeLessThan(pairs(full));
    // The candidates and the scoring do not depend on the sample.
    expect(sampled.candidatePairs).toBe(full.candidatePairs);
    expect(sampled.decisions.map((d) => d.personId)).toEqual(full.decisions.map((d) => d.personId));
  });
});
