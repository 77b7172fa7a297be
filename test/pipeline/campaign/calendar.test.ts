import { addMonths } from 'date-fns/addMonths';
import { differenceInYears } from 'date-fns/differenceInYears';
import { formatISO } from 'date-fns/formatISO';
import { parseISO } from 'date-fns/parseISO';
import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { addMonthsIso, ageAt } from '../../../pipeline/campaign/calendar.js';

const iso = fc.date({ min: new Date('1990-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));

describe('calendar memos (one a date D or a shift)', () => {
  it('gives the age at each D, several D interleaved, as date-fns does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(iso, fc.constantFrom('2025-01-15', '2024-09-15', '2025-08-31', '2024-02-29')), { minLength: 1, maxLength: 50 }), (calls) => {
        for (const [birth, at] of calls) expect(ageAt(birth, at)).toBe(differenceInYears(parseISO(at), parseISO(birth)));
      }),
    );
    // A 29 February birthday is reached on 1 March in a common year, as date-fns counts it.
    expect([ageAt('2008-02-29', '2025-02-28'), ageAt('2008-02-29', '2025-03-01'), ageAt('2008-02-29', '2024-02-29')]).toEqual([16, 17, 16]);
  });

  it('shifts a date by months, several shifts interleaved, as date-fns does', () => {
    fc.assert(
      fc.property(fc.array(fc.tuple(iso, fc.integer({ min: -24, max: 24 })), { minLength: 1, maxLength: 50 }), (calls) => {
        for (const [from, months] of calls) expect(addMonthsIso(from, months)).toBe(formatISO(addMonths(parseISO(from), months), { representation: 'date' }));
      }),
    );
    expect([addMonthsIso('2024-03-31', -1), addMonthsIso('2024-03-31', -13)]).toEqual(['2024-02-29', '2023-02-28']);
  });
});
