import { describe, expect, it } from 'vitest';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { linkRecords, type LinkInput, type PersonIdentity } from '../../../pipeline/matcher/link-records.js';
import { oneLiveRecordPerPerson } from '../../../pipeline/matcher/one-to-one.js';
import { DEFAULT_MATCHER_SETTINGS, type MatcherSettings } from '../../../pipeline/matcher/settings.js';

/**
 * One live record per person and source (issue 4, point 2): a young person has one apprenticeship
 * contract and one open I-Milo pathway at a time.
 */
const id = (surname: string, first: string, birth: string, residence: string | null, birthPlace = '59350'): Identity =>
  buildIdentity({ surnames: [surname], firstNames: [first], mainFirstNames: [first], birthDates: [birth], sex: 'F', birthCommunes: [birthPlace], residenceCommunes: residence ? [residence] : [] });

const persons: PersonIdentity[] = [
  // Two homonyms born the same day in the same town, living in two towns.
  { personId: 1, identity: id('DUPONT', 'Léa', '2008-05-02', '59350') },
  { personId: 2, identity: id('DUPONT', 'Léa', '2008-05-02', '62510') },
  { personId: 3, identity: id('MARTIN', 'Lucas', '2007-07-21', '59009') },
  ...Array.from({ length: 40 }, (_, k) => ({ personId: 10 + k, identity: id(`NOM${String.fromCharCode(65 + (k % 26))}${k}`, ['Hugo', 'Léa', 'Nina', 'Adam'][k % 4]!, `2008-0${1 + (k % 9)}-1${k % 10}`, '80021') })),
];
const records: LinkInput[] = [
  // The first homonym's contract, with her residence: hers beyond doubt.
  { identity: id('DUPONT', 'LEA', '2008-05-02', '59350'), oneLivePerPerson: 'apprentissage' },
  // Another contract with no residence: either homonym, as far as the fields go.
  { identity: id('DUPONT', 'LEA', '2008-05-02', null), oneLivePerPerson: 'apprentissage' },
  // The same look in the other source: nothing there holds either of them.
  { identity: id('DUPONT', 'LEA', '2008-05-02', null), oneLivePerPerson: 'accompagne_ml' },
  { identity: id('MARTIN', 'LUCAS', '2007-07-21', '59009'), oneLivePerPerson: 'apprentissage' },
];
const link = (settings: MatcherSettings = DEFAULT_MATCHER_SETTINGS, held?: Map<string, Set<number>>, input = records) =>
  linkRecords(
    settings.oneLiveRecordPerSource ? input : input.map((r) => ({ ...r, oneLivePerPerson: undefined })),
    () => persons,
    settings,
    undefined,
    { held },
  );

describe('one live record per person and source', () => {
  it('without the constraint, the contract with no residence ties between the homonyms and goes to review', async () => {
    const { decisions, redecidedOneToOne } = await link({ ...DEFAULT_MATCHER_SETTINGS, oneLiveRecordPerSource: false });
    expect(decisions[0]).toMatchObject({ personId: 1, decision: 'match' });
    expect(decisions[1]!.decision).toBe('review');
    expect(decisions[1]!.weight).toBe(decisions[1]!.secondWeight);
    expect(decisions[2]!.decision).toBe('review');
    expect(redecidedOneToOne).toBe(0);
  });

  it('with it, the first homonym holds her contract, so the other contract is the second homonym\'s; the other source is untouched', async () => {
    const { decisions, redecidedOneToOne } = await link();
    expect(decisions[0]).toMatchObject({ personId: 1, decision: 'match' });
    expect(decisions[1]).toMatchObject({ personId: 2, decision: 'match' });
    expect(decisions[2]!.decision).toBe('review');
    expect(decisions[3]).toMatchObject({ personId: 3, decision: 'match' });
    expect(redecidedOneToOne).toBe(1);
  });

  it('a person held by a deterministic link (NUMERO_SIEI, a review decision) counts as held', async () => {
    const { decisions } = await link(DEFAULT_MATCHER_SETTINGS, new Map([['accompagne_ml', new Set([2])]]));
    expect(decisions[1]).toMatchObject({ personId: 2, decision: 'match' });
    // In I-Milo the second homonym already has her pathway (by the NUMERO_SIEI it carries).
    expect(decisions[2]).toMatchObject({ personId: 1, decision: 'match' });
  });
});

describe('oneLiveRecordPerPerson', () => {
  const d = (personId: number, weight: number, decision: 'match' | 'review' = 'match') => ({ personId, alsoPersonId: null, weight, decision });
  it('the weaker of two links to one person is decided again without that person; links go first, strongest first', () => {
    const initial = [d(7, 20), d(7, 30), d(8, 19, 'review')];
    const seen: [number, number[]][] = [];
    const { decisions, redecided } = oneLiveRecordPerPerson(
      initial,
      () => 'deca',
      (i) => [[7, 9], [7], [7, 8]][i]!,
      (i, taken) => {
        seen.push([i, [...taken]]);
        return i === 0 ? d(9, 18) : d(8, 25);
      },
    );
    // Record 1 (30) holds person 7; record 0 (20) is decided without 7 and takes 9; record 2, in
    // review, had 7 among its candidates: decided again, it links to 8.
    expect(seen).toEqual([
      [0, [7]],
      [2, [7, 9]],
    ]);
    expect(decisions.map((x) => [x.personId, x.decision])).toEqual([
      [9, 'match'],
      [7, 'match'],
      [8, 'match'],
    ]);
    expect(redecided).toBe(2);
  });
  it('records without a source constraint are left as they are', () => {
    const initial = [d(7, 20), d(7, 30)];
    const { decisions } = oneLiveRecordPerPerson(initial, () => undefined, () => [7], () => d(0, 0, 'review'));
    expect(decisions).toEqual(initial);
  });
});
