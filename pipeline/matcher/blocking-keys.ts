import { BoundedMemo } from '../bounded-memo.js';
import { numberAt } from '../normalize/digits.js';
import { phonetic } from '../normalize/phonetic.js';
import { regionOfDepartement, regionOfPlaceCode, REGIONS } from '../normalize/regions.js';
import type { Identity } from './features.js';
import type { BlockingRule } from './settings.js';

/**
 * Blocking keys of an identity for the given rules; a pair is compared when it shares one. Each rule
 * joins traits so that a block stays small at regional scale (a surname sound and a birth year alone
 * put every MARTIN born in 2007 with every other: 34 million pairs on Hauts-de-France), and the rules
 * together survive one error anywhere: a surname change (birth date + first name), a day/month swap
 * or a first-name typo (surname sound + first-name initial + year, with the month, the day or both
 * numbers in either order), a year typo (surname sound + day and month), a surname typo (first-name
 * sound + surname initial + year and month).
 *
 * A key is a 53-bit hash of its rule and traits, computed from numbers rather than built as a string
 * and hashed: every person works out its keys twice per matching (national: 4.4 million persons, about
 * 24 keys each), and strings cost 17 µs a person against 1.6 here. A hash collision (about 1 in 4
 * billion per pair of keys) only adds a candidate pair, which is then compared and scored like any
 * other.
 */

/** Rule codes: a key's rule, and the two-letter name the log counts pairs under. */
export const RULE_NAMES = ['DF', 'SY', 'SM', 'FY', 'NF'] as const;
export type RuleName = (typeof RULE_NAMES)[number];
/** The two-letter name of each rule of the settings. */
export const RULE_NAME_OF: Readonly<Record<BlockingRule, RuleName>> = {
  birth_date_first_name: 'DF',
  surname_phonetic_birth_year: 'SY',
  surname_phonetic_birth_day_month: 'SM',
  first_name_phonetic_birth_year: 'FY',
  names_training: 'NF',
};
const DF = 0;
const SY = 1;
const SM = 2;
const FY = 3;
const NF = 4;

/**
 * Rules used to train the model only, never to propose links: surname and first-name sounds without
 * any part of the birth date, so that EM sees how often true pairs disagree on it.
 */
export const TRAINING_ONLY_RULES: ReadonlySet<BlockingRule> = new Set(['names_training']);
export const TRAINING_ONLY_NAMES: ReadonlySet<RuleName> = new Set(['NF']);

/**
 * The rules bounded by region (`matcher.regionBlocking`): the broad ones, whose blocks hold every
 * person of France with a surname sound and a day of birth, or a surname sound, an initial and a year,
 * and so grow with the square of the population. Not the birth date + first name rule (a surname
 * change is caught there, whatever the region), nor the training-only one (EM must see every pair).
 */
export const REGION_BOUNDED_NAMES: ReadonlySet<RuleName> = new Set(['SY', 'SM', 'FY']);

/**
 * Which side of the blocking index the keys are for, when the broad rules are bounded by region: a
 * record is indexed under each region it is known in (born or living there), or under "nowhere" when
 * it is known nowhere (no birth place or residence given, or only abroad); a person looks up each of
 * theirs and "nowhere", or every region when known nowhere. A pair then shares a region-bounded key
 * when both are known in one region, or when either is known nowhere.
 */
export type KeyRegions = 'index' | 'lookup';

/**
 * An identity's keys: `hashes[k]` came from rule `rules[k]` (a RULE_NAMES index); `nowhere[k]`: it is
 * a region-bounded key under "known nowhere" (the blocking index holds those apart).
 */
export class KeyList {
  readonly hashes: number[] = [];
  readonly rules: number[] = [];
  readonly nowhere: boolean[] = [];

  get length(): number {
    return this.hashes.length;
  }

  clear(): this {
    this.hashes.length = 0;
    this.rules.length = 0;
    this.nowhere.length = 0;
    return this;
  }

  /** Adds a key once: an identity's keys repeat (two birth dates of one day and month, say). */
  push(hash: number, rule: number, nowhere = false): void {
    const h = this.hashes;
    for (let k = h.length - 1; k >= 0; k--) if (h[k] === hash) return;
    h.push(hash);
    this.rules.push(rule);
    this.nowhere.push(nowhere);
  }
}

export function blockingKeys(id: Identity, rules: readonly BlockingRule[], regions?: KeyRegions, out: KeyList = new KeyList()): KeyList {
  return keysOf(traitsOf(id, regions, scratchTraits), rules, out);
}

/**
 * What an identity's keys are made of, in the order the keys are worked out: each surname's sound
 * and initial, each first name's sound, the first names' distinct initials, each birth date's numbers
 * and, when the broad rules are bounded by region, the areas (`KeyRegions`; empty otherwise). Filled
 * from an identity (`traitsOf`), or by the matcher's passes over persons from a store's numbers
 * (stored-key-traits.ts) without building the identity. The arrays are reused from one to the next.
 */
export class KeyTraits {
  readonly surnameSounds: number[] = [];
  readonly surnameInitials: number[] = [];
  readonly firstSounds: number[] = [];
  readonly firstInitials: number[] = [];
  /** Year, month and day of each birth date, one after the other. */
  readonly dates: number[] = [];
  readonly areas: number[] = [];

  clear(): this {
    this.surnameSounds.length = 0;
    this.surnameInitials.length = 0;
    this.firstSounds.length = 0;
    this.firstInitials.length = 0;
    this.dates.length = 0;
    this.areas.length = 0;
    return this;
  }

  /** A surname: its sound's two words (`soundOf`) and its first letter's code. */
  surname(a: number, b: number, initial: number): void {
    this.surnameSounds.push(a, b);
    this.surnameInitials.push(initial);
  }

  /** A first name: its sound's two words, and its first letter's code if no first name before had it. */
  firstName(a: number, b: number, initial: number): void {
    this.firstSounds.push(a, b);
    if (!this.firstInitials.includes(initial)) this.firstInitials.push(initial);
  }

  /** A birth date written AAAA-MM-JJ: its three numbers (read as blockingKeys always read them, whatever the string). */
  date(d: string): void {
    this.dates.push(numberAt(d, 0, 4), numberAt(d, 5, 2), numberAt(d, 8, 2));
  }

  /** A region's key word (`regionWord`), once; undefined (no region) is left out. */
  area(word: number | undefined): void {
    if (word !== undefined && !this.areas.includes(word)) this.areas.push(word);
  }

  /** After the areas of the identity's places: those of `side` (see KeyRegions). */
  closeAreas(side: KeyRegions): void {
    const out = this.areas;
    if (side === 'index') {
      if (!out.length) out.push(NOWHERE);
      return;
    }
    if (!out.length) for (const r of REGIONS) out.push(REGION_WORD.get(r)!);
    out.push(NOWHERE);
  }
}

const scratchTraits = new KeyTraits();

/** The traits of an identity's keys (into `out`), the areas those of `regions`' side. */
export function traitsOf(id: Identity, regions: KeyRegions | undefined, out: KeyTraits = new KeyTraits()): KeyTraits {
  out.clear();
  for (const s of id.surnames) {
    const c = codeOf(s);
    out.surname(c.a, c.b, s.charCodeAt(0));
  }
  for (const f of id.firstNames) {
    const c = codeOf(f);
    out.firstName(c.a, c.b, f.charCodeAt(0));
  }
  for (const d of id.birthDates) out.date(d);
  if (regions) {
    for (const d of id.birthDepartements) out.area(departementWord(d));
    for (const c of id.residenceCommunes) out.area(placeWord(c));
    for (const p of id.postalCodes) out.area(placeWord(p));
    out.closeAreas(regions);
  }
  return out;
}

/** The keys of an identity's traits for the given rules (see blockingKeys). */
export function keysOf(t: KeyTraits, rules: readonly BlockingRule[], out: KeyList = new KeyList()): KeyList {
  out.clear();
  const areas = t.areas;
  const surnames = t.surnameSounds;
  const firsts = t.firstSounds;
  const initials = t.firstInitials;
  const areasOfRule = (rule: number) => (REGION_BOUNDED_NAMES.has(RULE_NAMES[rule]!) ? areas : NO_AREAS);
  for (let dt = 0; dt < t.dates.length; dt += 3) {
    const year = t.dates[dt]!;
    const month = t.dates[dt + 1]!;
    const day = t.dates[dt + 2]!;
    for (const rule of rules) {
      switch (rule) {
        case 'birth_date_first_name': {
          const at = areasOfRule(DF);
          for (let f = 0; f < firsts.length; f += 2) {
            begin(DF, 0, year, month, day);
            close(out, DF, at, firsts[f]!, firsts[f + 1]!);
            // The swapped form too, so that a record with day and month swapped meets its person.
            if (day !== month && day <= 12) {
              begin(DF, 0, year, day, month);
              close(out, DF, at, firsts[f]!, firsts[f + 1]!);
            }
          }
          break;
        }
        case 'surname_phonetic_birth_year': {
          // Not the whole year: on Hauts-de-France it made 75% of the candidate pairs, and pairs grow
          // with the square of the population. The year with the month, or with the day, keeps a
          // first-name typo with a typo in the date (blocks a twelfth and a thirtieth of a year's); with
          // both numbers in either order, a day/month swap; with the first name's sound, a birth date
          // wrong altogether (the links so found weighed just above the threshold).
          const both = month < day ? month * 100 + day : day * 100 + month;
          const at = areasOfRule(SY);
          for (let s = 0; s < surnames.length; s += 2) {
            const a = surnames[s]!;
            const b = surnames[s + 1]!;
            const group = soundGroupOf(a);
            for (const i of initials) {
              begin(SY, 1, a, b, i, group);
              close(out, SY, at, year, month);
              begin(SY, 2, a, b, i, group);
              close(out, SY, at, year, day);
              begin(SY, 3, a, b, i, group);
              close(out, SY, at, year, both);
            }
            for (let f = 0; f < firsts.length; f += 2) {
              begin(SY, 4, a, b, year, group);
              close(out, SY, at, firsts[f]!, firsts[f + 1]!);
            }
          }
          break;
        }
        case 'surname_phonetic_birth_day_month': {
          const at = areasOfRule(SM);
          for (let s = 0; s < surnames.length; s += 2) {
            begin(SM, 0, surnames[s]!, surnames[s + 1]!, month, soundGroupOf(surnames[s]!));
            close(out, SM, at, day, 0);
          }
          break;
        }
        case 'first_name_phonetic_birth_year': {
          const at = areasOfRule(FY);
          for (let f = 0; f < firsts.length; f += 2) {
            for (const initial of t.surnameInitials) {
              begin(FY, 0, firsts[f]!, firsts[f + 1]!, initial);
              close(out, FY, at, year, month);
            }
          }
          break;
        }
      }
    }
  }
  // Training-only keys come last: leaving them out keeps the order of the others (candidate-finder.ts).
  if (rules.includes('names_training')) {
    for (let s = 0; s < surnames.length; s += 2) {
      for (let f = 0; f < firsts.length; f += 2) {
        begin(NF, 0, surnames[s]!, surnames[s + 1]!, 0, soundGroupOf(surnames[s]!));
        close(out, NF, NO_AREAS, firsts[f]!, firsts[f + 1]!);
      }
    }
  }
  return out;
}

/** Region codes as key words; 0 for "known nowhere". */
const NOWHERE = 0;
const NO_AREAS: readonly number[] = [];
const REGION_WORD = new Map(REGIONS.map((r) => [r, 100 + Number(r)]));

/** The key word of a birth département's region (undefined: none). */
export function departementWord(departement: string): number | undefined {
  const region = regionOfDepartement(departement);
  return region === undefined ? undefined : REGION_WORD.get(region);
}

/** The key word of a commune or postal code's region (undefined: none). */
export function placeWord(code: string): number | undefined {
  const region = regionOfPlaceCode(code);
  return region === undefined ? undefined : REGION_WORD.get(region);
}

/** A 32-bit number for the sound of a surname: surnames that sound alike share their blocks. */
export function surnameSound(name: string): number {
  return codeOf(name).a >>> 0;
}

/** A name's phonetic code as two 32-bit words, cached: a few thousand names make most identities. */
export interface Code {
  a: number;
  b: number;
}
const codes = new BoundedMemo<Code>(200_000, soundOf);
function codeOf(name: string): Code {
  return codes.get(name);
}

/** A name's phonetic code as two 32-bit words (not remembered: see codeOf). */
export function soundOf(name: string): Code {
  const p = phonetic(name);
  let a = 0x811c9dc5;
  let b = 0x9747b28c;
  for (let i = 0; i < p.length; i++) {
    const x = p.charCodeAt(i);
    a = Math.imul(a ^ x, 0x01000193);
    b = Math.imul(b ^ x, 0x5bd1e995) ^ (b >>> 13);
  }
  return { a: a | 0, b: (b ^ p.length) | 0 };
}


// Two 32-bit lanes (MurmurHash3's steps with two seeds), one key at a time.
let h1 = 0;
let h2 = 0;

function word(x: number): void {
  let k = Math.imul(x, 0xcc9e2d51);
  k = (k << 15) | (k >>> 17);
  h1 ^= Math.imul(k, 0x1b873593);
  h1 = (h1 << 13) | (h1 >>> 19);
  h1 = (Math.imul(h1, 5) + 0xe6546b64) | 0;
  let j = Math.imul(x, 0x85ebca6b);
  j = (j << 16) | (j >>> 16);
  h2 ^= Math.imul(j, 0xc2b2ae35);
  h2 = (h2 << 11) | (h2 >>> 21);
  h2 = (Math.imul(h2, 9) + 0x52dce729) | 0;
}

function fmix(h: number): number {
  h ^= h >>> 16;
  h = Math.imul(h, 0x85ebca6b);
  h ^= h >>> 13;
  h = Math.imul(h, 0xc2b2ae35);
  return h ^ (h >>> 16);
}

/**
 * The top bits of a key keyed on a surname's sound are the sound's own (`SOUND_GROUP_BITS` of it),
 * so that the keys of one sound lie side by side in the blocking index, which is sorted by hash: the
 * scoring pass takes the persons grouped by that sound (scoring-order.ts), and their lookups then
 * read the same few thousand bytes of the index one after the other, where each read a random place
 * of about 200 MB (profiled nationally: finding the candidates took 43.8 s of a matching thread's
 * 193 s, 34.3 s after). The other 41 bits are the hash's: two different keys of one group share
 * their hash about once in 2 × 10¹² pairs, which, like any collision, only adds a candidate pair.
 */
const SOUND_GROUP_BITS = 12;
/** The key being worked out is keyed on this sound group (−1: on no surname's sound). */
let soundGroup = -1;

function soundGroupOf(a: number): number {
  return a >>> (32 - SOUND_GROUP_BITS);
}

/** A key of `rule` in form `form` starts with three words (`group`: see `soundGroup`)… */
function begin(rule: number, form: number, x: number, y: number, z: number, group = -1): void {
  soundGroup = group;
  h1 = 0x3c6ef372 ^ (rule * 16 + form);
  h2 = 0x7f4a7c15 ^ (rule * 16 + form);
  word(x);
  word(y);
  word(z);
}

/** …and ends with two more and, for a region-bounded rule, each region: one key per region. */
function close(out: KeyList, rule: number, areas: readonly number[], x: number, y: number): void {
  word(x);
  word(y);
  if (!areas.length) {
    out.push(finish(), rule);
    return;
  }
  const s1 = h1;
  const s2 = h2;
  for (const a of areas) {
    h1 = s1;
    h2 = s2;
    word(a);
    out.push(finish(), rule, a === NOWHERE);
  }
}

function finish(): number {
  const high = fmix(h1) >>> 0;
  const low = (fmix(h2) >>> 0) >>> 11;
  if (soundGroup < 0) return high * 2 ** 21 + low;
  return (soundGroup * 2 ** (32 - SOUND_GROUP_BITS) + (high >>> SOUND_GROUP_BITS)) * 2 ** 21 + low;
}
