import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { schoolYearEnd } from '../campaign/calendar.js';
import { civilDays, isoDayNumber } from '../normalize/dates.js';
import { BitSet } from '../matcher/bit-set.js';
import { besideWorker, oneShotWorker, workerCanHelp } from '../one-shot-worker.js';
import { workerEntry } from '../worker-entry.js';
import type { SchoolHistoriesCheck } from './exact-identity-links.js';

/**
 * When and where a pupil was at school, to tell two pupils from one: a young person is not at two
 * schools at once. Two INEs with the same exact identity (names, birth date, sex, birth place) are
 * merged by the resolve stage; homonyms born the same day in the same large city exist, and merging
 * them hides a leaver behind a pupil still enrolled (measured on Hauts-de-France: 92 of the 94 INE
 * pairs wrongly merged had been at two schools at the same time, and none of the 30,527 right pairs).
 *
 * A span is held as numbers: its first and last days (days since 1970-01-01) and its school (a number
 * a UAI, −1 when unknown). Nationally 1.2 million spans are read; as objects holding their dates' and
 * UAIs' strings they took about 500 MB of heap at the deterministic pass's memory peak (measured with
 * `process.memoryUsage`), compared through date-fns' parsing each time.
 */

/**
 * Longest overlap, in days, that two schools' dates may have and still be one pupil: a transfer's
 * exit and entry dates may cross by a few days, or a few weeks when one of them is missing and a
 * school year's bound stands in for it.
 */
export const MAX_OVERLAP_DAYS = 31;

/**
 * An enrolment's first and last days (normalize/dates.ts `isoDayNumber`): a missing entry is taken as
 * 1 September of its school year, a missing exit as 31 August. The enrolments' dates are stored ISO,
 * checked at ingestion; a span with a day that is not a number (NaN) overlaps nothing.
 */
export function spanDays(schoolYear: number, entry: string | null, exit: string | null): { from: number; to: number } {
  return { from: entry === null ? civilDays(schoolYear, 9, 1) : isoDayNumber(entry), to: isoDayNumber(exit ?? schoolYearEnd(schoolYear)) };
}

/**
 * Every enrolment row of the run, as its INE's number and its rowid, noted while the resolve stage
 * reads the rows anyway: the spans of the few INEs that share an identity are then read by rowid,
 * where a second pass over every enrolment, filtered through a temporary table of INEs, cost about
 * 40 s of CPU nationally (profiled).
 */
export class EnrolmentRowids {
  private ines = new Int32Array(1 << 16);
  private rowids = new Float64Array(1 << 16);
  private count = 0;

  add(ine: number, rowid: number): void {
    if (this.count === this.ines.length) {
      const ines = new Int32Array(this.count * 2);
      ines.set(this.ines);
      this.ines = ines;
      const rowids = new Float64Array(this.count * 2);
      rowids.set(this.rowids);
      this.rowids = rowids;
    }
    this.ines[this.count] = ine;
    this.rowids[this.count++] = rowid;
  }

  /** Rows added. */
  get size(): number {
    return this.count;
  }

  /** Another thread's rows (`detach`), after these, their INEs numbered here by `ines` (StringIndex.addAll). */
  addAll(part: DetachedEnrolmentRowids, ines: Int32Array): void {
    for (let k = 0; k < part.ines.length; k++) this.add(ines[part.ines[k]!]!, part.rowids[k]!);
  }

  /** The rows as they are, for another thread (the buffers moved): not to be used after. */
  detach(): DetachedEnrolmentRowids {
    return { ines: this.ines.subarray(0, this.count), rowids: this.rowids.subarray(0, this.count) };
  }

  /** The k-th row added: its INE number, its rowid. */
  ineAt(k: number): number {
    return this.ines[k]!;
  }

  rowidAt(k: number): number {
    return this.rowids[k]!;
  }

  /** The rows of the INEs `wanted` marks, in the order read: each one's INE and rowid. */
  of(wanted: (ine: number) => boolean): { ines: Int32Array; rowids: Float64Array } {
    let n = 0;
    for (let k = 0; k < this.count; k++) if (wanted(this.ines[k]!)) n++;
    const ines = new Int32Array(n);
    const rowids = new Float64Array(n);
    for (let k = 0, j = 0; k < this.count; k++) {
      if (!wanted(this.ines[k]!)) continue;
      ines[j] = this.ines[k]!;
      rowids[j++] = this.rowids[k]!;
    }
    return { ines, rowids };
  }
}

export interface DetachedEnrolmentRowids {
  ines: Int32Array;
  rowids: Float64Array;
}

/** Rowids looked up a statement (school histories): a JSON array of about 600 KB. */
const ROWIDS_A_STATEMENT = 65_536;

/** Fewer rows than this are read in one thread: a worker for a region's or the nation's, not a test's few. */
export const MIN_ROWS_FOR_TWO_THREADS = 50_000;

/** The spans of some rows, in the order of their rowids: schools numbered in the order met (`schools[id]` is the UAI; −1: none). */
export interface SpanRows {
  from: Float64Array;
  to: Float64Array;
  school: Int32Array;
  schools: string[];
}

/** What the histories' worker is given: the database file and the rowids it reads. */
export interface SpansJob {
  file: string;
  rowids: Float64Array;
}

/** The rows of the candidates among `rows`, and the highest candidate (the histories' heads go up to it). */
function rowsOf(candidates: readonly number[], rows: EnrolmentRowids): { ines: Int32Array; rowids: Float64Array; maxIne: number } {
  const wanted = new BitSet();
  let maxIne = -1;
  for (const i of candidates) {
    wanted.add(i);
    if (i > maxIne) maxIne = i;
  }
  return { ...rows.of((i) => wanted.has(i)), maxIne };
}

/** The spans of the enrolments `rowids`, read in batches of rowids. */
export function readSpans(sqlite: SQLiteDatabase, rowids: Float64Array): SpanRows {
  // The rows of a batch of rowids in one statement: a statement run a rowid cost 8–11 µs a row, the
  // statement's own cost (1.2 million rows nationally: 9.5–13.1 s one by one, 3.5 s this way).
  const read = sqlite.prepare('SELECT j.key, e.annee_scolaire, e.date_entree, e.date_sortie, e.uai FROM json_each(?) j JOIN enrolment e ON e.rowid = j.value').raw();
  const n = rowids.length;
  const from = new Float64Array(n);
  const to = new Float64Array(n);
  const school = new Int32Array(n).fill(-1);
  const ids = new Map<string, number>();
  const seen = new Uint8Array(n);
  for (let start = 0; start < n; start += ROWIDS_A_STATEMENT) {
    const end = Math.min(n, start + ROWIDS_A_STATEMENT);
    // Placed by their key (their place in the batch).
    for (const [k, year, entry, exit, uai] of read.iterate(JSON.stringify(Array.from(rowids.subarray(start, end)))) as IterableIterator<[number, number, string | null, string | null, string | null]>) {
      const s = start + k;
      const days = spanDays(year, entry, exit);
      from[s] = days.from;
      to[s] = days.to;
      if (uai !== null) {
        let id = ids.get(uai);
        if (id === undefined) ids.set(uai, (id = ids.size));
        school[s] = id;
      }
      seen[s] = 1;
    }
  }
  for (let s = 0; s < n; s++) if (!seen[s]) throw new Error(`enrolment ${rowids[s]} is no longer in the database`);
  return { from, to, school, schools: [...ids.keys()] };
}

/**
 * The school histories of the INEs the deterministic pass may join, by set representative: joined
 * sets pool their spans, so that a third INE is checked against the whole pupil
 * (exact-identity-links.ts). Each history is a chain of spans (`next`), the spans in typed arrays.
 */
export class SchoolHistories implements SchoolHistoriesCheck {
  keptApart = 0;

  private constructor(
    private readonly from: Float64Array,
    private readonly to: Float64Array,
    private readonly school: Int32Array,
    /** The next span of the same history, −1 after its last. */
    private readonly next: Int32Array,
    /** The first span of each representative's history (−1: none), by INE number. */
    private readonly heads: Int32Array,
  ) {}

  /**
   * The spans of the `candidates` (INE numbers), read by rowid from their rows among `rows`: the
   * second half by a worker thread on a read-only connection of its own (school-spans-worker.ts) when
   * one can help (`workerCanHelp`) and there are `minRows` rows or more. The read by rowid is SQLite's
   * work on one core, in the deterministic pass's link where the other core waited (national: 1.2
   * million rows, about 3 s).
   */
  static async load(sqlite: SQLiteDatabase, candidates: readonly number[], rows: EnrolmentRowids, minRows = MIN_ROWS_FOR_TWO_THREADS): Promise<SchoolHistories> {
    const { ines, rowids, maxIne } = rowsOf(candidates, rows);
    if (!workerCanHelp(sqlite) || rowids.length < minRows) return SchoolHistories.of(ines, maxIne, [readSpans(sqlite, rowids)]);
    const middle = rowids.length >> 1;
    const job: SpansJob = { file: sqlite.name, rowids: rowids.slice(middle) };
    const second = oneShotWorker<SpanRows>(workerEntry(import.meta.url, 'school-spans-worker.js'), job, `school histories worker (${job.rowids.length} rows)`);
    return SchoolHistories.of(ines, maxIne, await besideWorker(second, () => readSpans(sqlite, rowids.subarray(0, middle))));
  }

  /** The histories of the rows of `ines`, their spans read in parts (in the rows' order). */
  private static of(ines: Int32Array, maxIne: number, parts: readonly SpanRows[]): SchoolHistories {
    const n = ines.length;
    const from = new Float64Array(n);
    const to = new Float64Array(n);
    const school = new Int32Array(n);
    // Schools numbered in the order met, as one read would have numbered them.
    const schools = new Map<string, number>();
    let at = 0;
    for (const part of parts) {
      const ids = part.schools.map((uai) => {
        let id = schools.get(uai);
        if (id === undefined) schools.set(uai, (id = schools.size));
        return id;
      });
      from.set(part.from, at);
      to.set(part.to, at);
      for (let k = 0; k < part.school.length; k++) school[at + k] = part.school[k]! < 0 ? -1 : ids[part.school[k]!]!;
      at += part.from.length;
    }
    // Each INE's spans chained in the order read: each put before those read after it.
    const next = new Int32Array(n);
    const heads = new Int32Array(maxIne + 1).fill(-1);
    for (let s = n - 1; s >= 0; s--) {
      next[s] = heads[ines[s]!]!;
      heads[ines[s]!] = s;
    }
    return new SchoolHistories(from, to, school, next, heads);
  }

  /**
   * Whether the two histories were at two different schools at the same time for longer than
   * MAX_OVERLAP_DAYS. An unknown school could be the same one: only two known, different schools say
   * two pupils.
   */
  sideBySide(a: number, b: number): boolean {
    const { from, to, school, next } = this;
    for (let x = this.head(a); x >= 0; x = next[x]!) {
      if (school[x]! < 0) continue;
      for (let y = this.head(b); y >= 0; y = next[y]!) {
        if (school[y]! < 0 || school[y] === school[x]) continue;
        const start = Math.max(from[x]!, from[y]!);
        const end = Math.min(to[x]!, to[y]!);
        if (end - start > MAX_OVERLAP_DAYS) return true;
      }
    }
    return false;
  }

  /** Whether the two histories share a school (a pupil who changed INE at the same school). */
  shareSchool(a: number, b: number): boolean {
    const { school, next } = this;
    for (let x = this.head(a); x >= 0; x = next[x]!) {
      if (school[x]! < 0) continue;
      for (let y = this.head(b); y >= 0; y = next[y]!) if (school[y] === school[x]) return true;
    }
    return false;
  }

  /** The sets of representatives a and b are now one, of representative `root`: a's spans, then b's. */
  joined(root: number, a: number, b: number): void {
    const first = this.head(a);
    const second = this.head(b);
    let merged = second;
    if (first >= 0) {
      let last = first;
      while (this.next[last]! >= 0) last = this.next[last]!;
      this.next[last] = second;
      merged = first;
    }
    if (a < this.heads.length) this.heads[a] = -1;
    if (b < this.heads.length) this.heads[b] = -1;
    if (merged < 0) return;
    // The pass joins the INEs it asked for, whose representatives are among them.
    if (root >= this.heads.length) throw new Error(`SchoolHistories: representative ${root} was not among the INEs read`);
    this.heads[root] = merged;
  }

  private head(root: number): number {
    return root < this.heads.length ? this.heads[root]! : -1;
  }
}
