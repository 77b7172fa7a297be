import type { Connector } from '../connector.js';

/** Referential commune → PSAD: where each non-retrouvé's list goes. Several rows per commune allowed. */
export const communesPsadConnector: Connector = {
  source: 'communes_psad',
  filePrefix: 'communes_psad',
  requiredSource: true,
  table: 'commune_psad',
  columns: [
    { header: 'CODE_COMMUNE', column: 'code_commune', required: true, type: { kind: 'commune' } },
    { header: 'CODE_POSTAL', column: 'code_postal', required: false, type: { kind: 'postal' } },
    { header: 'LIBELLE_COMMUNE', column: 'libelle_commune', required: false, type: { kind: 'text' } },
    { header: 'CODE_DEPARTEMENT', column: 'code_departement', required: true, type: { kind: 'departement' } },
    { header: 'CODE_PSAD', column: 'code_psad', required: true, type: { kind: 'pattern', pattern: /^[0-9A-Za-z_-]{1,40}$/, expected: 'a PSAD code (letters, digits, - or _), usable as a file name' } },
    { header: 'LIBELLE_PSAD', column: 'libelle_psad', required: true, type: { kind: 'text' } },
  ],
  derivedColumns: [],
  version: 1,
};
