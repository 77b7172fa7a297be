import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { latestEnrolment, type EnrolmentFacts } from '../campaign/leaver.js';
import type { Enrolment } from '../db/tables/index.js';
import { buildIdentity, type Identity } from '../matcher/features.js';
import { enrolmentPersonsFor } from './enrolment-persons.js';

/**
 * The school side of a run, person by person: every enrolment (Education and Agriculture) of each
 * person, streamed in person order so that neither the campaign nor the matcher holds the school
 * files in memory, and each person's identity as the matcher sees it (all names and places of all
 * their records).
 */

/** The columns of an enrolment the campaign reads, with the person it belongs to. */
export type EnrolmentRow = EnrolmentFacts &
  Pick<
    Enrolment,
    | 'ine' | 'nom_famille' | 'nom_usage' | 'prenom1' | 'prenom2' | 'prenom3' | 'sexe' | 'date_naissance'
    | 'code_commune_residence' | 'uai' | 'code_mef' | 'code_commune_naissance' | 'code_pays_naissance' | 'statut'
  > & { person_id: number; enrolment_rowid: number };

/** Persons `from` to `to` (ids, both included). */
export interface PersonRange {
  from: number;
  to: number;
}

/** Which persons `schoolPersons` reads: one, those of a range of ids, or a list of them; every person without. */
export interface WhichPersons {
  person?: number;
  range?: PersonRange;
  persons?: readonly number[];
  /**
   * The run's enrolments are in `enrolment_person` though it does not name the run yet: the resolve
   * stage's school link reads them while the persons are written (resolve.stage.ts).
   */
  enrolmentPersons?: boolean;
}

/**
 * The run's school enrolments, person by person (all of a person's rows together), in person order:
 * every person's, or those `which` names.
 */
export function* schoolPersons(sqlite: SQLiteDatabase, runId: string, which: WhichPersons = {}): Generator<EnrolmentRow[]> {
  let group: EnrolmentRow[] = [];
  const { person, range, persons } = which;
  // Each enrolment's person: from the table the resolve stage writes for the run (enrolment-persons.ts),
  // else by INE (and by INE for one person, through person_ine's index on persons).
  const personJoin =
    person === undefined && (which.enrolmentPersons || enrolmentPersonsFor(sqlite, runId))
      ? 'JOIN enrolment_person pi ON pi.enrolment_rowid = e.rowid'
      : 'JOIN person_ine pi ON pi.ine = e.ine';
  const [filter, parameters] =
    person !== undefined
      ? ['WHERE pi.person_id = ?', [runId, person]]
      : range
        ? ['WHERE pi.person_id BETWEEN ? AND ?', [runId, range.from, range.to]]
        : persons
          ? ['WHERE pi.person_id IN (SELECT value FROM json_each(?))', [runId, JSON.stringify(persons)]]
          : ['', [runId]];
  // Each row's texts come joined into one string, split here: every value is a string made by
  // better-sqlite3 through V8's API, costlier than a split (measured nationally, 2026-12-06, the pass
  // with its row objects: 99.4 s as separate values, 94.6 s joined).
  const rows = sqlite
    .prepare(
      `SELECT pi.person_id, e.rowid, e.annee_scolaire, ${ROW_TEXTS}
       FROM enrolment e
       JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?
       ${personJoin}
       ${filter}
       ORDER BY pi.person_id, e.input_file_id, e.line`,
    )
    .raw()
    .iterate(...parameters) as IterableIterator<[number, number, number, string]>;
  let separate: ((rowid: number) => Omit<EnrolmentRow, 'person_id'>) | undefined;
  for (const [personId, rowid, year, texts] of rows) {
    // A value holding the separator itself (no extract should, but nothing forbids it) is read again
    // as separate values.
    const row = schoolRow(personId, rowid, year, texts) ?? { ...(separate ??= separateValues(sqlite))(rowid), person_id: personId };
    if (group.length && group[0]!.person_id !== personId) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length) yield group;
}

/** Between the texts of a row: the unit separator of ASCII, which no field of an extract is expected to hold. */
const SEPARATOR = '\x1f';

/**
 * The text columns read, in the order schoolRow takes them. An empty text stands for NULL: ingestion
 * stores an empty cell as NULL (parse-file.ts), so that no stored text is empty.
 */
const TEXT_COLUMNS = [
  'ine', 'nom_famille', 'nom_usage', 'prenom1', 'prenom2', 'prenom3', 'sexe', 'date_naissance', 'code_commune_naissance',
  'code_pays_naissance', 'code_commune_residence', 'uai', 'code_mef', 'statut', 'date_entree', 'date_sortie', 'niveau_diplome_obtenu',
] as const satisfies readonly (keyof EnrolmentRow)[];

/** An enrolment's texts (`enrolment e`) joined into one string, for `schoolRow`. */
export const ROW_TEXTS = TEXT_COLUMNS.map((c) => `ifnull(e.${c}, '')`).join(` || char(${SEPARATOR.charCodeAt(0)}) || `);

/** One row's object from its numbers and joined texts (every row an object literal of one shape), or null if a text held the separator. */
export function schoolRow(personId: number, rowid: number, year: number, texts: string): EnrolmentRow | null {
  const t = texts.split(SEPARATOR);
  if (t.length !== TEXT_COLUMNS.length) return null;
  return {
    person_id: personId,
    enrolment_rowid: rowid,
    ine: t[0]!,
    nom_famille: t[1]!,
    nom_usage: t[2] || null,
    prenom1: t[3]!,
    prenom2: t[4] || null,
    prenom3: t[5] || null,
    sexe: t[6]!,
    date_naissance: t[7]!,
    code_commune_naissance: t[8] || null,
    code_pays_naissance: t[9] || null,
    code_commune_residence: t[10]!,
    uai: t[11]!,
    annee_scolaire: year,
    code_mef: t[12] || null,
    statut: t[13] || null,
    date_entree: t[14] || null,
    date_sortie: t[15] || null,
    niveau_diplome_obtenu: t[16] || null,
  };
}

/** An enrolment read by rowid as separate values. */
function separateValues(sqlite: SQLiteDatabase): (rowid: number) => Omit<EnrolmentRow, 'person_id'> {
  const statement = sqlite.prepare(`SELECT rowid AS enrolment_rowid, annee_scolaire, ${TEXT_COLUMNS.join(', ')} FROM enrolment WHERE rowid = ?`);
  return (rowid) => statement.get(rowid) as Omit<EnrolmentRow, 'person_id'>;
}

/** The first-name cells of one person's enrolments (PRENOM1-3). */
export function firstNameCells(rows: readonly EnrolmentRow[]): (string | null)[] {
  // A loop rather than flatMap: an array a row was measurable in the campaign's pass (profiled).
  const cells: (string | null)[] = [];
  for (const r of rows) cells.push(r.prenom1, r.prenom2, r.prenom3);
  return cells;
}

export function* personIdentities(persons: Iterable<EnrolmentRow[]>, postalOfCommune: ReadonlyMap<string, string[]>): Generator<{ personId: number; identity: Identity }> {
  for (const rows of persons) yield { personId: rows[0]!.person_id, identity: identityOf(rows, postalOfCommune) };
}

/**
 * One person's identity from all of their enrolments. The pass over every school person numbers
 * the same identity straight from the cells, into its stores (school-identities.ts).
 */
export function identityOf(rows: readonly EnrolmentRow[], postalOfCommune: ReadonlyMap<string, string[]>): Identity {
  const latest = latestEnrolment(rows);
  const residences = [...new Set(rows.map((r) => r.code_commune_residence))];
  return buildIdentity({
    surnames: rows.flatMap((r) => [r.nom_famille, r.nom_usage]),
    firstNames: firstNameCells(rows),
    mainFirstNames: rows.map((r) => r.prenom1),
    birthDates: rows.map((r) => r.date_naissance),
    sex: latest.sexe,
    birthCommunes: rows.map((r) => r.code_commune_naissance),
    residenceCommunes: residences,
    postalCodes: residences.flatMap((c) => postalOfCommune.get(c) ?? []),
  });
}

/** The school identity of one person in a run, as the matcher sees it. */
export function personIdentity(sqlite: SQLiteDatabase, runId: string, personId: number, postalOfCommune: ReadonlyMap<string, string[]>): Identity | null {
  for (const rows of schoolPersons(sqlite, runId, { person: personId })) for (const p of personIdentities([rows], postalOfCommune)) return p.identity;
  return null;
}

