import { describe, expect, it } from 'vitest';
import { TopCandidates } from '../../../pipeline/matcher/top-candidates.js';

/**
 * The scoring pass offers persons grouped by surname sound, not in stream order (scoring-order.ts):
 * what a record keeps must not depend on the order, among equal weights the person earlier in the
 * stream ahead, as offering in stream order keeps.
 */
describe('TopCandidates', () => {
  it('keeps the same persons, ties by stream position, whatever order they are offered in', () => {
    // 40 persons for 3 records, weights from few values so that ties are many (and at the floor).
    const offers: { record: number; position: number; w: number }[] = [];
    for (let position = 0; position < 40; position++) {
      for (let record = 0; record < 3; record++) if ((position + record) % 3 !== 0) offers.push({ record, position, w: ((position * 7 + record) % 5) - 2 });
    }
    const keep = (list: typeof offers) => {
      const top = new TopCandidates(3, 4);
      for (const o of list) if (o.w >= top.floor(o.record)) top.offer(o.record, 100 + o.position, o.w, o.position * 10, o.position);
      return top;
    };
    const inStream = keep(offers);
    // What stream order keeps: the four best by weight, then by position.
    for (let record = 0; record < 3; record++) {
      const best = offers.filter((o) => o.record === record).sort((a, b) => b.w - a.w || a.position - b.position).slice(0, 4);
      expect([0, 1, 2, 3].map((k) => inStream.positionAt(record, k))).toEqual(best.map((o) => o.position));
      expect([0, 1, 2, 3].map((k) => inStream.weightAt(record, k))).toEqual(best.map((o) => o.w));
      expect([0, 1, 2, 3].map((k) => inStream.personAt(record, k))).toEqual(best.map((o) => 100 + o.position));
    }
    let seed = 7;
    const random = () => ((seed = (seed * 1103515245 + 12345) % 2 ** 31) / 2 ** 31);
    for (const list of [[...offers].reverse(), ...Array.from({ length: 20 }, () => [...offers].sort(() => random() - 0.5))]) {
      const other = keep(list);
      expect(other.position).toEqual(inStream.position);
      expect(other.weight).toEqual(inStream.weight);
      expect(other.person).toEqual(inStream.person);
      expect(other.pattern).toEqual(inStream.pattern);
    }
  });
});
