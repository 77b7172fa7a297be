/**
 * The records' blocking keys, held compactly: each distinct key's 53-bit hash (blocking-keys.ts, the
 * rule hashed with its traits) once, in a typed array sorted by hash, with the run of its records in
 * a second array; found through a directory on the hash's top bits. A Map of key strings to arrays
 * costs about 150 bytes a key (300 MB for the 2 million keys of Hauts-de-France, 2.4 GB nationally).
 * Here an entry (key, record) costs 4 bytes and a distinct key about 20: records share keys (a block
 * is a key), so nationally this is about half of storing the hash with every entry.
 */
export class BlockingIndex {
  /** The distinct hashes, ascending. */
  private readonly keys: Float64Array;
  /** Records of keys[k]: records[starts[k]] up to records[starts[k + 1]], ascending. */
  private readonly starts: Int32Array;
  private readonly records: Int32Array;

  /**
   * `entries.forEach` is called twice (counted, then placed) and must give the same entries each
   * time: the caller works the keys out again rather than holding them.
   */
  constructor(entries: { forEach(cb: (hash: number, record: number) => void): void } | SharedBlockingIndex) {
    if ('directory' in entries) {
      ({ keys: this.keys, starts: this.starts, records: this.records, bits: this.bits, directory: this.directory } = entries);
      return;
    }
    // A counting sort on the hash's top bits, then each bucket sorted by (hash, record): the only
    // temporary array of the entries is their hashes. Sorting an order array of every entry held
    // four arrays of them at once, and the sort's own copies, at the matcher's memory peak
    // (nationally about 12 million entries).
    const ends = new Int32Array(BUCKETS + 1);
    let n = 0;
    entries.forEach((h) => {
      ends[bucketOf(h) + 1]!++;
      n++;
    });
    for (let b = 1; b <= BUCKETS; b++) ends[b]! += ends[b - 1]!;
    // ends[b] is bucket b's start now, and its end once its entries are placed.
    const hashes = new Float64Array(n);
    this.records = new Int32Array(new SharedArrayBuffer(n * Int32Array.BYTES_PER_ELEMENT));
    let placed = 0;
    entries.forEach((h, r) => {
      const at = ends[bucketOf(h)]!++;
      if (at >= n || placed++ >= n) throw new Error('BlockingIndex: entries.forEach gave more entries the second time');
      hashes[at] = h;
      this.records[at] = r;
    });
    if (placed !== n) throw new Error(`BlockingIndex: entries.forEach gave ${placed} entries the second time, ${n} the first`);
    let distinct = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const from = b === 0 ? 0 : ends[b - 1]!;
      sortRun(hashes, this.records, from, ends[b]!);
      for (let i = from; i < ends[b]!; i++) if (i === from || hashes[i] !== hashes[i - 1]) distinct++;
    }
    // In shared memory: the matcher's worker threads look keys up in the same arrays (`shared`).
    this.keys = new Float64Array(new SharedArrayBuffer(distinct * Float64Array.BYTES_PER_ELEMENT));
    this.starts = new Int32Array(new SharedArrayBuffer((distinct + 1) * Int32Array.BYTES_PER_ELEMENT));
    let k = -1;
    for (let i = 0; i < n; i++) {
      if (k < 0 || hashes[i] !== this.keys[k]) {
        this.keys[++k] = hashes[i]!;
        this.starts[k] = i;
      }
    }
    this.starts[distinct] = n;
    // A directory on the hash's top bits, about two keys per slot: a lookup reads one or two keys
    // instead of a binary search through millions (every person looks up every key of theirs).
    this.bits = Math.min(26, Math.max(1, Math.ceil(Math.log2(distinct + 1))));
    this.directory = new Int32Array(new SharedArrayBuffer(((1 << this.bits) + 1) * Int32Array.BYTES_PER_ELEMENT));
    let slot = 0;
    for (let i = 0; i < distinct; i++) {
      const top = this.slotOf(this.keys[i]!);
      while (slot <= top) this.directory[slot++] = i;
    }
    while (slot <= 1 << this.bits) this.directory[slot++] = distinct;
  }

  private readonly bits: number;
  /** directory[s]: the first key whose hash's slot is s or more. */
  private readonly directory: Int32Array;

  /** The index's arrays, shared with another thread: `new BlockingIndex(shared)` there reads the same memory. */
  shared(): SharedBlockingIndex {
    return { keys: this.keys, starts: this.starts, records: this.records, bits: this.bits, directory: this.directory };
  }

  private slotOf(hash: number): number {
    return Math.floor(hash / 2 ** (53 - this.bits));
  }

  /** Calls `cb` for every record indexed under `hash`, in ascending order. Returns how many there were. */
  forEachRecord(hash: number, cb: (record: number) => void): number {
    const keys = this.keys;
    const slot = this.slotOf(hash);
    let lo = this.directory[slot]!;
    let hi = this.directory[slot + 1]!;
    while (lo < hi) {
      const mid = (lo + hi) >>> 1;
      if (keys[mid]! < hash) lo = mid + 1;
      else hi = mid;
    }
    if (lo >= keys.length || keys[lo] !== hash) return 0;
    const end = this.starts[lo + 1]!;
    const records = this.records;
    for (let i = this.starts[lo]!; i < end; i++) cb(records[i]!);
    return end - this.starts[lo]!;
  }
}

export interface SharedBlockingIndex {
  keys: Float64Array;
  starts: Int32Array;
  records: Int32Array;
  bits: number;
  directory: Int32Array;
}

/** Buckets of the build's counting sort: nationally about 180 entries each, a few to tests (256 KB). */
const BUCKET_BITS = 16;
const BUCKETS = 1 << BUCKET_BITS;

function bucketOf(hash: number): number {
  return Math.floor(hash / 2 ** (53 - BUCKET_BITS));
}

/** Sorts entries [from, to) of the two parallel arrays by hash, then record. */
function sortRun(hashes: Float64Array, records: Int32Array, from: number, to: number): void {
  const before = (i: number, h: number, r: number) => hashes[i]! > h || (hashes[i] === h && records[i]! > r);
  if (to - from <= 32) {
    for (let i = from + 1; i < to; i++) {
      const h = hashes[i]!;
      const r = records[i]!;
      let j = i - 1;
      for (; j >= from && before(j, h, r); j--) {
        hashes[j + 1] = hashes[j]!;
        records[j + 1] = records[j]!;
      }
      hashes[j + 1] = h;
      records[j + 1] = r;
    }
    return;
  }
  const order = Array.from({ length: to - from }, (_, i) => from + i).sort((a, b) => hashes[a]! - hashes[b]! || records[a]! - records[b]!);
  const h = order.map((i) => hashes[i]!);
  const r = order.map((i) => records[i]!);
  for (let i = 0; i < order.length; i++) {
    hashes[from + i] = h[i]!;
    records[from + i] = r[i]!;
  }
}
