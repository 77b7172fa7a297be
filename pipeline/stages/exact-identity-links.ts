import type { DisjointSets } from './disjoint-sets.js';
import type { IdentityRecords } from './identity-records.js';

/**
 * The deterministic rule of school deduplication: two INEs are one person when they carry the same
 * exact identity (normalised birth surname and main first name, birth date, sex) and compatible birth
 * places: the same place, or one missing while the identity knows only one place. Two homonyms born
 * the same day in different places stay apart; a record without a birth place joins only an identity
 * that knows a single place, since with two it could be either homonym, and merging two people would
 * drop one of them from the lists (a young person never called).
 *
 * The records are sorted by identity, then birth place (none first), so that each identity's records
 * are consecutive and its places in order: no map of identities is built. Joins the INEs in `sets`
 * and returns how many joins changed a set (INEs linked to another INE).
 */
export function linkExactIdentities(records: IdentityRecords, sets: DisjointSets): number {
  const { ine, surname, firstName, birthDate, sex, birthPlace } = records;
  const order = new Uint32Array(records.count);
  for (let i = 0; i < order.length; i++) order[i] = i;
  order.sort(
    (a, b) =>
      surname[a]! - surname[b]! || firstName[a]! - firstName[b]! || birthDate[a]! - birthDate[b]! || sex[a]! - sex[b]! || birthPlace[a]! - birthPlace[b]!,
  );
  const sameIdentity = (a: number, b: number) => surname[a] === surname[b] && firstName[a] === firstName[b] && birthDate[a] === birthDate[b] && sex[a] === sex[b];

  let linked = 0;
  for (let start = 0; start < order.length; ) {
    const head = order[start]!;
    let end = start + 1;
    while (end < order.length && sameIdentity(head, order[end]!)) end++;
    // Places sorted, none (0) first: a single place when the first and last placed records agree.
    let placed = start;
    while (placed < end && birthPlace[order[placed]!] === 0) placed++;
    const singlePlace = placed === end || birthPlace[order[placed]!] === birthPlace[order[end - 1]!];
    if (singlePlace) {
      for (let k = start + 1; k < end; k++) if (sets.union(ine[head]!, ine[order[k]!]!)) linked++;
    } else {
      for (let k = placed + 1, runHead = order[placed]!; k < end; k++) {
        const r = order[k]!;
        if (birthPlace[r] !== birthPlace[runHead]) runHead = r;
        else if (sets.union(ine[runHead]!, ine[r]!)) linked++;
      }
    }
    start = end;
  }
  return linked;
}
