import { setTimeout as tick } from 'node:timers/promises';
import { describe, expect, it } from 'vitest';
import { collectGarbage } from '../../pipeline/collect-garbage.js';

describe('collectGarbage', () => {
  it('collects what nothing references any more, in a process started without --expose-gc', async () => {
    let held: object | null = { big: new Float64Array(1 << 20) };
    const ref = new WeakRef(held);
    held = null;
    // A WeakRef's target stays alive until the end of the task that made (or read) it.
    await tick(0);
    collectGarbage();
    expect(ref.deref()).toBeUndefined();
    // A second call reuses the collector obtained the first time.
    expect(() => collectGarbage()).not.toThrow();
  });
});
