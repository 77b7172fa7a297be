import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { StringIndex, stringHash } from '../../../pipeline/stages/string-index.js';

/**
 * Strings of exactly eleven UTF-16 code units, any of them (lone surrogates too): `fc.string` counts
 * code points, and a 'binary' one of eleven may be longer in units, missing `at`'s fast path.
 */
const elevenUnits = fc.array(fc.integer({ min: 0, max: 0xffff }), { minLength: 11, maxLength: 11 }).map((units) => String.fromCharCode(...units));

describe('StringIndex', () => {
  it('numbers strings in the order first added, finds each again and gives it back', () => {
    fc.assert(
      fc.property(fc.array(fc.string({ unit: 'grapheme', maxLength: 12 }), { maxLength: 300 }), (strings) => {
        const index = new StringIndex();
        const expected = new Map<string, number>();
        for (const s of strings) {
          if (!expected.has(s)) expected.set(s, expected.size);
          expect(index.add(s)).toBe(expected.get(s));
        }
        expect(index.size).toBe(expected.size);
        for (const [s, id] of expected) {
          expect(index.get(s)).toBe(id);
          expect(index.at(id)).toBe(s);
        }
        expect(index.get('\u0000absent')).toBe(-1);
      }),
    );
  });

  it('gives back strings of eleven code units (an INE\'s length, read apart) and of every other length', () => {
    fc.assert(
      fc.property(
        fc.array(fc.oneof(elevenUnits, fc.string({ unit: 'binary', maxLength: 30 })), { maxLength: 100 }),
        (strings) => {
          const index = new StringIndex();
          const ids = strings.map((s) => index.add(s));
          expect(ids.map((id) => index.at(id))).toEqual(strings);
        },
      ),
    );
    const index = new StringIndex();
    expect(['', '1', '0912345678A', '0912345678AB', 'Ã©lÃ¨ve_é€'].map((s) => index.at(index.add(s)))).toEqual(['', '1', '0912345678A', '0912345678AB', 'Ã©lÃ¨ve_é€']);
  });

  it('tells apart two strings of the same hash', () => {
    // Found by a birthday search over INE-shaped strings: the whole 32-bit hash is the same.
    const [a, b] = ['001012789AA', '001249192AA'];
    expect(stringHash(a)).toBe(stringHash(b));
    const index = new StringIndex();
    expect([index.add(a), index.add(b), index.add(a), index.add(b)]).toEqual([0, 1, 0, 1]);
    expect([index.get(b), index.get(a), index.at(1)]).toEqual([1, 0, b]);
  });

  it('tells apart many similar strings while its table grows', () => {
    const index = new StringIndex();
    const ines = Array.from({ length: 50_000 }, (_, i) => `${String(i).padStart(9, '0')}AA`);
    expect(ines.every((s, i) => index.add(s) === i)).toBe(true);
    expect(ines.every((s, i) => index.get(s) === i && index.add(s) === i)).toBe(true);
    expect(index.size).toBe(ines.length);
    expect(index.get('000050000AA')).toBe(-1);
    expect(index.at(12_345)).toBe('000012345AA');
  });

  it('gives ids in the order of their first four code units, ties in id order (the INEs written in about their key order)', () => {
    const index = new StringIndex();
    const strings = ['0924119218L', '8052344709X', '0924000001A', '802', '', '0924119218K', 'É12', '0001'];
    for (const s of strings) index.add(s);
    const ids = Int32Array.from(strings.keys());
    const order = [...index.roughlySorted(ids)].map((i) => strings[i]);
    // 0924… three times: same prefix, kept in the order added; a shorter string before its extensions.
    expect(order).toEqual(['', '0001', '0924119218L', '0924000001A', '0924119218K', '802', '8052344709X', 'É12']);
    expect([...index.roughlySorted(Int32Array.from([1, 5]))]).toEqual([5, 1]);
  });
});
