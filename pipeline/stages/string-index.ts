/**
 * Short strings numbered 0, 1, 2… in the order first added, held in typed arrays: the resolve stage
 * numbers the 4.6 million INEs of France with it. A Map of as many strings costs about 70 bytes an entry (the
 * string, its entry, the table) and the garbage collector's headroom on top; here a string costs its
 * UTF-16 code units (22 bytes for an INE) plus 4 bytes of offset, 4 of hash and 8–16 of table.
 *
 * An open-addressing table (linear probing, doubled at half load) of ids, each string's 32-bit hash
 * kept to skip most comparisons; a lookup compares the stored code units, so two strings are never
 * taken for one. No library offers a compact string-to-number map; the pattern is that of
 * duplicate-set.ts.
 */
export class StringIndex {
  private units = new Uint16Array(1 << 16);
  private used = 0;
  /** Where string i starts in `units`; string i ends where i + 1 starts. */
  private starts = new Uint32Array(1 << 12);
  private hashes = new Int32Array(1 << 12);
  private count = 0;
  /** id + 1 per slot; 0 is an empty slot. */
  private slots = new Int32Array(1 << 12);

  get size(): number {
    return this.count;
  }

  /** The id of `s`, or -1 if it was never added. */
  get(s: string): number {
    const h = stringHash(s);
    const mask = this.slots.length - 1;
    for (let i = h & mask; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) return -1;
      if (this.hashes[slot - 1] === h && this.equals(slot - 1, s)) return slot - 1;
    }
  }

  /** The id of `s`, numbered next if new. */
  add(s: string): number {
    const h = stringHash(s);
    const mask = this.slots.length - 1;
    let i = h & mask;
    for (; ; i = (i + 1) & mask) {
      const slot = this.slots[i]!;
      if (slot === 0) break;
      if (this.hashes[slot - 1] === h && this.equals(slot - 1, s)) return slot - 1;
    }
    const id = this.newId(i, h, s.length);
    for (let k = 0; k < s.length; k++) this.units[this.starts[id]! + k] = s.charCodeAt(k);
    return id;
  }

  /**
   * The strings of another index (`detach`), each added as `add` would in their order: what this
   * index numbers them, by their number there. Read from its code units, without a string each.
   */
  addAll(other: DetachedStringIndex): Int32Array {
    const ids = new Int32Array(other.count);
    for (let o = 0; o < other.count; o++) {
      const h = other.hashes[o]!;
      const start = other.starts[o]!;
      const length = other.starts[o + 1]! - start;
      const mask = this.slots.length - 1;
      let i = h & mask;
      let id = -1;
      for (; ; i = (i + 1) & mask) {
        const slot = this.slots[i]!;
        if (slot === 0) break;
        if (this.hashes[slot - 1] === h && this.equalsUnits(slot - 1, other.units, start, length)) {
          id = slot - 1;
          break;
        }
      }
      if (id < 0) {
        id = this.newId(i, h, length);
        this.units.set(other.units.subarray(start, start + length), this.starts[id]!);
      }
      ids[o] = id;
    }
    return ids;
  }

  /** The arrays as they are, for another thread (their buffers moved): this index is not to be used after. */
  detach(): DetachedStringIndex {
    return { units: this.units.subarray(0, this.used), starts: this.starts.subarray(0, this.count + 1), hashes: this.hashes.subarray(0, this.count), count: this.count };
  }

  /**
   * The string numbered `id`. An INE's eleven code units are passed as eleven arguments: spreading a
   * view of them made a view and went through its iterator, a quarter of the national INE writes'
   * time on the resolve stage's one core in a profile (4.6 million strings: 1.4 s spread, 0.4 s with
   * `apply`, 0.09 s this way, in a script).
   */
  at(id: number): string {
    if (id < 0 || id >= this.count) throw new RangeError(`StringIndex: no string ${id}`);
    const u = this.units;
    const s = this.starts[id]!;
    const length = this.starts[id + 1]! - s;
    if (length === INE_LENGTH) {
      return String.fromCharCode(u[s]!, u[s + 1]!, u[s + 2]!, u[s + 3]!, u[s + 4]!, u[s + 5]!, u[s + 6]!, u[s + 7]!, u[s + 8]!, u[s + 9]!, u[s + 10]!);
    }
    return String.fromCharCode.apply(null, u.subarray(s, s + length) as unknown as number[]);
  }

  /**
   * The ids in the order of their strings' first four code units (ties in id order): close to the
   * strings' order at the cost of a numeric sort, for writing rows keyed by these strings into a
   * B-tree (resolve.stage.ts). Beyond 2^25 ids, the ids in order.
   */
  roughlySorted(ids: Int32Array): Int32Array {
    if (this.count >= 1 << 25) return ids;
    const keys = new Float64Array(ids.length);
    for (let k = 0; k < ids.length; k++) {
      const id = ids[k]!;
      const start = this.starts[id]!;
      const end = this.starts[id + 1]!;
      let prefix = 0;
      for (let u = 0; u < 4; u++) prefix = prefix * 128 + (start + u < end ? Math.min(127, this.units[start + u]!) : 0);
      keys[k] = prefix * 2 ** 25 + id;
    }
    keys.sort();
    const out = new Int32Array(ids.length);
    for (let k = 0; k < ids.length; k++) out[k] = keys[k]! % 2 ** 25;
    return out;
  }

  /** A new id for a string of `length` units and hash `h`, in the empty slot `i`; its units are the caller's to write. */
  private newId(i: number, h: number, length: number): number {
    const id = this.count++;
    if (id + 1 >= this.starts.length) {
      this.starts = grown(this.starts, this.starts.length * 2);
      this.hashes = grown(this.hashes, this.hashes.length * 2);
    }
    while (this.used + length > this.units.length) this.units = grown(this.units, this.units.length * 2);
    this.starts[id] = this.used;
    this.used += length;
    this.starts[id + 1] = this.used;
    this.hashes[id] = h;
    this.slots[i] = id + 1;
    if (this.count * 2 > this.slots.length) this.rehash();
    return id;
  }

  private equals(id: number, s: string): boolean {
    const start = this.starts[id]!;
    if (this.starts[id + 1]! - start !== s.length) return false;
    for (let k = 0; k < s.length; k++) if (this.units[start + k] !== s.charCodeAt(k)) return false;
    return true;
  }

  private equalsUnits(id: number, units: Uint16Array, from: number, length: number): boolean {
    const start = this.starts[id]!;
    if (this.starts[id + 1]! - start !== length) return false;
    for (let k = 0; k < length; k++) if (this.units[start + k] !== units[from + k]) return false;
    return true;
  }

  private rehash(): void {
    const slots = new Int32Array(this.slots.length * 2);
    const mask = slots.length - 1;
    for (let id = 0; id < this.count; id++) {
      let i = this.hashes[id]! & mask;
      while (slots[i] !== 0) i = (i + 1) & mask;
      slots[i] = id + 1;
    }
    this.slots = slots;
  }
}

/** A StringIndex's strings as its arrays, for `addAll` in another thread. */
export interface DetachedStringIndex {
  units: Uint16Array;
  /** count + 1 entries: string i is units[starts[i], starts[i + 1]). */
  starts: Uint32Array;
  hashes: Int32Array;
  count: number;
}

/** FNV-1a over the UTF-16 code units, mixed (murmur3's finaliser) so that the low bits spread. */
export function stringHash(s: string): number {
  let h = 0x811c9dc5;
  for (let k = 0; k < s.length; k++) h = Math.imul(h ^ s.charCodeAt(k), 0x01000193);
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

function grown<T extends Uint16Array<ArrayBuffer> | Uint32Array<ArrayBuffer> | Int32Array<ArrayBuffer>>(a: T, length: number): T {
  const b = new (a.constructor as new (n: number) => T)(length);
  b.set(a);
  return b;
}

/** Code units of an INE (ten characters and a key), the strings `at` gives most. */
const INE_LENGTH = 11;
