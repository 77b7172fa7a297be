import { describe, expect, it } from 'vitest';
import { formatDate, formatDateTime, formatInteger, formatNumber, formatPercent } from '../../../reports/html/format-fr.js';

describe('French formatting', () => {
  it('groups thousands with a narrow no-break space and writes decimals with a comma', () => {
    expect(formatInteger(16965)).toBe('16\u202f965');
    expect(formatInteger(339)).toBe('339');
    expect(formatNumber(-24.5)).toBe('-24,5');
    expect(formatNumber(18)).toBe('18');
  });
  it('writes rates as percentages with one decimal and a no-break space, n.d. when undefined', () => {
    expect(formatPercent(0.848)).toBe('84,8\u00a0%');
    expect(formatPercent(0.8407)).toBe('84,1\u00a0%');
    expect(formatPercent(1)).toBe('100,0\u00a0%');
    expect(formatPercent(0.25, 0)).toBe('25\u00a0%');
    expect(formatPercent(null)).toBe('n.d.');
  });
  it('writes dates JJ/MM/AAAA and times in Paris time, whatever the machine zone', () => {
    expect(formatDate('2025-01-15')).toBe('15/01/2025');
    expect(formatDate('not a date')).toBe('not a date');
    expect(formatDateTime('2026-11-23T12:53:36.398Z')).toBe('23/11/2026 13:53:36');
    expect(formatDateTime('2026-07-01T22:30:00Z')).toBe('02/07/2026 00:30:00');
  });
});
