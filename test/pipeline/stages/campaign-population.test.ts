import { describe, expect, it } from 'vitest';
import { CampaignPopulation } from '../../../pipeline/stages/campaign-population.js';

describe('CampaignPopulation', () => {
  it('gives back each person with their verdict, latest rowid and the solutions found for them, in id order', () => {
    const population = new CampaignPopulation();
    population.add(3, 30, { inDs: true, inOf: false, diplomaLevel: null });
    population.add(7, 71, { inDs: true, inOf: true, diplomaLevel: 4 });
    population.add(12, 5, { inDs: false, inOf: true, diplomaLevel: 3 });
    population.addHit(7, { source: 'apprentissage', file: 2, line: 10, weight: 14.5 });
    population.addHit(8, { source: 'apprentissage', file: 2, line: 11, weight: 12 });
    population.addHit(7, { source: 'accompagne_ml', file: 3, line: 4, weight: null, by: 'decision' });
    population.addHit(12, { source: 'accompagne_ml', file: 3, line: 5, weight: null });
    expect(population.size).toBe(3);
    expect([...population.persons()]).toEqual([
      { personId: 3, latestRowid: 30, inDs: true, inOf: false, diplomaLevel: null, hits: [] },
      {
        personId: 7, latestRowid: 71, inDs: true, inOf: true, diplomaLevel: 4,
        hits: [{ source: 'apprentissage', file: 2, line: 10, weight: 14.5 }, { source: 'accompagne_ml', file: 3, line: 4, weight: null, by: 'decision' }],
      },
      { personId: 12, latestRowid: 5, inDs: false, inOf: true, diplomaLevel: 3, hits: [{ source: 'accompagne_ml', file: 3, line: 5, weight: null }] },
    ]);
  });
  it('refuses persons out of id order, on which its lookups rely', () => {
    const population = new CampaignPopulation();
    population.add(5, 1, { inDs: true, inOf: true, diplomaLevel: null });
    expect(() => population.add(5, 2, { inDs: true, inOf: true, diplomaLevel: null })).toThrow(/person 5 added after person 5/);
    expect(() => population.add(2, 2, { inDs: true, inOf: true, diplomaLevel: null })).toThrow(/person 2 added after person 5/);
  });
});
