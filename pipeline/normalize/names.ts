/**
 * Normalisation of the name, first-name and sex cells of every source (DOMAIN.md, "Identity traits and
 * why matching is hard"): accents dropped or mangled, apostrophes and hyphens, compound and swapped
 * names, first names in any order.
 *
 * Everything here is a pure function of one cell and runs on every row: no regular expression, one scan
 * per cell, and strings built from slices of the input rather than character by character.
 */
import { foldToAscii } from './fold.js';
import { repairMojibake } from './mojibake.js';

export interface NormalizedName {
  /** Tokens of letters A–Z separated by single spaces; '' when the cell holds no letter. */
  normalized: string;
  /** `normalized` without its spaces ("DE LA FONTAINE" → "DELAFONTAINE"). */
  compact: string;
  /** `normalized` without particles, single-spaced; `normalized` itself when only particles remain. */
  core: string;
  /** The tokens of `normalized`. */
  tokens: string[];
}

export interface NormalizedFirstNames {
  /**
   * One token per first name, a compound first name written without its hyphen ("JEAN-BAPTISTE" →
   * "JEANBAPTISTE"), in the order of the cell. Compare them as a set: sources list first names in
   * different orders, and a compound must not match its halves.
   */
  tokens: string[];
  /** The first listed first name, in token form; null when the cell holds none. */
  first: string | null;
  /**
   * All first names, single-spaced, a compound written with a space ("JEAN BAPTISTE PIERRE"): equal for
   * "JEAN-BAPTISTE" and "JEAN BAPTISTE", the form to use when a source drops hyphens.
   */
  normalized: string;
}

export type Sex = 'M' | 'F';

/**
 * Particles dropped from `core`. BEN, EL, AL (and ABD, BOU, AIT…) are deliberately not particles: in
 * Maghrebi names they are part of the name and discriminate ("BEN ALI" and "ALI", "EL AMRANI" and
 * "AMRANI" are different families); dropping them would make unrelated people look alike, and a false
 * match is the costly error (a young person wrongly "found" is never called). DO (Portuguese "DO CARMO")
 * is added to the brief's list for the same reason DOS and DAS are there.
 */
export const NAME_PARTICLES: ReadonlySet<string> = new Set([
  'DE', 'DU', 'DES', 'LA', 'LE', 'LES', 'D', 'L', 'DA', 'DO', 'DOS', 'DAS', 'DEL', 'DELLA', 'DI',
  'VAN', 'VON', 'DER', 'DEN', 'TER', 'TEN',
]);

// What each character does once the cell is repaired and folded (upper case, no accents).
const REMOVE = 0; // digits, signs, letters outside A–Z: dropped, the parts on each side join
const LETTER = 1; // A–Z
const JOIN = 2; // apostrophes: dropped, the parts join (N'DIAYE → NDIAYE, D'ALMEIDA → DALMEIDA)
const SPACE = 3; // whitespace and punctuation that separates words
const HYPHEN = 4; // separates words in a name; joins the halves of a compound first name

const CLASS_LIMIT = 0x3001;
const CHAR_CLASS: Uint8Array = (() => {
  const t = new Uint8Array(CLASS_LIMIT); // REMOVE by default
  for (let c = 0x41; c <= 0x5a; c++) t[c] = LETTER;
  for (const c of [0x27, 0x60, 0xb4, 0x2bc, 0x2018, 0x2019, 0x2032]) t[c] = JOIN; // ' ` ´ ʼ ‘ ’ ′
  // The brief's separators are "_ . ,"; whitespace (incl. no-break spaces) and / \ ( ) [ ] ; : + & also
  // separate words: removing them would glue two names together ("DUPONT/MARTIN" → "DUPONTMARTIN").
  for (const c of [
    0x09, 0x0a, 0x0b, 0x0c, 0x0d, 0x20, 0x85, 0xa0, 0x1680, 0x2028, 0x2029, 0x202f, 0x205f, 0x3000,
    0x5f, 0x2e, 0x2c, 0x3b, 0x3a, 0x2f, 0x5c, 0x28, 0x29, 0x5b, 0x5d, 0x2b, 0x26,
  ]) {
    t[c] = SPACE;
  }
  for (let c = 0x2000; c <= 0x200a; c++) t[c] = SPACE;
  for (const c of [0x2d, 0xad, 0x2010, 0x2011, 0x2012, 0x2013, 0x2014, 0x2015, 0x2212]) t[c] = HYPHEN;
  return t;
})();

function charClass(code: number): number {
  if (code < CLASS_LIMIT) return CHAR_CLASS[code]!;
  return code === 0xfe63 || code === 0xff0d ? HYPHEN : REMOVE; // small and full-width hyphen-minus
}

/** Repaired and folded text of a cell (the first two steps shared by names and first names). */
function prepare(raw: string): string {
  // No trim first: the scan drops leading and trailing separators anyway, and String#trim would remove a
  // no-break space that may be the second half of a mojibake pair ("Ã" + U+00A0 is "à").
  return foldToAscii(repairMojibake(raw));
}

/**
 * Normalises a family-name cell (nom de naissance, nom d'usage, the single DECA name field):
 * mojibake repaired, accents folded, upper case, apostrophes removed joining the parts, hyphens and other
 * separators turned into single spaces, every other non-letter removed.
 */
export function normalizeName(raw: string): NormalizedName {
  const s = prepare(raw);
  const n = s.length;
  const tokens: string[] = [];
  let token = ''; // the current token; apostrophes and removed characters glue runs of letters into it
  let runStart = -1;
  for (let i = 0; i < n; i++) {
    const cls = charClass(s.charCodeAt(i));
    if (cls === LETTER) {
      if (runStart < 0) runStart = i;
      continue;
    }
    if (runStart >= 0) {
      token = token === '' ? s.slice(runStart, i) : token + s.slice(runStart, i);
      runStart = -1;
    }
    if ((cls === SPACE || cls === HYPHEN) && token !== '') {
      tokens.push(token);
      token = '';
    }
  }
  if (runStart >= 0) token = runStart === 0 ? s : token + s.slice(runStart);
  if (token !== '') tokens.push(token);

  if (tokens.length === 0) return { normalized: '', compact: '', core: '', tokens };
  if (tokens.length === 1) {
    const only = tokens[0]!;
    return { normalized: only, compact: only, core: only, tokens };
  }
  const normalized = tokens.join(' ');
  let particles = 0;
  for (const t of tokens) if (NAME_PARTICLES.has(t)) particles++;
  const core =
    particles === 0 || particles === tokens.length
      ? normalized
      : tokens.filter((t) => !NAME_PARTICLES.has(t)).join(' ');
  return { normalized, compact: tokens.join(''), core, tokens };
}

/**
 * Normalises a first-names cell ("PRENOMS") holding one or more first names separated by spaces (or
 * commas, slashes…), in any order. A hyphen joins the halves of a compound first name, spaces around it
 * included ("JEAN - BAPTISTE"); apostrophes join too ("N'GOLO" → "NGOLO").
 */
export function normalizeFirstNames(raw: string): NormalizedFirstNames {
  const s = prepare(raw);
  const n = s.length;
  const names: string[][] = [];
  let current: string[] = [];
  let part = '';
  let runStart = -1;
  let hyphen = false; // a hyphen since the last part ended: the next part belongs to the same name
  let gap = false; // a separator since the last part ended
  for (let i = 0; i < n; i++) {
    const cls = charClass(s.charCodeAt(i));
    if (cls === LETTER) {
      if (runStart < 0) {
        if (part === '' && current.length > 0 && !hyphen && gap) {
          names.push(current);
          current = [];
        }
        hyphen = false;
        gap = false;
        runStart = i;
      }
      continue;
    }
    if (runStart >= 0) {
      part += s.slice(runStart, i);
      runStart = -1;
    }
    if (cls === SPACE || cls === HYPHEN) {
      if (part !== '') {
        current.push(part);
        part = '';
      }
      if (cls === HYPHEN) hyphen = true;
      else gap = true;
    }
  }
  if (runStart >= 0) part += s.slice(runStart);
  if (part !== '') current.push(part);
  if (current.length > 0) names.push(current);

  const tokens = names.map((parts) => (parts.length === 1 ? parts[0]! : parts.join('')));
  const normalized = names.map((parts) => parts.join(' ')).join(' ');
  return { tokens, first: tokens[0] ?? null, normalized };
}

/**
 * Normalises a sex cell: M, H (homme) and 1 give 'M'; F and 2 give 'F' (the INSEE/NIR convention);
 * also the words MASCULIN, HOMME, FEMININ, FEMME. Case, accents and surrounding spaces are ignored;
 * anything else (including empty) gives null, never a guess.
 */
export function normalizeSex(raw: string | null | undefined): Sex | null {
  if (raw === null || raw === undefined) return null;
  switch (foldToAscii(raw.trim())) {
    case 'M':
    case 'H':
    case '1':
    case 'MASCULIN':
    case 'HOMME':
      return 'M';
    case 'F':
    case '2':
    case 'FEMININ':
    case 'FEMME':
      return 'F';
    default:
      return null;
  }
}
