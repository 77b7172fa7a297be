import type { RowValues } from '../../connectors/connector.js';

type RowValue = RowValues[string];

/**
 * A connector's row (column → value, what `finish` reads and changes) laid over one array that the
 * parsing loop fills by index and reuses for every row of the file.
 *
 * Why not a plain object per row: setting and reading 20-odd properties whose names change at each
 * step of a loop is a megamorphic keyed access in V8, measured ~0.45 µs a row on the parsing thread
 * (about a tenth of its time); array slots cost a fifth of that, and `finish`'s named reads
 * (`row.ine`) stay monomorphic accessor calls on one object. The object is sealed: a `finish` that
 * set a column the connector does not declare would throw instead of leaking into the next row.
 */
export interface RowView {
  /** The row as `finish` sees it. */
  row: RowValues;
  /** Its values, in the order of `columns`. */
  values: RowValue[];
}

export function createRowView(columns: readonly string[]): RowView {
  const values: RowValue[] = columns.map(() => null);
  const row: RowValues = {};
  columns.forEach((column, i) => {
    Object.defineProperty(row, column, {
      get: () => values[i]!,
      set: (v: RowValue) => {
        values[i] = v;
      },
      enumerable: true,
    });
  });
  Object.seal(row);
  return { row, values };
}
