import type { RowIssue } from '../../pipeline/errors.js';
import { checkIne } from '../../pipeline/normalize/identifiers.js';
import type { RowValues } from '../connector.js';

export const schoolDerivedColumns = ['ine_type', 'ine_key_checked'] as const;

/**
 * Records the INE's type and whether its key could be checked (only BEA/INA keys have a public
 * algorithm), and flags an exit date before the entry date, which is kept but suspicious.
 */
export function finishSchoolRow(row: RowValues, warn: (issue: RowIssue) => void): RowIssue | null {
  const ine = checkIne(row.ine as string);
  if (!ine.ok) return { code: 'ROW_INVALID_INE', field: 'INE', value: String(row.ine), message: 'INE failed its check' };
  row.ine_type = ine.type;
  row.ine_key_checked = ine.keyChecked ? 1 : 0;
  const entree = row.date_entree as string | null;
  const sortie = row.date_sortie as string | null;
  if (entree && sortie && sortie < entree) {
    warn({ code: 'ROW_INCONSISTENT', field: 'DATE_SORTIE', value: sortie, message: `exit date ${sortie} is before entry date ${entree}` });
  }
  return null;
}
