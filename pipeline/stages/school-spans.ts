import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import { schoolYearEnd } from '../campaign/calendar.js';
import { BitSet } from '../matcher/bit-set.js';
import type { SchoolHistoriesCheck } from './exact-identity-links.js';

/**
 * When and where a pupil was at school, to tell two pupils from one: a young person is not at two
 * schools at once. Two INEs with the same exact identity (names, birth date, sex, birth place) are
 * merged by the resolve stage; homonyms born the same day in the same large city exist, and merging
 * them hides a leaver behind a pupil still enrolled (measured on Hauts-de-France: 92 of the 94 INE
 * pairs wrongly merged had been at two schools at the same time, and none of the 30,527 right pairs).
 */
export interface SchoolSpan {
  from: string;
  to: string;
  uai: string | null;
}

/**
 * Longest overlap, in days, that two schools' dates may have and still be one pupil: a transfer's
 * exit and entry dates may cross by a few days, or a few weeks when one of them is missing and a
 * school year's bound stands in for it.
 */
export const MAX_OVERLAP_DAYS = 31;

/** An enrolment's span: a missing entry is taken as 1 September of its school year, a missing exit as 31 August. */
export function spanOf(schoolYear: number, entry: string | null, exit: string | null, uai: string | null): SchoolSpan {
  return { from: entry ?? `${schoolYear}-09-01`, to: exit ?? schoolYearEnd(schoolYear), uai };
}

/** Whether the two histories were at two different schools at the same time for longer than MAX_OVERLAP_DAYS. */
export function sideBySide(a: readonly SchoolSpan[], b: readonly SchoolSpan[]): boolean {
  for (const x of a) {
    for (const y of b) {
      // An unknown school could be the same one: only two known, different schools say two pupils.
      if (x.uai === null || y.uai === null || x.uai === y.uai) continue;
      const from = x.from > y.from ? x.from : y.from;
      const to = x.to < y.to ? x.to : y.to;
      if (to > from && differenceInCalendarDays(parseISO(to), parseISO(from)) > MAX_OVERLAP_DAYS) return true;
    }
  }
  return false;
}

/** Whether the two histories share a school (a pupil who changed INE at the same school). */
export function shareSchool(a: readonly SchoolSpan[], b: readonly SchoolSpan[]): boolean {
  return a.some((x) => x.uai !== null && b.some((y) => y.uai === x.uai));
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

  /** The rowids of the rows of the INEs `wanted` marks, in the order read, with each one's INE. */
  of(wanted: (ine: number) => boolean): { ine: number; rowid: number }[] {
    const out: { ine: number; rowid: number }[] = [];
    for (let k = 0; k < this.count; k++) if (wanted(this.ines[k]!)) out.push({ ine: this.ines[k]!, rowid: this.rowids[k]! });
    return out;
  }
}

export interface DetachedEnrolmentRowids {
  ines: Int32Array;
  rowids: Float64Array;
}

/** Rowids looked up a statement (school histories): a JSON array of about 600 KB. */
const ROWIDS_A_STATEMENT = 65_536;

/**
 * The school histories of the INEs the deterministic pass may join, by set representative: joined
 * sets pool their spans, so that a third INE is checked against the whole pupil
 * (exact-identity-links.ts).
 */
export class SchoolHistories implements SchoolHistoriesCheck {
  keptApart = 0;

  private constructor(private readonly spans: Map<number, SchoolSpan[]>) {}

  /** The spans of the `candidates` (INE numbers), read by rowid from their rows among `rows`. */
  static load(sqlite: SQLiteDatabase, candidates: readonly number[], rows: EnrolmentRowids): SchoolHistories {
    const wanted = new BitSet();
    for (const i of candidates) wanted.add(i);
    // The rows of a batch of rowids in one statement: a statement run a rowid cost 8–11 µs a row, the
    // statement's own cost (1.2 million rows nationally: 9.5–13.1 s one by one, 3.5 s this way).
    const read = sqlite.prepare('SELECT j.key, e.annee_scolaire, e.date_entree, e.date_sortie, e.uai FROM json_each(?) j JOIN enrolment e ON e.rowid = j.value').raw();
    const spans = new Map<number, SchoolSpan[]>();
    const wantedRows = rows.of((i) => wanted.has(i));
    for (let from = 0; from < wantedRows.length; from += ROWIDS_A_STATEMENT) {
      const batch = wantedRows.slice(from, from + ROWIDS_A_STATEMENT);
      // Placed by their key (their place in the batch), so that each INE's spans come in the order read.
      const spansRead = new Array<SchoolSpan>(batch.length);
      for (const [k, year, entry, exit, uai] of read.iterate(JSON.stringify(batch.map((r) => r.rowid))) as IterableIterator<[number, number, string | null, string | null, string | null]>) {
        spansRead[k] = spanOf(year, entry, exit, uai);
      }
      batch.forEach(({ ine, rowid }, k) => {
        const span = spansRead[k];
        if (!span) throw new Error(`enrolment ${rowid} is no longer in the database`);
        const list = spans.get(ine);
        if (list) list.push(span);
        else spans.set(ine, [span]);
      });
    }
    return new SchoolHistories(spans);
  }

  sideBySide(a: number, b: number): boolean {
    return sideBySide(this.of(a), this.of(b));
  }

  shareSchool(a: number, b: number): boolean {
    return shareSchool(this.of(a), this.of(b));
  }

  joined(root: number, a: number, b: number): void {
    const merged = [...this.of(a), ...this.of(b)];
    this.spans.delete(a);
    this.spans.delete(b);
    this.spans.set(root, merged);
  }

  private of(root: number): readonly SchoolSpan[] {
    return this.spans.get(root) ?? [];
  }
}
