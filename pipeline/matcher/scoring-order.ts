import { soundOf } from './blocking-keys.js';
import type { IdentityStore } from './identity-store.js';

/**
 * The order the scoring pass takes the persons in (store positions): grouped by the sound of their
 * first surname, in store order within a group.
 *
 * Why: most candidate pairs come from rules keyed on the surname's sound (blocking-keys.ts), so
 * persons of one group look up the same blocks and meet the same records. Taken one after another,
 * they find those blocks, the records' identities and their kept candidates still in the processor's
 * cache; in store order each pair read them from memory (nationally the passes on persons spent most
 * of their time waiting for memory: building a record's identity, visiting a record). The result
 * does not depend on the order: TopCandidates keeps, among equal weights, the person earlier in the
 * store, as the store order would.
 *
 * A counting sort on the sound's top bits: linear, and stable, so the order is the same every run.
 */
export function scoringOrder(store: IdentityStore): Int32Array {
  const n = store.size;
  const bucket = new Int32Array(n);
  const starts = new Int32Array(BUCKETS + 1);
  // Each surname's group worked out once, by its string number (−1: not yet): by name, through the
  // sounds' memo, it took 2.5 s of the national matching on one core.
  const groupOf = new Int32Array(store.stringCount).fill(-1);
  for (let p = 0; p < n; p++) {
    const surname = store.firstSurnameNumber(p);
    let b = 0;
    if (surname >= 0) {
      b = groupOf[surname]!;
      if (b < 0) groupOf[surname] = b = (soundOf(store.stringAt(surname)).a >>> 0) >>> (32 - BUCKET_BITS);
    }
    bucket[p] = b;
    starts[b + 1]!++;
  }
  for (let b = 1; b <= BUCKETS; b++) starts[b]! += starts[b - 1]!;
  const order = new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));
  for (let p = 0; p < n; p++) order[starts[bucket[p]!]!++] = p;
  return order;
}

/** About a million groups: two different sounds rarely share one (a few thousand surnames make most persons). */
const BUCKET_BITS = 20;
const BUCKETS = 1 << BUCKET_BITS;
