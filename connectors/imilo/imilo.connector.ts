import type { Connector } from '../connector.js';

/** Missions locales (I-Milo): one row per young person's pathway. No INE. */
export const imiloConnector: Connector = {
  source: 'imilo',
  filePrefix: 'imilo',
  requiredSource: true,
  table: 'imilo_pathway',
  columns: [
    { header: 'ID_MILO', column: 'id_milo', required: true, type: { kind: 'text' } },
    { header: 'NUMERO_SIEI', column: 'numero_siei', required: false, type: { kind: 'text' } },
    { header: 'NOM_NAISSANCE', column: 'nom_naissance', required: true, type: { kind: 'text' } },
    { header: 'NOM_USAGE', column: 'nom_usage', required: false, type: { kind: 'text' } },
    { header: 'NOM_MARITAL', column: 'nom_marital', required: false, type: { kind: 'text' } },
    { header: 'PRENOMS', column: 'prenoms', required: true, type: { kind: 'text' } },
    { header: 'SEXE', column: 'sexe', required: true, type: { kind: 'sex' } },
    { header: 'DATE_NAISSANCE', column: 'date_naissance', required: true, type: { kind: 'date' } },
    { header: 'CODE_COMMUNE_NAISSANCE', column: 'code_commune_naissance', required: false, type: { kind: 'commune' } },
    { header: 'CODE_PAYS_NAISSANCE', column: 'code_pays_naissance', required: false, type: { kind: 'pays' } },
    { header: 'CODE_COMMUNE_RESIDENCE', column: 'code_commune_residence', required: false, type: { kind: 'commune' } },
    { header: 'CODE_STRUCTURE', column: 'code_structure', required: true, type: { kind: 'text' } },
    { header: 'DATE_PREMIER_ACCUEIL', column: 'date_premier_accueil', required: false, type: { kind: 'date' } },
    { header: 'DISPOSITIF', column: 'dispositif', required: false, type: { kind: 'enum', values: ['PACEA', 'CEJ', 'AUTRE'] } },
    { header: 'DATE_DEBUT_PARCOURS', column: 'date_debut_parcours', required: false, type: { kind: 'date' } },
    { header: 'DATE_FIN_PARCOURS', column: 'date_fin_parcours', required: false, type: { kind: 'date' } },
    { header: 'MOTIF_FIN', column: 'motif_fin', required: false, type: { kind: 'text' } },
    { header: 'DATE_DERNIER_CONTACT', column: 'date_dernier_contact', required: false, type: { kind: 'date' } },
  ],
  derivedColumns: [],
  finish(row, warn) {
    const debut = row.date_debut_parcours as string | null;
    const fin = row.date_fin_parcours as string | null;
    if (debut && fin && fin < debut) {
      warn({ code: 'ROW_INCONSISTENT', field: 'DATE_FIN_PARCOURS', value: fin, message: `pathway ends (${fin}) before it starts (${debut})` });
    }
    return null;
  },
  version: 1,
};
