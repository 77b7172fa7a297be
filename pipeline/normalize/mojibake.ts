/**
 * Repair of "UTF-8 bytes decoded as Windows-1252" damage ("Ã©" for "é", "Å“" for "œ"), once or twice.
 *
 * What "unambiguous" means here, and why:
 * the repair re-encodes the whole string as Windows-1252 bytes and decodes them as UTF-8, strictly. It
 * is accepted only when every character has a Windows-1252 byte, the bytes are valid UTF-8 (no overlong
 * form, no surrogate, nothing above U+10FFFF, no truncated sequence), the result is shorter, and every
 * decoded character is one damaged French data can contain (Latin-1, Latin Extended-A, typographic
 * punctuation, €, ™: see `isPlausible`; so no U+FFFD either). For legitimate text to pass that test, each
 * of its letters Â…ô (U+00C2–U+00F4) would have to be followed by one to three characters that are UTF-8
 * continuation bytes in Windows-1252 (C1 controls, typographic signs € ‚ „ … ‰ ‹ ‘ ’ “ ” • – — ˜ ™ ›,
 * symbols U+00A0–U+00BF such as © ° « », or one of Š š Œ œ Ž ž Ÿ ƒ ª º µ) and the pair would have to
 * decode to a Latin letter. Names practically never do that, while mojibake always does: "Ãlvaro",
 * "ÅSA" or "MÜLLER" are invalid UTF-8 once re-encoded and come back unchanged, "È’" would decode to
 * "Ȓ" (Latin Extended-B) and is refused, whereas "Ã©" decodes to "é". The residual risk is an
 * accented capital Ã…Å directly followed by a sign, such as "Ä’" (decodes to "Ē"). Heuristics such as
 * "replace Ã© by é wherever it appears" would instead corrupt rare but real names and cannot tell how
 * many times a string was damaged.
 *
 * The test is on the whole string: a string mixing correct accents and mojibake ("ÉLODIE Ã‰LISE") is not
 * valid UTF-8 once re-encoded and is returned unchanged. We do not guess which half to trust; accent
 * folding later makes the cost of a left-over "Ã‰" small (it folds to "A" plus a dropped sign), never a
 * false match. A false match is the costly error (DOMAIN.md), so the repair errs on the side of doing
 * nothing.
 *
 * Windows-1252 table: bytes 0x80–0x9F carry typographic signs (0x80 €, 0x92 ’, 0x9C œ…). The five bytes
 * Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) decode, per the WHATWG Encoding standard
 * that browsers and most tools follow, to the C1 controls U+0081… U+009D, so "Á" (C3 81) arrives as
 * "Ã\u0081": C1 controls therefore encode to their own byte. This also repairs "UTF-8 read as
 * ISO-8859-1" damage, where every byte 0x80–0x9F becomes a C1 control. A tool that replaced an undefined
 * byte by "?" or U+FFFD destroyed the information: those strings are left unchanged.
 */

/** Windows-1252 byte for each UTF-16 code unit up to U+2122, or -1 when there is none. */
const CP1252_BYTE: Int16Array = (() => {
  const table = new Int16Array(0x2123).fill(-1);
  // ASCII, C1 controls (see above) and Latin-1 letters and signs map to the byte of the same value.
  for (let c = 0; c <= 0xff; c++) table[c] = c;
  const specials: ReadonlyArray<readonly [number, number]> = [
    [0x20ac, 0x80], [0x201a, 0x82], [0x0192, 0x83], [0x201e, 0x84], [0x2026, 0x85], [0x2020, 0x86],
    [0x2021, 0x87], [0x02c6, 0x88], [0x2030, 0x89], [0x0160, 0x8a], [0x2039, 0x8b], [0x0152, 0x8c],
    [0x017d, 0x8e], [0x2018, 0x91], [0x2019, 0x92], [0x201c, 0x93], [0x201d, 0x94], [0x2022, 0x95],
    [0x2013, 0x96], [0x2014, 0x97], [0x02dc, 0x98], [0x2122, 0x99], [0x0161, 0x9a], [0x203a, 0x9b],
    [0x0153, 0x9c], [0x017e, 0x9e], [0x0178, 0x9f],
  ];
  for (const [code, byte] of specials) table[code] = byte;
  return table;
})();

function cp1252Byte(code: number): number {
  return code < 0x2123 ? CP1252_BYTE[code]! : -1;
}

/** True when the character is, in Windows-1252, a UTF-8 continuation byte (0x80–0xBF). */
function isContinuationChar(code: number): boolean {
  if (code < 0x80) return false;
  if (code <= 0xbf) return true;
  if (code <= 0xff) return false;
  return cp1252Byte(code) >= 0x80; // the specials all map to 0x80–0x9F
}

/**
 * Cheap pre-check: mojibake needs a UTF-8 lead byte (rendered Â…ô, U+00C2–U+00F4) immediately followed
 * by a continuation byte. Pure ASCII and ordinary accented text fail it on the first scan.
 */
function mayBeMojibake(s: string): boolean {
  const last = s.length - 1;
  for (let i = 0; i < last; i++) {
    const c = s.charCodeAt(i);
    if (c >= 0xc2 && c <= 0xf4 && isContinuationChar(s.charCodeAt(i + 1))) return true;
  }
  return false;
}

/**
 * Characters a repair may produce: Latin-1 letters and signs, Latin Extended-A (Œ œ Š Ž, Central
 * European letters), general punctuation (’ “ ” – — …) and € ™. Anything else (C1 controls, Latin
 * Extended-B, Greek, Cyrillic, Arabic, emoji) is far more likely to come from legitimate text that
 * happens to be valid UTF-8 once re-encoded ("È’" is C8 92, that is "Ȓ") than from damaged French data,
 * so such a repair is refused.
 */
function isPlausible(cp: number): boolean {
  return (
    cp < 0x80 ||
    (cp >= 0xa0 && cp <= 0x17f) ||
    (cp >= 0x2010 && cp <= 0x203a) ||
    cp === 0x20ac ||
    cp === 0x2122
  );
}

function allPlausible(s: string): boolean {
  for (let i = 0; i < s.length; i++) if (!isPlausible(s.charCodeAt(i))) return false;
  return true;
}

/** One repair step: Windows-1252 encode then strict UTF-8 decode; null when not unambiguous. */
function repairOnce(s: string): string | null {
  if (!mayBeMojibake(s)) return null;
  const n = s.length;
  const out: number[] = [];
  let i = 0;
  while (i < n) {
    const b0 = cp1252Byte(s.charCodeAt(i));
    if (b0 < 0) return null;
    if (b0 < 0x80) {
      out.push(b0);
      i++;
      continue;
    }
    let need: number;
    let cp: number;
    let min: number;
    if (b0 >= 0xc2 && b0 <= 0xdf) {
      need = 1;
      cp = b0 & 0x1f;
      min = 0x80;
    } else if (b0 >= 0xe0 && b0 <= 0xef) {
      need = 2;
      cp = b0 & 0x0f;
      min = 0x800;
    } else if (b0 >= 0xf0 && b0 <= 0xf4) {
      need = 3;
      cp = b0 & 0x07;
      min = 0x10000;
    } else {
      return null; // stray continuation byte, or C0/C1/F5+ (never valid lead bytes)
    }
    if (i + need >= n) return null; // truncated sequence
    for (let k = 1; k <= need; k++) {
      const b = cp1252Byte(s.charCodeAt(i + k));
      if (b < 0x80 || b > 0xbf) return null;
      cp = (cp << 6) | (b & 0x3f);
    }
    // Overlong forms, UTF-16 surrogates and code points beyond Unicode are invalid UTF-8.
    if (cp < min || (cp >= 0xd800 && cp <= 0xdfff) || cp > 0x10ffff) return null;
    if (cp >= 0x10000) return null; // valid UTF-8, but an astral character is never a plausible repair
    out.push(cp);

    i += need + 1;
  }
  if (out.length >= n) return null;
  return fromCharCodes(out);
}

/** `String.fromCharCode` over an array, in chunks so that a very long cell cannot overflow the stack. */
function fromCharCodes(codes: number[]): string {
  const CHUNK = 4096;
  if (codes.length <= CHUNK) return String.fromCharCode(...codes);
  let s = '';
  for (let i = 0; i < codes.length; i += CHUNK) s += String.fromCharCode(...codes.slice(i, i + CHUNK));
  return s;
}

/**
 * Repairs UTF-8 text that was decoded as Windows-1252 (or ISO-8859-1), up to twice ("ÃƒÂ©" → "é"),
 * only where the repair is unambiguous (see the module comment). Any other string is returned unchanged,
 * the same string instance.
 */
export function repairMojibake(s: string): string {
  const once = repairOnce(s);
  if (once === null) return s;
  // Plausibility is judged on the outcome only: the middle step of a double repair legitimately holds
  // C1 controls or "ƒ" ("Ý" damaged twice is "ÃƒÂ\u009D", once is "Ã\u009D").
  const twice = repairOnce(once);
  if (twice !== null && allPlausible(twice)) return twice;
  return allPlausible(once) ? once : s;
}
