import { describe, expect, it } from 'vitest';
import { COMPARISONS } from '../../../pipeline/matcher/comparisons.js';
import { decodePattern, encodePattern, estimateU, trainSession } from '../../../pipeline/matcher/model.js';

/**
 * EM must recover known m from pairs generated with known m, u and match share (Splink's test):
 * pattern counts are drawn exactly (expected counts), EM starts from a flat prior and must land
 * within 0.02 of the true m on every level of the comparisons it estimates.
 */
describe('EM', () => {
  it('recovers m from data generated with known m and u', () => {
    const trueM = [
      [0.03, 0.02, 0.05, 0.9],
      [0.03, 0.02, 0.02, 0.03, 0.9],
      [0.03, 0.04, 0.03, 0.9],
      [0.02, 0.98],
      [0.1, 0.3, 0.6],
      [0.25, 0.75],
    ];
    const trueU = [
      [0.97, 0.01, 0.01, 0.01],
      [0.93, 0.02, 0.01, 0.01, 0.03],
      [0.98, 0.01, 0.005, 0.005],
      [0.5, 0.5],
      [0.7, 0.25, 0.05],
      [0.9, 0.1],
    ];
    const lambda = 0.2;
    const pairs = 200_000;
    const counts = new Map<number, number>();
    // Every pattern with its expected count under the mixture.
    const radix = COMPARISONS.map((c) => c.levels.length);
    const total = radix.reduce((a, b) => a * b, 1);
    for (let code = 0; code < total; code++) {
      let rest = code;
      const levels = radix.map((r) => {
        const l = rest % r;
        rest = Math.floor(rest / r);
        return l;
      });
      const pm = levels.reduce((p, l, k) => p * trueM[k]![l]!, lambda);
      const pu = levels.reduce((p, l, k) => p * trueU[k]![l]!, 1 - lambda);
      counts.set(encodePattern(levels), pairs * (pm + pu));
    }
    const flat = trueM.map((levels) => levels.map(() => 1 / levels.length));
    const active = [0, 1, 2, 3, 4, 5];
    const result = trainSession(counts, trueU, active, { maxIterations: 500, tolerance: 1e-9 }, flat, 0.5);
    expect(result.lambda).toBeCloseTo(lambda, 2);
    result.m.forEach((levels, k) => levels.forEach((m, l) => expect(Math.abs(m - trueM[k]![l]!), `${COMPARISONS[k]!.name}[${l}]`).toBeLessThan(0.02)));
  });

  it('encodes and decodes patterns, missing values included', () => {
    const levels = [3, -1, 0, 1, 2, -1];
    expect(decodePattern(encodePattern(levels))).toEqual(levels);
  });

  it('estimates u from random-pair counts with the prior as pseudo-pairs', () => {
    expect(estimateU([[90, 10]], [[0.5, 0.5]], 100)).toEqual([[(90 + 50) / 200, (10 + 50) / 200]]);
  });
});
