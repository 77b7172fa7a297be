/**
 * Accent and case folding for identity traits (names, first names, communes).
 *
 * `foldToAscii` is the first step of every name comparison: two spellings that differ only by accents,
 * ligatures or case must give the same string. It runs on every row of every source, so pure-ASCII input
 * (most rows) takes a fast path that allocates nothing beyond the upper-cased result.
 */

/**
 * Letters that Unicode does not decompose into "base letter + combining mark", with the ASCII they fold
 * to. Upper-case forms only: the string is upper-cased before this table is consulted (which also turns
 * ß into SS). Œ, Æ and ß are the ones French data contains; Ø, Ł, Đ/Ð and Þ are cheap to add and occur in
 * foreign names.
 */
function foldExtra(code: number): string | undefined {
  switch (code) {
    case 0x0152: // Œ
      return 'OE';
    case 0x00c6: // Æ
      return 'AE';
    case 0x1e9e: // ẞ (capital sharp s; the lower-case ß upper-cases to SS by itself)
      return 'SS';
    case 0x00d8: // Ø
      return 'O';
    case 0x0141: // Ł
      return 'L';
    case 0x0110: // Đ
    case 0x00d0: // Ð
      return 'D';
    case 0x00de: // Þ
      return 'TH';
    default:
      return undefined;
  }
}

/** Combining diacritical marks, the blocks NFD moves accents into. */
function isCombiningMark(code: number): boolean {
  return (
    (code >= 0x0300 && code <= 0x036f) ||
    (code >= 0x1ab0 && code <= 0x1aff) ||
    (code >= 0x1dc0 && code <= 0x1dff) ||
    (code >= 0x20d0 && code <= 0x20ff) ||
    (code >= 0xfe20 && code <= 0xfe2f)
  );
}

/** Folds an upper-cased string the general way: NFD, marks stripped, extra letters mapped. */
function foldSlow(upper: string): string {
  const u = upper.normalize('NFD');
  let out = '';
  let start = 0;
  for (let k = 0; k < u.length; k++) {
    const c = u.charCodeAt(k);
    if (c < 0x80) continue;
    if (isCombiningMark(c)) {
      if (k > start) out += u.slice(start, k);
      start = k + 1;
      continue;
    }
    const extra = foldExtra(c);
    if (extra !== undefined) {
      if (k > start) out += u.slice(start, k);
      out += extra;
      start = k + 1;
    }
  }
  return start === 0 ? u : out + u.slice(start);
}

/**
 * The fold of each upper-cased character U+0080–U+024F (Latin-1, Latin Extended-A and B), precomputed
 * with `foldSlow` so that the common accented letters skip String#normalize, the costly step. Same result
 * by construction; a character outside the table sends the whole string down the general path.
 */
const TABLE_END = 0x250;
const FOLD_TABLE: readonly string[] = Array.from({ length: TABLE_END }, (_, c) =>
  c < 0x80 ? String.fromCharCode(c) : foldSlow(String.fromCharCode(c)),
);

/**
 * Upper-cases `s` and removes accents: NFD, combining marks stripped, Œ→OE, Æ→AE, ß→SS (plus Ø, Ł, Đ, Þ).
 *
 * Characters with no Latin fold (Cyrillic, Arabic, digits, punctuation) are kept as they are: this
 * function only folds, callers decide what else to drop (`normalizeName` keeps letters A–Z only).
 */
export function foldToAscii(s: string): string {
  const n = s.length;
  let i = 0;
  while (i < n && s.charCodeAt(i) < 0x80) i++;
  if (i === n) return s.toUpperCase();

  // Upper-case first: some upper-case mappings themselves produce combining marks (ǰ → J + caron).
  const u = s.toUpperCase();
  let out = '';
  let start = 0;
  for (let k = 0; k < u.length; k++) {
    const c = u.charCodeAt(k);
    if (c < 0x80) continue;
    if (c >= TABLE_END) return foldSlow(u);
    if (k > start) out += u.slice(start, k);
    out += FOLD_TABLE[c]!;
    start = k + 1;
  }
  return out + u.slice(start);
}
