/**
 * Is one name the other with a single typing slip? Names are compared folded (upper case, no accents).
 *
 * Jaro-Winkler misses slips in short names (LENA / LZNA scores 0.85, MANON / MZNON 0.88), yet a
 * threshold low enough to accept them also accepts different names (LENA / LINA). The difference is
 * how the names came apart: a slip is a key pressed next to the intended one, two letters swapped, a
 * letter doubled or a double letter typed once; two names usually differ by letters far apart on the
 * keyboard, or by a letter added or dropped (LEA / LENA), which this deliberately does not accept.
 * French keyboards are AZERTY: a key's neighbours are the keys beside it on its row and the keys it
 * touches on the rows above and below (rows are staggered: key i of a row touches keys i−1 and i of
 * the row below).
 */
const ROWS = ['AZERTYUIOP', 'QSDFGHJKLM', 'WXCVBN'];

const NEIGHBOURS = new Map<string, string>();
const touch = (a: string | undefined, b: string | undefined) => {
  if (!a || !b) return;
  NEIGHBOURS.set(a, (NEIGHBOURS.get(a) ?? '') + b);
  NEIGHBOURS.set(b, (NEIGHBOURS.get(b) ?? '') + a);
};
ROWS.forEach((row, r) => {
  for (let i = 0; i < row.length; i++) {
    touch(row[i], row[i + 1]);
    touch(row[i], ROWS[r + 1]?.[i - 1]);
    touch(row[i], ROWS[r + 1]?.[i]);
  }
});

export function keyboardNeighbours(a: string, b: string): boolean {
  return NEIGHBOURS.get(a)?.includes(b) ?? false;
}

/** Both names are at least `minLength` letters long (the longer one, for a doubled letter). */
export function isTypingSlip(x: string, y: string, minLength = 4): boolean {
  if (x === y) return false;
  if (x.length === y.length) {
    if (x.length < minLength) return false;
    const diff: number[] = [];
    for (let i = 0; i < x.length && diff.length <= 2; i++) if (x[i] !== y[i]) diff.push(i);
    if (diff.length === 1) return keyboardNeighbours(x[diff[0]!]!, y[diff[0]!]!);
    return diff.length === 2 && diff[1] === diff[0]! + 1 && x[diff[0]!] === y[diff[1]!] && x[diff[1]!] === y[diff[0]!];
  }
  const [long, short] = x.length > y.length ? [x, y] : [y, x];
  if (long.length !== short.length + 1 || long.length < minLength) return false;
  // A letter typed twice: removing one of a doubled pair of `long` gives `short`.
  for (let i = 1; i < long.length; i++) {
    if (long[i] === long[i - 1] && long.slice(0, i) + long.slice(i + 1) === short) return true;
  }
  return false;
}
