import { normalizeFirstNames, normalizeName } from '../normalize/names.js';

/**
 * The exact identities the school records carry, INE by INE, as numbers in typed arrays: what the
 * deterministic pass of the resolve stage compares (exact-identity-links.ts). A record is its INE's
 * number, its identity (normalised birth surname, normalised main first name, birth date, sex) and its
 * birth place (commune, else country), each value interned: equal numbers are equal values, so that
 * grouping needs neither strings nor hashes. 24 bytes a record where the objects and key strings of
 * a Map cost about 200.
 *
 * Names are normalised once per distinct spelling (a surname or a first name repeats on many rows).
 * An INE's records that repeat its first record (the same pupil year after year) are not kept: they
 * would join nothing more.
 */
export class IdentityRecords {
  ine = new Int32Array(1 << 12);
  surname = new Int32Array(1 << 12);
  firstName = new Int32Array(1 << 12);
  birthDate = new Int32Array(1 << 12);
  sex = new Int32Array(1 << 12);
  /** 0 when the record has no birth place. */
  birthPlace = new Int32Array(1 << 12);
  count = 0;

  private readonly surnames = new Interned((raw) => normalizeName(raw).compact);
  private readonly firstNames = new Interned((raw) => normalizeFirstNames(raw).first ?? '');
  private readonly birthDates = new Interned((raw) => raw);
  private readonly sexes = new Interned((raw) => raw);
  /** Numbered from 1: 0 is "no birth place". */
  private readonly birthPlaces = new Interned((raw) => raw, 1);
  /** The first record of each INE, by INE number (−1: none yet). */
  private firstOfIne = new Int32Array(1 << 12).fill(-1);

  add(ine: number, surname: string, firstNames: string, birthDate: string, sex: string, birthPlace: string | null): void {
    this.addNumbers(ine, this.surnames.of(surname), this.firstNames.of(firstNames), this.birthDates.of(birthDate), this.sexes.of(sex), birthPlace === null ? 0 : this.birthPlaces.of(birthPlace));
  }

  /**
   * The records of another thread's pass (`detach`), after this one's, as `add` would have taken
   * them: their INEs numbered here by `ines` (StringIndex.addAll), their values interned here. One
   * difference: that pass dropped the repeats of its own first record of an INE, which `add` keeps
   * when this pass met the INE first with another record. A record that repeats another of its INE
   * joins nothing more (exact-identity-links.ts): the persons are the same, `count` may be lower.
   */
  addAll(part: DetachedIdentityRecords, ines: Int32Array): void {
    const surnames = this.surnames.addAll(part.values.surnames);
    const firstNames = this.firstNames.addAll(part.values.firstNames);
    const birthDates = this.birthDates.addAll(part.values.birthDates);
    const sexes = this.sexes.addAll(part.values.sexes);
    const birthPlaces = this.birthPlaces.addAll(part.values.birthPlaces);
    for (let r = 0; r < part.count; r++) {
      const p = part.birthPlace[r]!;
      this.addNumbers(ines[part.ine[r]!]!, surnames[part.surname[r]!]!, firstNames[part.firstName[r]!]!, birthDates[part.birthDate[r]!]!, sexes[part.sex[r]!]!, p === 0 ? 0 : birthPlaces[p - 1]!);
    }
  }

  /** The arrays and interned values as they are, for another thread (the arrays' buffers moved): not to be used after. */
  detach(): DetachedIdentityRecords {
    const n = this.count;
    return {
      count: n,
      ine: this.ine.subarray(0, n),
      surname: this.surname.subarray(0, n),
      firstName: this.firstName.subarray(0, n),
      birthDate: this.birthDate.subarray(0, n),
      sex: this.sex.subarray(0, n),
      birthPlace: this.birthPlace.subarray(0, n),
      values: { surnames: this.surnames.values(), firstNames: this.firstNames.values(), birthDates: this.birthDates.values(), sexes: this.sexes.values(), birthPlaces: this.birthPlaces.values() },
    };
  }

  private addNumbers(ine: number, s: number, f: number, d: number, x: number, p: number): void {
    while (ine >= this.firstOfIne.length) this.firstOfIne = grown(this.firstOfIne, this.firstOfIne.length * 2, -1);
    const first = this.firstOfIne[ine]!;
    if (first >= 0 && this.surname[first] === s && this.firstName[first] === f && this.birthDate[first] === d && this.sex[first] === x && this.birthPlace[first] === p) return;
    const at = this.count++;
    if (at === this.ine.length) {
      const n = at * 2;
      this.ine = grown(this.ine, n);
      this.surname = grown(this.surname, n);
      this.firstName = grown(this.firstName, n);
      this.birthDate = grown(this.birthDate, n);
      this.sex = grown(this.sex, n);
      this.birthPlace = grown(this.birthPlace, n);
    }
    if (first < 0) this.firstOfIne[ine] = at;
    this.ine[at] = ine;
    this.surname[at] = s;
    this.firstName[at] = f;
    this.birthDate[at] = d;
    this.sex[at] = x;
    this.birthPlace[at] = p;
  }

  /** Distinct normalised surnames, first names, birth dates, sexes and birth places seen. */
  get distinct(): { surnames: number; firstNames: number; birthDates: number; sexes: number; birthPlaces: number } {
    return { surnames: this.surnames.size, firstNames: this.firstNames.size, birthDates: this.birthDates.size, sexes: this.sexes.size, birthPlaces: this.birthPlaces.size };
  }
}

/** An IdentityRecords' content for another thread: its records, and each table's normalised values in number order. */
export interface DetachedIdentityRecords {
  count: number;
  ine: Int32Array;
  surname: Int32Array;
  firstName: Int32Array;
  birthDate: Int32Array;
  sex: Int32Array;
  birthPlace: Int32Array;
  values: { surnames: string[]; firstNames: string[]; birthDates: string[]; sexes: string[]; birthPlaces: string[] };
}

/** The buffers of a detached IdentityRecords, for postMessage's transfer list. */
export function detachedRecordBuffers(d: DetachedIdentityRecords): ArrayBuffer[] {
  return [d.ine, d.surname, d.firstName, d.birthDate, d.sex, d.birthPlace].map((a) => a.buffer as ArrayBuffer);
}

/** Raw values → numbers of their normalised forms, each raw value normalised once. */
class Interned {
  private readonly ofRaw = new Map<string, number>();
  private readonly ofNormalised = new Map<string, number>();

  constructor(
    private readonly normalise: (raw: string) => string,
    private readonly base = 0,
  ) {}

  get size(): number {
    return this.ofNormalised.size;
  }

  /** The normalised values in the order of their numbers (the first is numbered `base`). */
  values(): string[] {
    return [...this.ofNormalised.keys()];
  }

  /** Another table's values (`values`) numbered here, new ones next: their numbers here, by their place in `values`. */
  addAll(values: readonly string[]): Int32Array {
    const ids = new Int32Array(values.length);
    values.forEach((value, k) => {
      let id = this.ofNormalised.get(value);
      if (id === undefined) {
        id = this.base + this.ofNormalised.size;
        this.ofNormalised.set(value, id);
      }
      ids[k] = id;
    });
    return ids;
  }

  of(raw: string): number {
    let id = this.ofRaw.get(raw);
    if (id !== undefined) return id;
    const value = this.normalise(raw);
    id = this.ofNormalised.get(value);
    if (id === undefined) {
      id = this.base + this.ofNormalised.size;
      this.ofNormalised.set(value, id);
    }
    this.ofRaw.set(raw, id);
    return id;
  }
}

function grown(a: Int32Array, length: number, fill = 0): Int32Array<ArrayBuffer> {
  const b = new Int32Array(length);
  b.set(a);
  if (fill !== 0) b.fill(fill, a.length);
  return b;
}
