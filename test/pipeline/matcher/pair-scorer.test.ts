import { describe, expect, it, vi } from 'vitest';
import { COMPARISONS, firstName } from '../../../pipeline/matcher/comparisons.js';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import type { TrainedModel } from '../../../pipeline/matcher/model.js';
import { FIRST_NAME, levelsInto, PairScorer } from '../../../pipeline/matcher/pair-scorer.js';
import { DEFAULT_MATCHER_SETTINGS as settings } from '../../../pipeline/matcher/settings.js';

/**
 * `scoreAbove` skips comparisons when a pair cannot reach a floor (the weight of a record's last kept
 * person). It must be exact: every pair it keeps has the weight `weightOf` gives on all its levels,
 * and every pair it leaves out weighs less than the floor. Checked on every pair of a set of look-alikes
 * (typos, swapped dates, siblings, missing values), against floors spread over the weights.
 */
const model: TrainedModel = {
  comparisons: COMPARISONS.map((c) => ({ name: c.name, levels: c.levels, m: settings.priors.m[c.name]!, u: settings.priors.u[c.name]! })),
  sessions: [],
  persons: 100,
  candidatePairs: 0,
  randomPairs: 0,
};
const surnameCount = new Map([['MARTIN', 30], ['DUPONT', 2]]);
const scorer = new PairScorer({ model, surnameCount, persons: 100 }, settings);

const SURNAMES = [['MARTIN'], ['MARTINS'], ['DUPONT'], ['DUPOMT'], ['LEFEBVRE', 'MARTIN'], []];
const FIRSTS = [['Lucie'], ['Lucie Naëlle'], ['Luice'], ['Naëlle'], ['Lucas'], ['Clémence'], ['Clamence'], []];
const DATES = ['2008-03-12', '2008-12-03', '2008-03-13', '2007-05-01'];
const identities: Identity[] = [];
let k = 0;
for (const surnames of SURNAMES) {
  for (const firstNames of FIRSTS) {
    for (const date of DATES) {
      k++;
      identities.push(
        buildIdentity({
          surnames, firstNames, mainFirstNames: firstNames.slice(0, 1), birthDates: [date], sex: k % 3 ? 'F' : 'M',
          birthCommunes: k % 4 ? ['59350'] : [], residenceCommunes: k % 5 ? ['59350'] : ['62510'],
        }),
      );
    }
  }
}

describe('PairScorer.scoreAbove', () => {
  it('keeps a pair with its full weight, and leaves out only pairs below the floor', () => {
    const below = vi.spyOn(firstName, 'belowAgreement');
    let kept = 0;
    let leftOut = 0;
    // Pairs whose first names do not agree, that reach the first names: all of them, and those kept.
    let reachingFirstNames = 0;
    let keptWithoutAgreement = 0;
    let belowTests = 0;
    const all = new Array<number>(COMPARISONS.length);
    const fnWeights = model.comparisons[FIRST_NAME]!.m.map((m, l) => Math.log2(m / model.comparisons[FIRST_NAME]!.u[l]!));
    const firstNameMax = Math.max(0, ...fnWeights);
    for (const a of identities) {
      for (const b of identities.filter((_, i) => i % 7 === 0)) {
        const full = scorer.weightOf(a, b, levelsInto(all, a, b, settings));
        const fn = all[FIRST_NAME]!;
        const withoutFirstNames = scorer.weightOf(a, b, all.map((l, c) => (c === FIRST_NAME ? -1 : l)));
        const namesMax = scorer.namesMax(b);
        for (const floor of [-Infinity, full - 3, full - 1e-12, full, full + 1e-12, full + 0.5, full + 4, full + 8, full + 10, full + 12, 40]) {
          const calls = below.mock.calls.length;
          const w = scorer.scoreAbove(a, b, floor, namesMax);
          belowTests += below.mock.calls.length - calls;
          if (fn >= 0 && fn < 4 && withoutFirstNames + firstNameMax >= floor - 1e-9) reachingFirstNames++;
          if (w === -Infinity) {
            expect(full).toBeLessThan(floor);
            leftOut++;
          } else {
            expect(w).toBe(full);
            expect([...scorer.levels]).toEqual(all);
            kept++;
            if (fn >= 0 && fn < 4) keptWithoutAgreement++;
          }
        }
      }
    }
    expect(kept).toBeGreaterThan(10_000);
    expect(leftOut).toBeGreaterThan(5_000);
    // The typo and Jaro-Winkler tests ran for every pair kept without agreeing first names, and were
    // skipped for many that reached the first names and could not be kept.
    expect(belowTests).toBeGreaterThanOrEqual(keptWithoutAgreement);
    expect(belowTests).toBeLessThan(reachingFirstNames - 1000);
    below.mockRestore();
  });
});
