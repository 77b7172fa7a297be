import { isExists } from 'date-fns/isExists';
import { digitsAt, numberAt } from './digits.js';

/**
 * Dates of the extracts: `JJ/MM/AAAA`, `AAAA-MM-JJ` and `JJ/MM/AA` (EXTRACTS.md), returned as ISO
 * `AAAA-MM-JJ` text, which sorts and compares as a date in SQL and in JavaScript.
 *
 * Two-digit years: `AA` means 20AA when 20AA ≤ the pivot year, else 19AA. The pivot defaults to the
 * campaign year (`--as-of`) plus 10: dates in these extracts are births (the people listed are 11 to
 * 30, never 90), enrolments, and contract ends at most 3–4 years after the campaign, so
 * `27/07/27` is 2027 and `14/03/07` is 2007. `--two-digit-year-pivot` overrides it.
 */

export type DateParse = { ok: true; iso: string } | { ok: false; reason: 'format' | 'impossible' };

const FR_FULL = /^(\d{1,2})\/(\d{1,2})\/(\d{4})$/;
const ISO = /^(\d{4})-(\d{2})-(\d{2})$/;
const FR_SHORT = /^(\d{1,2})\/(\d{1,2})\/(\d{2})$/;

export function parseDate(raw: string, pivotYear: number): DateParse {
  let y: number;
  let m: number;
  let d: number;
  let match = FR_FULL.exec(raw);
  if (match) {
    d = +match[1]!;
    m = +match[2]!;
    y = +match[3]!;
  } else if ((match = ISO.exec(raw))) {
    y = +match[1]!;
    m = +match[2]!;
    d = +match[3]!;
  } else if ((match = FR_SHORT.exec(raw))) {
    d = +match[1]!;
    m = +match[2]!;
    const yy = +match[3]!;
    y = 2000 + yy <= pivotYear ? 2000 + yy : 1900 + yy;
  } else {
    return { ok: false, reason: 'format' };
  }
  // date-fns' isExists takes a 0-based month and rejects 31/02, 29/02 of common years, month 13...
  if (y < 1900 || !isExists(y, m - 1, d)) return { ok: false, reason: 'impossible' };
  return { ok: true, iso: `${y}-${m < 10 ? '0' : ''}${m}-${d < 10 ? '0' : ''}${d}` };
}

/** `AAAA-MM-JJ` → `JJ/MM/AAAA`, for the lists people read. */
export function isoToFrench(iso: string): string {
  return `${iso.slice(8, 10)}/${iso.slice(5, 7)}/${iso.slice(0, 4)}`;
}

/**
 * Days from 1970-01-01 to y-m-d in the proleptic Gregorian calendar (H. Hinnant's days_from_civil):
 * pure arithmetic, no Date and no time zone. Months 1–12; the generator rolls other months over first.
 */
export function civilDays(y: number, m: number, d: number): number {
  const yy = m <= 2 ? y - 1 : y;
  const era = Math.floor(yy / 400);
  const yoe = yy - era * 400;
  const doy = Math.floor((153 * (m + (m > 2 ? -3 : 9)) + 2) / 5) + d - 1;
  const doe = yoe * 365 + Math.floor(yoe / 4) - Math.floor(yoe / 100) + doy;
  return era * 146097 + doe - 719468;
}

/** The day number (`civilDays`) of an ISO `AAAA-MM-JJ` text, NaN for any other text. */
export function isoDayNumber(iso: string): number {
  if (iso.length !== 10 || iso.charCodeAt(4) !== 45 || iso.charCodeAt(7) !== 45) return NaN;
  if (!digitsAt(iso, 0, 4) || !digitsAt(iso, 5, 2) || !digitsAt(iso, 8, 2)) return NaN;
  const m = numberAt(iso, 5, 2);
  const d = numberAt(iso, 8, 2);
  if (m < 1 || m > 12 || d < 1 || d > 31) return NaN;
  return civilDays(numberAt(iso, 0, 4), m, d);
}
