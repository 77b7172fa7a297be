import { describe, expect, it } from 'vitest';
import { surnameSound } from '../../../pipeline/matcher/blocking-keys.js';
import { buildIdentity } from '../../../pipeline/matcher/features.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import { scoringOrder } from '../../../pipeline/matcher/scoring-order.js';

describe('scoringOrder', () => {
  it('takes every person once, those whose surnames sound alike together, in store order within a group', () => {
    const surnames = ['MARTIN', 'LEFEBVRE', 'MARTIN', 'DUBOIS', 'LEFEVRE', 'MARTAIN', null, 'DUBOIS', 'LEFEBVRE'];
    const store = new IdentityStore();
    surnames.forEach((s, p) => store.add(p + 1, buildIdentity({ surnames: [s], firstNames: ['Lucie'], birthDates: ['2008-01-02'], sex: 'F' })));
    store.seal();
    const order = [...scoringOrder(store)];
    expect([...order].sort((a, b) => a - b)).toEqual(surnames.map((_, p) => p));
    // LEFEBVRE and LEFEVRE sound alike, as do MARTIN and MARTAIN.
    expect(surnameSound('LEFEBVRE')).toBe(surnameSound('LEFEVRE'));
    expect(surnameSound('MARTIN')).toBe(surnameSound('MARTAIN'));
    const groups = [[0, 2, 5], [1, 4, 8], [3, 7], [6]];
    for (const g of groups) {
      const at = g.map((p) => order.indexOf(p));
      // Together, in store order.
      expect(at).toEqual(at.map((_, k) => at[0]! + k));
    }
  });
});
