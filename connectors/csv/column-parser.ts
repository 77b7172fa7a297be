import type { RowContext } from '../connector.js';
import { BoundedMemo } from '../../pipeline/bounded-memo.js';
import { digitsAt, numberAt } from '../../pipeline/normalize/digits.js';
import { KEY_ALPHABET } from '../../pipeline/normalize/identifiers.js';
import { parseField, type FieldResult, type FieldType } from './field-types.js';

/**
 * `parseField` for one column of one file, answered without `parseField` where it can be.
 *
 * Why: typing the cells was a third of the parsing thread's time (a date is two regular expressions
 * and a `Date` in date-fns' `isExists`). Two shortcuts, each giving exactly what `parseField` gives
 * (test/connectors/csv/column-parser.test.ts checks both against it):
 * - the usual shape of the busiest kinds (a JJ/MM/AAAA date, a 5-digit commune, a 99xxx country,
 *   a 4-digit year, a UAI with its key, M or F) is checked character by character; every other value
 *   goes the second way. Those kinds used to be remembered in a Map by value, and looking a fresh
 *   string up there (hashing it) cost more than these checks: nationally 12 s of the parsing
 *   thread's 88, profiled with `perf`, 2026-12-06;
 * - the other values and kinds repeat a few thousand values over millions of rows (codes, levels,
 *   dates in another shape): the result for each value already seen is remembered. The result is a
 *   pure function of the type, the trimmed value and the file's context, so a remembered result is
 *   the one `parseField` would give (results are never mutated).
 *
 * Memory stays bounded: past MEMO_LIMIT values a column's memo starts again empty, so a column whose
 * values do not repeat costs a few hundred kB at worst. Text columns and INEs, which almost never
 * repeat within a file, are not remembered at all; nor are patterns, tested as they come (measured
 * only together with the shortcuts: national ingestion alone 85.1 → 72.3 s).
 */
export type ColumnParser = (raw: string) => FieldResult;

const MEMO_LIMIT = 8192;

const NOT_REMEMBERED = new Set<FieldType['kind']>(['text', 'ine', 'pattern']);

export function columnParser(type: FieldType, ctx: RowContext): ColumnParser {
  if (NOT_REMEMBERED.has(type.kind)) return (raw) => parseField(type, raw, ctx);
  const memo = new BoundedMemo<FieldResult>(MEMO_LIMIT, (raw) => parseField(type, raw, ctx));
  const shortcut = SHORTCUTS[type.kind];
  if (!shortcut) return (raw) => memo.get(raw);
  return (raw) => shortcut(raw) ?? memo.get(raw);
}

/** The usual shape of a kind, answered as `parseField` would; undefined for any other value. */
type Shortcut = (raw: string) => FieldResult | undefined;

const SEX_M: FieldResult = { ok: true, value: 'M' };
const SEX_F: FieldResult = { ok: true, value: 'F' };

const SHORTCUTS: Partial<Record<FieldType['kind'], Shortcut>> = {
  date: frenchDate,
  commune: (raw) => (raw.length === 5 && digitsAt(raw, 0, 5) ? { ok: true, value: raw } : undefined),
  pays: (raw) => (raw.length === 5 && raw.charCodeAt(0) === NINE && raw.charCodeAt(1) === NINE && digitsAt(raw, 2, 3) ? { ok: true, value: raw } : undefined),
  year: (raw) => (raw.length === 4 && digitsAt(raw, 0, 4) ? { ok: true, value: numberAt(raw, 0, 4) } : undefined),
  uai: (raw) => (raw.length === 8 && digitsAt(raw, 0, 7) && raw[7] === KEY_ALPHABET[numberAt(raw, 0, 7) % 23] ? { ok: true, value: raw } : undefined),
  sex: (raw) => (raw === 'M' ? SEX_M : raw === 'F' ? SEX_F : undefined),
};

const NINE = 57;
const SLASH = 47;

/** The results of the JJ/MM/AAAA dates seen, by year from 1900 to 2199, then by month and day (31 slots a month). */
const datesByYear: (FieldResult | undefined)[][] = [];
const DATE_YEARS = 300;

/**
 * A valid JJ/MM/AAAA date (two-digit day and month, year 1900 or later): parseDate's first form,
 * whose ISO form is the same digits in another order. An impossible date (31/02) goes to parseField
 * for its message.
 */
function frenchDate(raw: string): FieldResult | undefined {
  if (raw.length !== 10 || raw.charCodeAt(2) !== SLASH || raw.charCodeAt(5) !== SLASH || !digitsAt(raw, 0, 2) || !digitsAt(raw, 3, 2) || !digitsAt(raw, 6, 4)) return undefined;
  const d = numberAt(raw, 0, 2);
  const m = numberAt(raw, 3, 2);
  const y = numberAt(raw, 6, 4);
  if (y < 1900 || m < 1 || m > 12 || d < 1 || d > daysInMonth(y, m)) return undefined;
  if (y - 1900 >= DATE_YEARS) return isoDate(raw);
  const days = (datesByYear[y - 1900] ??= new Array<FieldResult | undefined>(12 * 31).fill(undefined));
  return (days[(m - 1) * 31 + d - 1] ??= isoDate(raw));
}

function isoDate(raw: string): FieldResult {
  return { ok: true, value: `${raw.slice(6, 10)}-${raw.slice(3, 5)}-${raw.slice(0, 2)}` };
}

function daysInMonth(y: number, m: number): number {
  if (m === 2) return (y % 4 === 0 && y % 100 !== 0) || y % 400 === 0 ? 29 : 28;
  return m === 4 || m === 6 || m === 9 || m === 11 ? 30 : 31;
}
