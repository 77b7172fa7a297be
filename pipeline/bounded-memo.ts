/**
 * A pure function's results by key, remembered. Past `limit` keys the memo starts again empty, so that
 * memory stays bounded whatever the number of distinct keys. Results are shared between callers:
 * they must not be mutated.
 *
 * Used where the same values come back millions of times: a column's values while parsing
 * (column-parser.ts), ages and shifted dates at the campaign date (calendar.ts), normalised names
 * while building identities (features.ts), names' phonetic codes for blocking keys (blocking-keys.ts).
 */
export class BoundedMemo<T> {
  private memo = new Map<string, T>();

  constructor(
    private readonly limit: number,
    private readonly compute: (key: string) => T,
  ) {}

  get(key: string): T {
    let value = this.memo.get(key);
    if (value === undefined) {
      value = this.compute(key);
      if (this.memo.size >= this.limit) this.memo = new Map();
      this.memo.set(key, value);
    }
    return value;
  }

  /** Lets go of every remembered result. */
  clear(): void {
    this.memo = new Map();
  }

  get size(): number {
    return this.memo.size;
  }
}
