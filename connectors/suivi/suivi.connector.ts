import type { Connector } from '../connector.js';
import { SITUATIONS } from './suivi-situations.js';

/** Follow-up recorded by the PSAD in RIO, imported back. Optional source (RUN.md). */
export const suiviConnector: Connector = {
  source: 'suivi',
  filePrefix: 'suivi',
  requiredSource: false,
  table: 'suivi_situation',
  columns: [
    { header: 'NUMERO_SIEI', column: 'numero_siei', required: true, type: { kind: 'text' } },
    { header: 'DATE_SITUATION', column: 'date_situation', required: true, type: { kind: 'date' } },
    { header: 'SITUATION', column: 'situation', required: true, type: { kind: 'enum', values: SITUATIONS } },
    { header: 'CODE_PSAD', column: 'code_psad', required: false, type: { kind: 'text' } },
  ],
  derivedColumns: [],
  version: 1,
};
