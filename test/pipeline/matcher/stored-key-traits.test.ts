import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { blockingKeys, keysOf, KeyTraits, type KeyRegions } from '../../../pipeline/matcher/blocking-keys.js';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../../pipeline/matcher/settings.js';
import { StoredKeyTraits } from '../../../pipeline/matcher/stored-key-traits.js';

/**
 * The matcher's passes work a person's keys out from the store's numbers (stored-key-traits.ts):
 * they must be the keys of the identity the store would build, the same hashes in the same order,
 * whatever the identity (several names, none, a date that is not ISO, places abroad or unknown,
 * lists longer than the store packs).
 */
const cells = (values: string[]) => fc.array(fc.option(fc.constantFrom(...values), { nil: null }), { maxLength: 9 });
const identities = fc
  .record({
    surnames: cells(['MARTIN', 'Lefèbvre', 'LEFEVRE', 'de la Tour', 'BONNET-BLANC', 'NAVECHOT', "D'ARC", '']),
    firstNames: cells(['Théo', 'Théa', 'Marie-Lou', 'MARIE LOU', 'Hugo', 'Ève', 'Zoé Inès', '']),
    birthDates: fc.array(fc.constantFrom('2008-03-12', '2008-12-03', '2007-03-03', '12/03/2008', '2009-1-5', ''), { minLength: 1, maxLength: 9 }),
    sex: fc.constantFrom('M', 'F', ''),
    birthCommunes: cells(['59350', '2A004', '97411', '99100', '75056']),
    birthDepartements: cells(['59', '2A', '974', '99', 'XX']),
    residenceCommunes: cells(['62510', '13001', '97101', '00000', '1300']),
    postalCodes: cells(['59000', '20000', '97400', 'ABCDE']),
  })
  .map((input) => buildIdentity({ ...input, mainFirstNames: input.firstNames.slice(0, 1) }));

describe('StoredKeyTraits', () => {
  it.each<[string, KeyRegions | undefined]>([
    ['looked up by region', 'lookup'],
    ['indexed by region', 'index'],
    ['without regions', undefined],
  ])('gives the keys of the identity the store builds (%s)', (_, regions) => {
    const rules = DEFAULT_MATCHER_SETTINGS.blocking;
    fc.assert(
      fc.property(fc.array(identities, { minLength: 1, maxLength: 20 }), (ids: Identity[]) => {
        const store = new IdentityStore();
        ids.forEach((id, p) => store.add(p + 1, id));
        store.seal();
        const traits = new StoredKeyTraits(store.shared(), regions);
        const out = new KeyTraits();
        for (let p = 0; p < store.size; p++) {
          const expected = blockingKeys(store.identity(p), rules, regions);
          const keys = keysOf(traits.of(p, out), rules);
          expect({ hashes: keys.hashes, rules: keys.rules, nowhere: keys.nowhere }).toEqual({ hashes: expected.hashes, rules: expected.rules, nowhere: expected.nowhere });
        }
      }),
      { numRuns: 200 },
    );
  });

  it('finds keys for a plain identity (the property above is not empty)', () => {
    const store = new IdentityStore();
    store.add(1, buildIdentity({ surnames: ['MARTIN'], firstNames: ['Théo'], mainFirstNames: ['Théo'], birthDates: ['2008-03-12'], sex: 'M', birthCommunes: ['59350'], residenceCommunes: ['59350'] }));
    store.seal();
    const keys = keysOf(new StoredKeyTraits(store.shared(), 'lookup').of(0, new KeyTraits()), DEFAULT_MATCHER_SETTINGS.blocking);
    // Birth date + first name (and its swapped form), four surname-sound rules and the day-month one
    // by the Hauts-de-France region and "nowhere", first-name sound + initial by both, the training one.
    expect(keys.length).toBe(2 + (4 + 1 + 1) * 2 + 1);
  });
});
