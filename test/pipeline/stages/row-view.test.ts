import { describe, expect, it } from 'vitest';
import { createRowView } from '../../../pipeline/stages/row-view.js';

describe('createRowView', () => {
  it('reads and writes the array by column name, and refuses a column it does not have', () => {
    const { row, values } = createRowView(['no_avenant', 'statut', 'cancelled']);
    values[0] = null;
    values[1] = 'Annulé';
    expect(row).toEqual({ no_avenant: null, statut: 'Annulé', cancelled: null });
    row.no_avenant = 0;
    row.cancelled = 1;
    expect(values).toEqual([0, 'Annulé', 1]);
    expect(() => {
      row.unknown = 'x';
    }).toThrow(TypeError);
    expect(Object.keys(row)).toEqual(['no_avenant', 'statut', 'cancelled']);
  });
});
