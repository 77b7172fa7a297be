/**
 * The few best-scoring persons of each record, kept while persons stream past (never every candidate
 * pair). More than two are kept so that a record whose best person is taken by another record of the
 * same source (one-to-one.ts) can still be decided against the next ones. Each kept person is
 * known by its place in the stream too (`position`): the decision reads the two best identities
 * back, and candidates kept by threads that scored different persons are merged in stream order.
 */
export class TopCandidates {
  readonly weight: Float64Array;
  readonly person: Int32Array;
  /** Comparison levels of each kept pair, encoded (model.ts `encodePattern`). */
  readonly pattern: Float64Array;
  /** Where the person came in the stream (its index in the identity store); −1 for a free place. */
  readonly position: Int32Array;

  constructor(
    readonly records: number,
    readonly depth: number,
    arrays?: { weight: Float64Array; person: Int32Array; pattern: Float64Array; position: Int32Array },
  ) {
    this.weight = arrays?.weight ?? new Float64Array(records * depth).fill(-Infinity);
    this.person = arrays?.person ?? new Int32Array(records * depth).fill(-1);
    this.pattern = arrays?.pattern ?? new Float64Array(records * depth);
    this.position = arrays?.position ?? new Int32Array(records * depth).fill(-1);
  }

  /**
   * Persons may be offered in any order: among equal weights the person earlier in the stream
   * (`position`) stays ahead, so what is kept is what offering every person in stream order keeps.
   */
  offer(record: number, personId: number, w: number, pattern: number, position: number): void {
    const base = record * this.depth;
    if (!this.before(w, position, base + this.depth - 1)) return;
    let j = this.depth - 1;
    while (j > 0 && this.before(w, position, base + j - 1)) {
      this.weight[base + j] = this.weight[base + j - 1]!;
      this.person[base + j] = this.person[base + j - 1]!;
      this.pattern[base + j] = this.pattern[base + j - 1]!;
      this.position[base + j] = this.position[base + j - 1]!;
      j--;
    }
    this.weight[base + j] = w;
    this.person[base + j] = personId;
    this.pattern[base + j] = pattern;
    this.position[base + j] = position;
  }

  /** A person of weight `w` at `position` in the stream goes before the one kept at place `i` (or the place is free). */
  private before(w: number, position: number, i: number): boolean {
    return this.position[i] === -1 || precedes(w, position, this.weight[i]!, this.position[i]!);
  }

  /**
   * Takes in what another TopCandidates kept from other persons of the same stream: each record keeps
   * the best of both, among equal weights the one seen first in the stream, which is what one
   * TopCandidates offered every person in order would have kept (each side kept the best of its own
   * persons in that order, and a person either side dropped was below `depth` better ones).
   */
  merge(other: TopCandidates): void {
    const d = this.depth;
    const w = new Float64Array(d);
    const p = new Int32Array(d);
    const c = new Float64Array(d);
    const s = new Int32Array(d);
    for (let r = 0; r < this.records; r++) {
      const base = r * d;
      if (other.position[base] === -1) continue;
      let a = 0;
      let b = 0;
      for (let k = 0; k < d; k++) {
        const fromThis = this.position[base + a] !== -1 && (other.position[base + b] === -1 || ahead(this, base + a, other, base + b));
        const src = fromThis ? this : other;
        const i = fromThis ? base + a++ : base + b++;
        w[k] = src.weight[i]!;
        p[k] = src.person[i]!;
        c[k] = src.pattern[i]!;
        s[k] = src.position[i]!;
      }
      this.weight.set(w, base);
      this.person.set(p, base);
      this.pattern.set(c, base);
      this.position.set(s, base);
    }
  }

  /** The weight a person must reach to be kept for the record (−Infinity while places are free); at this weight, only a person earlier in the stream is. */
  floor(record: number): number {
    return this.weight[record * this.depth + this.depth - 1]!;
  }

  /** Kept candidates of a record, best first: rank k in 0..depth-1 (person −1 past the last). */
  at(record: number, k: number): { personId: number; weight: number; pattern: number; position: number } {
    return { personId: this.personAt(record, k), weight: this.weightAt(record, k), pattern: this.patternAt(record, k), position: this.positionAt(record, k) };
  }

  // One field of a kept candidate, for the decisions' loops: the objects they made per candidate
  // read (a spread copy of `at`'s each) outlived the young generation, about 600 MB of heap
  // nationally before a full collection (V8's sampling heap profiler on Hauts-de-France, the RSS
  // of a national run).
  personAt(record: number, k: number): number {
    return this.person[record * this.depth + k]!;
  }

  weightAt(record: number, k: number): number {
    return this.weight[record * this.depth + k]!;
  }

  patternAt(record: number, k: number): number {
    return this.pattern[record * this.depth + k]!;
  }

  positionAt(record: number, k: number): number {
    return this.position[record * this.depth + k]!;
  }

  /** Every kept place is filled: persons not kept may exist, weighing at most the last one. */
  full(record: number): boolean {
    return this.person[record * this.depth + this.depth - 1]! >= 0;
  }
}

/** Place i of `x` comes before place j of `y`. */
function ahead(x: TopCandidates, i: number, y: TopCandidates, j: number): boolean {
  return precedes(x.weight[i]!, x.position[i]!, y.weight[j]!, y.position[j]!);
}

/** A person of weight `w` at `position` in the stream comes before one of weight `v` at `at`: a greater weight, or the same weight earlier. */
function precedes(w: number, position: number, v: number, at: number): boolean {
  return w > v || (w === v && position < at);
}
