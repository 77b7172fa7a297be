/**
 * Union-find over 0…n−1 in one Int32Array (4 bytes an element, where an array of numbers costs 8 and
 * more once it grows). A set's representative is its smallest element, so that the sets can be listed
 * in the order of their first element.
 */
export class DisjointSets {
  private readonly parent: Int32Array;

  constructor(readonly size: number) {
    this.parent = new Int32Array(size);
    for (let i = 0; i < size; i++) this.parent[i] = i;
  }

  find(i: number): number {
    const parent = this.parent;
    while (parent[i] !== i) {
      parent[i] = parent[parent[i]!]!;
      i = parent[i]!;
    }
    return i;
  }

  /** Joins the sets of a and b; false when they were already one. */
  union(a: number, b: number): boolean {
    const ra = this.find(a);
    const rb = this.find(b);
    if (ra === rb) return false;
    if (ra < rb) this.parent[rb] = ra;
    else this.parent[ra] = rb;
    return true;
  }

  /**
   * Every set, in the order of its smallest element, as `next` links: `first[k]` is the smallest element
   * of the k-th set and `next[i]` the element after i in its set (−1 at the end), in increasing order.
   */
  sets(): { first: Int32Array; next: Int32Array } {
    const next = new Int32Array(this.size).fill(-1);
    const last = new Int32Array(this.size).fill(-1);
    let count = 0;
    for (let i = 0; i < this.size; i++) {
      const r = this.find(i);
      if (r === i) count++;
      else next[last[r]!] = i;
      last[r] = i;
    }
    // `last` is no longer needed: its start holds the firsts.
    const first = last.subarray(0, count);
    let k = 0;
    for (let i = 0; i < this.size; i++) if (this.parent[i] === i) first[k++] = i;
    return { first, next };
  }
}
