/**
 * The records' blocking keys, held compactly: a key is hashed to 53 bits and stored with its record
 * in typed arrays sorted by hash, looked up by binary search. A Map of key strings to arrays costs
 * about 150 bytes a key (300 MB for the 2 million keys of Hauts-de-France, 2.4 GB nationally); this
 * costs 12 (the key's rule is its prefix, so it is part of the hash). A hash collision (about 1 in 4 billion per pair of keys) only adds a candidate pair, which
 * is then compared and scored like any other.
 */
export class BlockingIndex {
  private readonly hashes: Float64Array;
  private readonly records: Int32Array;

  constructor(entries: { count: number; forEach(cb: (hash: number, record: number) => void): void }) {
    const hashes = new Float64Array(entries.count);
    const records = new Int32Array(entries.count);
    let n = 0;
    entries.forEach((h, r) => {
      hashes[n] = h;
      records[n] = r;
      n++;
    });
    const order = new Int32Array(n);
    for (let i = 0; i < n; i++) order[i] = i;
    order.sort((a, b) => hashes[a]! - hashes[b]! || records[a]! - records[b]!);
    this.hashes = new Float64Array(n);
    this.records = new Int32Array(n);
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      this.hashes[i] = hashes[j]!;
      this.records[i] = records[j]!;
    }
  }

  /** Calls `cb` for every record indexed under `hash`. Returns how many there were. */
  forEachRecord(hash: number, cb: (record: number) => void): number {
    const h = this.hashes;
    let lo = 0;
    let hi = h.length;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (h[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    let i = lo;
    for (; i < h.length && h[i] === hash; i++) cb(this.records[i]!);
    return i - lo;
  }
}

/** 53-bit hash of a key string (two 32-bit FNV-1a variants), exact as a JavaScript number. */
export function keyHash(s: string): number {
  let h1 = 0x811c9dc5;
  let h2 = 0x9747b28c;
  for (let i = 0; i < s.length; i++) {
    const c = s.charCodeAt(i);
    h1 = Math.imul(h1 ^ c, 0x01000193);
    h2 = Math.imul(h2 ^ c, 0x5bd1e995) ^ (h2 >>> 13);
  }
  return (h1 >>> 0) * 2 ** 21 + ((h2 >>> 0) >>> 11);
}
