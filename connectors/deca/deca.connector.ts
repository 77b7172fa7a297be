import type { Connector } from '../connector.js';
import { CANCELLED_STATUTS, DECA_STATUTS, type DecaStatut } from './deca-statut.js';

/**
 * Apprenticeship contracts (DECA): one row per contract version (original, then amendments).
 * Which version is current depends on every file of a run: see pipeline/db/repositories/deca.repository.ts.
 */
export const decaConnector: Connector = {
  source: 'deca',
  filePrefix: 'deca',
  requiredSource: true,
  table: 'deca_contract_version',
  columns: [
    { header: 'NO_CONTRAT', column: 'no_contrat', required: true, type: { kind: 'text' } },
    { header: 'NO_AVENANT', column: 'no_avenant', required: false, type: { kind: 'int', min: 0, max: 9999 }, onInvalid: 'quarantine' },
    { header: 'STATUT', column: 'statut', required: false, type: { kind: 'enum', values: DECA_STATUTS }, onInvalid: 'quarantine' },
    { header: 'NOM', column: 'nom', required: true, type: { kind: 'text' } },
    { header: 'PRENOM', column: 'prenom', required: true, type: { kind: 'text' } },
    { header: 'SEXE', column: 'sexe', required: true, type: { kind: 'sex' } },
    { header: 'DATE_NAISSANCE', column: 'date_naissance', required: true, type: { kind: 'date' } },
    { header: 'DEPARTEMENT_NAISSANCE', column: 'departement_naissance', required: false, type: { kind: 'departement' } },
    { header: 'CODE_POSTAL_RESIDENCE', column: 'code_postal_residence', required: false, type: { kind: 'postal' } },
    { header: 'DATE_DEBUT_CONTRAT', column: 'date_debut_contrat', required: true, type: { kind: 'date' } },
    { header: 'DATE_FIN_CONTRAT', column: 'date_fin_contrat', required: true, type: { kind: 'date' } },
    { header: 'DATE_EFFET_RUPTURE', column: 'date_effet_rupture', required: false, type: { kind: 'date' }, onInvalid: 'quarantine' },
    { header: 'CODE_DIPLOME', column: 'code_diplome', required: false, type: { kind: 'pattern', pattern: /^[0-9A-Z]{8}$/, expected: 'a CFD diploma code (8 characters)' } },
    { header: 'UAI_CFA', column: 'uai_cfa', required: false, type: { kind: 'uai' } },
  ],
  derivedColumns: ['cancelled'],
  finish(row, warn) {
    // Empty or 0 = the original contract (EXTRACTS.md).
    if (row.no_avenant === null) row.no_avenant = 0;
    row.cancelled = CANCELLED_STATUTS.includes(row.statut as DecaStatut) ? 1 : 0;
    const debut = row.date_debut_contrat as string;
    const fin = row.date_fin_contrat as string;
    if (fin < debut) {
      warn({ code: 'ROW_INCONSISTENT', field: 'DATE_FIN_CONTRAT', value: fin, message: `contract ends (${fin}) before it starts (${debut})` });
    }
    return null;
  },
  version: 1,
};
