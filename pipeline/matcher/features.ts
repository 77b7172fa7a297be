import { phonetic } from '../normalize/phonetic.js';
import { normalizeFirstNames, normalizeName } from '../normalize/names.js';
import type { BlockingRule } from './settings.js';

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
    const n = normalizeName(s);
    if (n.compact) surnames.add(n.compact);
    for (const t of n.core.split(' ')) if (t.length >= 3) tokens.add(t);
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
 * the joined pair lets the two meet.
 */
export function firstNameTokens(cell: string): string[] {
  const tokens = normalizeFirstNames(cell).tokens;
  const out = [...tokens];
  for (let i = 0; i + 1 < tokens.length; i++) out.push(tokens[i]! + tokens[i + 1]!);
  return out;
}

/**
 * Blocking keys of an identity for the given rules; a pair is compared when it shares one. Each rule
 * joins traits so that a block stays small at regional scale (a surname sound and a birth year alone
 * put every MARTIN born in 2007 with every other: 34 million pairs on Hauts-de-France), and the rules
 * together survive one error anywhere: a surname change (birth date + first name), a day/month swap
 * or a first-name typo (surname sound + first-name initial + year, with the month, the day or both
 * numbers in either order), a year typo (surname sound + day and month), a surname typo (first-name
 * sound + surname initial + year and month).
 */
export function blockingKeys(id: Identity, rules: readonly string[]): string[] {
  const keys = new Set<string>();
  const surnameCodes = id.surnames.map((s) => phonetic(s));
  const firstCodes = id.firstNames.map((f) => phonetic(f));
  const initials = [...new Set(id.firstNames.map((f) => f.slice(0, 1)))];
  for (const d of id.birthDates) {
    const year = d.slice(0, 4);
    const monthDay = d.slice(5);
    for (const rule of rules) {
      switch (rule) {
        case 'birth_date_first_name': {
          const swapped = `${year}-${d.slice(8, 10)}-${d.slice(5, 7)}`;
          for (const f of firstCodes) {
            keys.add(`DF|${d}|${f}`);
            // Index the swapped form too, so that a record with day and month swapped meets its person.
            if (swapped !== d && Number(d.slice(8, 10)) <= 12) keys.add(`DF|${swapped}|${f}`);
          }
          break;
        }
        case 'surname_phonetic_birth_year': {
          // Not the whole year: on Hauts-de-France it made 75% of the candidate pairs, and pairs grow
          // with the square of the population. The year with the month, or with the day, keeps a
          // first-name typo with a typo in the date (blocks a twelfth and a thirtieth of a year's); with
          // both numbers in either order, a day/month swap; with the first name's sound, a birth date
          // wrong altogether (the links so found weighed just above the threshold).
          const [month, day] = [d.slice(5, 7), d.slice(8, 10)];
          const both = month < day ? `${month}${day}` : `${day}${month}`;
          for (const s of surnameCodes) {
            for (const i of initials) {
              keys.add(`SY|${s}|${i}|${year}|M${month}`);
              keys.add(`SY|${s}|${i}|${year}|D${day}`);
              keys.add(`SY|${s}|${i}|${year}|X${both}`);
            }
            for (const f of firstCodes) keys.add(`SY|${s}|${year}|F${f}`);
          }
          break;
        }
        case 'surname_phonetic_birth_day_month':
          for (const s of surnameCodes) keys.add(`SM|${s}|${monthDay}`);
          break;
        case 'first_name_phonetic_birth_year':
          for (const f of firstCodes) for (const s of id.surnames) keys.add(`FY|${f}|${s.slice(0, 1)}|${d.slice(0, 7)}`);
          break;
      }
    }
  }
  if (rules.includes('names_training')) for (const s of surnameCodes) for (const f of firstCodes) keys.add(`NF|${s}|${f}`);
  return [...keys];
}

/**
 * Prefixes of keys used to train the model only, never to propose links: surname and first-name
 * sounds without any part of the birth date, so that EM sees how often true pairs disagree on it.
 */
export const TRAINING_ONLY_PREFIXES: ReadonlySet<string> = new Set(['NF']);
export const TRAINING_ONLY_RULES: ReadonlySet<BlockingRule> = new Set(['names_training']);
