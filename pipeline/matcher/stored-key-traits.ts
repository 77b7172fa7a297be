import { departementWord, KeyTraits, placeWord, soundOf, type KeyRegions } from './blocking-keys.js';
import { LIST_FIELDS, LISTS, readLengths, type SharedIdentityStore } from './identity-store.js';

/**
 * The traits of a stored person's blocking keys (blocking-keys.ts), read from the store's numbers:
 * what `traitsOf(store.identity(p))` gives, without building the identity. Each of the store's
 * strings has its sound and region worked out once in this thread, in arrays by string number.
 *
 * Why: both passes of the matching work out every person's keys (nationally 4.4 million persons, a
 * pass each), and built each person's identity for it (nine arrays and an object), then looked each
 * name up in the sounds' memo, a Map of strings: in a profile of the national matching, a thread spent
 * 17.5 s of its 128 s building identities and 4.9 s in the memo. The scoring pass now builds a
 * person's identity only when one of its pairs has names to compare, and the first pass only for a
 * training record's pair.
 */
export class StoredKeyTraits {
  /** By string number: its sound's two words, once `soundKnown`. */
  private readonly soundA: Int32Array;
  private readonly soundB: Int32Array;
  private readonly soundKnown: Uint8Array;
  /** By string number: its region's key word as a département, and as a commune or postal code (0: not worked out; −1: none). */
  private readonly departementRegion: Int16Array;
  private readonly placeRegion: Int16Array;
  private readonly lengths = new Int32Array(LISTS);

  constructor(
    private readonly store: SharedIdentityStore,
    private readonly regions: KeyRegions | undefined,
  ) {
    const n = store.strings.length;
    this.soundA = new Int32Array(n);
    this.soundB = new Int32Array(n);
    this.soundKnown = new Uint8Array(n);
    this.departementRegion = new Int16Array(n);
    this.placeRegion = new Int16Array(n);
  }

  /** Person p's traits, into `out`. */
  of(p: number, out: KeyTraits): KeyTraits {
    out.clear();
    const { data: d, strings } = this.store;
    const lengths = this.lengths;
    let at = readLengths(d, this.store.starts[p]!, lengths);
    // The lists in LIST_FIELDS order: those the keys do not read are skipped.
    for (let f = 0; f < LISTS; f++) {
      const n = lengths[f]!;
      switch (f) {
        case SURNAMES:
        case FIRST_NAMES:
          for (let k = 0; k < n; k++) {
            const id = d[at + k]!;
            this.sound(id);
            const a = this.soundA[id]!;
            const b = this.soundB[id]!;
            const initial = strings[id]!.charCodeAt(0);
            if (f === SURNAMES) out.surname(a, b, initial);
            else out.firstName(a, b, initial);
          }
          break;
        case BIRTH_DATES:
          for (let k = 0; k < n; k++) out.date(strings[d[at + k]!]!);
          break;
        case BIRTH_DEPARTEMENTS:
          if (this.regions) for (let k = 0; k < n; k++) out.area(this.region(this.departementRegion, d[at + k]!, departementWord));
          break;
        case RESIDENCE_COMMUNES:
        case POSTAL_CODES:
          if (this.regions) for (let k = 0; k < n; k++) out.area(this.region(this.placeRegion, d[at + k]!, placeWord));
          break;
      }
      at += n;
    }
    if (this.regions) out.closeAreas(this.regions);
    return out;
  }

  private sound(id: number): void {
    if (this.soundKnown[id]) return;
    const c = soundOf(this.store.strings[id]!);
    this.soundA[id] = c.a;
    this.soundB[id] = c.b;
    this.soundKnown[id] = 1;
  }

  private region(cache: Int16Array, id: number, wordOf: (s: string) => number | undefined): number | undefined {
    let w = cache[id]!;
    if (w === 0) cache[id] = w = wordOf(this.store.strings[id]!) ?? -1;
    return w < 0 ? undefined : w;
  }
}

const SURNAMES = LIST_FIELDS.indexOf('surnames');
const FIRST_NAMES = LIST_FIELDS.indexOf('firstNames');
const BIRTH_DATES = LIST_FIELDS.indexOf('birthDates');
const BIRTH_DEPARTEMENTS = LIST_FIELDS.indexOf('birthDepartements');
const RESIDENCE_COMMUNES = LIST_FIELDS.indexOf('residenceCommunes');
const POSTAL_CODES = LIST_FIELDS.indexOf('postalCodes');
