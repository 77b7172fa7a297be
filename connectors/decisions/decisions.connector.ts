import { NUMERO_SIEI_SHAPE } from '../../pipeline/db/repositories/person.repository.js';
import { isScientificNotation, recordIdKey, unwrapSpreadsheetText } from '../../pipeline/normalize/record-id.js';
import type { Connector } from '../connector.js';
import { DECISION_ALIASES, DECISIONS, REVIEW_SOURCES } from './decision-values.js';

/**
 * Review decisions written back by a person: for a solution record (a DECA contract, an I-Milo
 * record) and a school person, whether they are the same young person. review.csv carries these
 * columns, so a filled-in review.csv saved as `decisions_….csv` is itself a decisions file: its other
 * columns are ignored. An empty DECISION is a question not answered yet: the row is stored without a
 * decision (it changes nothing) and counted. Optional source, absent from most runs; decisions stay
 * in the database and apply in every later run (pipeline/campaign/review-decisions.ts).
 */
export const decisionsConnector: Connector = {
  source: 'decisions',
  filePrefix: 'decisions',
  requiredSource: false,
  usuallyAbsent: true,
  extraColumnsExpected: true,
  table: 'review_decision',
  columns: [
    // `source` is a lineage column of every table: the record's source is `record_source`.
    { header: 'SOURCE', column: 'record_source', required: true, type: { kind: 'enum', values: REVIEW_SOURCES } },
    { header: 'ID_ENREGISTREMENT', column: 'record_id', required: true, type: { kind: 'text' } },
    {
      header: 'NUMERO_SIEI',
      column: 'numero_siei',
      required: true,
      // Upper-cased in finish(): typed back by hand, it may not be.
      type: { kind: 'pattern', pattern: new RegExp(NUMERO_SIEI_SHAPE.source, 'i'), expected: 'a NUMERO_SIEI (S and 10 letters or digits, as printed on the lists)' },
    },
    { header: 'DECISION', column: 'decision', required: true, emptyAllowed: true, type: { kind: 'enum', values: DECISIONS, aliases: DECISION_ALIASES } },
    { header: 'DATE_DECISION', column: 'date_decision', required: false, type: { kind: 'date' } },
    { header: 'AUTEUR', column: 'auteur', required: false, type: { kind: 'text' } },
  ],
  derivedColumns: ['record_key'],
  finish(row) {
    const raw = row.record_id as string;
    if (isScientificNotation(raw)) {
      return {
        code: 'ROW_INVALID_CODE',
        field: 'ID_ENREGISTREMENT',
        value: raw,
        message: `"${raw}" is a number a spreadsheet rewrote in scientific notation, its digits lost: format the column as Text and copy the identifier from review.csv again`,
      };
    }
    const id = unwrapSpreadsheetText(raw);
    if (id === '') return { code: 'ROW_REQUIRED_MISSING', field: 'ID_ENREGISTREMENT', value: raw, message: 'required value is empty' };
    row.record_id = id;
    row.record_key = recordIdKey(id);
    row.numero_siei = (row.numero_siei as string).toUpperCase();
    return null;
  },
  version: 1,
};
