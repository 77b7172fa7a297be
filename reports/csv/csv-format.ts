/**
 * CSV as French Excel opens it: `;`-separated, UTF-8 with a BOM (without it Excel reads
 * Windows-1252 and shows "Ã©"), CRLF line ends, cells quoted only when they need it.
 */
export const BOM = '\uFEFF';
const NEEDS_QUOTES = /[";\r\n]/;

export function csvCell(value: string | number | null | undefined): string {
  if (value === null || value === undefined) return '';
  const s = String(value);
  return NEEDS_QUOTES.test(s) ? `"${s.replace(/"/g, '""')}"` : s;
}

export function csvLine(cells: readonly (string | number | null | undefined)[]): string {
  return cells.map(csvCell).join(';') + '\r\n';
}
