import { COMPARISONS } from './comparisons.js';
import { LIST_FIELDS, LISTS, readLengths, type SharedIdentityStore } from './identity-store.js';

/**
 * The levels of a pair's birth dates, sex, birth places and residences, worked out from the numbers
 * the identity stores hold, without the record's identity. The scoring pass compares a record with
 * every person it shares a key with (nationally 87.6 million pairs), and reading the record's
 * identity, its strings scattered in memory, was a fifth of a matching thread's time (a profile of
 * the national matching); about 45% of the pairs are then ruled out on these four comparisons alone
 * (counted on the national scoring pass), their names never compared (pair-scorer.ts).
 *
 * A record's lists are copied once, its places and sex numbered as the persons' store numbers its
 * strings (the records' strings the persons do not have numbered after them): two values are equal
 * when their numbers are. Its birth dates are held as their digits, four bits each (YYYYMMDD, see
 * `isoDate`), and so are a person's, worked out once a person (`personAt`): equal dates have equal
 * codes, and the date's other levels are read from the digits. The levels are those of
 * comparisons.ts, to the same rules: `levelsInto` declines a pair with a date that is not ISO, which
 * the caller then compares as strings.
 */
export interface SharedStoredLevels {
  /**
   * From records[starts[i]]: record i's birth dates (their count, then their codes), its birth
   * communes, birth départements, residence communes and postal codes (each its count, then its
   * numbers), then its sex's number.
   */
  records: Int32Array;
  starts: Int32Array;
  /** The number of the empty string (a sex missing), or −1 when no identity has one. */
  empty: number;
}

/** The lists read here, in the stores' order, after the names. */
const READ_LISTS = ['birthDates', 'birthCommunes', 'birthDepartements', 'residenceCommunes', 'postalCodes'] as const;
/** Lists of a stored identity before those. */
const SKIPPED = LIST_FIELDS.indexOf(READ_LISTS[0]);
if (LIST_FIELDS.slice(SKIPPED).join() !== READ_LISTS.join()) throw new Error('stored-levels: the stored lists changed order');

const at = (name: string) => COMPARISONS.findIndex((c) => c.name === name);
const BIRTH_DATE = at('birth_date');
const SEX = at('sex');
const BIRTH_PLACE = at('birth_place');
const RESIDENCE = at('residence');
/** The comparisons `levelsInto` works out (pair-scorer.ts checks they are those it compares first). */
export const STORED_COMPARISONS: readonly number[] = [BIRTH_DATE, SEX, BIRTH_PLACE, RESIDENCE];

/**
 * The records' lists, built once by the main thread for every matcher thread. Only the strings of
 * places and sexes are looked up (tens of thousands, where the names and dates would make a map of
 * hundreds of thousands, at the matcher's memory peak).
 */
export function sharedStoredLevels(persons: SharedIdentityStore, records: SharedIdentityStore): SharedStoredLevels {
  const count = records.starts.length;
  const d = records.data;
  const lengths = new Int32Array(LISTS);
  /** Record i's lengths into `lengths`; returns where its birth dates' strings begin. */
  const datesAt = (i: number) => {
    let p = readLengths(d, records.starts[i]!, lengths);
    for (let f = 0; f < SKIPPED; f++) p += lengths[f]!;
    return p;
  };
  // The records' places and sexes, each string with its number: the persons' store's, or one past
  // the persons' strings for a string they do not have (−1 until known). What is copied: each list
  // read here with its length, then the sex.
  const placeNumbers = new Map<string, number>();
  let size = 0;
  for (let i = 0; i < count; i++) {
    let p = datesAt(i) + lengths[SKIPPED]!;
    size += READ_LISTS.length + 1;
    for (let f = SKIPPED; f < LISTS; f++) size += lengths[f]!;
    for (let f = SKIPPED + 1; f < LISTS; f++) for (let k = 0; k < lengths[f]!; k++) placeNumbers.set(records.strings[d[p++]!]!, -1);
    placeNumbers.set(records.strings[d[p]!]!, -1);
  }
  // The persons' places and sexes alone are looked up, each string once. Looking every string of
  // theirs up (millions) went with campaign-alone peaks of 1,619–1,706 MB, against 1,597–1,613 MB
  // this way (national, measured). Not explained; a likely cause: a string built by joining, as many
  // names are, is flattened (copied) when first hashed.
  const looked = new Uint8Array(persons.strings.length);
  const pd = persons.data;
  let emptyOfPersons = -1;
  const look = (k: number) => {
    if (looked[k]) return;
    looked[k] = 1;
    const s = persons.strings[k]!;
    if (placeNumbers.has(s)) placeNumbers.set(s, k);
    if (s === '') emptyOfPersons = k;
  };
  for (let i = 0; i < persons.starts.length; i++) {
    let p = readLengths(pd, persons.starts[i]!, lengths);
    for (let f = 0; f <= SKIPPED; f++) p += lengths[f]!;
    for (let f = SKIPPED + 1; f < LISTS; f++) for (let k = 0; k < lengths[f]!; k++) look(pd[p++]!);
    look(pd[p]!);
  }
  let next = persons.strings.length;
  for (const [s, k] of placeNumbers) if (k < 0) placeNumbers.set(s, next++);
  const numberOf = (j: number) => placeNumbers.get(records.strings[j]!)!;

  const out = new Int32Array(new SharedArrayBuffer(size * Int32Array.BYTES_PER_ELEMENT));
  const starts = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
  let o = 0;
  for (let i = 0; i < count; i++) {
    starts[i] = o;
    let p = datesAt(i);
    const dates = lengths[SKIPPED]!;
    out[o++] = dates;
    for (let k = 0; k < dates; k++) out[o++] = isoDate(records.strings[d[p++]!]!);
    for (let f = SKIPPED + 1; f < LISTS; f++) {
      const n = lengths[f]!;
      out[o++] = n;
      for (let k = 0; k < n; k++) out[o++] = numberOf(d[p++]!);
    }
    out[o++] = numberOf(d[p]!);
  }
  // A missing sex is the empty string, whichever side has it.
  return { records: out, starts, empty: placeNumbers.get('') ?? emptyOfPersons };
}

/**
 * The four levels of pairs of one thread's persons (the persons' store, shared) with the records:
 * `personAt(p)` once a person, then `levelsInto` for each of its records.
 */
export class StoredLevels {
  private readonly records: Int32Array;
  private readonly starts: Int32Array;
  private readonly empty: number;
  /** The birth dates' codes of the person `personAt` was last given. */
  private personDates = new Int32Array(4);
  private personDateCount = 0;
  /** That person's places and sex, laid out as a record's here (each list its length, then its numbers; then the sex). */
  private personPlaces = new Int32Array(32);
  private readonly lengths = new Int32Array(LISTS);

  constructor(
    shared: SharedStoredLevels,
    private readonly persons: SharedIdentityStore,
  ) {
    ({ records: this.records, starts: this.starts, empty: this.empty } = shared);
  }

  /** Person p's birth dates' codes and places, kept for `levelsInto`: read once a person, not for each of its records. */
  personAt(p: number): void {
    const d = this.persons.data;
    const lengths = this.lengths;
    let at = readLengths(d, this.persons.starts[p]!, lengths);
    for (let f = 0; f < SKIPPED; f++) at += lengths[f]!;
    const n = lengths[SKIPPED]!;
    if (n > this.personDates.length) this.personDates = new Int32Array(2 * n);
    for (let k = 0; k < n; k++) this.personDates[k] = isoDate(this.persons.strings[d[at + k]!]!);
    this.personDateCount = n;
    at += n;
    let size = READ_LISTS.length;
    for (let f = SKIPPED + 1; f < LISTS; f++) size += lengths[f]!;
    if (size > this.personPlaces.length) this.personPlaces = new Int32Array(2 * size);
    const places = this.personPlaces;
    let o = 0;
    for (let f = SKIPPED + 1; f < LISTS; f++) {
      places[o++] = lengths[f]!;
      for (let k = 0; k < lengths[f]!; k++) places[o++] = d[at++]!;
    }
    places[o] = d[at]!;
  }

  /**
   * The levels of the person `personAt` was last given and record i,
   * into out[k] for the comparisons STORED_COMPARISONS lists (−1 for a value missing, as
   * `levelsInto` of pair-scorer.ts), or false when a date compared is not ISO (out is then partly
   * written).
   */
  levelsInto(out: number[], i: number): boolean {
    const a = this.personPlaces;
    const b = this.records;
    // Birth dates, in comparisons.ts's order: exact, else the best of day and month swapped (2) and one digit off (1).
    const personDates = this.personDates;
    let pb = this.starts[i]!;
    const nb = b[pb]!;
    let best = 0;
    dates: for (let x = 0; x < this.personDateCount; x++) {
      const cx = personDates[x]!;
      for (let y = pb + 1; y <= pb + nb; y++) {
        const cy = b[y]!;
        if (cx < 0 || cy < 0) return false;
        if (cx === cy) {
          best = 3;
          break dates;
        }
        if (daySwapped(cx, cy)) best = Math.max(best, 2);
        else if (oneDigit(cx, cy)) best = Math.max(best, 1);
      }
    }
    out[BIRTH_DATE] = best;
    let pa = 0;
    pb += nb + 1;
    // Birth place: the same commune, else (both sides with départements) the same département.
    const communesA = pa;
    const communesB = pb;
    pa += a[pa]! + 1;
    pb += b[pb]! + 1;
    if (a[communesA]! && b[communesB]! && intersects(a, communesA, b, communesB)) out[BIRTH_PLACE] = 2;
    else if (!a[pa]! || !b[pb]!) out[BIRTH_PLACE] = -1;
    else out[BIRTH_PLACE] = intersects(a, pa, b, pb) ? 1 : 0;
    pa += a[pa]! + 1;
    pb += b[pb]! + 1;
    // Residence: the same commune, else (both sides with postal codes) the same postal code.
    const residenceA = pa;
    const residenceB = pb;
    pa += a[pa]! + 1;
    pb += b[pb]! + 1;
    const residences = a[residenceA]! > 0 && b[residenceB]! > 0;
    if (residences && intersects(a, residenceA, b, residenceB)) out[RESIDENCE] = 1;
    else if (a[pa]! && b[pb]!) out[RESIDENCE] = intersects(a, pa, b, pb) ? 1 : 0;
    else out[RESIDENCE] = residences ? 0 : -1;
    pa += a[pa]! + 1;
    pb += b[pb]! + 1;
    // The sex, after the lists.
    const sa = a[pa]!;
    const sb = b[pb]!;
    out[SEX] = sa === this.empty || sb === this.empty ? -1 : sa === sb ? 1 : 0;
    return true;
  }
}

/** A list of `a` at pa and one of `b` at pb (each its length, then its numbers) share a number. */
function intersects(a: Int32Array, pa: number, b: Int32Array, pb: number): boolean {
  const ea = pa + a[pa]!;
  const eb = pb + b[pb]!;
  for (let x = pa + 1; x <= ea; x++) for (let y = pb + 1; y <= eb; y++) if (a[x] === b[y]) return true;
  return false;
}

/**
 * The digits of a date written AAAA-MM-JJ, four bits each (year, month, day from the highest), or
 * −1 for any other string, and for years from 8000 on (the sign bit is the "not a date").
 */
export function isoDate(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== 45 || s.charCodeAt(7) !== 45) return -1;
  let code = 0;
  for (let k = 0; k < 10; k++) {
    if (k === 4 || k === 7) continue;
    const digit = s.charCodeAt(k) - 48;
    if (digit < 0 || digit > 9) return -1;
    code = code * 16 + digit;
  }
  return code > 0x7fffffff ? -1 : code;
}

/** comparisons.ts's daySwapped on packed dates: the same year, the month of one the day of the other. */
function daySwapped(x: number, y: number): boolean {
  return x >>> 16 === y >>> 16 && ((x >>> 8) & 0xff) === (y & 0xff) && (x & 0xff) === ((y >>> 8) & 0xff);
}

/** Exactly one digit differs (comparisons.ts's digitDistance of 1: the dashes are alike). */
function oneDigit(x: number, y: number): boolean {
  const v = x ^ y;
  const nibbles = (v | (v >>> 1) | (v >>> 2) | (v >>> 3)) & 0x11111111;
  return nibbles !== 0 && (nibbles & (nibbles - 1)) === 0;
}
