import { describe, expect, it } from 'vitest';
import { buildIdentity } from '../../../pipeline/matcher/features.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import { FirstNameFrequency, withFirstNameCounts } from '../../../pipeline/matcher/first-name-frequency.js';

describe('IdentityStore', () => {
  const identities = [
    buildIdentity({ surnames: ['Dupond-Moreau', 'Moreau'], firstNames: ['Jean-Baptiste Louis'], mainFirstNames: ['Jean-Baptiste'], birthDates: ['2008-03-14', '2008-14-03'], sex: 'M', birthCommunes: ['59350'], residenceCommunes: ['59009', '62510'], postalCodes: ['59650'] }),
    // Empty lists and an empty sex: a record with little filled in.
    buildIdentity({ surnames: [], firstNames: [], birthDates: [], sex: '' }),
    buildIdentity({ surnames: ["N'Diaye"], firstNames: ['Awa'], birthDates: ['2007-01-02'], sex: 'F', birthDepartements: ['2A'] }),
  ];

  it('gives back every identity as it was given, in order, with its person', () => {
    const store = new IdentityStore();
    // Many times over, so that the arrays grow past their first size.
    for (let n = 0; n < 3000; n++) identities.forEach((id, k) => store.add(10 * n + k, id));
    store.seal();
    expect(store.size).toBe(9000);
    let i = 0;
    for (const p of store.entries()) {
      expect(p.personId).toBe(10 * Math.floor(i / 3) + (i % 3));
      expect(p.identity).toEqual(identities[i % 3]);
      i++;
    }
    expect(i).toBe(9000);
  });

  it('builds identities with the same property order as buildIdentity (one object shape for the comparisons)', () => {
    const store = new IdentityStore();
    store.add(1, identities[0]!);
    expect(Object.keys(store.seal().identity(0))).toEqual(Object.keys(identities[0]!));
  });

  it('sets the first names\' counts as withFirstNameCounts does, from countsOf', () => {
    const frequency = new FirstNameFrequency();
    for (const cells of [['Jean-Baptiste'], ['Louis', 'Jean Baptiste'], ['Awa']]) frequency.addPerson(cells);
    const store = new IdentityStore();
    identities.forEach((identity, k) => store.add(k, identity));
    const counts = store.seal().countsOf(frequency);
    identities.forEach((identity, k) => {
      const built = store.identity(k, counts);
      expect(built).toEqual(withFirstNameCounts(structuredClone(identity), frequency));
      expect(Object.keys(built)).toEqual(Object.keys(withFirstNameCounts(structuredClone(identity), frequency)));
    });
    expect(store.identity(0, counts).firstNameCounts).toEqual([2, 1, 0]); // JEANBAPTISTE, LOUIS, JEANBAPTISTELOUIS
  });

  it('refuses a person added after sealing', () => {
    const store = new IdentityStore().seal();
    expect(() => store.add(1, identities[0]!)).toThrow(/after seal/);
  });
});
