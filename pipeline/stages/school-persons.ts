import type { Database as SQLiteDatabase } from 'better-sqlite3';
import { latestEnrolment, type EnrolmentFacts } from '../campaign/leaver.js';
import type { Enrolment } from '../db/tables/index.js';
import { buildIdentity, type Identity } from '../matcher/features.js';

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

/** The run's school enrolments, person by person (all of a person's rows together). */
export function* schoolPersons(sqlite: SQLiteDatabase, runId: string, onlyPerson?: number): Generator<EnrolmentRow[]> {
  let group: EnrolmentRow[] = [];
  // Rows as arrays, made into objects of one shape here: better-sqlite3's row objects cost a third of
  // the pass (measured on Hauts-de-France: 10.1 s against 5.8 s for 1.3 million rows), and the pass is
  // made twice a run over every enrolment (school link, campaign).
  const rows = sqlite
    .prepare(
      `SELECT ${ROW_COLUMNS.map((c) => (c === 'person_id' ? 'pi.person_id' : c === 'enrolment_rowid' ? 'e.rowid' : `e.${c}`)).join(', ')}
       FROM enrolment e
       JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?
       JOIN person_ine pi ON pi.ine = e.ine
       ${onlyPerson === undefined ? '' : 'WHERE pi.person_id = ?'}
       ORDER BY pi.person_id, e.input_file_id, e.line`,
    )
    .raw()
    .iterate(...(onlyPerson === undefined ? [runId] : [runId, onlyPerson])) as IterableIterator<unknown[]>;
  for (const values of rows) {
    const row = schoolRow(values);
    if (group.length && group[0]!.person_id !== row.person_id) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length) yield group;
}

/** The columns read, in the order schoolRow takes them. */
const ROW_COLUMNS = [
  'person_id', 'enrolment_rowid', 'ine', 'nom_famille', 'nom_usage', 'prenom1', 'prenom2', 'prenom3', 'sexe', 'date_naissance',
  'code_commune_naissance', 'code_pays_naissance', 'code_commune_residence', 'uai', 'annee_scolaire', 'code_mef', 'statut',
  'date_entree', 'date_sortie', 'niveau_diplome_obtenu',
] as const satisfies readonly (keyof EnrolmentRow)[];

/** One row's object, from its values in ROW_COLUMNS order: every row an object literal of one shape. */
function schoolRow(v: unknown[]): EnrolmentRow {
  return {
    person_id: v[0] as number,
    enrolment_rowid: v[1] as number,
    ine: v[2] as string,
    nom_famille: v[3] as string,
    nom_usage: v[4] as string | null,
    prenom1: v[5] as string,
    prenom2: v[6] as string | null,
    prenom3: v[7] as string | null,
    sexe: v[8] as string,
    date_naissance: v[9] as string,
    code_commune_naissance: v[10] as string | null,
    code_pays_naissance: v[11] as string | null,
    code_commune_residence: v[12] as string,
    uai: v[13] as string,
    annee_scolaire: v[14] as number,
    code_mef: v[15] as string | null,
    statut: v[16] as string | null,
    date_entree: v[17] as string | null,
    date_sortie: v[18] as string | null,
    niveau_diplome_obtenu: v[19] as string | null,
  };
}

/** The first-name cells of one person's enrolments (PRENOM1-3). */
export function firstNameCells(rows: readonly EnrolmentRow[]): (string | null)[] {
  return rows.flatMap((r) => [r.prenom1, r.prenom2, r.prenom3]);
}

export function* personIdentities(persons: Iterable<EnrolmentRow[]>, postalOfCommune: ReadonlyMap<string, string[]>): Generator<{ personId: number; identity: Identity }> {
  for (const rows of persons) yield { personId: rows[0]!.person_id, identity: identityOf(rows, postalOfCommune) };
}

/** One person's identity from all of their enrolments. */
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
  for (const rows of schoolPersons(sqlite, runId, personId)) for (const p of personIdentities([rows], postalOfCommune)) return p.identity;
  return null;
}

