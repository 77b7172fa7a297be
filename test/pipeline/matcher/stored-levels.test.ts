import { describe, expect, it } from 'vitest';
import { COMPARISONS } from '../../../pipeline/matcher/comparisons.js';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import type { TrainedModel } from '../../../pipeline/matcher/model.js';
import { levelsInto, PairScorer } from '../../../pipeline/matcher/pair-scorer.js';
import { DEFAULT_MATCHER_SETTINGS as settings } from '../../../pipeline/matcher/settings.js';
import { isoDate, sharedStoredLevels, STORED_COMPARISONS, StoredLevels } from '../../../pipeline/matcher/stored-levels.js';

/**
 * The scoring pass works out the dates', sex's and places' levels from the stores' numbers
 * (stored-levels.ts): on every pair of persons and records with dates one digit off, swapped, equal
 * or not ISO, several values or none, a sex missing, and strings one side has alone, those levels
 * must be comparisons.ts's, and the pair's score the same; a pair is declined only for a date that
 * is not ISO.
 */
const DATES = [['2008-03-12'], ['2008-12-03'], ['2008-03-13'], ['2008-03-12', '2009-01-01'], ['2007-05-01'], ['12/03/2008'], ['8008-03-12'], []];
const SEXES = ['F', 'M', ''];
const COMMUNES = [['59350'], ['59360'], ['62510'], []];
const DEPARTEMENTS = [[], ['59'], ['62', '59']];
const POSTAL = [['59000'], ['59800'], []];
const identityOf = (k: number, side: 'person' | 'record'): Identity =>
  buildIdentity({
    surnames: [k % 3 ? 'MARTIN' : 'MARTINS'],
    firstNames: [k % 5 ? 'Lucie' : 'Luice'],
    mainFirstNames: side === 'person' ? ['Lucie'] : [],
    birthDates: DATES[k % DATES.length]!,
    sex: SEXES[Math.floor(k / 2) % SEXES.length]!,
    birthCommunes: COMMUNES[Math.floor(k / 3) % COMMUNES.length]!,
    birthDepartements: DEPARTEMENTS[Math.floor(k / 5) % DEPARTEMENTS.length]!,
    // A commune only the records have: numbered past the persons' strings.
    residenceCommunes: side === 'record' && k % 7 === 0 ? ['97411'] : COMMUNES[Math.floor(k / 7) % COMMUNES.length]!,
    postalCodes: POSTAL[Math.floor(k / 4) % POSTAL.length]!,
  });
const storeOf = (identities: Identity[]) => {
  const store = new IdentityStore();
  identities.forEach((identity, i) => store.add(i, identity));
  return store.seal();
};
const persons = Array.from({ length: 120 }, (_, k) => identityOf(k, 'person'));
const records = Array.from({ length: 90 }, (_, k) => identityOf(k * 7 + 3, 'record'));
const personStore = storeOf(persons);
const recordStore = storeOf(records);
const stored = new StoredLevels(sharedStoredLevels(personStore.shared(), recordStore.shared()), personStore.shared());
const notIso = (identity: Identity) => identity.birthDates.some((d) => isoDate(d) < 0);

/** Every pair's stored levels against comparisons.ts's: how many were compared and declined, and the levels met. */
function check(persons: Identity[], records: Identity[]) {
  const personStore = storeOf(persons);
  const recordStore = storeOf(records);
  const stored = new StoredLevels(sharedStoredLevels(personStore.shared(), recordStore.shared()), personStore.shared());
  let compared = 0;
  let declined = 0;
  const met = STORED_COMPARISONS.map(() => new Set<number>());
  const levels: number[] = [];
  const expected: number[] = [];
  for (let p = 0; p < persons.length; p++) {
    stored.personAt(p);
    for (let i = 0; i < records.length; i++) {
      levelsInto(expected, personStore.identity(p), recordStore.identity(i), settings);
      levels.length = 0;
      if (!stored.levelsInto(levels, i)) {
        declined++;
        expect(notIso(persons[p]!) || notIso(records[i]!)).toBe(true);
        continue;
      }
      compared++;
      for (const k of STORED_COMPARISONS) expect([p, i, COMPARISONS[k]!.name, levels[k]]).toEqual([p, i, COMPARISONS[k]!.name, expected[k]]);
      STORED_COMPARISONS.forEach((k, c) => met[c]!.add(levels[k]!));
    }
  }
  return { compared, declined, met: met.map((s) => [...s].sort()) };
}

describe('StoredLevels', () => {
  it('gives the levels comparisons.ts gives, declining only pairs with a date that is not ISO', () => {
    const { compared, declined, met } = check(persons, records);
    expect(compared).toBeGreaterThan(6000);
    expect(declined).toBeGreaterThan(1000);
    // Every level of each comparison was met, missing values (−1) included.
    expect(met).toEqual([[0, 1, 2, 3], [-1, 0, 1], [-1, 0, 1, 2], [-1, 0, 1]]);
  });

  it('tells a missing sex on the side that alone has one', () => {
    const withSex = (ids: Identity[]) => ids.filter((identity) => identity.sex !== '');
    expect(check(withSex(persons), records).met[1]).toEqual([-1, 0, 1]);
    expect(check(persons, withSex(records)).met[1]).toEqual([-1, 0, 1]);
    expect(check(withSex(persons), withSex(records)).met[1]).toEqual([0, 1]);
  });

  it('reads identities whose lists hold more than seven values (their lengths stored apart)', () => {
    const many = (k: number, side: 'person' | 'record'): Identity => {
      const base = identityOf(k, side);
      if (k % 3) return base;
      const communes = Array.from({ length: 9 }, (_, j) => `59${String(300 + 10 * j + (k % 2)).padStart(3, '0')}`);
      return { ...base, birthDates: k % 2 ? ['2008-03-12', '2008-03-13', '2008-03-14', '2008-03-15', '2008-03-16', '2008-03-17', '2008-03-18', '2008-12-03'] : base.birthDates, residenceCommunes: communes, postalCodes: communes.slice(1) };
    };
    const { compared, met } = check(
      Array.from({ length: 60 }, (_, k) => many(k, 'person')),
      Array.from({ length: 45 }, (_, k) => many(k * 7 + 3, 'record')),
    );
    expect(compared).toBeGreaterThan(1500);
    expect(met).toEqual([[0, 1, 2, 3], [-1, 0, 1], [-1, 0, 1, 2], [-1, 0, 1]]);
  });

  it('packs ISO dates alone, four bits a digit', () => {
    expect(isoDate('2008-03-12')).toBe(0x20080312);
    expect(['2008-3-12', '2008/03/12', '2008-03-1x', '8008-03-12', '']).toEqual(['2008-3-12', '2008/03/12', '2008-03-1x', '8008-03-12', ''].filter((d) => isoDate(d) === -1));
  });

  it('scores a pair from the stored levels as scoreAbove does, at every floor', () => {
    const model: TrainedModel = {
      comparisons: COMPARISONS.map((c) => ({ name: c.name, levels: c.levels, m: settings.priors.m[c.name]!, u: settings.priors.u[c.name]! })),
      sessions: [],
      persons: 120,
      candidatePairs: 0,
      randomPairs: 0,
    };
    const scorer = new PairScorer({ model, surnameCount: new Map([['MARTIN', 80]]), persons: 120 }, settings);
    let kept = 0;
    let readRecords = 0;
    const recordOf = (i: number) => {
      readRecords++;
      return recordStore.names(i);
    };
    // Pairs compared from the stored levels, and the records' identities read, at each floor.
    const byFloor: [number, number, number][] = [];
    for (const floor of [-Infinity, -10, 0, 5, 10, 15, 20]) {
      readRecords = 0;
      let fromStored = 0;
      for (let p = 0; p < persons.length; p++) {
        for (let i = 0; i < records.length; i++) {
          const a = personStore.identity(p);
          const w = scorer.scoreAbove(a, recordStore.identity(i), floor, scorer.namesMax(records[i]!));
          const levels = [...scorer.levels];
          stored.personAt(p);
          if (!stored.levelsInto(scorer.levels, i)) continue;
          fromStored++;
          // The names compared on the names alone (IdentityStore.names), the record's read only then.
          const partial = scorer.cheapWeightAbove(floor, scorer.namesMax(records[i]!));
          const fromLevels = partial === -Infinity ? -Infinity : scorer.namesAbove(personStore.names(p), recordOf(i), partial, floor);
          // Left out by both, or kept by both with the same weight and levels.
          expect(fromLevels >= floor).toBe(w >= floor);
          if (w >= floor) {
            kept++;
            expect([fromLevels, scorer.levels]).toEqual([w, levels]);
          }
        }
      }
      byFloor.push([floor, fromStored, readRecords]);
    }
    expect(kept).toBeGreaterThan(10000);
    // Every record is read with no floor; at the highest, the dates and places rule most pairs out
    // before the record's identity is read.
    expect(byFloor[0]![2]).toBe(byFloor[0]![1]);
    expect(byFloor[6]![2]).toBeLessThan(byFloor[6]![1] / 2);
  });
});
