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

  it('stays right once its memo has been emptied for being full', () => {
    const parse = columnParser({ kind: 'int', min: 0, max: 100_000 }, ctx);
    for (let round = 0; round < 2; round++) {
      for (let i = 0; i < 20_000; i++) expect(parse(String(i))).toEqual({ ok: true, value: i });
    }
    expect(parse('-1')).toEqual(parseField({ kind: 'int', min: 0, max: 100_000 }, '-1', ctx));
  });
});
