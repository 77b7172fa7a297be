import { describe, expect, it } from 'vitest';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { linkRecords, type LinkInput, type PersonIdentity } from '../../../pipeline/matcher/link-records.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../../pipeline/matcher/settings.js';

/**
 * Pupils at school at D last in ties (`matcher.pupilsLastInTies`): a record that ties between a
 * leaver and a homonym still at school under school status is the leaver's.
 */
const id = (surname: string, first: string, birth: string, residence: string | null, birthPlace: string | null = '59350'): Identity =>
  buildIdentity({ surnames: [surname], firstNames: [first], mainFirstNames: [first], birthDates: [birth], sex: 'M', birthCommunes: birthPlace ? [birthPlace] : [], residenceCommunes: residence ? [residence] : [] });

const persons: PersonIdentity[] = [
  // Two homonyms born the same day, in Lille and in Arras: person 1 left school, person 2 is still a
  // pupil (born and living apart: not one person with two INEs).
  { personId: 1, identity: id('RICHARD', 'Antoine', '2008-11-12', '59606') },
  { personId: 2, identity: id('RICHARD', 'Antoine', '2008-11-12', '62041', '62041') },
  // Two more, both pupils.
  { personId: 3, identity: id('BERNARD', 'Noé', '2008-03-12', '80007') },
  { personId: 4, identity: id('BERNARD', 'Noé', '2008-03-12', '62033', '62041') },
  // Two pupils born the same day, and a leaver born another day: the record's date is the pupils'.
  { personId: 5, identity: id('LEROY', 'Sarah', '2008-01-23', '80021') },
  { personId: 6, identity: id('LEROY', 'Sarah', '2008-01-23', '62033', '62041') },
  { personId: 7, identity: id('LEROY', 'Sarah', '2008-10-27', '59606') },
  ...Array.from({ length: 40 }, (_, k) => ({ personId: 10 + k, identity: id(`NOM${String.fromCharCode(65 + (k % 26))}${k}`, ['Hugo', 'Léa', 'Nina', 'Adam'][k % 4]!, `2008-0${1 + (k % 9)}-1${k % 10}`, '80021') })),
];
const records: LinkInput[] = [
  // A contract with no residence: either RICHARD as far as the fields go.
  { identity: id('RICHARD', 'ANTOINE', '2008-11-12', null, null) },
  // Either BERNARD, both at school: nothing to prefer.
  { identity: id('BERNARD', 'NOE', '2008-03-12', null, null) },
  { identity: id('LEROY', 'SARAH', '2008-01-23', null, null) },
];
const pupils = new Set([2, 3, 4, 5, 6]);
const link = (pupilsLastInTies: boolean) =>
  linkRecords(records, () => persons, { ...DEFAULT_MATCHER_SETTINGS, pupilsLastInTies }, undefined, { pupilAtSchool: (p) => pupils.has(p) });

describe('pupils at school last in ties', () => {
  it('a record tied between a leaver and a pupil goes to the leaver; a tie between two pupils stays in review, even with a weaker leaver behind', () => {
    const { decisions, redecidedWithoutPupils } = link(true);
    expect(decisions[0]).toMatchObject({ personId: 1, decision: 'match' });
    expect(decisions[1]!.decision).toBe('review');
    expect(decisions[2]).toMatchObject({ decision: 'review' });
    expect([5, 6]).toContain(decisions[2]!.personId);
    expect(redecidedWithoutPupils).toBe(1);
  });

  it('switched off, the tie goes to review', () => {
    const { decisions, redecidedWithoutPupils } = link(false);
    expect(decisions[0]!.decision).toBe('review');
    expect(decisions[0]!.weight).toBe(decisions[0]!.secondWeight);
    expect(redecidedWithoutPupils).toBe(0);
  });
});
