import { describe, expect, it } from 'vitest';
import { BlockingIndex } from '../../../pipeline/matcher/blocking-index.js';

describe('BlockingIndex', () => {
  it('returns every record indexed under a key, and nothing for an absent key', () => {
    const entries: [string, number][] = [['DF|2008-01-02|LUK', 0], ['SY|MART3|L|2008', 1], ['DF|2008-01-02|LUK', 2], ['SM|DUP2|01-02', 1]];
    const index = new BlockingIndex({ forEach: (cb) => entries.forEach(([k, r]) => cb(keyHash(k), r)) });
    const found = (k: string) => {
      const out: number[] = [];
      index.forEachRecord(keyHash(k), (r) => out.push(r));
      return out;
    };
    expect(found('DF|2008-01-02|LUK')).toEqual([0, 2]);
    expect(found('SY|MART3|L|2008')).toEqual([1]);
    expect(found('SY|MART3|L|2009')).toEqual([]);
  });
  it('finds every key among many (the directory on the hash), each with all its records', () => {
    const keys = Array.from({ length: 20_000 }, (_, i) => `SY|K${i % 7000}|A|${2000 + (i % 20)}`);
    const index = new BlockingIndex({ forEach: (cb) => keys.forEach((k, r) => cb(keyHash(k), r)) });
    const expected = new Map<string, number[]>();
    keys.forEach((k, r) => expected.set(k, [...(expected.get(k) ?? []), r]));
    for (const [k, records] of expected) {
      const out: number[] = [];
      expect(index.forEachRecord(keyHash(k), (r) => out.push(r))).toBe(records.length);
      expect(out).toEqual(records);
    }
    expect(index.forEachRecord(keyHash('SY|absent'), () => undefined)).toBe(0);
    expect(new BlockingIndex({ forEach: () => undefined }).forEachRecord(keyHash('DF|x'), () => undefined)).toBe(0);
  });
  it('sorts a crowded bucket by hash then record, whatever order the entries come in', () => {
    // Hashes sharing their top bits fall in one bucket of the build's counting sort; 300 entries
    // there go through the bucket's general sort, not the insertion sort of small buckets.
    const base = 12345 * 2 ** 37;
    const entries: [number, number][] = [];
    for (let r = 299; r >= 0; r--) entries.push([base + (r % 7) * 3, r]);
    entries.push([2 ** 53 - 1, 5], [0, 9], [0, 2]);
    const index = new BlockingIndex({ forEach: (cb) => entries.forEach(([h, r]) => cb(h, r)) });
    for (let k = 0; k < 7; k++) {
      const out: number[] = [];
      index.forEachRecord(base + k * 3, (r) => out.push(r));
      expect(out).toEqual(Array.from({ length: 300 }, (_, r) => r).filter((r) => r % 7 === k));
    }
    const at = (h: number) => {
      const out: number[] = [];
      index.forEachRecord(h, (r) => out.push(r));
      return out;
    };
    expect(at(0)).toEqual([2, 9]);
    expect(at(2 ** 53 - 1)).toEqual([5]);
    expect(at(base + 1)).toEqual([]);
  });
  it('refuses entries that differ between the two passes of its build', () => {
    let calls = 0;
    const more = { forEach: (cb: (h: number, r: number) => void) => { for (let r = 0; r < 3 + calls; r++) cb(r * 1000, r); calls++; } };
    expect(() => new BlockingIndex(more)).toThrow(/more entries the second time/);
    calls = 0;
    const fewer = { forEach: (cb: (h: number, r: number) => void) => { for (let r = 0; r < 3 - calls; r++) cb(r * 1000, r); calls++; } };
    expect(() => new BlockingIndex(fewer)).toThrow(/2 entries the second time, 3 the first/);
  });
  it('holds the keys of records known nowhere apart: a key is found on its own side only, and a shared copy reads the same', () => {
    const entries: [string, number, boolean][] = [['SM|DUP2|01-02|r32', 0, false], ['SM|DUP2|01-02|nowhere', 1, true], ['SM|DUP2|01-02|r32', 3, false], ['DF|2008-01-02|LUK', 1, false]];
    // The same hash on both sides too: each side keeps its own records.
    entries.push(['SM|MART|03-04', 4, false], ['SM|MART|03-04', 2, true], ['SM|MART|03-04', 5, true]);
    const index = new BlockingIndex({ forEach: (cb) => entries.forEach(([k, r, nowhere]) => cb(keyHash(k), r, nowhere)) });
    const found = (ix: BlockingIndex, k: string, nowhere: boolean) => {
      const out: number[] = [];
      expect(ix.forEachRecord(keyHash(k), (r) => out.push(r), nowhere)).toBe(out.length);
      return out;
    };
    for (const ix of [index, new BlockingIndex(index.shared())]) {
      expect(found(ix, 'SM|DUP2|01-02|r32', false)).toEqual([0, 3]);
      expect(found(ix, 'SM|DUP2|01-02|r32', true)).toEqual([]);
      expect(found(ix, 'SM|DUP2|01-02|nowhere', true)).toEqual([1]);
      expect(found(ix, 'SM|DUP2|01-02|nowhere', false)).toEqual([]);
      expect(found(ix, 'DF|2008-01-02|LUK', false)).toEqual([1]);
      expect(found(ix, 'SM|MART|03-04', false)).toEqual([4]);
      expect(found(ix, 'SM|MART|03-04', true)).toEqual([2, 5]);
    }
  });
  it('lets its memory go on release: the shared arrays given out are emptied in place, and a lookup throws rather than find nothing', () => {
    const entries: [string, number, boolean][] = [['DF|2008-01-02|LUK', 0, false], ['SM|MART|03-04', 1, true]];
    const index = new BlockingIndex({ forEach: (cb) => entries.forEach(([k, r, nowhere]) => cb(keyHash(k), r, nowhere)) });
    const shared = index.shared();
    expect(shared.main.records.length + shared.nowhere.records.length).toBe(2);
    index.release();
    for (const table of [shared.main, shared.nowhere]) {
      expect([table.keys.length, table.records.length, table.starts.length]).toEqual([0, 0, 1]);
    }
    expect(() => index.forEachRecord(keyHash('DF|2008-01-02|LUK'), () => undefined)).toThrow(/after release/);
    expect(() => index.forEachRecord(keyHash('SM|MART|03-04'), () => undefined, true)).toThrow(/after release/);
  });
  it('hashes to distinct 53-bit integers', () => {
    const keys = Array.from({ length: 50_000 }, (_, i) => `SY|K${i}|A|${2000 + (i % 20)}`);
    const hashes = new Set(keys.map(keyHash));
    expect(hashes.size).toBe(keys.length);
    for (const h of hashes) expect(Number.isSafeInteger(h)).toBe(true);
  });
});

/** 53-bit hash of a test key string (two 32-bit FNV-1a variants): the index takes any 53-bit hashes. */
function keyHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) >>> 11);
}
