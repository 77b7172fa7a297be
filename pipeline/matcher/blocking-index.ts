/**
 * The records' blocking keys, held compactly: a key's 53-bit hash (blocking-keys.ts, the rule
 * hashed with its traits) is stored with its record in typed arrays sorted by hash, found through a
 * directory on the hash's top bits. A Map of key strings to arrays costs about 150 bytes a key
 * (300 MB for the 2 million keys of Hauts-de-France, 2.4 GB nationally); this costs 16 to 20.
 */
export class BlockingIndex {
  private readonly hashes: Float64Array;
  private readonly records: Int32Array;

  constructor(entries: { count: number; forEach(cb: (hash: number, record: number) => void): void } | SharedBlockingIndex) {
    if ('directory' in entries) {
      ({ hashes: this.hashes, records: this.records, bits: this.bits, directory: this.directory } = entries);
      return;
    }
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
    // In shared memory: the matcher's worker threads look keys up in the same arrays (`shared`).
    this.hashes = new Float64Array(new SharedArrayBuffer(n * Float64Array.BYTES_PER_ELEMENT));
    this.records = new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));
    for (let i = 0; i < n; i++) {
      const j = order[i]!;
      this.hashes[i] = hashes[j]!;
      this.records[i] = records[j]!;
    }
    // A directory on the hash's top bits, about two entries per slot: a lookup reads one or two
    // entries instead of a binary search through millions (every person looks up every key of theirs).
    this.bits = Math.min(26, Math.max(1, Math.ceil(Math.log2(n + 1))));
    this.directory = new Int32Array(new SharedArrayBuffer(((1 << this.bits) + 1) * Int32Array.BYTES_PER_ELEMENT));
    let slot = 0;
    for (let i = 0; i < n; i++) {
      const top = this.slotOf(this.hashes[i]!);
      while (slot <= top) this.directory[slot++] = i;
    }
    while (slot <= 1 << this.bits) this.directory[slot++] = n;
  }

  private readonly bits: number;
  /** directory[s]: the first entry whose hash's slot is s or more. */
  private readonly directory: Int32Array;

  /** The index's arrays, shared with another thread: `new BlockingIndex(shared)` there reads the same memory. */
  shared(): SharedBlockingIndex {
    return { hashes: this.hashes, records: this.records, bits: this.bits, directory: this.directory };
  }

  private slotOf(hash: number): number {
    return Math.floor(hash / 2 ** (53 - this.bits));
  }

  /** Calls `cb` for every record indexed under `hash`. Returns how many there were. */
  forEachRecord(hash: number, cb: (record: number) => void): number {
    const h = this.hashes;
    const slot = this.slotOf(hash);
    let lo = this.directory[slot]!;
    let hi = this.directory[slot + 1]!;
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

export interface SharedBlockingIndex {
  hashes: Float64Array;
  records: Int32Array;
  bits: number;
  directory: Int32Array;
}
