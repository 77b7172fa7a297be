import { describe, expect, it } from 'vitest';
import { BlockingIndex } from '../../../pipeline/matcher/blocking-index.js';

describe('BlockingIndex', () => {
  it('returns every record indexed under a key, and nothing for an absent key', () => {
    const entries: [string, number][] = [['DF|2008-01-02|LUK', 0], ['SY|MART3|L|2008', 1], ['DF|2008-01-02|LUK', 2], ['SM|DUP2|01-02', 1]];
    const index = new BlockingIndex({ count: entries.length, forEach: (cb) => entries.forEach(([k, r]) => cb(keyHash(k), r)) });
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
    const index = new BlockingIndex({ count: keys.length, forEach: (cb) => keys.forEach((k, r) => cb(keyHash(k), r)) });
    const expected = new Map<string, number[]>();
    keys.forEach((k, r) => expected.set(k, [...(expected.get(k) ?? []), r]));
    for (const [k, records] of expected) {
      const out: number[] = [];
      expect(index.forEachRecord(keyHash(k), (r) => out.push(r))).toBe(records.length);
      expect(out).toEqual(records);
    }
    expect(index.forEachRecord(keyHash('SY|absent'), () => undefined)).toBe(0);
    expect(new BlockingIndex({ count: 0, forEach: () => undefined }).forEachRecord(keyHash('DF|x'), () => undefined)).toBe(0);
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
