import type { Selectable } from 'kysely';
import type { LineageColumns } from './lineage.js';

/** A school enrolment (sygne or agri): one row per enrolment and school year. Dates are ISO text. */
export interface EnrolmentTable extends LineageColumns {
  ine: string;
  ine_type: string;
  ine_key_checked: number;
  nom_famille: string;
  nom_usage: string | null;
  prenom1: string;
  prenom2: string | null;
  prenom3: string | null;
  sexe: string;
  date_naissance: string;
  code_commune_naissance: string | null;
  code_pays_naissance: string | null;
  code_commune_residence: string;
  uai: string;
  annee_scolaire: number;
  code_mef: string | null;
  niveau_formation: string | null;
  statut: string | null;
  date_entree: string | null;
  date_sortie: string | null;
  niveau_diplome_obtenu: string | null;
}
export type Enrolment = Selectable<EnrolmentTable>;
