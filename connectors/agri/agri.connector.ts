import type { Connector } from '../connector.js';
import { schoolColumns } from '../school/school-columns.js';
import { finishSchoolRow, schoolDerivedColumns } from '../school/school-finish.js';

/** Agricultural education enrolments: the sygne layout, INEs often INA. Optional source (RUN.md). */
export const agriConnector: Connector = {
  source: 'agri',
  filePrefix: 'agri',
  requiredSource: false,
  columns: schoolColumns,
  table: 'enrolment',
  derivedColumns: schoolDerivedColumns,
  finish: finishSchoolRow,
  version: 1,
};
