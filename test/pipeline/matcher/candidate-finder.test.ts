import { describe, expect, it } from 'vitest';
import { indexRecords } from '../../../pipeline/matcher/blocking-index.js';
import { blockingKeys, RULE_NAMES } from '../../../pipeline/matcher/blocking-keys.js';
import { CandidateFinder } from '../../../pipeline/matcher/candidate-finder.js';
import { buildIdentity, type Identity } from '../../../pipeline/matcher/features.js';
import { DEFAULT_MATCHER_SETTINGS as settings } from '../../../pipeline/matcher/settings.js';

/**
 * The finder against a plain reference: every record sharing a key with the person, each once, in
 * the order of the person's keys then of the records, the pairs of each rule counted once. The keys
 * of records known nowhere are held in a table of their own (blocking-index.ts): records and persons
 * known nowhere are among these, so that a wrong table for a key loses or adds candidates.
 */
const SURNAMES = ['MARTIN', 'MARTINEZ', 'LEFEBVRE', 'LEFEVRE', 'DUBOIS'];
const FIRST = ['Lucie', 'Luc', 'Hugo', 'Léa', 'Lena'];
const PLACES: Partial<Parameters<typeof buildIdentity>[0]>[] = [
  { birthCommunes: ['59350'], residenceCommunes: ['59350'] }, // Hauts-de-France
  { birthCommunes: ['13055'], residenceCommunes: ['13055'] }, // Provence-Alpes-Côte d'Azur
  { birthCommunes: ['59350'], residenceCommunes: ['13055'] }, // both
  { birthDepartements: ['99'] }, // abroad: known nowhere
  {}, // no place given: known nowhere
];
const identity = (k: number): Identity =>
  buildIdentity({
    surnames: [SURNAMES[k % 5]!],
    firstNames: [FIRST[(k * 3) % 5]!],
    birthDates: [`2008-0${1 + (k % 3)}-1${k % 4}`],
    sex: k % 2 ? 'M' : 'F',
    ...PLACES[(k * 7) % 5],
  });
const records = Array.from({ length: 120 }, (_, i) => identity(i * 3 + 1));
const persons = Array.from({ length: 200 }, (_, p) => identity(p));

function reference(person: Identity): { records: number[]; pairsByRule: Record<string, number> } {
  const indexed = records.map((r) => blockingKeys(r, settings.blocking, 'index'));
  const looked = blockingKeys(person, settings.blocking, 'lookup');
  const out: number[] = [];
  const perRule = new Map<number, Set<number>>();
  for (let k = 0; k < looked.length; k++) {
    for (let i = 0; i < records.length; i++) {
      if (!indexed[i]!.hashes.includes(looked.hashes[k]!)) continue;
      if (!out.includes(i)) out.push(i);
      const rule = looked.rules[k]!;
      if (!perRule.has(rule)) perRule.set(rule, new Set());
      perRule.get(rule)!.add(i);
    }
  }
  const pairsByRule: Record<string, number> = {};
  for (const [rule, set] of perRule) if (RULE_NAMES[rule] !== 'NF') pairsByRule[RULE_NAMES[rule]!] = set.size;
  return { records: out, pairsByRule };
}

describe('CandidateFinder', () => {
  it('finds the records sharing a key with each person, in key order, with records and persons known nowhere', () => {
    expect(settings.regionBlocking).toBe(true);
    const finder = new CandidateFinder(indexRecords(records.length, (i) => records[i]!, settings), records.length, settings);
    let pairs = 0;
    let nowhereRecordsFound = 0;
    for (const person of persons) {
      const pairsByRule: Record<string, number> = {};
      const found = [...finder.find(person, false, true, pairsByRule)];
      const expected = reference(person);
      expect(found).toEqual(expected.records);
      expect(pairsByRule).toEqual(expected.pairsByRule);
      pairs += found.length;
      nowhereRecordsFound += found.filter((i) => !records[i]!.birthCommunes.length && !records[i]!.residenceCommunes.length).length;
    }
    expect(pairs).toBeGreaterThan(1000);
    expect(nowhereRecordsFound).toBeGreaterThan(100);
  });
});
