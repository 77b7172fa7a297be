import { describe, expect, it } from 'vitest';
import { BoundedMemo } from '../../pipeline/bounded-memo.js';

describe('BoundedMemo', () => {
  it('computes each key once, starts again empty past its limit, and lets go on clear', () => {
    const computed: string[] = [];
    const memo = new BoundedMemo(3, (key) => {
      computed.push(key);
      return key.length;
    });
    expect([memo.get('a'), memo.get('bb'), memo.get('a'), memo.get('ccc')]).toEqual([1, 2, 1, 3]);
    expect(computed).toEqual(['a', 'bb', 'ccc']);
    expect(memo.size).toBe(3);
    // A fourth key: the memo starts again with it alone, and the first keys are computed again.
    expect(memo.get('dddd')).toBe(4);
    expect(memo.size).toBe(1);
    expect(memo.get('a')).toBe(1);
    expect(computed).toEqual(['a', 'bb', 'ccc', 'dddd', 'a']);
    memo.clear();
    expect(memo.size).toBe(0);
    expect(memo.get('dddd')).toBe(4);
    expect(computed).toHaveLength(6);
  });
});
