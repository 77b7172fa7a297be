import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { normalizeFirstNames, normalizeName } from '../../../pipeline/normalize/names.js';
import { DisjointSets } from '../../../pipeline/stages/disjoint-sets.js';
import { linkExactIdentities } from '../../../pipeline/stages/exact-identity-links.js';
import { IdentityRecords } from '../../../pipeline/stages/identity-records.js';

/** [INE number, surname, first names, birth date, sex, birth place] */
type Rec = [number, string, string, string, string, string | null];

/** The INEs' persons, as sorted lists of INE numbers. */
function persons(records: readonly Rec[]): { persons: number[][]; linked: number } {
  const ines = 1 + Math.max(-1, ...records.map((r) => r[0]));
  const store = new IdentityRecords();
  for (const r of records) store.add(...r);
  const sets = new DisjointSets(ines);
  const linked = linkExactIdentities(store, sets);
  return { persons: partition(ines, (i) => sets.find(i)), linked };
}

function partition(n: number, root: (i: number) => number): number[][] {
  const byRoot = new Map<number, number[]>();
  for (let i = 0; i < n; i++) byRoot.set(root(i), [...(byRoot.get(root(i)) ?? []), i]);
  return [...byRoot.values()].sort((a, b) => a[0]! - b[0]!);
}

/** The rule as first written (a Map of identity strings to records): the oracle. */
function reference(records: readonly Rec[]): { persons: number[][]; linked: number } {
  const n = 1 + Math.max(-1, ...records.map((r) => r[0]));
  const parent = Array.from({ length: n }, (_, i) => i);
  const find = (i: number): number => (parent[i] === i ? i : (parent[i] = find(parent[i]!)));
  let linked = 0;
  const link = (a: number, b: number) => {
    const [ra, rb] = [find(a), find(b)];
    if (ra === rb) return;
    parent[Math.max(ra, rb)] = Math.min(ra, rb);
    linked++;
  };
  const groups = new Map<string, { idx: number; place: string | null }[]>();
  for (const [idx, nom, prenom, naissance, sexe, place] of records) {
    const key = `${normalizeName(nom).compact}|${normalizeFirstNames(prenom).first ?? ''}|${naissance}|${sexe}`;
    groups.set(key, [...(groups.get(key) ?? []), { idx, place }]);
  }
  for (const group of groups.values()) {
    const places = new Set(group.map((g) => g.place).filter((p) => p !== null));
    const firstAt = new Map<string | null, number>();
    for (const g of group) {
      const key = places.size <= 1 ? 'single' : g.place;
      if (key === null) continue;
      const first = firstAt.get(key);
      if (first === undefined) firstAt.set(key, g.idx);
      else link(first, g.idx);
    }
  }
  return { persons: partition(n, find), linked };
}

describe('exact identity links', () => {
  it('joins the INEs of one identity and birth place, whatever the spelling of the same normalised names', () => {
    const { persons: p, linked } = persons([
      [0, 'Lefèvre', 'Théo Jules', '2008-03-14', 'M', '62498'],
      [1, 'LEFEVRE', 'THEO', '2008-03-14', 'M', '62498'],
      [2, 'LEFEVRE', 'THEO', '2008-03-15', 'M', '62498'], // another birth date
      [3, 'LEFEVRE', 'THEO', '2008-03-14', 'F', '62498'], // another sex
    ]);
    expect(p).toEqual([[0, 1], [2], [3]]);
    expect(linked).toBe(1);
  });

  it('keeps apart homonyms born the same day in different places', () => {
    expect(
      persons([
        [0, 'PETIT', 'Léa', '2008-03-03', 'F', '59350'],
        [1, 'PETIT', 'Léa', '2008-03-03', 'F', '62041'],
        [2, 'PETIT', 'Léa', '2008-03-03', 'F', '59350'],
      ]).persons,
    ).toEqual([[0, 2], [1]]);
  });

  it('joins a record without a birth place only to an identity that knows a single place', () => {
    const single: Rec[] = [
      [0, 'PETIT', 'Léa', '2008-03-03', 'F', '59350'],
      [1, 'PETIT', 'Léa', '2008-03-03', 'F', null],
      [2, 'PETIT', 'Léa', '2008-03-03', 'F', '59350'],
    ];
    expect(persons(single).persons).toEqual([[0, 1, 2]]);
    // With two places the record could be either homonym: it stays alone.
    expect(persons([...single, [3, 'PETIT', 'Léa', '2008-03-03', 'F', '62041']]).persons).toEqual([[0, 2], [1], [3]]);
    // Nor are two records without a place one person then: each could be either homonym.
    expect(persons([...single, [3, 'PETIT', 'Léa', '2008-03-03', 'F', '62041'], [4, 'PETIT', 'Léa', '2008-03-03', 'F', null]]).persons).toEqual([[0, 2], [1], [3], [4]]);
    // Records without a place at all are one person when their identity is the same.
    expect(persons([[0, 'PETIT', 'Léa', '2008-03-03', 'F', null], [1, 'PETIT', 'Léa', '2008-03-03', 'F', null]]).persons).toEqual([[0, 1]]);
  });

  it('judges an INE by all of its records: one of them can join it to another identity', () => {
    expect(
      persons([
        [0, 'MARTIN', 'Lucas', '2008-07-21', 'M', '59009'],
        [0, 'MARTINEZ', 'Lucas', '2008-07-21', 'M', '59009'],
        [1, 'MARTINEZ', 'Lucas', '2008-07-21', 'M', null],
      ]).persons,
    ).toEqual([[0, 1]]);
  });

  it('gives the same persons and link count as the rule first written, on random records', () => {
    const record = fc.tuple(
      fc.integer({ min: 0, max: 30 }),
      fc.constantFrom('PETIT', 'Petit', 'PETIT-DUVAL', 'Petit Duval', 'MARTIN', ''),
      fc.constantFrom('Léa', 'LEA', 'Léa Marie', 'Marie', 'Marie-Léa', ''),
      fc.constantFrom('2008-03-03', '2008-03-04'),
      fc.constantFrom('F', 'M'),
      fc.constantFrom<string | null>('59350', '62041', '99100', null, null),
    );
    // Few identities, so that groups with several places and several records without one are common.
    const dense = fc.tuple(
      fc.integer({ min: 0, max: 12 }),
      fc.constantFrom('PETIT', 'Petit', 'MARTIN'),
      fc.constantFrom('Léa', 'LEA', 'Léa Marie'),
      fc.constant('2008-03-03'),
      fc.constant('F'),
      fc.constantFrom<string | null>('59350', '62041', null),
    );
    fc.assert(
      fc.property(fc.oneof(fc.array(record, { maxLength: 80 }), fc.array(dense, { maxLength: 30 })), (records) => {
        expect(persons(records)).toEqual(reference(records));
      }),
      { numRuns: 500 },
    );
  });
});

describe('school histories (school-spans.ts)', () => {
  /** Four INEs of one identity; `beside` lists the pairs at two schools at once, `shared` those sharing a school. */
  function withHistories(beside: [number, number][], shared: [number, number][]) {
    const store = new IdentityRecords();
    for (let i = 0; i < 4; i++) store.add(i, 'DUVAL', 'Lucas', '2008-03-12', 'M', '59350');
    const sets = new DisjointSets(4);
    const members = (root: number) => [...Array(4).keys()].filter((i) => sets.find(i) === root);
    const any = (pairs: [number, number][], a: number, b: number) =>
      members(a).some((x) => members(b).some((y) => pairs.some(([p, q]) => (p === x && q === y) || (p === y && q === x))));
    let asked: number[] = [];
    const check = {
      keptApart: 0,
      sideBySide: (a: number, b: number) => any(beside, a, b),
      shareSchool: (a: number, b: number) => any(shared, a, b),
      joined: () => undefined,
    };
    const linked = linkExactIdentities(store, sets, (candidates) => {
      asked = [...new Set(candidates)].sort();
      return check;
    });
    return { persons: partition(4, (i) => sets.find(i)), linked, keptApart: check.keptApart, asked };
  }

  it('joins every INE of an identity when none were at two schools at once', () => {
    expect(withHistories([], [])).toEqual({ persons: [[0, 1, 2, 3]], linked: 3, keptApart: 0, asked: [0, 1, 2, 3] });
  });

  it('keeps apart INEs beside each other, each joining the first pupil it was not beside, one sharing a school first', () => {
    // 0 and 1 were at two schools at once: two pupils. 2 fits both, but shares a school with 1. 3 was beside 1 and 2.
    const r = withHistories([[0, 1], [3, 1], [3, 2]], [[2, 1]]);
    expect(r.persons).toEqual([[0, 3], [1, 2]]);
    expect(r.keptApart).toBe(1);
    expect(r.linked).toBe(2);
  });
});
