import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { latestEnrolment } from '../../../pipeline/campaign/leaver.js';
import { IdentityStore, LIST_FIELDS } from '../../../pipeline/matcher/identity-store.js';
import { SchoolIdentities } from '../../../pipeline/stages/school-identities.js';
import { identityOf, type EnrolmentRow } from '../../../pipeline/stages/school-persons.js';

/**
 * The pass over every school person numbers each identity straight from the enrolments' cells
 * (school-identities.ts): the store must hold what adding `identityOf`'s identity gives, to the
 * strings' numbers, whatever the cells (repeated, empty, variants normalised alike, a residence
 * without postal codes, lists longer than the store packs), person after person (the cells'
 * numbers are remembered from one to the next).
 */
const cell = (values: string[]) => fc.option(fc.constantFrom(...values), { nil: null });
const row = fc.record({
  nom_famille: fc.constantFrom('MARTIN', 'Lefèbvre', 'LEFEVRE', 'de la Tour', 'BONNET-BLANC', "D'ARC", 'LE', ''),
  nom_usage: cell(['MARTIN', 'DUPONT-MARTIN', 'Lefèbvre', 'DU', '']),
  prenom1: fc.constantFrom('Théo', 'Théa', 'Marie-Lou', 'MARIE LOU', 'Hugo', 'Ève', 'Zoé Inès', ''),
  prenom2: cell(['Hugo', 'Louis', 'Marie', 'Jean-Pierre Paul', '']),
  prenom3: cell(['Ève', 'Anne', '']),
  sexe: fc.constantFrom('M', 'F', ''),
  date_naissance: fc.constantFrom('2008-03-12', '2008-12-03', '2007-03-03', '12/03/2008', ''),
  code_commune_naissance: cell(['59350', '2A004', '97411', '99100', '75056', '']),
  code_commune_residence: fc.constantFrom('62510', '13001', '97101', '00000', '59350', ''),
  annee_scolaire: fc.constantFrom(2022, 2023, 2024),
  date_sortie: cell(['2024-06-30', '2023-12-01']),
});
/** A few postal codes a commune, some shared, one empty, one commune without any. */
const POSTAL = new Map<string, string[]>([
  ['62510', ['62510', '62500']],
  ['13001', ['13001', '13000', '13001']],
  ['97101', ['97100', '']],
  ['59350', ['59000', '62500']],
]);

const enrolments = (persons: (typeof row extends fc.Arbitrary<infer R> ? R : never)[][]): EnrolmentRow[][] =>
  persons.map((rows, p) =>
    rows.map((r, k) => ({
      ...r,
      person_id: p + 1,
      enrolment_rowid: 100 * p + k,
      ine: `INE${p}`,
      uai: '0590001A',
      code_mef: null,
      code_pays_naissance: null,
      statut: 'ST',
      date_entree: null,
      niveau_diplome_obtenu: null,
    })),
  );

describe('SchoolIdentities', () => {
  it.each([
    ['with postal codes', POSTAL],
    ['without', new Map<string, string[]>()],
  ])('numbers what identityOf gives, as IdentityStore.add would (%s)', (_, postal) => {
    fc.assert(
      fc.property(fc.array(fc.array(row, { minLength: 1, maxLength: 9 }), { minLength: 1, maxLength: 12 }), (persons) => {
        const groups = enrolments(persons);
        const expected = new IdentityStore();
        const numbering = new SchoolIdentities(postal);
        const actual = new IdentityStore(numbering.table);
        for (const rows of groups) {
          const latest = latestEnrolment(rows);
          expected.add(latest.person_id, identityOf(rows, postal));
          actual.addNumbered(latest.person_id, numbering.of(rows, latest));
        }
        expect(actual.detach()).toEqual(expected.detach());
      }),
      { numRuns: 300 },
    );
  });

  it('leaves a list out when asked, and the stores sharing its table keep only their strings once concatenated', () => {
    const [rows] = enrolments([
      [
        { nom_famille: 'MARTIN', nom_usage: null, prenom1: 'Théo', prenom2: null, prenom3: null, sexe: 'M', date_naissance: '2008-03-12', code_commune_naissance: '59350', code_commune_residence: '62510', annee_scolaire: 2024, date_sortie: null },
      ],
    ]);
    const numbering = new SchoolIdentities(POSTAL);
    const full = new IdentityStore(numbering.table);
    const without = new IdentityStore(numbering.table);
    const identity = numbering.of(rows!, rows![0]!);
    full.addNumbered(1, identity);
    without.addNumbered(1, identity, LIST_FIELDS.indexOf('postalCodes'));
    const [a, b] = [IdentityStore.concat([full.detach()]), IdentityStore.concat([without.detach()])];
    expect(a.identity(0).postalCodes).toEqual(['62510', '62500']);
    expect(b.identity(0)).toEqual({ ...a.identity(0), postalCodes: [] });
    expect(a.stringCount - b.stringCount).toBe(1); // 62500: 62510 is the residence commune too
  });
});
