import { describe, expect, it } from 'vitest';
import { matchSummary, weightHistogram } from '../../../pipeline/matcher/match-summary.js';
import { InternalError } from '../../../pipeline/errors.js';

describe('weightHistogram', () => {
  it('bins weights in [from, to) from the bin of the smallest to the bin of the largest, empty bins kept', () => {
    expect(weightHistogram([-3.5, -0.1, 0, 1.99, 2, 7.2])).toEqual([
      { from: -4, to: -2, count: 1 },
      { from: -2, to: 0, count: 1 },
      { from: 0, to: 2, count: 2 },
      { from: 2, to: 4, count: 1 },
      { from: 4, to: 6, count: 0 },
      { from: 6, to: 8, count: 1 },
    ]);
  });
  it('puts a largest weight on a bin edge in its own bin, and never writes −0', () => {
    const bins = weightHistogram([-0.5, 4], 2);
    expect(bins).toEqual([
      { from: -2, to: 0, count: 1 },
      { from: 0, to: 2, count: 0 },
      { from: 2, to: 4, count: 0 },
      { from: 4, to: 6, count: 1 },
    ]);
    expect(Object.is(weightHistogram([0.3])[0]!.from, 0)).toBe(true);
    expect(Object.is(weightHistogram([-0])[0]!.from, 0)).toBe(true);
  });
  it('honours another width, leaves infinite weights out, and is empty without finite weights', () => {
    expect(weightHistogram([10, 14.9, -Infinity, 15], 5)).toEqual([
      { from: 10, to: 15, count: 2 },
      { from: 15, to: 20, count: 1 },
    ]);
    expect(weightHistogram([])).toEqual([]);
    expect(weightHistogram([-Infinity, Number.NaN])).toEqual([]);
  });
  it('rejects a width that is not a positive number', () => {
    expect(() => weightHistogram([1], 0)).toThrow(InternalError);
    expect(() => weightHistogram([1], -2)).toThrow(InternalError);
    expect(() => weightHistogram([1], Number.NaN)).toThrow(InternalError);
  });
});

describe('matchSummary', () => {
  it('counts decisions, records without a candidate, and bins only the records that had one', () => {
    const summary = matchSummary(
      [
        { decision: 'match', weight: 25.3, personId: 1 },
        { decision: 'match', weight: 19, personId: 2 },
        { decision: 'review', weight: 12.5, personId: 3 },
        { decision: 'none', weight: 3, personId: 4 },
        { decision: 'none', weight: -Infinity, personId: null },
      ],
      7,
      10,
    );
    expect(summary).toEqual({
      records: 5,
      matched: 2,
      review: 1,
      nonMatch: 2,
      withoutCandidate: 1,
      linkedBySiei: 7,
      binWidth: 10,
      weightHistogram: [
        { from: 0, to: 10, count: 1 },
        { from: 10, to: 20, count: 2 },
        { from: 20, to: 30, count: 1 },
      ],
    });
  });
});
