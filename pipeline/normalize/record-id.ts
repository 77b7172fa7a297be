/**
 * The identifier of a DECA contract or an I-Milo record as a review decision refers to it.
 *
 * Decisions come back from review.csv filled in a spreadsheet. Excel reads an all-digit contract
 * number as a number: it drops the leading zeros when the file is saved, and past 11 digits it shows
 * (and saves) it in scientific notation, which loses digits. People who know this force text with
 * `'0592…` or `="0592…"`. So an identifier is compared on a key: text-forcing marks removed, case
 * ignored, and an all-digit identifier without its leading zeros (contract numbers have a fixed
 * length, so two contracts never differ by leading zeros alone). Scientific notation is refused.
 */

/** `="059202400123"` → `059202400123`; `'059202400123` → `059202400123`. */
export function unwrapSpreadsheetText(raw: string): string {
  const s = raw.trim();
  const formula = /^="(.*)"$/.exec(s);
  if (formula) return formula[1]!.trim();
  return s.startsWith("'") ? s.slice(1).trim() : s;
}

/** `5,92024E+13`, `5.92E13`: a number a spreadsheet rewrote, its digits lost. */
export function isScientificNotation(raw: string): boolean {
  return /^\d+([.,]\d+)?E[+-]?\d+$/i.test(raw.trim());
}

/** The key a decision and a solution record are matched on (see above). */
export function recordIdKey(id: string): string {
  const s = unwrapSpreadsheetText(id).toUpperCase();
  return /^\d+$/.test(s) ? s.replace(/^0+(?=\d)/, '') : s;
}
