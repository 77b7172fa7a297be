import { describe, expect, it } from 'vitest';
import { DisjointSets } from '../../../pipeline/stages/disjoint-sets.js';

describe('DisjointSets', () => {
  it('keeps the smallest element as representative and lists the sets in its order', () => {
    const sets = new DisjointSets(7);
    expect(sets.union(5, 2)).toBe(true);
    expect(sets.union(6, 5)).toBe(true);
    expect(sets.union(2, 6)).toBe(false);
    expect(sets.union(4, 1)).toBe(true);
    expect(sets.find(6)).toBe(2);
    const { first, next } = sets.sets();
    const members = [...first].map((head) => {
      const list: number[] = [];
      for (let i = head; i >= 0; i = next[i]!) list.push(i);
      return list;
    });
    expect(members).toEqual([[0], [1, 4], [2, 5, 6], [3]]);
  });
});
