import type { Generated } from 'kysely';

/** A young person as the pipeline knows them across runs; NUMERO_SIEI is random, stable, non-meaningful. */
export interface PersonTable {
  person_id: Generated<number>;
  numero_siei: string;
  first_run_id: string;
}

/** Every INE ever seen for a person (a person can hold several: an old BEA, then an RNIE). */
export interface PersonIneTable {
  ine: string;
  person_id: number;
  first_run_id: string;
}

/** The person of each enrolment of the latest resolved run (enrolment-persons.ts). */
export interface EnrolmentPersonTable {
  enrolment_rowid: number;
  person_id: number;
}

/** The run `enrolment_person` is for: one row at most. */
export interface EnrolmentPersonRunTable {
  run_id: string;
}

/** One person of the DS/OF populations of a run, with what the campaign found and what the lists print. */
export interface CampaignPersonTable {
  run_id: string;
  person_id: number;
  numero_siei: string;
  in_ds: number;
  in_of: number;
  status: string;
  /** The sources that found the person, with the record (file, line) that did, as JSON. */
  found_by_json: string;
  suivi_situation: string | null;
  suivi_date: string | null;
  code_psad: string | null;
  ine: string;
  nom: string;
  nom_usage: string | null;
  prenom: string;
  autres_prenoms: string | null;
  sexe: string;
  date_naissance: string;
  code_commune_residence: string | null;
  dernier_uai: string | null;
  dernier_mef: string | null;
  derniere_annee_scolaire: number | null;
  date_sortie: string | null;
  niveau_diplome: string | null;
}

/** A solution record of the matcher's review band, with its best candidate person, as review.csv prints it. */
export interface CampaignReviewTable {
  run_id: string;
  /** `deca` or `imilo`: the SOURCE of a decisions file. */
  source: string;
  input_file_id: number;
  line: number;
  /** NO_CONTRAT or ID_MILO: what a decision refers to (file and line change with every delivery). */
  record_id: string;
  record_nom: string;
  record_prenoms: string;
  record_date_naissance: string;
  person_id: number;
  numero_siei: string;
  ine: string;
  nom: string;
  prenom: string;
  date_naissance: string;
  weight: number;
  second_weight: number | null;
  /** The level of each comparison (matcher/comparisons.ts order), -1 where it could not be compared. */
  levels_json: string;
}

export interface RunKeyFiguresTable {
  run_id: string;
  as_of: string;
  figures_json: string;
}
