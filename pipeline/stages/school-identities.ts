import { departementOf, firstNameTokens, surnameParts } from '../matcher/features.js';
import { digitsAt, numberAt } from '../normalize/digits.js';
import { LIST_FIELDS, NumberedIdentity } from '../matcher/identity-store.js';
import { DATES, NAMES, PLACES_AND_SEX, StringTable } from '../matcher/string-table.js';
import type { EnrolmentRow } from './school-persons.js';

/**
 * School persons' identities numbered straight from their enrolments' cells (school-persons.ts
 * `identityOf`, as IdentityStore.add would number it), for the stores of the pass over every school
 * person (campaign-persons.ts, school-link-persons.ts).
 *
 * Why: that pass builds 4.4 million identities nationally. Built as Identity objects, then interned
 * string by string, each person's cells were normalised through a memo (about fifteen lookups a
 * person: a person's enrolments repeat their names) and their forms numbered in tables of hundreds of
 * thousands of names (about fifteen more): 17.5 of the 60 s of a thread's range in a profile
 * (2026-12-07). Here a person's cells are first told apart by equality, which needs no hashing, and
 * each distinct cell is looked up once, in a table that gives the numbers of its normalised forms.
 *
 * The numbers are those `add` gives: each string is numbered when the list it first appears in is
 * written, in LIST_FIELDS order, a cell's forms numbered on first use (a property test holds it).
 */
export class SchoolIdentities {
  /** Where the identities' strings are numbered: the stores they are written in share it. */
  readonly table = new StringTable();
  private readonly identity = new NumberedIdentity();
  private surnameCells = new Map<string, SurnameCell>();
  private firstNameCells = new Map<string, FirstNameCell>();
  private communes = new Map<string, CommuneNumbers>();
  // One person's distinct cells (and what they stand for), reused from person to person.
  private readonly cells: string[] = [];
  private readonly surnames: SurnameCell[] = [];
  private readonly firstNames: FirstNameCell[] = [];
  private readonly mainFirstNames: FirstNameCell[] = [];
  private readonly births: CommuneNumbers[] = [];
  private readonly residences: CommuneNumbers[] = [];
  /**
   * The numbers of ISO dates (their day as an integer: no string hashed) and of five-digit communes
   * (as the integer they write), +1, 0 when not numbered yet: a Map of strings hashes each new string
   * read from SQLite (each row's), about half a microsecond a lookup in a national profile. Other
   * texts go through the Maps.
   */
  private readonly dates = new Int32Array(ISO_DAYS);
  private readonly digitCommunes = new Int32Array(100_000);
  private readonly communeEntries: CommuneNumbers[] = [];
  private readonly sexes: string[] = [];
  private readonly sexIds: number[] = [];

  /** `postalOfCommune`: each residence commune's postal codes (none given: no postal codes). */
  constructor(private readonly postalOfCommune: ReadonlyMap<string, readonly string[]> = new Map()) {}

  /** The identity of one person's enrolments (`latest` the latest of them), numbered in `table`: valid until the next call. */
  of(rows: readonly EnrolmentRow[], latest: EnrolmentRow): NumberedIdentity {
    const id = this.identity;
    const table = this.table;
    id.clear();

    const surnames = this.distinctCells(rows, SURNAME_CELLS, this.surnames, (cell) => this.surnameCell(cell));
    for (const s of surnames) {
      if (s.compact === UNNUMBERED) s.compact = s.parts.compact ? table.number(NAMES, s.parts.compact) : NONE;
      if (s.compact !== NONE) id.add(SURNAMES, s.compact);
    }
    for (const s of surnames) for (const n of (s.tokens ??= this.numbers(NAMES, s.parts.tokens))) id.add(SURNAME_TOKENS, n);
    for (const f of this.distinctCells(rows, FIRST_NAME_CELLS, this.firstNames, (cell) => this.firstNameCell(cell))) {
      for (const n of (f.tokens ??= this.numbers(NAMES, f.parts))) id.add(FIRST_NAMES, n);
    }
    // Each main first name is one of the first names above: its tokens are numbered.
    for (const f of this.distinctCells(rows, MAIN_FIRST_NAME_CELLS, this.mainFirstNames, (cell) => this.firstNameCell(cell))) {
      for (const n of (f.tokens ??= this.numbers(NAMES, f.parts))) id.add(MAIN_FIRST_NAMES, n);
    }

    let lastDate: string | null = null;
    for (const r of rows) {
      if (r.date_naissance === lastDate) continue;
      lastDate = r.date_naissance;
      id.add(BIRTH_DATES, this.date(r.date_naissance));
    }

    const births = this.distinctCells(rows, BIRTH_COMMUNE_CELLS, this.births, (cell) => this.commune(cell));
    for (const c of births) id.add(BIRTH_COMMUNES, (c.id = this.placeNumber(c.id, c.commune)));
    for (const c of births) {
      if (c.departement === UNNUMBERED) c.departement = table.number(PLACES_AND_SEX, departementOf(c.commune));
      id.add(BIRTH_DEPARTEMENTS, c.departement);
    }
    const residences = this.distinctCells(rows, RESIDENCE_CELLS, this.residences, (cell) => this.commune(cell));
    for (const c of residences) id.add(RESIDENCE_COMMUNES, (c.id = this.placeNumber(c.id, c.commune)));
    for (const c of residences) {
      c.postalCodes ??= this.numbers(PLACES_AND_SEX, (this.postalOfCommune.get(c.commune) ?? []).filter((p) => !!p));
      for (const n of c.postalCodes) id.add(POSTAL_CODES, n);
    }

    const sex = this.sexes.indexOf(latest.sexe);
    id.sex = sex >= 0 ? this.sexIds[sex]! : table.number(PLACES_AND_SEX, latest.sexe);
    if (sex < 0) {
      this.sexes.push(latest.sexe);
      this.sexIds.push(id.sex);
    }
    return id;
  }

  /**
   * The distinct non-empty cells of `columns` over the rows, in order, each as `entry` gives it, into
   * `out`. Equal cells are told apart by comparing them (no hashing); two cells may still give one
   * entry, whose numbers the identity's lists then hold once.
   */
  private distinctCells<T>(rows: readonly EnrolmentRow[], columns: readonly CellColumn[], out: T[], entry: (cell: string) => T): T[] {
    const cells = this.cells;
    cells.length = 0;
    out.length = 0;
    for (const r of rows) {
      for (const column of columns) {
        const cell = r[column];
        if (!cell || cells.includes(cell)) continue;
        cells.push(cell);
        out.push(entry(cell));
      }
    }
    return out;
  }

  /** A place's number kept in an entry (`known`), or `place` numbered now when it has none yet. */
  private placeNumber(known: number, place: string): number {
    return known === UNNUMBERED ? this.table.number(PLACES_AND_SEX, place) : known;
  }

  private numbers(kind: number, strings: readonly string[]): Int32Array {
    const out = new Int32Array(strings.length);
    for (let k = 0; k < strings.length; k++) out[k] = this.table.number(kind, strings[k]!);
    return out;
  }

  private surnameCell(cell: string): SurnameCell {
    let entry = this.surnameCells.get(cell);
    if (!entry) {
      if (this.surnameCells.size >= SURNAME_CELLS_KEPT) this.surnameCells = new Map();
      this.surnameCells.set(cell, (entry = { parts: surnameParts(cell), compact: UNNUMBERED, tokens: undefined }));
    }
    return entry;
  }

  private firstNameCell(cell: string): FirstNameCell {
    let entry = this.firstNameCells.get(cell);
    if (!entry) {
      if (this.firstNameCells.size >= CELLS_KEPT) this.firstNameCells = new Map();
      this.firstNameCells.set(cell, (entry = { parts: firstNameTokens(cell), tokens: undefined }));
    }
    return entry;
  }

  /** A birth date's number in the table. */
  private date(date: string): number {
    const day = isoDay(date);
    if (day < 0) return this.table.number(DATES, date);
    let n = this.dates[day]! - 1;
    if (n < 0) this.dates[day] = (n = this.table.number(DATES, date)) + 1;
    return n;
  }

  private commune(commune: string): CommuneNumbers {
    const code = fiveDigits(commune);
    if (code >= 0) {
      const k = this.digitCommunes[code]! - 1;
      if (k >= 0) return this.communeEntries[k]!;
      const entry: CommuneNumbers = { commune, id: UNNUMBERED, departement: UNNUMBERED, postalCodes: undefined };
      this.communeEntries.push(entry);
      this.digitCommunes[code] = this.communeEntries.length;
      return entry;
    }
    let entry = this.communes.get(commune);
    if (!entry) {
      if (this.communes.size >= CELLS_KEPT) this.communes = new Map();
      this.communes.set(commune, (entry = { commune, id: UNNUMBERED, departement: UNNUMBERED, postalCodes: undefined }));
    }
    return entry;
  }
}

/** Days a date of years 1900–2099 can be (isoDay). */
const ISO_DAYS = 200 * 12 * 31;

/**
 * An ISO date of 1900–2099 (YYYY-MM-DD, month 01–12, day 01–31) as an integer from 0 to ISO_DAYS − 1;
 * −1 for any other text. Not normalize/dates.ts `isoDayNumber`: it rolls 2008-02-31 over to
 * 2008-03-02, and two texts must never share a number.
 */
function isoDay(s: string): number {
  if (s.length !== 10 || s.charCodeAt(4) !== DASH || s.charCodeAt(7) !== DASH) return -1;
  if (!digitsAt(s, 0, 4) || !digitsAt(s, 5, 2) || !digitsAt(s, 8, 2)) return -1;
  const year = numberAt(s, 0, 4);
  const month = numberAt(s, 5, 2);
  const day = numberAt(s, 8, 2);
  if (year < 1900 || year > 2099 || month < 1 || month > 12 || day < 1 || day > 31) return -1;
  return ((year - 1900) * 12 + month - 1) * 31 + day - 1;
}

/** A commune written as five digits, as the integer they write; −1 for any other text (2A004, a code of another length). */
function fiveDigits(s: string): number {
  return s.length === 5 && digitsAt(s, 0, 5) ? numberAt(s, 0, 5) : -1;
}

const DASH = '-'.charCodeAt(0);

/** A number not worked out yet; NONE: a surname without a compact form. */
const UNNUMBERED = -2;
const NONE = -1;

/** A surname cell: its normalised forms, and their numbers once worked out. */
interface SurnameCell {
  readonly parts: { readonly compact: string; readonly tokens: readonly string[] };
  compact: number;
  tokens: Int32Array | undefined;
}

/** A first-name cell: its tokens (features.ts firstNameTokens), and their numbers once worked out. */
interface FirstNameCell {
  readonly parts: readonly string[];
  tokens: Int32Array | undefined;
}

/** A commune's numbers as a birth place (its own, its département's) and as a residence (its postal codes'). */
interface CommuneNumbers {
  readonly commune: string;
  id: number;
  departement: number;
  postalCodes: Int32Array | undefined;
}

type CellColumn = 'nom_famille' | 'nom_usage' | 'prenom1' | 'prenom2' | 'prenom3' | 'code_commune_naissance' | 'code_commune_residence';
const SURNAME_CELLS: readonly CellColumn[] = ['nom_famille', 'nom_usage'];
const FIRST_NAME_CELLS: readonly CellColumn[] = ['prenom1', 'prenom2', 'prenom3'];
const MAIN_FIRST_NAME_CELLS: readonly CellColumn[] = ['prenom1'];
const BIRTH_COMMUNE_CELLS: readonly CellColumn[] = ['code_commune_naissance'];
const RESIDENCE_CELLS: readonly CellColumn[] = ['code_commune_residence'];

/** Cells of each kind remembered, as the name memos (features.ts): past it, the table starts again empty. */
const CELLS_KEPT = 200_000;
/**
 * Surname cells remembered: about 350,000 different ones in the national scenario's enrolments
 * (286,000 NOM_FAMILLE, 111,000 NOM_USAGE), which 200,000 cut again and again (each table then
 * filled anew); about 100 bytes a cell.
 */
const SURNAME_CELLS_KEPT = 1_000_000;

const field = (name: (typeof LIST_FIELDS)[number]) => LIST_FIELDS.indexOf(name);
const SURNAMES = field('surnames');
const SURNAME_TOKENS = field('surnameTokens');
const FIRST_NAMES = field('firstNames');
const MAIN_FIRST_NAMES = field('mainFirstNames');
const BIRTH_DATES = field('birthDates');
const BIRTH_COMMUNES = field('birthCommunes');
const BIRTH_DEPARTEMENTS = field('birthDepartements');
const RESIDENCE_COMMUNES = field('residenceCommunes');
const POSTAL_CODES = field('postalCodes');
