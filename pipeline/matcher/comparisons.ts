import { distance as levenshtein } from 'fastest-levenshtein';
import { jaroWinkler } from './jaro-winkler.js';
import type { Identity } from './features.js';
import { isTypingSlip } from './keyboard-typo.js';
import type { MatcherSettings } from './settings.js';

/**
 * Comparisons as ordered levels, first match wins (Splink's comparison levels). Level 0 is always
 * "disagree"; `null` means a value is missing on one side and the comparison weighs nothing.
 */
export interface Comparison {
  name: string;
  levels: readonly string[];
  compare(a: Identity, b: Identity, s: MatcherSettings): number | null;
}

function bestJaroWinkler(xs: readonly string[], ys: readonly string[]): number {
  let best = 0;
  for (const x of xs) for (const y of ys) best = Math.max(best, x === y ? 1 : jaroWinkler(x, y));
  return best;
}

/** Plain loops: called for most comparisons of every candidate pair, where a closure per call showed in profiles. */
function intersects(xs: readonly string[], ys: readonly string[]): boolean {
  for (let i = 0; i < xs.length; i++) for (let j = 0; j < ys.length; j++) if (xs[i] === ys[j]) return true;
  return false;
}

/**
 * Every first name of `xs` is among `ys`. An identity's names hold each name and each join of two
 * adjacent names (features.ts), so that MARIE LOU meets Marie-Lou: a join is not a name to find, and a
 * name is found when a join holding it is (MARIE LOU inside Marie-Lou Inès, the middle name dropped).
 */
function inside(xs: readonly string[], ys: readonly string[], eq: (x: string, y: string) => boolean): boolean {
  // j is p then q, both names of xs (compared without cutting j: this runs for most candidate pairs).
  const isJoin = (j: string) => xs.some((p) => p.length < j.length && j.startsWith(p) && xs.some((q) => q.length === j.length - p.length && j.endsWith(q)));
  const joins = xs.length > 1 ? xs.filter(isJoin) : [];
  return xs.every(
    (x) => joins.includes(x) || ys.some((y) => eq(x, y)) || joins.some((j) => (j.startsWith(x) || j.endsWith(x)) && ys.some((y) => eq(j, y))),
  );
}

export const surname: Comparison = {
  name: 'surname',
  levels: ['different', 'jaro_winkler_low', 'jaro_winkler_high_or_shared_token', 'exact'],
  compare(a, b, s) {
    if (!a.surnames.length || !b.surnames.length) return null;
    if (intersects(a.surnames, b.surnames)) return 3;
    const jw = bestJaroWinkler(a.surnames, b.surnames);
    // A typing slip (GERARD / GRRARD, JEAN / JZAN: keyboard-typo.ts) is as good as a close spelling;
    // Jaro-Winkler alone puts short names with a slip among the different ones.
    const slip = () => a.surnames.some((x) => b.surnames.some((y) => isTypingSlip(x, y)));
    if (jw >= s.jaroWinkler.surnameHigh || intersects(a.surnameTokens, b.surnameTokens) || slip()) return 2;
    return jw >= s.jaroWinkler.surnameLow ? 1 : 0;
  },
};

/**
 * First names, `a` a school person (all the first names of the school files, PRENOM1 as the main
 * one), `b` a record (DECA keeps one field, I-Milo lists them in any order). Agreement: one list
 * inside the other (either side may drop a middle name) and the person's main first name among the
 * record's. Sharing only
 * other names (NOAH MATHIS / ALEXANDRE MATHIS, or a record naming a twin's middle name) is its own,
 * weak level: brothers and sisters often share a middle name.
 *
 * In two steps, for the scorer (pair-scorer.ts): `agrees` (the top level, exact names: the cheap
 * test), then `belowAgreement` (typos and Jaro-Winkler), which a pair need not go through when even
 * its best level could not keep it.
 */
export const firstName: Comparison & {
  /** The first names agree (the top level); false when a side has none. */
  agrees(a: Identity, b: Identity): boolean;
  /** The level of a pair with first names on both sides that do not agree (0 to 3). */
  belowAgreement(a: Identity, b: Identity, s: MatcherSettings): number;
} = {
  name: 'first_name',
  levels: ['different', 'jaro_winkler', 'other_names_shared', 'main_name_with_typo', 'main_name_agrees'],
  compare(a, b, s) {
    if (!a.firstNames.length || !b.firstNames.length) return null;
    return firstName.agrees(a, b) ? FIRST_NAMES_AGREE : firstName.belowAgreement(a, b, s);
  },
  agrees(a, b) {
    // No names on a side: no main name is found among the other side's.
    return nestedFirstNames(a, b, same);
  },
  belowAgreement(a, b, s) {
    // The same, allowing a typo in names of four letters or more (THEO / HTEO, CLEMENCE / CLAMENCE,
    // LENA / LZNA: keyboard-typo.ts): LENA / LINA or LEA / LENA, different names, stay apart.
    const typo = (x: string, y: string) =>
      x === y || (x.length >= 4 && y.length >= 4 && jaroWinkler(x, y) >= s.jaroWinkler.firstName) || isTypingSlip(x, y) || misspelt(x, y, a, b, s);
    if (nestedFirstNames(a, b, typo)) return 3;
    if (intersects(a.firstNames, b.firstNames)) return 2;
    return bestJaroWinkler(a.firstNames, b.firstNames) >= s.jaroWinkler.firstName ? 1 : 0;
  },
};

/** The level of first names that agree (the scorer's bound leaves it out). */
export const FIRST_NAMES_AGREE = firstName.levels.length - 1;
const same = (x: string, y: string) => x === y;

/**
 * One list inside the other (the school files or the record may drop a middle name), with the main
 * name, names compared by `eq`. The main name first: most candidate pairs fail there, and it is the
 * cheaper test.
 */
function nestedFirstNames(a: Identity, b: Identity, eq: (x: string, y: string) => boolean): boolean {
  const main = a.mainFirstNames.length ? a.mainFirstNames : a.firstNames;
  return main.some((x) => b.firstNames.some((y) => eq(x, y))) && (inside(b.firstNames, a.firstNames, eq) || inside(a.firstNames, b.firstNames, eq));
}

function countOf(name: string, a: Identity, b: Identity): number | undefined {
  const i = a.firstNames.indexOf(name);
  if (i >= 0 && a.firstNameCounts) return a.firstNameCounts[i];
  const j = b.firstNames.indexOf(name);
  return j >= 0 && b.firstNameCounts ? b.firstNameCounts[j] : undefined;
}

/**
 * One letter typed wrong, added or dropped (HGO / HUGO, CLAMENCE / CLEMENCE, LNA / LINA) where one
 * spelling is at least `firstNameMisspellingRatio` times rarer among school persons than the other: a
 * slip makes a name nobody has. Two real names one letter apart (LENA / LINA, LEA / LENA) are both
 * common and stay different. Without counts (the school link), only the other typo rules apply.
 */
function misspelt(x: string, y: string, a: Identity, b: Identity, s: MatcherSettings): boolean {
  if (Math.max(x.length, y.length) < 4 || Math.abs(x.length - y.length) > 1) return false;
  const cx = countOf(x, a, b);
  const cy = countOf(y, a, b);
  if (cx === undefined || cy === undefined) return false;
  const ratio = s.firstNameMisspellingRatio;
  if (!(Math.min(cx, cy) * ratio < Math.max(cx, cy))) return false;
  return levenshtein(x, y) === 1;
}

/** Digits differing between two ISO dates (AAAA-MM-JJ), or 99 if lengths differ. */
function digitDistance(x: string, y: string): number {
  if (x.length !== y.length) return 99;
  let n = 0;
  for (let i = 0; i < x.length; i++) if (x.charCodeAt(i) !== y.charCodeAt(i)) n++;
  return n;
}

/** Same year, day and month swapped. Read in place for ISO dates (every pair of birth dates asks); cut otherwise. */
function daySwapped(x: string, y: string): boolean {
  if (x.length !== 10 || y.length !== 10) return x.slice(0, 4) === y.slice(0, 4) && x.slice(5, 7) === y.slice(8, 10) && x.slice(8, 10) === y.slice(5, 7);
  const at = (s: string, i: number) => s.charCodeAt(i);
  return (
    at(x, 0) === at(y, 0) && at(x, 1) === at(y, 1) && at(x, 2) === at(y, 2) && at(x, 3) === at(y, 3) &&
    at(x, 5) === at(y, 8) && at(x, 6) === at(y, 9) && at(x, 8) === at(y, 5) && at(x, 9) === at(y, 6)
  );
}

export const birthDate: Comparison = {
  name: 'birth_date',
  levels: ['different', 'one_digit', 'day_month_swapped', 'exact'],
  compare(a, b) {
    let best = 0;
    for (const x of a.birthDates) {
      for (const y of b.birthDates) {
        if (x === y) return 3;
        if (daySwapped(x, y)) best = Math.max(best, 2);
        else if (digitDistance(x, y) === 1) best = Math.max(best, 1);
      }
    }
    return best;
  },
};

export const sex: Comparison = {
  name: 'sex',
  levels: ['different', 'same'],
  compare(a, b) {
    return a.sex && b.sex ? (a.sex === b.sex ? 1 : 0) : null;
  },
};

export const birthPlace: Comparison = {
  name: 'birth_place',
  levels: ['different', 'same_departement', 'same_commune'],
  compare(a, b) {
    if (a.birthCommunes.length && b.birthCommunes.length && intersects(a.birthCommunes, b.birthCommunes)) return 2;
    if (!a.birthDepartements.length || !b.birthDepartements.length) return null;
    return intersects(a.birthDepartements, b.birthDepartements) ? 1 : 0;
  },
};

export const residence: Comparison = {
  name: 'residence',
  levels: ['different', 'same_commune_or_postal_code'],
  compare(a, b) {
    if (a.residenceCommunes.length && b.residenceCommunes.length) {
      if (intersects(a.residenceCommunes, b.residenceCommunes)) return 1;
    }
    if (a.postalCodes.length && b.postalCodes.length) return intersects(a.postalCodes, b.postalCodes) ? 1 : 0;
    return a.residenceCommunes.length && b.residenceCommunes.length ? 0 : null;
  },
};

export const COMPARISONS: readonly Comparison[] = [surname, firstName, birthDate, sex, birthPlace, residence];
