import type { Identity } from './features.js';
import type { FirstNameFrequency } from './first-name-frequency.js';
import type { PersonIdentity } from './link-records.js';
import { PLACES_AND_SEX, STRING_KINDS, StringTable, type StringKind } from './string-table.js';

/**
 * Persons' identities held compactly in memory, so that the matcher can read the school persons as
 * often as it needs (training, then scoring) without sorting the school files in SQLite again and
 * normalising every name again: each pass cost about 11 s on Hauts-de-France, and grows with the
 * region.
 *
 * Every string is interned once (a surname, a date, a commune appears in many identities) and an
 * identity is a run of integers (`readLengths`): one holding the nine lists' lengths, then each
 * list's string numbers, then the sex's. About 55 bytes a person with its place and id (240 MB for
 * the 4.4 million persons of France) where Identity objects cost about 1 KB. Identities are rebuilt
 * on the fly when read: short-lived objects, cheap for the garbage collector.
 */
export class IdentityStore {
  private strings: string[];
  /** Where the strings added are numbered; null once the store takes no more persons. */
  private table: StringTable | null;
  private data: Int32Array = new Int32Array(1 << 16);
  private used = 0;
  private starts: Int32Array = new Int32Array(1 << 12);
  private personIds: Int32Array = new Int32Array(1 << 12);
  private count = 0;

  /**
   * A store numbering its strings in `table`, which other stores may share: stores built from the
   * same persons side by side (school-link-persons.ts) number each string once, and an identity
   * numbered for one is written in another as it is (`addNumbered`).
   */
  constructor(table: StringTable = new StringTable()) {
    this.table = table;
    this.strings = table.strings;
  }

  get size(): number {
    return this.count;
  }

  add(personId: number, identity: Identity): void {
    const table = this.writable(personId);
    const push = (x: number) => {
      if (this.used === this.data.length) this.data = grow(this.data);
      this.data[this.used++] = x;
    };
    let header = 0;
    for (let f = 0; f < LISTS; f++) {
      const n = identity[LIST_FIELDS[f]!].length;
      header = n > MAX_PACKED_LENGTH || header < 0 ? -1 : header | (n << (LENGTH_BITS * f));
    }
    push(header);
    if (header < 0) for (const field of LIST_FIELDS) push(identity[field].length);
    for (let f = 0; f < LISTS; f++) {
      const kind = KIND_OF_LIST[f]!;
      for (const v of identity[LIST_FIELDS[f]!]) push(table.number(kind, v));
    }
    push(table.number(PLACES_AND_SEX, identity.sex));
  }

  /**
   * An identity already numbered in this store's table (NumberedIdentity), added as it is: what
   * `add` stores for the identity it stands for. `without`: a list (a LIST_FIELDS index) stored empty.
   */
  addNumbered(personId: number, identity: NumberedIdentity, without = -1): void {
    this.writable(personId);
    const { lengths, lists } = identity;
    let header = 0;
    let size = 2;
    for (let f = 0; f < LISTS; f++) {
      const n = f === without ? 0 : lengths[f]!;
      header = n > MAX_PACKED_LENGTH || header < 0 ? -1 : header | (n << (LENGTH_BITS * f));
      size += n;
    }
    if (header < 0) size += LISTS;
    while (this.used + size > this.data.length) this.data = grow(this.data);
    const d = this.data;
    let at = this.used;
    d[at++] = header;
    if (header < 0) for (let f = 0; f < LISTS; f++) d[at++] = f === without ? 0 : lengths[f]!;
    for (let f = 0; f < LISTS; f++) {
      if (f === without) continue;
      const list = lists[f]!;
      for (let k = 0, n = lengths[f]!; k < n; k++) d[at++] = list[k]!;
    }
    d[at++] = identity.sex;
    this.used = at;
  }

  /** The table to number in, with room for one more person. */
  private writable(personId: number): StringTable {
    const table = this.table;
    if (!table) throw new Error('IdentityStore: add after seal');
    if (this.count === this.starts.length) {
      this.starts = grow(this.starts);
      this.personIds = grow(this.personIds);
    }
    this.starts[this.count] = this.used;
    this.personIds[this.count++] = personId;
    return table;
  }

  /**
   * The persons of `parts`, one after the other, in one sealed store (shared memory), each string
   * interned once: a store built in parts (one a thread, school-link-ranges.ts) becomes the
   * store one pass would have built, the strings' numbers aside. Its arrays are allocated at their
   * final size, in shared memory: it is sealed. Only the strings its persons hold are kept: a part
   * may number its strings in a table it shares with other stores (the constructor).
   */
  static concat(parts: readonly DetachedIdentityStore[]): IdentityStore {
    const store = new IdentityStore();
    const count = parts.reduce((n, p) => n + p.starts.length, 0);
    const used = parts.reduce((n, p) => n + p.data.length, 0);
    store.data = new Int32Array(new SharedArrayBuffer(used * Int32Array.BYTES_PER_ELEMENT));
    store.starts = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
    store.personIds = new Int32Array(new SharedArrayBuffer(count * Int32Array.BYTES_PER_ELEMENT));
    const remaps = concatRemaps(parts, store.strings);
    for (const part of parts) {
      const remap = remaps.get(part.strings)!;
      // A part may be a slice of a store (`slice`): its starts count from its first entry's.
      const base = part.starts.length ? part.starts[0]! : 0;
      for (let i = 0; i < part.starts.length; i++) {
        store.starts[store.count] = store.used + part.starts[i]! - base;
        store.personIds[store.count++] = part.personIds[i]!;
      }
      // Each identity's lengths copied, its strings (the lists', then the sex) renumbered.
      const d = part.data;
      forEachStored(part, (at, first, strings) => {
        for (let k = at; k < first; k++) store.data[store.used++] = d[k]!;
        for (let k = first; k < first + strings; k++) store.data[store.used++] = remap[d[k]!]!;
      });
    }
    store.table = null;
    return store;
  }

  /**
   * The store's arrays as they are, neither copied nor shared, for another thread to take over (its
   * buffers moved with postMessage's transfer list, `IdentityStore.fromShared` on the other side):
   * this store is not to be used after.
   */
  detach(): DetachedIdentityStore {
    if (!this.table) throw new Error('IdentityStore: detach after seal');
    this.table = null;
    return { strings: this.strings, data: this.data.subarray(0, this.used), starts: this.starts.subarray(0, this.count), personIds: this.personIds.subarray(0, this.count) };
  }

  /**
   * `detach`, its arrays copied to their size: grown by doubling, they could hold twice the data,
   * for a store held a while after it is built (a worker's part kept until the matching).
   */
  detachTrimmed(): DetachedIdentityStore {
    const d = this.detach();
    return { strings: d.strings, data: d.data.slice(), starts: d.starts.slice(), personIds: d.personIds.slice() };
  }

  /**
   * No more persons: the interning table is dropped and the arrays trimmed to what they hold, in
   * shared memory, so that the matcher's worker threads read them without a copy (`shared`).
   */
  seal(): this {
    this.table = null;
    this.data = sharedCopy(this.data, this.used);
    this.starts = sharedCopy(this.starts, this.count);
    this.personIds = sharedCopy(this.personIds, this.count);
    return this;
  }

  /**
   * Persons [from, to) of a detached store, as a store of their own for `concat` (views, not copies):
   * a store with some persons left out or replaced is the concatenation of the slices around them.
   */
  static slice(d: DetachedIdentityStore, from: number, to: number): DetachedIdentityStore {
    const end = to < d.starts.length ? d.starts[to]! : d.data.length;
    const start = from < to ? d.starts[from]! : end;
    return { strings: d.strings, data: d.data.subarray(start, end), starts: d.starts.subarray(from, to), personIds: d.personIds.subarray(from, to) };
  }

  /**
   * How many persons carry each first name (each person's first names are distinct): what
   * FirstNameFrequency counts from the same persons' enrolments, read from the integers.
   */
  countFirstNames(): Map<string, number> {
    return this.countList(FIRST_NAMES_FIELD);
  }

  /**
   * How many persons carry each surname (each person's surnames are distinct), read from the
   * integers: the scorer's surname frequencies. Counted in a Map of strings, a person at a time, they
   * took 2.5 s of the national matching on one core, and the Map's entries came in another order
   * (no reader depends on it: a frequency is looked up by its surname).
   */
  countSurnames(): Map<string, number> {
    return this.countList(SURNAMES_FIELD);
  }

  private countList(field: number): Map<string, number> {
    const counts = new Int32Array(this.strings.length);
    const d = this.data;
    const lengths = new Int32Array(LISTS);
    for (let i = 0; i < this.count; i++) {
      let p = readLengths(d, this.starts[i]!, lengths);
      // The lists before this one skipped.
      for (let f = 0; f < field; f++) p += lengths[f]!;
      const n = lengths[field]!;
      for (let k = 0; k < n; k++) counts[d[p + k]!]!++;
    }
    const names = new Map<string, number>();
    counts.forEach((c, k) => {
      if (c > 0) names.set(this.strings[k]!, c);
    });
    return names;
  }

  /** What another thread needs to read the sealed store: the arrays are shared, the strings copied. */
  shared(): SharedIdentityStore {
    if (this.table) throw new Error('IdentityStore: shared before seal');
    return { strings: this.strings, data: this.data, starts: this.starts, personIds: this.personIds };
  }

  static fromShared(s: SharedIdentityStore): IdentityStore {
    const store = new IdentityStore();
    store.table = null;
    store.strings = s.strings;
    store.data = s.data;
    store.starts = s.starts;
    store.personIds = s.personIds;
    store.count = s.starts.length;
    store.used = s.data.length;
    return store;
  }

  /** The number of the first surname of person i (`identity(i).surnames[0]`, its string `stringAt` that number), −1 when none: without building the identity. */
  firstSurnameNumber(i: number): number {
    const at = this.starts[i]!;
    return surnameCount(this.data, at) > 0 ? this.data[firstString(this.data, at)]! : -1;
  }

  /** The string numbered n (numbers run from 0 to `stringCount` − 1). */
  stringAt(n: number): string {
    return this.strings[n]!;
  }

  get stringCount(): number {
    return this.strings.length;
  }

  personId(i: number): number {
    return this.personIds[i]!;
  }

  /**
   * Identity i, built anew (the caller may keep or change it). `counts` (from `countsOf`): its
   * first names' counts are set too, as withFirstNameCounts would, without a Map lookup a name.
   */
  identity(i: number, counts?: Int32Array): Identity {
    return this.build(i, counts, false);
  }

  /**
   * Identity i's names alone (surnames, their tokens, first names, main first names, and the counts
   * as `identity` sets them); its dates, places and sex empty, in lists shared and frozen: for the
   * comparisons of names, once the others were compared on the stores' numbers (stored-levels.ts).
   * Half the lists of `identity`: the scoring pass builds a record's for each pair whose names it compares.
   */
  names(i: number, counts?: Int32Array): Identity {
    return this.build(i, counts, true);
  }

  private build(i: number, counts: Int32Array | undefined, namesOnly: boolean): Identity {
    const d = this.data;
    const strings = this.strings;
    let p = this.starts[i]!;
    // The lengths packed in one number, or (−1) written out after it: see readLengths.
    const header = d[p++]!;
    let lengthAt = -1;
    if (header < 0) {
      lengthAt = p;
      p += LISTS;
    }
    let f = 0;
    const lengthOf = (field: number) => (lengthAt < 0 ? (header >>> (LENGTH_BITS * field)) & MAX_PACKED_LENGTH : d[lengthAt + field]!);
    const list = (): string[] => {
      const n = lengthOf(f++);
      const out = new Array<string>(n);
      for (let k = 0; k < n; k++) out[k] = strings[d[p++]!]!;
      return out;
    };
    // Field by field, in LIST_FIELDS order; the object is built in buildIdentity's property order, so
    // that the comparisons see one object shape for persons and records.
    const surnames = list();
    const surnameTokens = list();
    let firstNameCounts: number[] | undefined;
    if (counts) {
      const n = lengthOf(f);
      firstNameCounts = new Array<number>(n);
      for (let k = 0; k < n; k++) firstNameCounts[k] = counts[d[p + k]!]!;
    }
    const firstNames = list();
    const mainFirstNames = list();
    let identity: Identity;
    if (namesOnly) {
      identity = { surnames, surnameTokens, firstNames, mainFirstNames, birthDates: NONE, sex: '', birthCommunes: NONE, birthDepartements: NONE, residenceCommunes: NONE, postalCodes: NONE };
    } else {
      const birthDates = list();
      const birthCommunes = list();
      const birthDepartements = list();
      const residenceCommunes = list();
      const postalCodes = list();
      const sex = strings[d[p]!]!;
      identity = { surnames, surnameTokens, firstNames, mainFirstNames, birthDates, sex, birthCommunes, birthDepartements, residenceCommunes, postalCodes };
    }
    // Set after, as withFirstNameCounts does: one object shape whichever way the counts came.
    if (firstNameCounts) identity.firstNameCounts = firstNameCounts;
    return identity;
  }

  /** Each stored string's count in `frequency` (by string number), for `identity(i, counts)`; shared with other threads. */
  countsOf(frequency: FirstNameFrequency): Int32Array {
    const counts = new Int32Array(new SharedArrayBuffer(this.strings.length * Int32Array.BYTES_PER_ELEMENT));
    this.strings.forEach((s, k) => (counts[k] = frequency.count(s)));
    return counts;
  }

  /** The persons in the order they were added. */
  *entries(): Generator<PersonIdentity> {
    for (let i = 0; i < this.count; i++) yield { personId: this.personIds[i]!, identity: this.identity(i) };
  }
}

/** The lists `names` leaves empty: never written to (frozen). */
const NONE = Object.freeze([]) as unknown as string[];

/** The lists of a stored identity, in the order they are stored (stored-levels.ts reads them in place). */
export const LIST_FIELDS = ['surnames', 'surnameTokens', 'firstNames', 'mainFirstNames', 'birthDates', 'birthCommunes', 'birthDepartements', 'residenceCommunes', 'postalCodes'] as const;
const FIRST_NAMES_FIELD = LIST_FIELDS.indexOf('firstNames');
/** 0: `surnameCount` and `firstString` read the surnames as the first list. */
const SURNAMES_FIELD = LIST_FIELDS.indexOf('surnames');
if (SURNAMES_FIELD !== 0) throw new Error('identity-store: the surnames are read as the first list');
/** Lists a stored identity has. */
export const LISTS = LIST_FIELDS.length;
// Every list given its kind (string-table.ts): a field added to LIST_FIELDS does not compile until it has one.
const KIND_OF_FIELD: Record<(typeof LIST_FIELDS)[number], StringKind> = {
  surnames: 'names', surnameTokens: 'names', firstNames: 'names', mainFirstNames: 'names',
  birthDates: 'dates',
  birthCommunes: 'places and sex', birthDepartements: 'places and sex', residenceCommunes: 'places and sex', postalCodes: 'places and sex',
};
/** Each list's kind of strings (a STRING_KINDS index), in LIST_FIELDS order; the sex's is PLACES_AND_SEX. */
export const KIND_OF_LIST: readonly number[] = LIST_FIELDS.map((f) => STRING_KINDS.indexOf(KIND_OF_FIELD[f]));
/**
 * A stored identity's lengths: three bits a list in its first number (nine lists, 27 bits), or −1
 * there and the nine lengths after it when a list holds more than 7 strings (seldom: a person with
 * many spellings). One number a length cost the national store 32 bytes a person (140 MB), held at
 * each of the run's memory peaks (the school link's, the campaign's persons and matching).
 */
const LENGTH_BITS = 3;
const MAX_PACKED_LENGTH = (1 << LENGTH_BITS) - 1;

/**
 * The lengths of the lists of the identity stored from data[at] (LISTS of them, in LIST_FIELDS
 * order) into `lengths`; returns where its first list's strings begin (each list's strings follow
 * the previous one's, and the sex's number follows the last list).
 */
export function readLengths(d: Int32Array, at: number, lengths: Int32Array): number {
  const header = d[at]!;
  if (header >= 0) {
    for (let f = 0; f < LISTS; f++) lengths[f] = (header >>> (LENGTH_BITS * f)) & MAX_PACKED_LENGTH;
    return at + 1;
  }
  for (let f = 0; f < LISTS; f++) lengths[f] = d[at + 1 + f]!;
  return at + 1 + LISTS;
}

/** How many surnames (the first list) the identity stored from data[at] has. */
function surnameCount(d: Int32Array, at: number): number {
  return d[at]! >= 0 ? d[at]! & MAX_PACKED_LENGTH : d[at + 1]!;
}

/** Where the strings of the identity stored from data[at] begin. */
function firstString(d: Int32Array, at: number): number {
  return d[at]! >= 0 ? at + 1 : at + 1 + LISTS;
}
// A field added to Identity must be stored too: this fails to compile until it is. First-name counts
// are not stored: the matcher sets them on each identity it reads (first-name-frequency.ts).
type Unstored = Exclude<keyof Identity, (typeof LIST_FIELDS)[number] | 'sex' | 'firstNameCounts'>;
const EVERY_FIELD_STORED: [Unstored] extends [never] ? true : Unstored = true;
void EVERY_FIELD_STORED;

/**
 * A store's content handed to another thread as it is (`detach`), for `concat`: views of its arrays,
 * whose buffers (up to twice the data: grown by doubling) are moved with postMessage's transfer list.
 */
export interface DetachedIdentityStore {
  strings: string[];
  data: Int32Array;
  starts: Int32Array;
  personIds: Int32Array;
}

/** A detached store's buffers, for postMessage's transfer list. */
export function detachedBuffers(d: DetachedIdentityStore): ArrayBuffer[] {
  return [d.data, d.starts, d.personIds].map((a) => a.buffer as ArrayBuffer);
}

export interface SharedIdentityStore {
  strings: string[];
  data: Int32Array;
  starts: Int32Array;
  personIds: Int32Array;
}

function sharedCopy(a: Int32Array, length: number): Int32Array {
  const b = new Int32Array(new SharedArrayBuffer(length * Int32Array.BYTES_PER_ELEMENT));
  b.set(a.subarray(0, length));
  return b;
}

function grow(a: Int32Array): Int32Array {
  const b = new Int32Array(a.length * 2);
  b.set(a);
  return b;
}

/**
 * Each string table of `parts` (the slices and stores sharing one share its numbers) renumbered
 * into `strings`, each text once whatever its kind, in the order the parts come and, within a
 * table, its own order; the strings no part holds left out (−1). The slices of one store are
 * renumbered once: each slice's own renumbering cost 37 s nationally, the campaign's persons handed
 * over in about 400 slices of two stores, each with hundreds of thousands of strings (measured
 * 2026-12-07, on surnames as many as France's).
 */
function concatRemaps(parts: readonly DetachedIdentityStore[], strings: string[]): Map<readonly string[], Int32Array> {
  const held = new Map<readonly string[], Uint8Array>();
  for (const part of parts) {
    let marks = held.get(part.strings);
    if (!marks) held.set(part.strings, (marks = new Uint8Array(part.strings.length)));
    const d = part.data;
    forEachStored(part, (_, first, count) => {
      for (let k = first; k < first + count; k++) marks[d[k]!] = 1;
    });
  }
  const ids = new Map<string, number>();
  const remaps = new Map<readonly string[], Int32Array>();
  for (const [table, marks] of held) {
    const remap = new Int32Array(table.length).fill(-1);
    for (let k = 0; k < table.length; k++) {
      if (!marks[k]) continue;
      const s = table[k]!;
      let id = ids.get(s);
      if (id === undefined) {
        id = strings.length;
        strings.push(s);
        ids.set(s, id);
      }
      remap[k] = id;
    }
    remaps.set(table, remap);
  }
  return remaps;
}

/** For each identity of a detached store (or slice): where it starts in `data`, where its strings start, and how many (the lists', then the sex). */
function forEachStored(part: DetachedIdentityStore, f: (at: number, first: number, strings: number) => void): void {
  const base = part.starts.length ? part.starts[0]! : 0;
  const lengths = new Int32Array(LISTS);
  for (let i = 0; i < part.starts.length; i++) {
    const at = part.starts[i]! - base;
    const first = readLengths(part.data, at, lengths);
    let strings = 1;
    for (let f = 0; f < LISTS; f++) strings += lengths[f]!;
    f(at, first, strings);
  }
}

/**
 * An identity as numbers of a StringTable: each list's numbers (distinct, in the order of the
 * strings they stand for), in LIST_FIELDS order, and the sex's; for `IdentityStore.addNumbered`.
 * Reused from one identity to the next: `clear`, then `add` to each list.
 */
export class NumberedIdentity {
  readonly lengths = new Int32Array(LISTS);
  readonly lists: Int32Array[] = LIST_FIELDS.map(() => new Int32Array(8));
  sex = -1;

  clear(): void {
    this.lengths.fill(0);
    this.sex = -1;
  }

  /** Number n at the end of list `field` (a LIST_FIELDS index), unless the list holds it already. */
  add(field: number, n: number): void {
    let list = this.lists[field]!;
    const length = this.lengths[field]!;
    for (let k = 0; k < length; k++) if (list[k] === n) return;
    if (length === list.length) {
      const longer = new Int32Array(2 * length);
      longer.set(list);
      this.lists[field] = list = longer;
    }
    list[length] = n;
    this.lengths[field] = length + 1;
  }
}
