import { describe, expect, it } from 'vitest';
import { DuplicateSet } from '../../../pipeline/stages/duplicate-set.js';
import { rowHash, rowHashInto } from '../../../pipeline/stages/row-hash.js';

describe('row hash', () => {
  it('separates cells and matches its bigint form', () => {
    const out = new Uint32Array(2);
    rowHashInto(['ab', 'c'], out);
    const [a1, a2] = out;
    rowHashInto(['a', 'bc'], out);
    expect([out[0], out[1]]).not.toEqual([a1, a2]);
    expect(rowHash(['a', 'bc'])).toBe(BigInt.asIntN(64, (BigInt(out[0]!) << 32n) | BigInt(out[1]!)));
  });
});

describe('DuplicateSet', () => {
  function check(set: DuplicateSet, n: number) {
    // Hashes chosen to collide on the low bits and the slot index: probing must still tell them apart.
    const h = (i: number): [number, number] => [(i * 0x10000) >>> 0, (i * 0x9e3779b1) >>> 0];
    for (let i = 0; i < n; i++) expect(set.firstLine(...h(i), i + 2)).toBe(0);
    for (let i = 0; i < n; i++) expect(set.firstLine(...h(i), n + i + 2)).toBe(i + 2);
  }

  it('remembers the first line of each hash while growing', () => {
    const set = new DuplicateSet(1 << 20, 16);
    check(set, 5000);
    expect(set.inMemory).toBe(5000);
    expect(set.spilled).toBe(false);
    set.close();
  });

  it('spills to its on-disk table past maxSlots, and still finds every hash', () => {
    const set = new DuplicateSet(1 << 10, 16);
    check(set, 5000);
    expect(set.spilled).toBe(true);
    expect(set.inMemory).toBe(768); // 3/4 of 2^10 slots, the rest on disk
    set.close();
  });
});
