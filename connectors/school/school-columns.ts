import type { ColumnSpec } from '../connector.js';

/** The enrolment layout shared by `sygne` and `agri` (EXTRACTS.md: "Same columns as sygne"). */
export const schoolColumns: readonly ColumnSpec[] = [
  { header: 'INE', column: 'ine', required: true, type: { kind: 'ine' } },
  { header: 'NOM_FAMILLE', column: 'nom_famille', required: true, type: { kind: 'text' } },
  { header: 'NOM_USAGE', column: 'nom_usage', required: false, type: { kind: 'text' } },
  { header: 'PRENOM1', column: 'prenom1', required: true, type: { kind: 'text' } },
  { header: 'PRENOM2', column: 'prenom2', required: false, type: { kind: 'text' } },
  { header: 'PRENOM3', column: 'prenom3', required: false, type: { kind: 'text' } },
  { header: 'SEXE', column: 'sexe', required: true, type: { kind: 'sex' } },
  { header: 'DATE_NAISSANCE', column: 'date_naissance', required: true, type: { kind: 'date' } },
  { header: 'CODE_COMMUNE_NAISSANCE', column: 'code_commune_naissance', required: false, type: { kind: 'commune' } },
  { header: 'CODE_PAYS_NAISSANCE', column: 'code_pays_naissance', required: false, type: { kind: 'pays' } },
  { header: 'CODE_COMMUNE_RESIDENCE', column: 'code_commune_residence', required: true, type: { kind: 'commune' } },
  { header: 'UAI', column: 'uai', required: true, type: { kind: 'uai' } },
  { header: 'ANNEE_SCOLAIRE', column: 'annee_scolaire', required: true, type: { kind: 'year' } },
  { header: 'CODE_MEF', column: 'code_mef', required: false, type: { kind: 'pattern', pattern: /^\d{10,11}$/, expected: 'a MEF code (10 digits)' } },
  { header: 'NIVEAU_FORMATION', column: 'niveau_formation', required: false, type: { kind: 'pattern', pattern: /^[1-8]\+?$/, expected: 'a diploma level (3, 4, 5+…)' } },
  { header: 'STATUT', column: 'statut', required: false, type: { kind: 'enum', values: ['ST', 'AP'] } },
  { header: 'DATE_ENTREE', column: 'date_entree', required: false, type: { kind: 'date' } },
  { header: 'DATE_SORTIE', column: 'date_sortie', required: false, type: { kind: 'date' } },
  { header: 'NIVEAU_DIPLOME_OBTENU', column: 'niveau_diplome_obtenu', required: false, type: { kind: 'pattern', pattern: /^[1-8]\+?$/, expected: 'a diploma level (3, 4, 5+…)' } },
];
