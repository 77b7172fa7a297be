import { foldToAscii } from '../../pipeline/normalize/fold.js';
import type { ColumnSpec } from '../connector.js';

/**
 * Header names are matched ignoring case, accents, spaces and the usual separators: `Date naissance`,
 * `date_naissance` and ` DATE_NAISSANCE ` all name DATE_NAISSANCE; `Prénoms` names PRENOMS.
 */
export function headerKey(name: string): string {
  return foldToAscii(name.replace(/^\uFEFF/, '')).replace(/[\s_\-.]+/g, '');
}

export interface HeaderMatch {
  /** For each column spec (same order), the index of its cell in a record, or -1 if absent. */
  indexes: number[];
  missingRequired: string[];
  missingOptional: string[];
  /** Header cells that name no known column: ignored, reported once. */
  unknown: string[];
  /** Known columns present more than once: the first occurrence is used. */
  duplicated: string[];
}

export function matchHeader(cells: readonly string[], columns: readonly ColumnSpec[]): HeaderMatch {
  const byKey = new Map<string, number>();
  const duplicated: string[] = [];
  const unknown: string[] = [];
  const known = new Set(columns.map((c) => headerKey(c.header)));
  cells.forEach((cell, i) => {
    const key = headerKey(cell);
    if (key === '') return;
    if (!known.has(key)) unknown.push(cell.trim());
    else if (byKey.has(key)) duplicated.push(cell.trim());
    else byKey.set(key, i);
  });
  const indexes = columns.map((c) => byKey.get(headerKey(c.header)) ?? -1);
  return {
    indexes,
    missingRequired: columns.filter((c, i) => c.required && indexes[i] === -1).map((c) => c.header),
    missingOptional: columns.filter((c, i) => !c.required && indexes[i] === -1).map((c) => c.header),
    unknown,
    duplicated,
  };
}
