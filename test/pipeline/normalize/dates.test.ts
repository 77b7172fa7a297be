import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { differenceInCalendarDays } from 'date-fns/differenceInCalendarDays';
import { parseISO } from 'date-fns/parseISO';
import { civilDays, isoDayNumber, isoToFrench, parseDate } from '../../../pipeline/normalize/dates.js';

describe('parseDate', () => {
  it('reads the three accepted formats', () => {
    expect(parseDate('14/03/2008', 2025)).toEqual({ ok: true, iso: '2008-03-14' });
    expect(parseDate('2008-03-14', 2025)).toEqual({ ok: true, iso: '2008-03-14' });
    expect(parseDate('14/03/08', 2025)).toEqual({ ok: true, iso: '2008-03-14' });
    expect(parseDate('4/3/2008', 2025)).toEqual({ ok: true, iso: '2008-03-04' });
  });
  it('applies the two-digit-year pivot: AA ≤ pivot → 20AA, else 19AA', () => {
    expect(parseDate('01/01/25', 2025)).toEqual({ ok: true, iso: '2025-01-01' });
    expect(parseDate('01/01/26', 2025)).toEqual({ ok: true, iso: '1926-01-01' });
    expect(parseDate('01/01/26', 2030)).toEqual({ ok: true, iso: '2026-01-01' });
    expect(parseDate('01/01/99', 2025)).toEqual({ ok: true, iso: '1999-01-01' });
  });
  it('rejects impossible dates and other formats', () => {
    for (const s of ['31/02/2008', '29/02/2007', '00/01/2008', '01/13/2008', '2008-02-30']) expect(parseDate(s, 2025)).toEqual({ ok: false, reason: 'impossible' });
    expect(parseDate('29/02/2008', 2025)).toEqual({ ok: true, iso: '2008-02-29' });
    for (const s of ['14-03-2008', '2008/03/14', '14 mars 2008', '1403200', '']) expect(parseDate(s, 2025)).toEqual({ ok: false, reason: 'format' });
  });
  it('round-trips every real date through JJ/MM/AAAA (property)', () => {
    fc.assert(
      fc.property(fc.date({ min: new Date('1950-01-01'), max: new Date('2040-12-31'), noInvalidDate: true }), (d) => {
        const iso = d.toISOString().slice(0, 10);
        expect(parseDate(isoToFrench(iso), 2025)).toEqual({ ok: true, iso });
        expect(parseDate(iso, 2025)).toEqual({ ok: true, iso });
      }),
    );
  });
});

describe('isoDayNumber', () => {
  it('numbers ISO dates as calendar days, leap years and centuries included, and rejects other text', () => {
    expect(isoDayNumber('1970-01-01')).toBe(0);
    expect(civilDays(1970, 1, 1)).toBe(0);
    expect(isoDayNumber('2000-03-01') - isoDayNumber('2000-02-28')).toBe(2);
    expect(isoDayNumber('1900-03-01') - isoDayNumber('1900-02-28')).toBe(1);
    expect(isoDayNumber('2024-09-01') - isoDayNumber('2024-07-05')).toBe(differenceInCalendarDays(parseISO('2024-09-01'), parseISO('2024-07-05')));
    fc.assert(
      fc.property(fc.integer({ min: -25_000, max: 40_000 }), (n) => {
        expect(isoDayNumber(new Date(n * 86_400_000).toISOString().slice(0, 10))).toBe(n);
      }),
    );
    for (const bad of ['05/07/2024', '2024-7-05', '2024-13-01', '2024-00-10', '2024-01-00', 'abcd-ef-gh', '2024-01-0x', '']) expect(isoDayNumber(bad)).toBeNaN();
  });
});
