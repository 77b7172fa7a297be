import type { Selectable } from 'kysely';
import type { LineageColumns } from './lineage.js';

/** One version (original or amendment) of a DECA apprenticeship contract. */
export interface DecaContractVersionTable extends LineageColumns {
  no_contrat: string;
  no_avenant: number;
  statut: string | null;
  nom: string;
  prenom: string;
  sexe: string;
  date_naissance: string;
  departement_naissance: string | null;
  code_postal_residence: string | null;
  date_debut_contrat: string;
  date_fin_contrat: string;
  date_effet_rupture: string | null;
  code_diplome: string | null;
  uai_cfa: string | null;
  /** 1 when the version's status is Annulé or Supprimé. */
  cancelled: number;
}
export type DecaContractVersion = Selectable<DecaContractVersionTable>;
