import type { Selectable } from 'kysely';
import type { LineageColumns } from './lineage.js';

/** A mission locale pathway (I-Milo). */
export interface ImiloPathwayTable extends LineageColumns {
  id_milo: string;
  numero_siei: string | null;
  nom_naissance: string;
  nom_usage: string | null;
  nom_marital: string | null;
  prenoms: string;
  sexe: string;
  date_naissance: string;
  code_commune_naissance: string | null;
  code_pays_naissance: string | null;
  code_commune_residence: string | null;
  code_structure: string;
  date_premier_accueil: string | null;
  dispositif: string | null;
  date_debut_parcours: string | null;
  date_fin_parcours: string | null;
  motif_fin: string | null;
  date_dernier_contact: string | null;
}
export type ImiloPathway = Selectable<ImiloPathwayTable>;
