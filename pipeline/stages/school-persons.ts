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
  const rows = sqlite
    .prepare(
      `SELECT pi.person_id, e.rowid AS enrolment_rowid, e.ine, e.nom_famille, e.nom_usage, e.prenom1, e.prenom2, e.prenom3, e.sexe, e.date_naissance,
              e.code_commune_naissance, e.code_pays_naissance, e.code_commune_residence, e.uai, e.annee_scolaire, e.code_mef, e.statut,
              e.date_entree, e.date_sortie, e.niveau_diplome_obtenu
       FROM enrolment e
       JOIN run_input r ON r.input_file_id = e.input_file_id AND r.run_id = ?
       JOIN person_ine pi ON pi.ine = e.ine
       ${onlyPerson === undefined ? '' : 'WHERE pi.person_id = ?'}
       ORDER BY pi.person_id, e.input_file_id, e.line`,
    )
    .iterate(...(onlyPerson === undefined ? [runId] : [runId, onlyPerson])) as IterableIterator<EnrolmentRow>;
  for (const row of rows) {
    if (group.length && group[0]!.person_id !== row.person_id) {
      yield group;
      group = [];
    }
    group.push(row);
  }
  if (group.length) yield group;
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

