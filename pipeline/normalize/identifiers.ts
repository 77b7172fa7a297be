/**
 * Shape and check-key rules for the identifiers of DOMAIN.md (INE, UAI, INSEE commune codes).
 *
 * Only the BEA/INA INE key and the UAI key have a public algorithm; RNIE, SIFA and provisional INEs
 * are checked for shape only and the result says so (`keyChecked: false`), so that a later stage can
 * weigh an unchecked INE less than a checked one.
 */

/** The 23 key letters: the alphabet without I, O and Q (read as 1 and 0). */
export const KEY_ALPHABET = 'ABCDEFGHJKLMNPRSTUVWXYZ';

export type IneType = 'RNIE' | 'BEA' | 'INA' | 'SIFA' | 'PROVISOIRE';

export type IneCheck =
  | { ok: true; value: string; type: IneType; keyChecked: boolean }
  | { ok: false; value: string; reason: 'shape' | 'key'; expectedKey?: string };

const RNIE = /^\d{9}[A-HJK]{2}$/;
const BEA = /^\d{10}[A-HJ-NPR-Z]$/;
const SIFA = /^\d{4}A\d{5}[A-HJ-NPR-Z]$/;
const PROVISOIRE = /^\d{4}D\d{5}[A-HJ-NPR-Z]$/;
const UAI = /^\d{7}[A-HJ-NPR-Z]$/;

/** Key letter of a BEA/INA INE from its 10 digits: n mod 23 in KEY_ALPHABET. */
export function ineKey(tenDigits: string): string {
  // 10 digits exceed 2^31 but not 2^53: a plain number is exact here.
  return KEY_ALPHABET[Number(tenDigits) % 23]!;
}

/** Key letter of a UAI from its 7 digits. */
export function uaiKey(sevenDigits: string): string {
  return KEY_ALPHABET[Number(sevenDigits) % 23]!;
}

/**
 * Classifies and checks an INE. The value must already be trimmed and upper-cased.
 * INA (agricultural) INEs share the BEA shape and key; the project labels a BEA-shaped INE whose
 * académie code (first two digits) is 80 as INA. The label is informative only.
 */
export function checkIne(value: string): IneCheck {
  // Ingestion checks each row's INE twice in a row (the column's type, then the school rows'
  // `finish` for its type): the second call gets the first one's answer (results are never mutated).
  if (lastIne !== null && lastIne.value === value) return lastIne;
  lastIne = classifyIne(value);
  return lastIne;
}

let lastIne: IneCheck | null = null;

function classifyIne(value: string): IneCheck {
  if (value.length !== 11) return { ok: false, value, reason: 'shape' };
  if (RNIE.test(value)) return { ok: true, value, type: 'RNIE', keyChecked: false };
  if (BEA.test(value)) {
    const expected = ineKey(value.slice(0, 10));
    if (expected !== value[10]) return { ok: false, value, reason: 'key', expectedKey: expected };
    return { ok: true, value, type: value.startsWith('80') ? 'INA' : 'BEA', keyChecked: true };
  }
  if (SIFA.test(value)) return { ok: true, value, type: 'SIFA', keyChecked: false };
  if (PROVISOIRE.test(value)) return { ok: true, value, type: 'PROVISOIRE', keyChecked: false };
  return { ok: false, value, reason: 'shape' };
}

export type UaiCheck =
  | { ok: true; value: string }
  | { ok: false; value: string; reason: 'shape' | 'key'; expectedKey?: string };

export function checkUai(value: string): UaiCheck {
  if (!UAI.test(value)) return { ok: false, value, reason: 'shape' };
  const expected = uaiKey(value.slice(0, 7));
  if (expected !== value[7]) return { ok: false, value, reason: 'key', expectedKey: expected };
  return { ok: true, value };
}

/** INSEE commune code: 5 digits, or 2A/2B + 3 digits for Corsica. */
export function isCommuneCode(value: string): boolean {
  return /^(\d{5}|2[AB]\d{3})$/.test(value);
}

/** Country of birth: `99xxx`. */
export function isPaysCode(value: string): boolean {
  return /^99\d{3}$/.test(value);
}

/** Département: 01-95, 2A, 2B, 971-976, or 99 (abroad). */
export function isDepartementCode(value: string): boolean {
  return /^(0[1-9]|[1-8]\d|9[0-5]|2[AB]|97[1-6]|99)$/.test(value);
}

/** French postal code: 5 digits. */
export function isPostalCode(value: string): boolean {
  return /^\d{5}$/.test(value);
}
