/**
 * A 64-bit hash of a row's trimmed cells, to find exact duplicate rows of a file without keeping the
 * rows in memory (see duplicate-set.ts). Two independent 32-bit FNV-1a variants make 64 bits: at 10
 * million rows the chance that two different rows collide is about 3·10⁻⁶, and a collision only
 * quarantines a row (kept, visible).
 *
 * The two halves are written to `out` (out[0], out[1]) rather than returned as a bigint: no
 * allocation per row on the parsing thread.
 */
export function rowHashInto(cells: readonly string[], out: Uint32Array): void {
  let h1 = 0x811c9dc5;
  let h2 = 0x01000193 ^ 0x5bd1e995;
  for (let c = 0; c < cells.length; c++) {
    const s = cells[c]!;
    for (let i = 0; i < s.length; i++) {
      const ch = s.charCodeAt(i);
      h1 = Math.imul(h1 ^ ch, 0x01000193);
      h2 = Math.imul(h2 ^ ch, 0x5bd1e995) ^ (h2 >>> 15);
    }
    // Separator between cells, so that ["ab","c"] and ["a","bc"] differ.
    h1 = Math.imul(h1 ^ 0x1f, 0x01000193);
    h2 = Math.imul(h2 ^ 0x1f, 0x5bd1e995) ^ (h2 >>> 15);
  }
  out[0] = h1 >>> 0;
  out[1] = h2 >>> 0;
}

/** The same hash as one signed 64-bit integer (a SQLite INTEGER key). */
export function rowHash(cells: readonly string[]): bigint {
  const out = new Uint32Array(2);
  rowHashInto(cells, out);
  return BigInt.asIntN(64, (BigInt(out[0]!) << 32n) | BigInt(out[1]!));
}
