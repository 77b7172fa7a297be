import type { Connector } from '../connector.js';
import { schoolColumns } from '../school/school-columns.js';
import { finishSchoolRow, schoolDerivedColumns } from '../school/school-finish.js';

/** Education nationale enrolments (SYGNE/SIECLE): one row per enrolment and school year. */
export const sygneConnector: Connector = {
  source: 'sygne',
  filePrefix: 'sygne',
  requiredSource: true,
  columns: schoolColumns,
  table: 'enrolment',
  derivedColumns: schoolDerivedColumns,
  finish: finishSchoolRow,
  version: 1,
};
