import type { RowErrorCode } from '../../pipeline/errors.js';
import { foldToAscii } from '../../pipeline/normalize/fold.js';
import { parseDate } from '../../pipeline/normalize/dates.js';
import { normalizeSex } from '../../pipeline/normalize/names.js';
import {
  checkIne,
  checkUai,
  isCommuneCode,
  isDepartementCode,
  isPaysCode,
  isPostalCode,
} from '../../pipeline/normalize/identifiers.js';
import type { RowContext } from '../connector.js';

/**
 * The value types of the extracts. Each parser takes a trimmed, non-empty cell and returns the
 * stored value or the reason it is invalid. What happens to an invalid value (quarantine the row
 * when the column is required, keep the row with a warning otherwise) is decided by the caller.
 */

export type FieldType =
  | { kind: 'text' }
  | { kind: 'date' }
  | { kind: 'sex' }
  | { kind: 'ine' }
  | { kind: 'uai' }
  | { kind: 'commune' }
  | { kind: 'pays' }
  | { kind: 'departement' }
  | { kind: 'postal' }
  | { kind: 'year' }
  | { kind: 'int'; min: number; max: number }
  /**
   * Closed list; values compared upper-cased and accent-folded, stored as the canonical value.
   * `aliases`: other accepted spellings (compared the same way), each with its canonical value.
   */
  | { kind: 'enum'; values: readonly string[]; aliases?: readonly (readonly [alias: string, value: string])[] }
  | { kind: 'pattern'; pattern: RegExp; expected: string };

export type FieldResult =
  | { ok: true; value: string | number }
  | { ok: false; code: RowErrorCode; message: string };

const fail = (code: RowErrorCode, message: string): FieldResult => ({ ok: false, code, message });

export function parseField(type: FieldType, raw: string, ctx: RowContext): FieldResult {
  switch (type.kind) {
    case 'text':
      return { ok: true, value: raw };
    case 'date': {
      const d = parseDate(raw, ctx.twoDigitYearPivot);
      if (d.ok) return { ok: true, value: d.iso };
      return d.reason === 'format'
        ? fail('ROW_INVALID_DATE', `"${raw}" is not a date (expected JJ/MM/AAAA, AAAA-MM-JJ or JJ/MM/AA)`)
        : fail('ROW_INVALID_DATE', `"${raw}" is an impossible date`);
    }
    case 'sex': {
      const s = normalizeSex(raw);
      return s ? { ok: true, value: s } : fail('ROW_INVALID_SEX', `"${raw}" is not a sex code (M/F, 1/2, H)`);
    }
    case 'ine': {
      const c = checkIne(raw.toUpperCase());
      if (c.ok) return { ok: true, value: c.value };
      return c.reason === 'key'
        ? fail('ROW_INE_KEY', `INE "${raw}" has a wrong key letter (expected ${c.expectedKey})`)
        : fail('ROW_INVALID_INE', `"${raw}" is not an INE (RNIE, BEA/INA, SIFA or provisional shape)`);
    }
    case 'uai': {
      const c = checkUai(raw.toUpperCase());
      if (c.ok) return { ok: true, value: c.value };
      return c.reason === 'key'
        ? fail('ROW_INVALID_UAI', `UAI "${raw}" has a wrong key letter (expected ${c.expectedKey})`)
        : fail('ROW_INVALID_UAI', `"${raw}" is not a UAI (7 digits and a key letter)`);
    }
    case 'commune': {
      const v = raw.toUpperCase().padStart(5, '0');
      return isCommuneCode(v) ? { ok: true, value: v } : fail('ROW_INVALID_CODE', `"${raw}" is not an INSEE commune code`);
    }
    case 'pays':
      return isPaysCode(raw) ? { ok: true, value: raw } : fail('ROW_INVALID_CODE', `"${raw}" is not a country code (99xxx)`);
    case 'departement': {
      const v = raw.toUpperCase().padStart(2, '0');
      return isDepartementCode(v) ? { ok: true, value: v } : fail('ROW_INVALID_CODE', `"${raw}" is not a département code`);
    }
    case 'postal': {
      const v = raw.padStart(5, '0');
      return isPostalCode(v) ? { ok: true, value: v } : fail('ROW_INVALID_CODE', `"${raw}" is not a postal code`);
    }
    case 'year': {
      if (!/^\d{4}$/.test(raw)) return fail('ROW_INVALID_NUMBER', `"${raw}" is not a year (AAAA)`);
      return { ok: true, value: Number(raw) };
    }
    case 'int': {
      if (!/^-?\d+$/.test(raw)) return fail('ROW_INVALID_NUMBER', `"${raw}" is not a whole number`);
      const n = Number(raw);
      if (n < type.min || n > type.max) return fail('ROW_INVALID_NUMBER', `${raw} is outside ${type.min}–${type.max}`);
      return { ok: true, value: n };
    }
    case 'enum': {
      const v = enumKey(raw);
      const hit = type.values.find((x) => enumKey(x) === v) ?? type.aliases?.find(([alias]) => enumKey(alias) === v)?.[1];
      if (hit !== undefined) return { ok: true, value: hit };
      const also = type.aliases ? ` (also accepted: ${type.aliases.map(([alias]) => alias).join(', ')})` : '';
      return fail('ROW_INVALID_ENUM', `"${raw}" is not one of ${type.values.join(', ')}${also}`);
    }
    case 'pattern':
      return type.pattern.test(raw) ? { ok: true, value: raw } : fail('ROW_INVALID_CODE', `"${raw}" is not ${type.expected}`);
  }
}

/** Enum values compare without case, accents or separators: `Annulé`, `ANNULE`, `annule` are one. */
function enumKey(s: string): string {
  return foldToAscii(s).replace(/[\s_\-]+/g, '');
}
