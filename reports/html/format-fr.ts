/**
 * Numbers and dates as a French reader expects them: `16 965`, `84,8 %`, `15/01/2025`. Times are
 * shown in Europe/Paris whatever the server's zone, so that two servers print the same report.
 */
const INTEGER = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 0 });
const DECIMAL = new Intl.NumberFormat('fr-FR', { maximumFractionDigits: 2 });
const PERCENT = [0, 1].map((d) => new Intl.NumberFormat('fr-FR', { style: 'percent', minimumFractionDigits: d, maximumFractionDigits: d }));
const DATE_TIME = new Intl.DateTimeFormat('fr-FR', { timeZone: 'Europe/Paris', dateStyle: 'short', timeStyle: 'medium' });

/** Shown where a figure cannot be computed (a rate over nobody). */
export const NOT_AVAILABLE = 'n.d.';

export function formatInteger(n: number): string {
  return INTEGER.format(n);
}

/** A number that may have decimals (weights): at most two, French decimal comma. */
export function formatNumber(n: number): string {
  return DECIMAL.format(n);
}

/** A share between 0 and 1: `0.848` → `84,8 %` (no-break space before the sign); `decimals` 0 for axis ticks. */
export function formatPercent(rate: number | null, decimals: 0 | 1 = 1): string {
  return rate === null ? NOT_AVAILABLE : PERCENT[decimals]!.format(rate);
}

/** `2025-01-15` → `15/01/2025`. Anything else is returned as it is rather than misread. */
export function formatDate(iso: string): string {
  const m = /^(\d{4})-(\d{2})-(\d{2})$/.exec(iso);
  return m ? `${m[3]}/${m[2]}/${m[1]}` : iso;
}

/** An ISO timestamp → `23/11/2026 13:53:36` (Paris time). */
export function formatDateTime(iso: string): string {
  const d = new Date(iso);
  return Number.isNaN(d.getTime()) ? iso : DATE_TIME.format(d);
}
