import { KeyList, keysOf, KeyTraits, traitsOf } from './blocking-keys.js';
import type { Identity } from './features.js';
import type { SharedIdentityStore } from './identity-store.js';
import type { MatcherSettings } from './settings.js';
import { StoredKeyTraits } from './stored-key-traits.js';

/**
 * The records' blocking keys, held compactly: each distinct key's 53-bit hash (blocking-keys.ts, the
 * rule hashed with its traits) once, in a typed array sorted by hash, with the run of its records in
 * a second array; found through a directory on the hash's top bits. A Map of key strings to arrays
 * costs about 150 bytes a key (300 MB for the 2 million keys of Hauts-de-France, 2.4 GB nationally).
 * Here an entry (key, record) costs 4 bytes and a distinct key about 20: records share keys (a block
 * is a key), so nationally this is about half of storing the hash with every entry.
 *
 * The keys of records known nowhere (blocking-keys.ts `KeyRegions`) are held in a table of their own.
 * Every person looks each of its region-bounded keys up once more under "nowhere", and almost every
 * such lookup finds nothing: in a table of about 5% of the records they stay in the processor's
 * cache, where in the one table each cost reads from memory. A key is looked up in the table of its
 * side (`nowhere`), by the same hash, so that the records found, and their order, are those one
 * table would give.
 */
export class BlockingIndex {
  private main: KeyTable;
  private nowhere: KeyTable;

  /**
   * `entries.forEach` is called twice (counted, then placed) and must give the same entries each
   * time: the caller works the keys out again rather than holding them. `nowhere`: the key is one of
   * a record known nowhere (KeyList.nowhere).
   */
  constructor(entries: { forEach(cb: (hash: number, record: number, nowhere?: boolean) => void): void } | SharedBlockingIndex) {
    if ('main' in entries) {
      this.main = new KeyTable(entries.main);
      this.nowhere = new KeyTable(entries.nowhere);
      return;
    }
    const builders = [new TableBuilder(), new TableBuilder()] as const;
    entries.forEach((h, _, nowhere) => builders[nowhere ? 1 : 0].count(h));
    for (const b of builders) b.allocate();
    entries.forEach((h, r, nowhere) => builders[nowhere ? 1 : 0].place(h, r));
    this.main = new KeyTable(builders[0].finish());
    this.nowhere = new KeyTable(builders[1].finish());
  }

  /** The index's arrays, shared with another thread: `new BlockingIndex(shared)` there reads the same memory. */
  shared(): SharedBlockingIndex {
    return { main: this.main.arrays, nowhere: this.nowhere.arrays };
  }

  /**
   * Lets the index's memory go (nationally about 240 MB, in shared memory) while whoever holds the
   * index, or an index shared from it in this thread, still does: its arrays, and those of every
   * `shared()` given, are emptied in place; a lookup then throws. The matcher calls it once its
   * scoring pass is done (link-records.ts): the campaign's decisions, after it, are where a national
   * run's memory peaked in two traced runs (1,944 and 2,026 MiB), with the index held through them.
   */
  release(): void {
    for (const table of [this.main, this.nowhere]) releaseTable(table.arrays);
    this.main = this.nowhere = RELEASED;
  }

  /**
   * Calls `cb` for every record indexed under `hash` (a key of a record known nowhere when
   * `nowhere`), in ascending order. Returns how many there were.
   */
  forEachRecord(hash: number, cb: (record: number) => void, nowhere = false): number {
    return (nowhere ? this.nowhere : this.main).forEachRecord(hash, cb);
  }

  /**
   * The index of some of its records, renumbered: record r becomes `numbers[r]`, or is left out
   * when that is −1. The numbers of the records kept must rise with r (the records kept of a longer
   * list, numbered in their order): the result is then the index `indexRecordTraits` would build of
   * those records under the new numbers, array for array, without working out a key again.
   */
  renumbered(numbers: Int32Array): BlockingIndex {
    return new BlockingIndex({ main: renumberTable(this.main.arrays, numbers), nowhere: renumberTable(this.nowhere.arrays, numbers) });
  }
}

/**
 * The index of a sealed store's records (record i is entry i) under their keys for `settings`, from
 * the store's numbers (stored-key-traits.ts): no record's identity is built for it.
 */
export function indexStoredRecords(store: SharedIdentityStore, settings: MatcherSettings): BlockingIndex {
  const traits = new StoredKeyTraits(store, settings.regionBlocking ? 'index' : undefined);
  return indexRecordTraits(store.starts.length, (i, out) => traits.of(i, out), settings);
}

/**
 * The index of records [0, count), those `keep` accepts, under their keys for `settings`. Hashes
 * only: nationally records have about 12 million keys, worked out twice (counted, then placed)
 * rather than held as an array a record in between: about 1 s more nationally (1.6 µs a record),
 * and the arrays off the memory peak, which is reached while the index is built and the model
 * trained (a trace of a national run).
 */
export function indexRecords(count: number, identityOf: (i: number) => Identity, settings: MatcherSettings, keep: (i: number) => boolean = () => true): BlockingIndex {
  const regions = settings.regionBlocking ? 'index' : undefined;
  return indexRecordTraits(count, (i, out) => traitsOf(identityOf(i), regions, out), settings, keep);
}

/**
 * `indexRecords` from the traits of each record's keys (blocking-keys.ts), worked out on the index's
 * side: from a store's numbers (stored-key-traits.ts), the matcher builds no record's identity for it.
 */
function indexRecordTraits(count: number, traitsOfRecord: (i: number, out: KeyTraits) => KeyTraits, settings: MatcherSettings, keep: (i: number) => boolean = () => true): BlockingIndex {
  const keys = new KeyList();
  const traits = new KeyTraits();
  return new BlockingIndex({
    forEach: (cb) => {
      for (let i = 0; i < count; i++) {
        if (!keep(i)) continue;
        keysOf(traitsOfRecord(i, traits), settings.blocking, keys);
        for (let k = 0; k < keys.length; k++) cb(keys.hashes[k]!, i, keys.nowhere[k]!);
      }
    },
  });
}

export interface SharedBlockingIndex {
  main: SharedKeyTable;
  nowhere: SharedKeyTable;
}

export interface SharedKeyTable {
  /** The distinct hashes, ascending. */
  keys: Float64Array;
  /** Records of keys[k]: records[starts[k]] up to records[starts[k + 1]], ascending. */
  starts: Int32Array;
  records: Int32Array;
  bits: number;
  /** directory[s]: the first key whose hash's slot is s or more. */
  directory: Int32Array;
}

/** One table of keys, its arrays in shared memory: the matcher's worker threads look keys up in the same arrays. */
class KeyTable {
  private readonly keys: Float64Array;
  private readonly starts: Int32Array;
  private readonly records: Int32Array;
  private readonly directory: Int32Array;
  /** Divides a hash into its directory slot: 2 ** (53 − bits), worked out once. */
  private readonly slotDivisor: number;

  constructor(readonly arrays: SharedKeyTable) {
    ({ keys: this.keys, starts: this.starts, records: this.records, directory: this.directory } = arrays);
    this.slotDivisor = slotDivisor(arrays.bits);
  }

  forEachRecord(hash: number, cb: (record: number) => void): number {
    const keys = this.keys;
    const slot = slotOf(hash, this.slotDivisor);
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

/** A table without keys: what a released table's shared arrays become. */
const EMPTY_TABLE = tableOf(new Float64Array(0), new Int32Array(1), new Int32Array(0));

/** A table whose index was released: looked up, it says so (no record found silently). */
const RELEASED = {
  arrays: EMPTY_TABLE,
  forEachRecord(): number {
    throw new Error('BlockingIndex: looked up after release()');
  },
} as unknown as KeyTable;

/** Empties a shared table in place: its arrays go once nothing else holds them. */
function releaseTable(t: SharedKeyTable): void {
  Object.assign(t, EMPTY_TABLE);
}

/**
 * Builds one table: a counting sort on the hash's top bits, then each bucket sorted by (hash,
 * record), so that the only temporary array of the entries is their hashes. Sorting an order array
 * of every entry held four arrays of them at once, and the sort's own copies, at the matcher's
 * memory peak (nationally about 12 million entries).
 */
class TableBuilder {
  /** Entries a bucket: bucket b's start once allocated, and its end once its entries are placed. */
  private readonly ends = new Int32Array(BUCKETS + 1);
  private n = 0;
  private placed = 0;
  private hashes = new Float64Array(0);
  private records: Int32Array = new Int32Array(0);

  count(hash: number): void {
    this.ends[bucketOf(hash) + 1]!++;
    this.n++;
  }

  allocate(): void {
    for (let b = 1; b <= BUCKETS; b++) this.ends[b]! += this.ends[b - 1]!;
    this.hashes = new Float64Array(this.n);
    this.records = new Int32Array(new SharedArrayBuffer(this.n * Int32Array.BYTES_PER_ELEMENT));
  }

  place(hash: number, record: number): void {
    const at = this.ends[bucketOf(hash)]!++;
    if (at >= this.n || this.placed++ >= this.n) throw new Error('BlockingIndex: entries.forEach gave more entries the second time');
    this.hashes[at] = hash;
    this.records[at] = record;
  }

  finish(): SharedKeyTable {
    const { n, hashes, records, ends } = this;
    if (this.placed !== n) throw new Error(`BlockingIndex: entries.forEach gave ${this.placed} entries the second time, ${n} the first`);
    let distinct = 0;
    for (let b = 0; b < BUCKETS; b++) {
      const from = b === 0 ? 0 : ends[b - 1]!;
      sortRun(hashes, records, from, ends[b]!);
      for (let i = from; i < ends[b]!; i++) if (i === from || hashes[i] !== hashes[i - 1]) distinct++;
    }
    const keys = new Float64Array(new SharedArrayBuffer(distinct * Float64Array.BYTES_PER_ELEMENT));
    const starts = new Int32Array(new SharedArrayBuffer((distinct + 1) * Int32Array.BYTES_PER_ELEMENT));
    let k = -1;
    for (let i = 0; i < n; i++) {
      if (k < 0 || hashes[i] !== keys[k]) {
        keys[++k] = hashes[i]!;
        starts[k] = i;
      }
    }
    starts[distinct] = n;
    this.hashes = new Float64Array(0);
    return tableOf(keys, starts, records);
  }
}

/** A table of its sorted keys and their records, with its directory. */
function tableOf(keys: Float64Array, starts: Int32Array, records: Int32Array): SharedKeyTable {
  const distinct = keys.length;
  // A directory on the hash's top bits, about two keys per slot: a lookup reads one or two keys
  // instead of a binary search through millions (every person looks up every key of theirs).
  const bits = Math.min(26, Math.max(1, Math.ceil(Math.log2(distinct + 1))));
  const directory = new Int32Array(new SharedArrayBuffer(((1 << bits) + 1) * Int32Array.BYTES_PER_ELEMENT));
  const divisor = slotDivisor(bits);
  let slot = 0;
  for (let i = 0; i < distinct; i++) {
    const top = slotOf(keys[i]!, divisor);
    while (slot <= top) directory[slot++] = i;
  }
  while (slot <= 1 << bits) directory[slot++] = distinct;
  return { keys, starts, records, bits, directory };
}

/** BlockingIndex.renumbered on one table: its keys left without a record dropped. */
function renumberTable(t: SharedKeyTable, numbers: Int32Array): SharedKeyTable {
  let entries = 0;
  let distinct = 0;
  for (let k = 0; k < t.keys.length; k++) {
    let kept = 0;
    for (let i = t.starts[k]!; i < t.starts[k + 1]!; i++) if (numbers[t.records[i]!]! >= 0) kept++;
    entries += kept;
    if (kept) distinct++;
  }
  const keys = new Float64Array(new SharedArrayBuffer(distinct * Float64Array.BYTES_PER_ELEMENT));
  const starts = new Int32Array(new SharedArrayBuffer((distinct + 1) * Int32Array.BYTES_PER_ELEMENT));
  const records = new Int32Array(new SharedArrayBuffer(entries * Int32Array.BYTES_PER_ELEMENT));
  let n = 0;
  let d = 0;
  for (let k = 0; k < t.keys.length; k++) {
    const first = n;
    for (let i = t.starts[k]!; i < t.starts[k + 1]!; i++) {
      const r = numbers[t.records[i]!]!;
      if (r < 0) continue;
      // A key's records stay in ascending order, as a build gives them (the pairs' order depends on it).
      if (n > first && r <= records[n - 1]!) throw new Error('BlockingIndex.renumbered: the numbers of the records kept do not rise with the records');
      records[n++] = r;
    }
    if (n === first) continue;
    keys[d] = t.keys[k]!;
    starts[d++] = first;
  }
  starts[distinct] = entries;
  return tableOf(keys, starts, records);
}

/** The directory slot of a hash: its top `bits` bits, as the hash divided by `slotDivisor(bits)`. */
function slotOf(hash: number, divisor: number): number {
  return Math.floor(hash / divisor);
}

function slotDivisor(bits: number): number {
  return 2 ** (53 - bits);
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
