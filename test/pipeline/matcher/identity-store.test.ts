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

  it('joins stores built apart (in other threads) into the store one would have built', () => {
    // Identities with strings the parts share and strings of their own.
    const more = (n: number) =>
      buildIdentity({ surnames: [`NOM${n % 97}`], firstNames: [`PRENOM${n % 13} AUTRE${n}`], birthDates: [`2008-01-${String(1 + (n % 28)).padStart(2, '0')}`], sex: n % 2 ? 'F' : 'M', residenceCommunes: [`${59000 + (n % 500)}`] });
    const all = Array.from({ length: 5000 }, (_, n) => (n % 7 === 0 ? identities[n % 3]! : more(n)));
    const whole = new IdentityStore();
    all.forEach((identity, n) => whole.add(n + 1, identity));
    whole.seal();
    // Cut in three, one of them empty.
    const cuts = [0, 1800, 1800, 5000];
    const parts = [0, 1, 2].map((k) => {
      const part = new IdentityStore();
      for (let n = cuts[k]!; n < cuts[k + 1]!; n++) part.add(n + 1, all[n]!);
      return part.detach();
    });
    const joined = IdentityStore.concat(parts);
    expect(joined.size).toBe(5000);
    expect([...joined.entries()]).toEqual([...whole.entries()]);
    // The same strings in the same order of first use: the same integers.
    expect(joined.shared().data).toEqual(whole.shared().data);
    expect(() => IdentityStore.concat(parts).add(1, identities[0]!)).toThrow(/after seal/);
  });

  it('keeps identities whose lists hold more than seven strings (their lengths stored apart), alone and joined', () => {
    const long = buildIdentity({
      surnames: ['Dupond', 'Dupont', 'Dupon', 'Dupons', 'Dupond-Moreau', 'Moreau', 'Morau', 'Moreaux', 'Mauro'],
      firstNames: ['Jean Paul Louis Marie Pierre Luc Marc Yves'],
      mainFirstNames: ['Jean'],
      birthDates: ['2008-03-14'],
      sex: 'M',
      postalCodes: ['59000', '59100', '59200', '59300', '59400', '59500', '59600', '59700'],
    });
    expect(long.surnames.length).toBeGreaterThan(7);
    expect(long.firstNames.length).toBeGreaterThan(7);
    const all = [identities[0]!, long, identities[1]!, long, identities[2]!];
    const whole = new IdentityStore();
    all.forEach((identity, k) => whole.add(k, identity));
    whole.seal();
    expect([...whole.entries()].map((p) => p.identity)).toEqual(all);
    // Each of the long identity's surnames is carried by two persons, each of the others' by one.
    const surnameCounts = new Map<string, number>();
    for (const identity of all) for (const s of identity.surnames) surnameCounts.set(s, (surnameCounts.get(s) ?? 0) + 1);
    expect(new Map([...whole.countSurnames()].sort())).toEqual(new Map([...surnameCounts].sort()));
    expect(whole.countSurnames().get(long.surnames[8]!)).toBe(2);
    expect(whole.stringAt(whole.firstSurnameNumber(1))).toBe(long.surnames[0]);
    expect(whole.firstSurnameNumber(2)).toBe(-1);
    expect(whole.countFirstNames().get('LOUIS')).toBe(3); // the first identity's and the long one's, twice
    const parts = [0, 2].map((from) => {
      const part = new IdentityStore();
      all.slice(from, from + (from ? 3 : 2)).forEach((identity, k) => part.add(from + k, identity));
      return part.detach();
    });
    const joined = IdentityStore.concat(parts);
    expect([...joined.entries()]).toEqual([...whole.entries()]);
    expect(joined.shared().data).toEqual(whole.shared().data);
  });

  it('refuses a person added after sealing', () => {
    const store = new IdentityStore().seal();
    expect(() => store.add(1, identities[0]!)).toThrow(/after seal/);
  });
});
