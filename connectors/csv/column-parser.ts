import type { RowContext } from '../connector.js';
import { BoundedMemo } from '../../pipeline/bounded-memo.js';
import { parseField, type FieldResult, type FieldType } from './field-types.js';

/**
 * `parseField` for one column of one file, remembering the result for each value already seen.
 *
 * Why: most columns of an extract repeat a few thousand values over millions of rows (dates of
 * birth, communes, UAIs, codes, years), and typing them was a third of the parsing thread's time
 * (a date is two regular expressions and a `Date` in date-fns' `isExists`); a Map lookup costs a
 * fraction of that. The result is a pure function of the type, the trimmed value and the file's
 * context, so a remembered result is the one `parseField` would give (results are never mutated).
 *
 * Memory stays bounded: past MEMO_LIMIT values a column's memo starts again empty, so a column whose
 * values do not repeat (INE, names) costs a few hundred kB at worst. Text columns and INEs, which
 * almost never repeat within a file, are not remembered at all.
 */
export type ColumnParser = (raw: string) => FieldResult;

const MEMO_LIMIT = 8192;

const NOT_REMEMBERED = new Set<FieldType['kind']>(['text', 'ine']);

export function columnParser(type: FieldType, ctx: RowContext): ColumnParser {
  if (NOT_REMEMBERED.has(type.kind)) return (raw) => parseField(type, raw, ctx);
  const memo = new BoundedMemo<FieldResult>(MEMO_LIMIT, (raw) => parseField(type, raw, ctx));
  return (raw) => memo.get(raw);
}
