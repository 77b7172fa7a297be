import type { Identity } from './features.js';

/**
 * The few best-scoring persons of each record, kept while persons stream past (never every candidate
 * pair). More than two are kept so that a record whose best person is taken by another record of the
 * same source (one-to-one.ts) can still be decided against the next ones; the identities of the two
 * best are kept for the same-person rule of the decision.
 */
export class TopCandidates {
  readonly weight: Float64Array;
  readonly person: Int32Array;
  /** Comparison levels of each kept pair, encoded (model.ts `encodePattern`). */
  readonly pattern: Float64Array;
  private readonly identities: (Identity | null)[];

  constructor(
    readonly records: number,
    readonly depth: number,
  ) {
    this.weight = new Float64Array(records * depth).fill(-Infinity);
    this.person = new Int32Array(records * depth).fill(-1);
    this.pattern = new Float64Array(records * depth);
    this.identities = new Array(records * 2).fill(null);
  }

  offer(record: number, personId: number, w: number, pattern: number, identity: Identity): void {
    const base = record * this.depth;
    if (!(w > this.weight[base + this.depth - 1]!)) return;
    let j = this.depth - 1;
    // Strictly greater: among equal weights the person seen first stays ahead, as before.
    while (j > 0 && w > this.weight[base + j - 1]!) {
      this.weight[base + j] = this.weight[base + j - 1]!;
      this.person[base + j] = this.person[base + j - 1]!;
      this.pattern[base + j] = this.pattern[base + j - 1]!;
      if (j < 2) this.identities[record * 2 + j] = this.identities[record * 2 + j - 1]!;
      j--;
    }
    this.weight[base + j] = w;
    this.person[base + j] = personId;
    this.pattern[base + j] = pattern;
    if (j < 2) this.identities[record * 2 + j] = identity;
  }

  /** The weight a person must exceed to be kept for the record (−Infinity while places are free). */
  floor(record: number): number {
    return this.weight[record * this.depth + this.depth - 1]!;
  }

  /** Kept candidates of a record, best first: rank k in 0..depth-1 (person −1 past the last). */
  at(record: number, k: number): { personId: number; weight: number; pattern: number } {
    const i = record * this.depth + k;
    return { personId: this.person[i]!, weight: this.weight[i]!, pattern: this.pattern[i]! };
  }

  /** The identity of the best (k = 0) or second (k = 1) person. */
  identity(record: number, k: 0 | 1): Identity | null {
    return this.identities[record * 2 + k]!;
  }

  /** Every kept place is filled: persons not kept may exist, weighing at most the last one. */
  full(record: number): boolean {
    return this.person[record * this.depth + this.depth - 1]! >= 0;
  }
}
