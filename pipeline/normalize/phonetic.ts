/**
 * A French phonetic key for blocking (a simplified "Soundex FR" / Phonex in spirit).
 *
 * This is a BLOCKING key, not a comparison: two names with the same key are merely worth comparing
 * (LEFEBVRE / LEFEVRE / LEFEBRE, DUPOND / DUPONT, THOMAS / TOMAS, KHALIL / KALIL, FAURE / FORT all
 * collide), and two different people will often share one too. Never conclude a match from equal keys;
 * the comparison stage weighs the actual spellings. Conversely, keys are built to keep blocks small
 * (vowels are kept as sound classes, MARTIN and MARTINEZ differ), so a second blocking rule on other
 * traits (date of birth…) is still needed to catch the spellings the key separates.
 *
 * Input: a `normalizeName(...).normalized` string (letters A–Z and spaces). Any other character acts as a
 * word separator, so the function is total: it never throws and returns '' when there is no letter.
 * Each word is encoded on its own (final silent letters are a word-level rule) and the codes are
 * concatenated without separator, so "LA FONTAINE" and "LAFONTAINE" share a key.
 *
 * Output alphabet: A E I O U (vowel classes: A; E for E/É/È/AI/EI/EU; I for I/Y; O for O/AU/EAU; U), W for
 * OU (and the "w" of OI → WA), 1 for AN/AM/EN/EM, 2 for ON/OM, 3 for IN/IM/AIN/EIN/UN/IEN, X for the CH
 * class (CH, SH, SCH), and consonant letters B D F G J K L M N P R S T V Z.
 *
 * Rules, in the order a word is read (left to right, longest pattern first):
 * - final silent letters: trailing T, D, S, X, Z then one E are dropped (DUPONT, THOMAS, ROUX, MARTINEZ
 *   → MARTIN-, LEFEBVRE); the first letter is always kept. Dropped letters still serve as look-ahead
 *   (MARTINEZ: IN before E is not nasal; GEORGE: G before E is J);
 * - H is silent (KH → K, TH → T, GH → G); PH → F; W → V; Y → I; QU, Q, CK, K and C before A/O/U or a
 *   consonant → K; C before E/I/Y → S; CH → X, but CHR, CHL → K (CHRISTINE); SCH, SH → X; SC before
 *   E/I/Y → S; X → KS;
 * - GU before E/I/Y → G; G before E/I/Y → J; GEA/GEO/GEU → J + vowel (GEORGES); GN → NI;
 * - B is V except as first letter (LEFEBVRE / LEFEVRE / LEFEBRE: the medial B/V alternation of the
 *   Lefebvre family of spellings; an initial B/V is kept distinct to keep blocks small);
 * - Z between two vowels → S (ROSE / ROZE, LISA / LIZA);
 * - vowels: EAU, AU, O → O; AI, EI, EU, E, OEU → E; OU → W; OI → WA; vowel + ILL (or final IL) → vowel + I
 *   (MAILLARD / MAYARD, both MAIAR-); AY/EY before a vowel → A/E + I, otherwise → E;
 * - nasals, when N/M is followed by a consonant other than N/M/H or ends the word: AN, AM, EN, EM → 1;
 *   IEN → I3; ON, OM → 2; IN, IM, YN, AIN, EIN, OIN (→ W3), UN, UM → 3. ANNE, EMMANUEL keep A/E + N/M;
 * - a code equal to the previous one is not repeated (doubled letters, BV, SC, CC…).
 */

const A = 65, B = 66, C = 67, D = 68, E = 69, F = 70, G = 71, H = 72, I = 73, J = 74, K = 75, L = 76;
const M = 77, N = 78, O = 79, P = 80, Q = 81, R = 82, S = 83, T = 84, U = 85, V = 86, W = 87, X = 88;
const Y = 89, Z = 90;
const CODE_AN = 0x31; // '1'
const CODE_ON = 0x32; // '2'
const CODE_IN = 0x33; // '3'
const CODE_OU = W;
const CODE_CH = X;

// Scan state, module-level so that encoding allocates nothing but the result (single-threaded JS).
let src = '';
let wordEnd = 0; // look-ahead limit: end of the current word, silent tail included
const out: number[] = [];

/** Char code at k inside the current word, 0 outside it. */
function at(k: number): number {
  return k < wordEnd ? src.charCodeAt(k) : 0;
}

function isVowel(c: number): boolean {
  return c === A || c === E || c === I || c === O || c === U || c === Y;
}

function isLetter(c: number): boolean {
  return c >= A && c <= Z;
}

/** N or M at k makes the preceding vowel nasal: followed by a consonant other than N/M/H, or word end. */
function nasalAt(k: number): boolean {
  const c = at(k);
  if (c !== N && c !== M) return false;
  const next = at(k + 1);
  return next === 0 || (!isVowel(next) && next !== N && next !== M && next !== H);
}

function emit(code: number): void {
  if (out.length === 0 || out[out.length - 1] !== code) out.push(code);
}

/** True when an IL (final) or ILL starts at k: the yod of MAILLARD, SOLEIL, FEUILLE. */
function yodAt(k: number): boolean {
  return at(k) === I && at(k + 1) === L && (at(k + 2) === L || k + 2 >= wordEnd);
}

/** Length of the IL/ILL at k (see yodAt). */
function yodLength(k: number): number {
  return at(k + 2) === L ? 3 : 2;
}

/** Encodes the word src[start, wordEnd) into `out`. */
function encodeWord(start: number): void {
  // Final silent letters: T, D, S, X, Z, then one E; the first letter always stays.
  let end = wordEnd;
  while (end > start + 1) {
    const c = src.charCodeAt(end - 1);
    if (c !== T && c !== D && c !== S && c !== X && c !== Z) break;
    end--;
  }
  if (end > start + 1 && src.charCodeAt(end - 1) === E) end--;

  let i = start;
  while (i < end) {
    const c = src.charCodeAt(i);
    const c1 = at(i + 1);
    switch (c) {
      case A:
        if (c1 === U) {
          emit(O);
          i += 2;
        } else if (yodAt(i + 1)) {
          emit(A);
          emit(I);
          i += 1 + yodLength(i + 1);
        } else if ((c1 === I || c1 === Y) && nasalAt(i + 2)) {
          emit(CODE_IN);
          i += 3;
        } else if (c1 === I) {
          emit(E);
          i += 2;
        } else if (c1 === Y) {
          if (isVowel(at(i + 2))) {
            emit(A); // AY + vowel: A, then the Y reads as I
            i += 1;
          } else {
            emit(E);
            i += 2;
          }
        } else if (nasalAt(i + 1)) {
          emit(CODE_AN);
          i += 2;
        } else {
          emit(A);
          i += 1;
        }
        break;
      case E:
        if (c1 === A && at(i + 2) === U) {
          emit(O);
          i += 3;
        } else if (yodAt(i + 1)) {
          emit(E);
          emit(I);
          i += 1 + yodLength(i + 1);
        } else if (c1 === U && yodAt(i + 2)) {
          emit(E);
          emit(I);
          i += 2 + yodLength(i + 2);
        } else if ((c1 === I || c1 === Y) && nasalAt(i + 2)) {
          emit(CODE_IN);
          i += 3;
        } else if (c1 === I) {
          emit(E);
          i += 2;
        } else if (c1 === Y) {
          if (isVowel(at(i + 2))) {
            emit(E);
            i += 1;
          } else {
            emit(E);
            i += 2;
          }
        } else if (c1 === U) {
          emit(E);
          i += 2;
        } else if (nasalAt(i + 1)) {
          const prev = i > start ? src.charCodeAt(i - 1) : 0;
          emit(prev === I || prev === Y ? CODE_IN : CODE_AN);
          i += 2;
        } else {
          emit(E);
          i += 1;
        }
        break;
      case I:
      case Y:
        if (nasalAt(i + 1)) {
          emit(CODE_IN);
          i += 2;
        } else {
          emit(I);
          i += 1;
        }
        break;
      case O:
        if (c1 === E && at(i + 2) === U) {
          emit(E);
          i += 3;
        } else if (c1 === U && yodAt(i + 2)) {
          emit(CODE_OU);
          emit(I);
          i += 2 + yodLength(i + 2);
        } else if (c1 === U) {
          emit(CODE_OU);
          i += 2;
        } else if (c1 === I || c1 === Y) {
          emit(CODE_OU);
          if (nasalAt(i + 2)) {
            emit(CODE_IN);
            i += 3;
          } else {
            emit(A);
            i += 2;
          }
        } else if (nasalAt(i + 1)) {
          emit(CODE_ON);
          i += 2;
        } else {
          emit(O);
          i += 1;
        }
        break;
      case U:
        if (nasalAt(i + 1)) {
          emit(CODE_IN);
          i += 2;
        } else {
          emit(U);
          i += 1;
        }
        break;
      case B:
        emit(i === start ? B : V);
        i += 1;
        break;
      case C:
        if (c1 === H) {
          const c2 = at(i + 2);
          emit(c2 === R || c2 === L ? K : CODE_CH);
          i += 2;
        } else if (c1 === K) {
          emit(K);
          i += 2;
        } else {
          emit(c1 === E || c1 === I || c1 === Y ? S : K);
          i += 1;
        }
        break;
      case G:
        if (c1 === U && (at(i + 2) === E || at(i + 2) === I || at(i + 2) === Y)) {
          emit(G);
          i += 2;
        } else if (c1 === N) {
          emit(N);
          emit(I);
          i += 2;
        } else if (c1 === E && (at(i + 2) === A || at(i + 2) === O || at(i + 2) === U)) {
          emit(J);
          i += 2;
        } else {
          emit(c1 === E || c1 === I || c1 === Y ? J : G);
          i += 1;
        }
        break;
      case H:
        i += 1;
        break;
      case P:
        if (c1 === H) {
          emit(F);
          i += 2;
        } else {
          emit(P);
          i += 1;
        }
        break;
      case Q:
        emit(K);
        i += c1 === U ? 2 : 1;
        break;
      case S:
        if (c1 === C && at(i + 2) === H) {
          emit(CODE_CH);
          i += 3;
        } else if (c1 === H) {
          emit(CODE_CH);
          i += 2;
        } else if (c1 === C && (at(i + 2) === E || at(i + 2) === I || at(i + 2) === Y)) {
          emit(S);
          i += 2;
        } else {
          emit(S);
          i += 1;
        }
        break;
      case V:
      case W:
        emit(V);
        i += 1;
        break;
      case X:
        emit(K);
        emit(S);
        i += 1;
        break;
      case Z:
        emit(i > start && isVowel(src.charCodeAt(i - 1)) && isVowel(c1) ? S : Z);
        i += 1;
        break;
      default: // D F J K L M N R T
        emit(c);
        i += 1;
    }
  }
}

/**
 * The phonetic blocking key of a normalised name (see the module comment for the rules). Total: any
 * string gives a key ('' without letters A–Z).
 */
export function phonetic(name: string): string {
  src = name;
  out.length = 0;
  const n = name.length;
  let i = 0;
  while (i < n) {
    if (!isLetter(name.charCodeAt(i))) {
      i++;
      continue;
    }
    let j = i + 1;
    while (j < n && isLetter(name.charCodeAt(j))) j++;
    wordEnd = j;
    encodeWord(i);
    i = j;
  }
  src = '';
  let key = '';
  const CHUNK = 4096;
  for (let k = 0; k < out.length; k += CHUNK) {
    key += String.fromCharCode(...(k === 0 && out.length <= CHUNK ? out : out.slice(k, k + CHUNK)));
  }
  return key;
}
