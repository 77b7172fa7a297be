import type { RowErrorCode } from '../../pipeline/errors.js';

/** The words a French reader sees for the pipeline's codes. Unknown codes are shown as they are. */

export const SOURCE_LABELS: Readonly<Record<string, string>> = {
  sygne: 'Scolarité (SYGNE)',
  agri: 'Enseignement agricole',
  imilo: 'Missions locales (I-Milo)',
  deca: 'Apprentissage (DECA)',
  communes_psad: 'Référentiel communes → PSAD',
  suivi: 'Suivi des PSAD (RIO)',
};

export const ROW_ERROR_LABELS: Readonly<Record<RowErrorCode, string>> = {
  ROW_FIELD_COUNT: 'nombre de champs incorrect',
  ROW_TRUNCATED: 'ligne tronquée',
  ROW_MALFORMED: 'ligne mal formée',
  ROW_REQUIRED_MISSING: 'valeur obligatoire absente',
  ROW_INVALID_DATE: 'date invalide',
  ROW_INVALID_SEX: 'sexe invalide',
  ROW_INVALID_INE: 'INE invalide',
  ROW_INE_KEY: "clé de l'INE incorrecte",
  ROW_INVALID_UAI: 'UAI invalide',
  ROW_INVALID_CODE: 'code invalide',
  ROW_INVALID_NUMBER: 'nombre invalide',
  ROW_INVALID_ENUM: 'valeur hors liste',
  ROW_INCONSISTENT: 'valeurs incohérentes',
  ROW_DUPLICATE: 'ligne en double',
};

export type RunStatus = 'succeeded' | 'failed' | 'running' | 'interrupted';

export const RUN_STATUS_LABELS: Readonly<Record<RunStatus, string>> = {
  succeeded: 'réussie',
  failed: 'en échec',
  running: 'en cours',
  interrupted: 'interrompue',
};

/** Blocking rules by the prefix of their keys (pipeline/matcher/features.ts). */
export const BLOCKING_RULE_LABELS: Readonly<Record<string, string>> = {
  DF: 'date de naissance + son du prénom',
  SY: 'son du nom + initiale du prénom + année de naissance',
  SM: 'son du nom + jour et mois de naissance',
  FY: 'son du prénom + initiale du nom + année et mois de naissance',
  NF: "son du nom + son du prénom (apprentissage du modèle seulement)",
};

export function labelOf(labels: Readonly<Record<string, string>>, code: string): string {
  return labels[code] ?? code;
}
