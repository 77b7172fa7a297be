import { describe, expect, it } from 'vitest';
import { DEFAULT_CAMPAIGN_RULES as rules } from '../../../pipeline/campaign/campaign-rules.js';
import { ageAt, schoolYearOf } from '../../../pipeline/campaign/calendar.js';
import { populationOf, type EnrolmentFacts } from '../../../pipeline/campaign/leaver.js';
import { contractInForce, pathwayActive } from '../../../pipeline/campaign/solutions.js';

const D = '2025-01-15';
const left2024: EnrolmentFacts = { annee_scolaire: 2023, date_entree: '2023-09-04', date_sortie: null, niveau_diplome_obtenu: null };

describe('school year and age', () => {
  it('school year N starts on 1 September', () => {
    expect(schoolYearOf('2025-01-15')).toBe(2024);
    expect(schoolYearOf('2025-08-31')).toBe(2024);
    expect(schoolYearOf('2025-09-01')).toBe(2025);
  });
  it('age counts the birthday itself', () => {
    expect(ageAt('2009-01-15', D)).toBe(16);
    expect(ageAt('2009-01-16', D)).toBe(15);
  });
});

describe('populations at the birthdays', () => {
  it('the 16th birthday on D enters both populations; the day after D does not', () => {
    expect(populationOf([left2024], '2009-01-15', D, rules)).toMatchObject({ leaver: true, inDs: true, inOf: true, age: 16 });
    expect(populationOf([left2024], '2009-01-16', D, rules)).toMatchObject({ leaver: false, inDs: false, inOf: false, age: 15 });
  });
  it('the 18th birthday on D leaves the OF (not yet 18 is required) but stays DS', () => {
    expect(populationOf([left2024], '2007-01-15', D, rules)).toMatchObject({ inDs: true, inOf: false, age: 18 });
    expect(populationOf([left2024], '2007-01-16', D, rules)).toMatchObject({ inDs: true, inOf: true, age: 17 });
  });
  it('DS needs a diploma below level 3; OF does not look at diplomas', () => {
    const withCap = { ...left2024, niveau_diplome_obtenu: '3' };
    expect(populationOf([withCap], '2008-05-01', D, rules)).toMatchObject({ inDs: false, inOf: true, diplomaLevel: 3 });
  });
});

describe('leavers', () => {
  it('an exit on 31 August of the previous school year, no enrolment this year: leaver', () => {
    const e = { ...left2024, date_sortie: '2024-08-31' };
    expect(populationOf([e], '2008-05-01', D, rules)).toMatchObject({ leaver: true, latestEnd: '2024-08-31' });
  });
  it('an exit on 31 August seen on 31 August is not yet a departure; seen the next day it is', () => {
    const e = { ...left2024, date_sortie: '2024-08-31' };
    expect(populationOf([e], '2008-05-01', '2024-08-31', rules).leaver).toBe(false);
    expect(populationOf([e], '2008-05-01', '2024-09-01', rules).leaver).toBe(true);
  });
  it('still enrolled this year: not a leaver; exit before D this year: leaver', () => {
    const current: EnrolmentFacts = { annee_scolaire: 2024, date_entree: '2024-09-02', date_sortie: null, niveau_diplome_obtenu: null };
    expect(populationOf([left2024, current], '2008-05-01', D, rules).leaver).toBe(false);
    expect(populationOf([{ ...current, date_sortie: '2024-12-20' }], '2008-05-01', D, rules).leaver).toBe(true);
  });
  it('a change of school within the year is not a departure', () => {
    const first: EnrolmentFacts = { annee_scolaire: 2024, date_entree: '2024-09-02', date_sortie: '2024-11-08', niveau_diplome_obtenu: null };
    const second: EnrolmentFacts = { annee_scolaire: 2024, date_entree: '2024-11-12', date_sortie: null, niveau_diplome_obtenu: null };
    expect(populationOf([second, first], '2008-05-01', D, rules).leaver).toBe(false);
  });
  it('the look-back window: ended more than 12 months before D is out', () => {
    const old: EnrolmentFacts = { annee_scolaire: 2022, date_entree: null, date_sortie: null, niveau_diplome_obtenu: null };
    expect(populationOf([old], '2007-05-01', D, rules).leaver).toBe(false); // ended 2023-08-31
    expect(populationOf([{ ...old, date_sortie: '2024-01-15' }], '2007-05-01', D, rules).leaver).toBe(true); // exactly 12 months
    expect(populationOf([{ ...old, date_sortie: '2024-01-14' }], '2007-05-01', D, rules).leaver).toBe(false);
  });
});

describe('solutions at D', () => {
  const contract = { date_debut_contrat: '2024-09-02', date_fin_contrat: '2025-01-15', date_effet_rupture: null };
  it('a contract ending on D is in force; ending the day before is not', () => {
    expect(contractInForce(contract, D)).toBe(true);
    expect(contractInForce({ ...contract, date_fin_contrat: '2025-01-14' }, D)).toBe(false);
    expect(contractInForce({ ...contract, date_debut_contrat: '2025-01-16', date_fin_contrat: '2026-01-01' }, D)).toBe(false);
  });
  it('a contract broken on D no longer counts; broken the day after still does', () => {
    const long = { ...contract, date_fin_contrat: '2026-08-31' };
    expect(contractInForce({ ...long, date_effet_rupture: '2025-01-15' }, D)).toBe(false);
    expect(contractInForce({ ...long, date_effet_rupture: '2025-01-16' }, D)).toBe(true);
  });
  it('a pathway closed the day before D is not open; closing on D it is; a recent contact counts', () => {
    const p = { date_debut_parcours: '2024-10-01', date_fin_parcours: '2025-01-14', date_dernier_contact: null };
    expect(pathwayActive(p, D, rules)).toBe(false);
    expect(pathwayActive({ ...p, date_fin_parcours: '2025-01-15' }, D, rules)).toBe(true);
    expect(pathwayActive({ ...p, date_dernier_contact: '2024-10-15' }, D, rules)).toBe(true); // D − 3 months
    expect(pathwayActive({ ...p, date_dernier_contact: '2024-10-14' }, D, rules)).toBe(false);
    expect(pathwayActive({ date_debut_parcours: '2025-01-16', date_fin_parcours: null, date_dernier_contact: null }, D, rules)).toBe(false);
  });
});
