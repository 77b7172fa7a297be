import fc from 'fast-check';
import { describe, expect, it } from 'vitest';
import { BlockingIndex, indexStoredRecords, type SharedBlockingIndex } from '../../../pipeline/matcher/blocking-index.js';
import { buildIdentity } from '../../../pipeline/matcher/features.js';
import { IdentityStore } from '../../../pipeline/matcher/identity-store.js';
import { DEFAULT_MATCHER_SETTINGS } from '../../../pipeline/matcher/settings.js';

/**
 * The campaign's matcher takes the blocking index of every solution record read, built by the thread
 * that read them, and keeps the records it matches, numbered anew (campaign.stage.ts); the first pass
 * keeps the training records (link-records.ts). Either must be the index a build of those records
 * alone gives, array for array: the pairs, and the order they come in (hence EM's sums), depend on it.
 * The store of the records kept numbers its strings otherwise (IdentityStore.concat): the keys must
 * not depend on it.
 */
const cells = (values: string[]) => fc.array(fc.option(fc.constantFrom(...values), { nil: null }), { maxLength: 3 });
const identities = fc
  .record({
    surnames: cells(['MARTIN', 'MARTINS', 'Lefèbvre', 'LEFEVRE', 'BONNET-BLANC', "D'ARC"]),
    firstNames: cells(['Théo', 'Théa', 'Marie-Lou', 'Hugo', 'Ève']),
    birthDates: fc.array(fc.constantFrom('2008-03-12', '2008-12-03', '2007-03-03', '12/03/2008', ''), { minLength: 1, maxLength: 2 }),
    sex: fc.constantFrom('M', 'F', ''),
    birthCommunes: cells(['59350', '2A004', '97411', '99100']),
    birthDepartements: cells(['59', '2A', '974', '99']),
    residenceCommunes: cells(['62510', '13001', '97101']),
    postalCodes: cells(['59000', '20000', '97400']),
  })
  .map((input) => buildIdentity({ ...input, mainFirstNames: input.firstNames.slice(0, 1) }));

const sealedStore = (ids: ReturnType<typeof buildIdentity>[]) => {
  const store = new IdentityStore();
  ids.forEach((id, i) => store.add(i, id));
  return store.seal();
};

/** The index's arrays as plain numbers, to compare two indexes whole. */
const arraysOf = (s: SharedBlockingIndex) => [s.main, s.nowhere].map((t) => ({ keys: [...t.keys], starts: [...t.starts], records: [...t.records], bits: t.bits, directory: [...t.directory] }));

describe('BlockingIndex.renumbered', () => {
  it.each([
    ['by region', true],
    ['without regions', false],
  ])('gives the index a build of the records kept gives (%s)', (_, regionBlocking) => {
    const settings = { ...DEFAULT_MATCHER_SETTINGS, regionBlocking };
    fc.assert(
      fc.property(fc.array(identities, { minLength: 1, maxLength: 40 }), fc.array(fc.boolean(), { minLength: 40, maxLength: 40 }), (ids, keep) => {
        const all = sealedStore(ids);
        const numbers = new Int32Array(ids.length).fill(-1);
        const kept: number[] = [];
        ids.forEach((_, r) => {
          if (keep[r]) numbers[r] = kept.push(r) - 1;
        });
        // The records kept, in a store of their own, as the campaign concatenates them.
        const keptStore = IdentityStore.concat(kept.map((r) => IdentityStore.slice(all.shared(), r, r + 1)));
        const renumbered = new BlockingIndex(indexStoredRecords(all.shared(), settings).shared()).renumbered(numbers);
        expect(arraysOf(renumbered.shared())).toEqual(arraysOf(indexStoredRecords(keptStore.shared(), settings).shared()));
      }),
      { numRuns: 150 },
    );
  });

  it('keeps everything, or nothing, as a build would', () => {
    const ids = [
      buildIdentity({ surnames: ['MARTIN'], firstNames: ['Théo'], mainFirstNames: ['Théo'], birthDates: ['2008-03-12'], sex: 'M', birthCommunes: ['59350'], residenceCommunes: ['59350'] }),
      buildIdentity({ surnames: ['MARTINS'], firstNames: ['Théa'], mainFirstNames: ['Théa'], birthDates: ['2008-03-12'], sex: 'F', residenceCommunes: ['13001'] }),
    ];
    const index = indexStoredRecords(sealedStore(ids).shared(), DEFAULT_MATCHER_SETTINGS);
    const same = index.renumbered(Int32Array.from([0, 1]));
    expect(arraysOf(same.shared())).toEqual(arraysOf(index.shared()));
    expect(arraysOf(index.shared())[0]!.records.length).toBeGreaterThan(10);
    const none = index.renumbered(Int32Array.from([-1, -1]));
    expect(arraysOf(none.shared())).toEqual(arraysOf(new BlockingIndex({ forEach: () => undefined }).shared()));
  });

  it('refuses numbers that do not rise with the records: a key would give its records out of order', () => {
    const id = buildIdentity({ surnames: ['MARTIN'], firstNames: ['Théo'], mainFirstNames: ['Théo'], birthDates: ['2008-03-12'], sex: 'M' });
    const index = indexStoredRecords(sealedStore([id, id]).shared(), DEFAULT_MATCHER_SETTINGS);
    expect(() => index.renumbered(Int32Array.from([1, 0]))).toThrow(/do not rise/);
  });
});
