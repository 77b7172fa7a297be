/**
 * A 64-bit hash of a row's trimmed cells, to find exact duplicate rows of a file without keeping the
 * rows in memory: the hashes go to a temporary SQLite table, so memory stays flat whatever the size.
 * Two independent 32-bit FNV-1a variants make 64 bits: at 10 million rows the chance that two
 * different rows collide is about 3·10⁻⁶, and a collision only quarantines a row (kept, visible).
 */
export function rowHash(cells: readonly string[]): bigint {
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
  return BigInt.asIntN(64, (BigInt(h1 >>> 0) << 32n) | BigInt(h2 >>> 0));
}
