import type { ErrorCode, RowErrorCode } from '../../pipeline/errors.js';

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

/** Why a run failed (run.json `errors`); the detail stays in the pipeline's own words, as in the log. */
export const RUN_ERROR_LABELS: Readonly<Partial<Record<ErrorCode, string>>> = {
  INPUT_DIR_MISSING: "dossier d'entrée absent",
  SOURCE_MISSING: 'source obligatoire absente',
  SOURCE_NO_ROWS: 'source obligatoire sans ligne utilisable',
  FILE_EMPTY: 'fichier vide',
  FILE_BINARY: 'fichier binaire',
  FILE_UNREADABLE: 'fichier illisible',
  FILE_NO_HEADER: "fichier sans ligne d'en-tête",
  COLUMN_MISSING: 'colonne obligatoire absente',
  QUARANTINE_RATE: 'trop de lignes en quarantaine',
  INTERNAL: 'erreur interne',
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
  NF: "son du nom + son du prénom (apprentissage du modèle seulement : paires des enregistrements de l'échantillon d'apprentissage)",
};

export function labelOf(labels: Readonly<Record<string, string>>, code: string): string {
  return labels[code] ?? code;
}
