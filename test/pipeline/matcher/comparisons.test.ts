import { describe, expect, it } from 'vitest';
import { birthDate, birthPlace, firstName, sex, surname } from '../../../pipeline/matcher/comparisons.js';
import { blockingKeys as keyList, REGION_BOUNDED_NAMES, RULE_NAMES, surnameSound, type KeyRegions } from '../../../pipeline/matcher/blocking-keys.js';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { FirstNameFrequency, withFirstNameCounts } from '../../../pipeline/matcher/first-name-frequency.js';
import { DEFAULT_MATCHER_SETTINGS as s } from '../../../pipeline/matcher/settings.js';

const person = buildIdentity({
  surnames: ['DUPONT-MOREAU', 'MARTIN'],
  firstNames: ['Lucie', 'Naëlle'],
  mainFirstNames: ['Lucie'],
  birthDates: ['2007-01-27'],
  sex: 'F',
  birthCommunes: ['59350'],
});
const rec = (over: Partial<Parameters<typeof buildIdentity>[0]>) =>
  buildIdentity({ surnames: ['DUPONT MOREAU'], firstNames: ['NAELLE LUCIE'], birthDates: ['2007-01-27'], sex: 'F', ...over });

describe('comparison levels (first match wins)', () => {
  it('surname: any variant, exact, fuzzy, shared token, different', () => {
    expect(surname.compare(person, rec({}), s)).toBe(3);
    expect(surname.compare(person, rec({ surnames: ['Martin'] }), s)).toBe(3);
    expect(surname.compare(person, rec({ surnames: ['DUPONT'] }), s)).toBe(2);
    expect(surname.compare(person, rec({ surnames: ['DUPOMT-MOREAU'] }), s)).toBe(2);
    expect(surname.compare(person, rec({ surnames: ['BERTRAND'] }), s)).toBe(0);
    const gerard = buildIdentity({ surnames: ['GÉRARD'], firstNames: ['Bastien'], birthDates: ['2008-06-05'], sex: 'M' });
    expect(surname.compare(gerard, rec({ surnames: ['GRRARD'] }), s)).toBe(2); // R next to E: a slip
    expect(surname.compare(gerard, rec({ surnames: ['GIRARD'] }), s)).toBe(1); // another name, only close
    expect(surname.compare(person, rec({ surnames: [null] }), s)).toBeNull();
  });
  it('first names: the record\'s names among the person\'s with the main one, other names only, fuzzy, different', () => {
    expect(firstName.compare(person, rec({}), s)).toBe(4);
    expect(firstName.compare(person, rec({ firstNames: ['LUCIE'] }), s)).toBe(4);
    expect(firstName.compare(person, rec({ firstNames: ['Lucie Naëlle Emma'] }), s)).toBe(4); // the school dropped a middle name
    expect(firstName.compare(person, rec({ firstNames: ['LUCEI NAELLE'] }), s)).toBe(3); // a typo in the main name
    expect(firstName.compare(person, rec({ firstNames: ['Naelle'] }), s)).toBe(2); // a middle name only: a sibling?
    expect(firstName.compare(person, rec({ firstNames: ['Emma Lucie'] }), s)).toBe(2); // one name each side the other lacks
    expect(firstName.compare(person, rec({ firstNames: ['LUCY'] }), s)).toBe(0);
    const lena = buildIdentity({ surnames: ['ROY'], firstNames: ['Léna', 'Nina'], mainFirstNames: ['Léna'], birthDates: ['2008-08-30'], sex: 'F' });
    expect(firstName.compare(lena, rec({ firstNames: ['LZNA'] }), s)).toBe(3); // Z is next to E on AZERTY
    expect(firstName.compare(lena, rec({ firstNames: ['ELNA'] }), s)).toBe(3); // two letters swapped
    expect(firstName.compare(lena, rec({ firstNames: ['LINA'] }), s)).toBe(0); // another name
    expect(firstName.compare(lena, rec({ firstNames: ['LEA'] }), s)).toBe(1); // another name, only close
    const pierreLouis = buildIdentity({ surnames: ['SIMON'], firstNames: ['Pierre-Louis'], mainFirstNames: ['Pierre-Louis'], birthDates: ['2006-06-11'], sex: 'M' });
    expect(firstName.compare(pierreLouis, rec({ firstNames: ['PIERRE LOUIS'] }), s)).toBe(4); // hyphen dropped
    const marieLou = buildIdentity({ surnames: ['MEUNIER'], firstNames: ['Marie-Lou', 'Inès'], mainFirstNames: ['Marie-Lou'], birthDates: ['2007-07-16'], sex: 'F' });
    expect(firstName.compare(marieLou, rec({ firstNames: ['MARIE LOU'] }), s)).toBe(4); // hyphen and middle name dropped
    expect(firstName.compare(marieLou, rec({ firstNames: ['INES MARIE LOU'] }), s)).toBe(4); // reordered
    const hugo = buildIdentity({ surnames: ['BLANCHARD'], firstNames: ['Hugo', 'Quentin'], mainFirstNames: ['Hugo'], birthDates: ['2007-05-11'], sex: 'M' });
    expect(firstName.compare(hugo, rec({ firstNames: ['QUENTON HUGO'] }), s)).toBe(3); // reordered, a slip in the middle name
    expect(firstName.compare(person, rec({ firstNames: ['Paul'] }), s)).toBe(0);
  });
  it('first names: one letter typed wrong, added or dropped is a typo only when that spelling is rare next to the other', () => {
    const frequency = new FirstNameFrequency();
    // HUGO, LINA, LENA, LEA, CLEMENCE are common; HGO, LNA, CLAMENCE are nobody's name (a slip).
    for (let k = 0; k < 200; k++) for (const f of ['Hugo', 'Lina', 'Léna', 'Léa', 'Clémence']) frequency.addPerson([f]);
    frequency.addPerson(['Hgo']); // a slip in the school files themselves: one person carries it
    const counted = (first: string, main = true) =>
      withFirstNameCounts(buildIdentity({ surnames: ['DUPONT'], firstNames: [first], mainFirstNames: main ? [first] : [], birthDates: ['2007-01-27'], sex: 'F' }), frequency);
    expect(firstName.compare(counted('Hugo'), counted('HGO', false), s)).toBe(3); // a letter dropped
    expect(firstName.compare(counted('Hgo'), counted('HUGO', false), s)).toBe(3); // the school file's slip
    expect(firstName.compare(counted('Lina'), counted('LNA', false), s)).toBe(3);
    expect(firstName.compare(counted('Clémence'), counted('CLAMENCE', false), s)).toBe(3); // E / A: not neighbours, Jaro-Winkler 0.84
    // Two common names one letter apart stay two names.
    expect(firstName.compare(counted('Lina'), counted('LENA', false), s)).toBe(0);
    expect(firstName.compare(counted('Léna'), counted('LEA', false), s)).toBe(1); // only close (Jaro-Winkler)
    // Without counts (the school link compares without them) a dropped letter is only close.
    expect(firstName.compare(buildIdentity({ surnames: ['DUPONT'], firstNames: ['Hugo'], mainFirstNames: ['Hugo'], birthDates: ['2007-01-27'], sex: 'M' }), rec({ firstNames: ['HGO'] }), s)).toBe(1);
    // Only when the rare spelling is `firstNameMisspellingRatio` (20) times rarer: 200 against 20 is not.
    for (let k = 0; k < 20; k++) frequency.addPerson(['Lna']);
    expect(firstName.compare(counted('Lina'), counted('LNA', false), s)).toBe(1);
    expect(firstName.compare(counted('Lina'), counted('LNA', false), { ...s, firstNameMisspellingRatio: 5 })).toBe(3);
  });
  it('birth date: exact, day/month swapped, one digit, different', () => {
    expect(birthDate.compare(person, rec({}), s)).toBe(3);
    expect(birthDate.compare(buildIdentity({ ...person, birthDates: ['2007-04-06'], surnames: [], firstNames: [] }), rec({ birthDates: ['2007-06-04'] }), s)).toBe(2);
    expect(birthDate.compare(person, rec({ birthDates: ['2008-01-27'] }), s)).toBe(1);
    expect(birthDate.compare(person, rec({ birthDates: ['2005-03-12'] }), s)).toBe(0);
  });
  it('sex and birth place (commune, else département)', () => {
    expect(sex.compare(person, rec({ sex: 'M' }), s)).toBe(0);
    expect(birthPlace.compare(person, rec({ birthCommunes: ['59350'] }), s)).toBe(2);
    expect(birthPlace.compare(person, rec({ birthDepartements: ['59'] }), s)).toBe(1);
    expect(birthPlace.compare(person, rec({ birthDepartements: ['62'] }), s)).toBe(0);
    expect(birthPlace.compare(person, rec({}), s)).toBeNull();
  });
});

/** An identity's keys as `RULE|hash` strings, to compare sets of keys and see their rules. */
const blockingKeys = (id: Identity, rules: typeof s.blocking, regions?: KeyRegions): string[] => {
  const keys = keyList(id, rules, regions);
  return keys.hashes.map((h, k) => `${RULE_NAMES[keys.rules[k]!]}|${h}`);
};

describe('blocking', () => {
  const shares = (a: string[], b: string[]) => a.some((k) => b.includes(k));
  const keys = (id: ReturnType<typeof buildIdentity>) => blockingKeys(id, s.blocking);
  it('survives one error anywhere: surname change, swapped date, year typo, surname typo', () => {
    expect(shares(keys(person), keys(rec({ surnames: ['BERTRAND'] })))).toBe(true);
    const april = buildIdentity({ surnames: ['MARTIN'], firstNames: ['Lucie'], birthDates: ['2007-04-06'], sex: 'F' });
    expect(shares(keys(april), keys(buildIdentity({ surnames: ['MARTINN'], firstNames: ['Lucie'], birthDates: ['2007-06-04'], sex: 'F' })))).toBe(true);
    expect(shares(keys(person), keys(rec({ birthDates: ['2006-01-27'] })))).toBe(true);
    expect(shares(keys(person), keys(rec({ surnames: ['DUPOND-MOREAU'] })))).toBe(true);
  });
  it('keeps a first-name typo with a date typo, a swap or a wholly different date, without pairing a whole birth year', () => {
    const lucie = (first: string, birth: string) => buildIdentity({ surnames: ['MARTIN'], firstNames: [first], birthDates: [birth], sex: 'F' });
    const base = keys(lucie('Lucie', '2007-04-16'));
    // First name with a typo (another sound, the same initial) and one digit of the day or the month wrong.
    expect(shares(base, keys(lucie('Lucia', '2007-04-18')))).toBe(true);
    expect(shares(base, keys(lucie('Lucia', '2007-05-16')))).toBe(true);
    // Day and month swapped, first name with a typo.
    expect(shares(keys(lucie('Lucie', '2007-04-06')), keys(lucie('Lucia', '2007-06-04')))).toBe(true);
    // The same first name, a birth date wrong altogether.
    expect(shares(base, keys(lucie('Lucie', '2007-11-29')))).toBe(true);
    // Another first name of the same initial, born another day of the same year: not a candidate.
    expect(shares(base, keys(lucie('Louise', '2007-11-29')))).toBe(false);
  });
  it('does not pair people who share nothing but the sex', () => {
    expect(shares(keys(person), keys(rec({ surnames: ['BERTRAND'], firstNames: ['Paul'], birthDates: ['2005-03-12'] })))).toBe(false);
  });
  it("puts the keys of a surname's sound side by side in the index: their top 12 bits are the sound's", () => {
    // The hash's top bits order the index (blocking-index.ts); the scoring pass takes persons by sound (scoring-order.ts).
    const group = (h: number) => Math.floor(h / 2 ** 41);
    const bySound = new Set(['SY', 'SM', 'NF']);
    const lefebvre = (first: string, birth: string, regions?: KeyRegions) =>
      keyList(buildIdentity({ surnames: ['LEFEBVRE'], firstNames: [first], birthDates: [birth], sex: 'F', residenceCommunes: ['59350'] }), s.blocking, regions);
    const sound = surnameSound('LEFEVRE') >>> 20;
    let keyed = 0;
    const others = new Set<number>();
    for (const keys of [lefebvre('Lucie', '2007-04-16'), lefebvre('Hugo', '2009-11-02', 'index'), lefebvre('Inès', '2006-01-30', 'lookup')]) {
      keys.hashes.forEach((h, k) => {
        if (!bySound.has(RULE_NAMES[keys.rules[k]!]!)) return others.add(group(h));
        keyed++;
        expect(group(h)).toBe(sound);
      });
    }
    expect(keyed).toBeGreaterThan(20);
    // The other rules' keys are spread as before: keyed on a date and a first name, not on the surname.
    expect([...others].some((g) => g !== sound)).toBe(true);
  });
});

describe('blocking bounded by region (matcher.regionBlocking)', () => {
  // A record is indexed under its regions, a person looks up theirs (blocking-index.ts, candidate-finder.ts).
  const indexed = (id: ReturnType<typeof buildIdentity>) => blockingKeys(id, s.blocking, 'index');
  const looked = (id: ReturnType<typeof buildIdentity>) => blockingKeys(id, s.blocking, 'lookup');
  const meets = (p: ReturnType<typeof buildIdentity>, r: ReturnType<typeof buildIdentity>) => looked(p).some((k) => indexed(r).includes(k));
  const lille = (over: Partial<Parameters<typeof buildIdentity>[0]> = {}) =>
    buildIdentity({ surnames: ['MARTIN'], firstNames: ['Lucie'], birthDates: ['2007-04-16'], sex: 'F', birthCommunes: ['59350'], residenceCommunes: ['59350'], ...over });
  // A year typo and another first name: only the surname sound + day and month rule (SM) pairs them.
  const yearTypo = { firstNames: ['Naëlle'], birthDates: ['2006-04-16'] };

  it('pairs a record with a person of its region only, through the broad rules', () => {
    expect(meets(lille(), lille({ ...yearTypo, birthCommunes: [], residenceCommunes: ['80021'] }))).toBe(true); // Amiens: Hauts-de-France too
    expect(meets(lille(), lille({ ...yearTypo, birthCommunes: ['13055'], residenceCommunes: ['13055'] }))).toBe(false); // Marseille
    // A DECA record: birth département and postal code only.
    expect(meets(lille(), lille({ ...yearTypo, birthCommunes: [], residenceCommunes: [], birthDepartements: ['62'] }))).toBe(true);
    expect(meets(lille(), lille({ ...yearTypo, birthCommunes: [], residenceCommunes: [], postalCodes: ['59000'] }))).toBe(true);
    expect(meets(lille(), lille({ ...yearTypo, birthCommunes: [], residenceCommunes: [], postalCodes: ['75011'] }))).toBe(false);
    // Born in Lille, living in Marseille: met through the birth place.
    expect(meets(lille(), lille({ ...yearTypo, residenceCommunes: ['13055'] }))).toBe(true);
  });
  it('pairs a record or a person known nowhere (abroad, no place given) with anyone', () => {
    const nowhere = { birthCommunes: [], residenceCommunes: [], birthDepartements: ['99'] };
    expect(meets(lille(), lille({ ...yearTypo, ...nowhere }))).toBe(true);
    expect(meets(lille(nowhere), lille({ ...yearTypo, residenceCommunes: ['13055'], birthCommunes: ['13055'] }))).toBe(true);
    expect(meets(lille({ residenceCommunes: ['97411'], birthCommunes: [] }), lille({ ...yearTypo, birthCommunes: [], residenceCommunes: [], postalCodes: ['97400'] }))).toBe(true); // La Réunion
  });
  it('leaves the birth date + first name rule national: a record of another region with the same date and first name is a candidate', () => {
    const marseille = lille({ surnames: ['BERTRAND'], birthCommunes: ['13055'], residenceCommunes: ['13055'] });
    expect(meets(lille(), marseille)).toBe(true);
    expect(looked(lille()).some((k) => k.startsWith('DF|') && indexed(marseille).includes(k))).toBe(true);
    expect([...REGION_BOUNDED_NAMES].sort()).toEqual(['FY', 'SM', 'SY']);
  });
});

