import { describe, expect, it } from 'vitest';
import { radixOrder } from '../../../pipeline/stages/radix-order.js';

describe('radixOrder', () => {
  it('orders by the first key, then the next among equals, then the position: as a stable sort with the comparator', () => {
    // Small values so that ties on every key are common; a fixed generator so the case is the same every run.
    let seed = 12345;
    const random = (n: number) => (seed = (seed * 1103515245 + 12345) % 2 ** 31) % n;
    const count = 5000;
    const keys = [7, 3, 40, 2].map((n) => Int32Array.from({ length: count + 10 }, () => random(n)));
    const expected = Array.from({ length: count }, (_, i) => i).sort(
      (a, b) => keys[0]![a]! - keys[0]![b]! || keys[1]![a]! - keys[1]![b]! || keys[2]![a]! - keys[2]![b]! || keys[3]![a]! - keys[3]![b]! || a - b,
    );
    expect([...radixOrder(count, keys)]).toEqual(expected);
  });

  it('reads only the first `count` values of longer arrays, and orders nothing for none', () => {
    expect([...radixOrder(3, [Int32Array.of(2, 0, 2, -1, 9)])]).toEqual([1, 0, 2]);
    expect([...radixOrder(0, [new Int32Array(4)])]).toEqual([]);
  });

  it('refuses a negative value, naming the key and position', () => {
    expect(() => radixOrder(2, [Int32Array.of(0, 1), Int32Array.of(3, -2)])).toThrow('radixOrder: key 1 holds -2 at 1');
  });
});
