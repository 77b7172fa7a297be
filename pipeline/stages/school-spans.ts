import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import { schoolYearEnd } from '../campaign/calendar.js';
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
 * The spans of the given INEs in the run's school files: one pass over the enrolments, the INEs
 * looked up by SQLite in a temporary table, so that only their rows reach JavaScript (reading every
 * row here cost 6 s on Hauts-de-France).
 */
export function loadSchoolSpans(sqlite: SQLiteDatabase, runId: string, ines: ReadonlySet<string>): Map<string, SchoolSpan[]> {
  const spans = new Map<string, SchoolSpan[]>();
  if (!ines.size) return spans;
  sqlite.exec('CREATE TEMP TABLE IF NOT EXISTS span_ine (ine TEXT PRIMARY KEY) WITHOUT ROWID');
  sqlite.exec('DELETE FROM span_ine');
  const add = sqlite.prepare('INSERT OR IGNORE INTO span_ine (ine) VALUES (?)');
  sqlite.transaction(() => {
    for (const ine of ines) add.run(ine);
  })();
  const rows = sqlite
    .prepare(
      `SELECT e.ine, e.annee_scolaire, e.date_entree, e.date_sortie, e.uai
       FROM enrolment e CROSS JOIN span_ine s ON s.ine = e.ine
       JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?`,
    )
    .raw()
    .iterate(runId) as IterableIterator<[string, number, string | null, string | null, string | null]>;
  for (const [ine, year, entry, exit, uai] of rows) {
    const span = spanOf(year, entry, exit, uai);
    const list = spans.get(ine);
    if (list) list.push(span);
    else spans.set(ine, [span]);
  }
  sqlite.exec('DELETE FROM span_ine');
  return spans;
}

/**
 * The school histories of the INEs the deterministic pass may join, by set representative: joined
 * sets pool their spans, so that a third INE is checked against the whole pupil
 * (exact-identity-links.ts).
 */
export class SchoolHistories implements SchoolHistoriesCheck {
  keptApart = 0;

  private constructor(private readonly spans: Map<number, SchoolSpan[]>) {}

  /** The spans of the `candidates` (INE numbers; `ineOf` gives each one's INE). */
  static load(sqlite: SQLiteDatabase, runId: string, candidates: readonly number[], ineOf: (i: number) => string): SchoolHistories {
    const byIne = loadSchoolSpans(sqlite, runId, new Set(candidates.map(ineOf)));
    const spans = new Map<number, SchoolSpan[]>();
    for (const i of candidates) {
      const s = byIne.get(ineOf(i));
      if (s) spans.set(i, s);
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
