/** A growable set of small integers, one bit each. */
export class BitSet {
  private bits = new Uint32Array(1024);
  add(i: number): void {
    const w = i >>> 5;
    if (w >= this.bits.length) {
      const grown = new Uint32Array(Math.max(2 * this.bits.length, w + 1));
      grown.set(this.bits);
      this.bits = grown;
    }
    this.bits[w]! |= 1 << (i & 31);
  }
  has(i: number): boolean {
    const w = i >>> 5;
    return w < this.bits.length && (this.bits[w]! & (1 << (i & 31))) !== 0;
  }
}
