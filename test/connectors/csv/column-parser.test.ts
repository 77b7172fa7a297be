import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { columnParser } from '../../../connectors/csv/column-parser.js';
import { parseField, type FieldType } from '../../../connectors/csv/field-types.js';
import { schoolColumns } from '../../../connectors/school/school-columns.js';

/** A column's remembered parser must answer exactly what parseField answers, first time or not. */
describe('columnParser', () => {
  const ctx = { twoDigitYearPivot: 2035 };
  const types: FieldType[] = [...new Map(schoolColumns.map((c) => [JSON.stringify(c.type, (_k, v: unknown) => (v instanceof RegExp ? String(v) : v)), c.type])).values()];
  const value = fc.oneof(
    fc.constantFrom('14/03/2008', '31/02/2008', '2008-07-21', '14/03/08', 'M', 'f', '2', 'X', '59350', '2A004', '99100', '0620108F', '0620108A', '2024', '24', '3', '5+', 'ST', 'ap', '2402242711', 'abc'),
    fc.string({ unit: fc.constantFrom(...'0123456789/-ABFMST+ '.split('')), minLength: 1, maxLength: 12 }),
  );

  it('gives parseField’s result for every value, seen before or not', () => {
    for (const type of types) {
      const parse = columnParser(type, ctx);
      fc.assert(
        fc.property(fc.array(value, { minLength: 1, maxLength: 30 }), (values) => {
          // Each value twice: the second answer comes from the memo.
          for (const v of [...values, ...values]) expect(parse(v)).toEqual(parseField(type, v, ctx));
        }),
        { numRuns: 50 },
      );
    }
  });

  it('gives parseField’s result for every JJ/MM/AAAA date, possible or not, and every usual code', () => {
    const digits = (n: number) => fc.string({ unit: fc.constantFrom(...'0123456789'.split('')), minLength: n, maxLength: n });
    const dates = fc.oneof(
      fc.tuple(fc.integer({ min: 0, max: 32 }), fc.integer({ min: 0, max: 13 }), fc.integer({ min: 1890, max: 2210 })).map(([d, m, y]) => `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`),
      fc.constantFrom('29/02/1900', '29/02/2000', '29/02/2024', '29/02/2023', '31/04/2010', '31/12/1899', '01/01/1900', '1/2/2003', '01/02/03', '2003-02-01', '01-02-2003', '01/02/203a'),
    );
    const codes = fc.oneof(digits(5), digits(4), digits(7).map((d) => d + 'ABCDEFGHJKLMNPRSTUVWXYZ'[Number(d) % 23]), fc.tuple(digits(7), fc.constantFrom(...'ABZIQa'.split(''))).map(([d, k]) => d + k), fc.constantFrom('2A004', '99100', '99', 'M', 'F', 'm', 'H'));
    const kinds: FieldType[] = [{ kind: 'date' }, { kind: 'commune' }, { kind: 'pays' }, { kind: 'year' }, { kind: 'uai' }, { kind: 'sex' }];
    for (const type of kinds) {
      const parse = columnParser(type, ctx);
      fc.assert(
        fc.property(fc.array(fc.oneof(dates, codes), { minLength: 1, maxLength: 40 }), (values) => {
          for (const v of [...values, ...values]) expect(parse(v)).toEqual(parseField(type, v, ctx));
        }),
        { numRuns: 200 },
      );
    }
    // Every day of a leap and a common year, and the days after each month's last.
    const parse = columnParser({ kind: 'date' }, ctx);
    for (const y of [1900, 2000, 2023, 2024, 2199, 2200]) {
      for (let m = 1; m <= 12; m++) {
        for (let d = 1; d <= 31; d++) {
          const v = `${String(d).padStart(2, '0')}/${String(m).padStart(2, '0')}/${y}`;
          expect(parse(v)).toEqual(parseField({ kind: 'date' }, v, ctx));
        }
      }
    }
  });

  it('stays right once its memo has been emptied for being full', () => {
    const parse = columnParser({ kind: 'int', min: 0, max: 100_000 }, ctx);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 20_000; i++) expect(parse(String(i))).toEqual({ ok: true, value: i });
    }
    expect(parse('-1')).toEqual(parseField({ kind: 'int', min: 0, max: 100_000 }, '-1', ctx));
  });
});
