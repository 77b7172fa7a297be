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
    const s = this.surnames.of(surname);
    const f = this.firstNames.of(firstNames);
    const d = this.birthDates.of(birthDate);
    const x = this.sexes.of(sex);
    const p = birthPlace === null ? 0 : this.birthPlaces.of(birthPlace);
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
