import { BoundedMemo } from '../bounded-memo.js';
import { normalizeFirstNames, normalizeName } from '../normalize/names.js';

/**
 * What the matcher compares, normalised once per person or record: every surname variant (birth,
 * usage, married; a DECA record has one field that may hold either), first-name tokens in any order,
 * birth dates (a person's records may disagree), sex, birth place and residence.
 */
export interface Identity {
  surnames: string[];
  /** Surname tokens without particles, for compound names written in part (BONNET-BLANC / BONNET). */
  surnameTokens: string[];
  firstNames: string[];
  /**
   * How many school persons carry each of `firstNames` (same order), when the matcher was given the
   * counts (first-name-frequency.ts): a name almost nobody has, one letter away from a common one,
   * is that name misspelt.
   */
  firstNameCounts?: number[];
  /** The first names a person is known by in the school files (PRENOM1); empty for a record. */
  mainFirstNames: string[];
  birthDates: string[];
  sex: string;
  /** INSEE commune codes of birth; département codes for DECA. */
  birthCommunes: string[];
  birthDepartements: string[];
  residenceCommunes: string[];
  postalCodes: string[];
}

export function departementOf(commune: string): string {
  return commune.startsWith('97') ? commune.slice(0, 3) : commune.slice(0, 2);
}

export function buildIdentity(input: {
  surnames: readonly (string | null)[];
  firstNames: readonly (string | null)[];
  mainFirstNames?: readonly (string | null)[];
  birthDates: readonly string[];
  sex: string;
  birthCommunes?: readonly (string | null)[];
  birthDepartements?: readonly (string | null)[];
  residenceCommunes?: readonly (string | null)[];
  postalCodes?: readonly (string | null)[];
}): Identity {
  const surnames = new Set<string>();
  const tokens = new Set<string>();
  for (const s of input.surnames) {
    if (!s) continue;
    const n = surnameMemo.get(s);
    if (n.compact) surnames.add(n.compact);
    for (const t of n.tokens) tokens.add(t);
  }
  const firstNames = new Set<string>();
  for (const f of input.firstNames) if (f) for (const t of firstNameTokens(f)) firstNames.add(t);
  const mainFirstNames = new Set<string>();
  for (const f of input.mainFirstNames ?? []) if (f) for (const t of firstNameTokens(f)) mainFirstNames.add(t);
  const births = [...new Set(input.birthCommunes?.filter((c): c is string => !!c) ?? [])];
  const depts = new Set(input.birthDepartements?.filter((c): c is string => !!c) ?? []);
  for (const c of births) depts.add(departementOf(c));
  return {
    surnames: [...surnames],
    surnameTokens: [...tokens],
    firstNames: [...firstNames],
    mainFirstNames: [...mainFirstNames],
    birthDates: [...new Set(input.birthDates)],
    sex: input.sex,
    birthCommunes: births,
    birthDepartements: [...depts],
    residenceCommunes: [...new Set(input.residenceCommunes?.filter((c): c is string => !!c) ?? [])],
    postalCodes: [...new Set(input.postalCodes?.filter((c): c is string => !!c) ?? [])],
  };
}

/**
 * The first-name tokens of one cell, plus each pair of neighbours written together: a compound is
 * one token (PIERRE-LOUIS → PIERRELOUIS), but sources that drop the hyphen write PIERRE LOUIS, and
 * the joined pair lets the two meet. Remembered by cell (`firstNameMemo`).
 */
export function firstNameTokens(cell: string): readonly string[] {
  return firstNameMemo.get(cell);
}

/** A surname cell's compact form and the tokens of its core of 3 letters or more (what buildIdentity takes of it). Remembered by cell. */
export function surnameParts(cell: string): { readonly compact: string; readonly tokens: readonly string[] } {
  return surnameMemo.get(cell);
}

/**
 * Normalised names by cell, remembered: the campaign builds 4.4 million school identities nationally
 * from every enrolment's cells, which repeat (a person's enrolments, and the first names read again
 * for their counts) and are shared by many persons. Up to 200,000 cells of each kind.
 */
const firstNameMemo = new BoundedMemo<readonly string[]>(200_000, (cell) => {
  const tokens = normalizeFirstNames(cell).tokens;
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(tokens[i]! + tokens[i + 1]!);
  return out;
});
/** A surname cell's compact form, and the tokens of its core (particles dropped) of 3 letters or more. */
const surnameMemo = new BoundedMemo<{ compact: string; tokens: readonly string[] }>(200_000, (cell) => {
  const n = normalizeName(cell);
  return { compact: n.compact, tokens: n.core.split(' ').filter((t) => t.length >= 3) };
});

/** Lets go of the remembered names (tens of MB nationally): called before the matching, where memory peaks. */
export function forgetNames(): void {
  firstNameMemo.clear();
  surnameMemo.clear();
}
