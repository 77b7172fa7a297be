import type { DisjointSets } from './disjoint-sets.js';
import type { IdentityRecords } from './identity-records.js';
import { radixOrder } from './radix-order.js';

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
 * and returns how many joins changed a set (INEs linked to another INE). With `histories`, two INEs
 * that were at two schools at the same time are not joined (school-spans.ts): each INE joins the
 * first of its run's pupils it was not beside, one sharing a school with it first. `histories` is
 * the check itself, read beforehand for `sharedIdentityInes` (the resolve stage reads it in two
 * threads), or a function given those INEs; `order` is `identityOrder`, when the caller has it.
 */
export function linkExactIdentities(
  records: IdentityRecords,
  sets: DisjointSets,
  histories?: SchoolHistoriesCheck | ((candidates: number[]) => SchoolHistoriesCheck),
  order = identityOrder(records),
): number {
  const { ine, birthPlace } = records;
  // The school histories of the INEs that share an identity with another INE, read once.
  const check: SchoolHistoriesCheck | null = typeof histories === 'function' ? histories(sharedIdentityInes(records, order)) : (histories ?? null);

  let linked = 0;
  /** The INEs of one run that would be one person, each joining the first pupil it was not at school beside. */
  const reps: number[] = [];
  const join = (head: boolean, x: number) => {
    if (head) reps.length = 0;
    if (!check) {
      if (head) reps.push(x);
      else if (sets.union(reps[0]!, x)) linked++;
      return;
    }
    const own = sets.find(x);
    if (reps.some((r) => sets.find(r) === own)) return;
    let target = -1;
    for (const r of reps) {
      const root = sets.find(r);
      if (check.sideBySide(root, own)) continue;
      if (target < 0) target = r;
      // A pupil who changed INE at the same school, first.
      if (check.shareSchool(root, own)) {
        target = r;
        break;
      }
    }
    if (target < 0) {
      if (!head && reps.length) check.keptApart++;
      reps.push(x);
      return;
    }
    const [a, b] = [sets.find(target), own];
    if (sets.union(target, x)) {
      linked++;
      check.joined(sets.find(x), a, b);
    }
  };

  forEachIdentity(records, order, (start, end) => {
    const head = order[start]!;
    // Places sorted, none (0) first: a single place when the first and last placed records agree.
    let placed = start;
    while (placed < end && birthPlace[order[placed]!] === 0) placed++;
    const singlePlace = placed === end || birthPlace[order[placed]!] === birthPlace[order[end - 1]!];
    if (singlePlace) {
      for (let k = start; k < end; k++) join(k === start, ine[order[k]!]!);
    } else {
      for (let k = placed, runHead = -1; k < end; k++) {
        const r = order[k]!;
        const newRun = runHead < 0 || birthPlace[r] !== birthPlace[runHead];
        if (newRun) runHead = r;
        join(newRun, ine[r]!);
      }
    }
  });
  return linked;
}

/**
 * The records' positions sorted by identity, then birth place (none, 0, first), records of equal
 * values in the order they were read (radix-order.ts): each identity's records are consecutive.
 */
export function identityOrder(records: IdentityRecords): Uint32Array {
  const { surname, firstName, birthDate, sex, birthPlace } = records;
  return radixOrder(records.count, [surname, firstName, birthDate, sex, birthPlace]);
}

/**
 * The INEs (with repeats) of the identities that more than one INE carries: the ones whose school
 * histories the pass may ask about (`histories`). `order` is `identityOrder(records)`.
 */
export function sharedIdentityInes(records: IdentityRecords, order: Uint32Array): number[] {
  const { ine } = records;
  const candidates: number[] = [];
  forEachIdentity(records, order, (start, end) => {
    for (let k = start + 1; k < end; k++) {
      if (ine[order[k]!] === ine[order[start]!]) continue;
      for (let j = start; j < end; j++) candidates.push(ine[order[j]!]!);
      return;
    }
  });
  return candidates;
}

/** Calls `run(start, end)` for each identity with two records or more (consecutive in `order`). */
function forEachIdentity(records: IdentityRecords, order: Uint32Array, run: (start: number, end: number) => void): void {
  const { surname, firstName, birthDate, sex } = records;
  const sameIdentity = (a: number, b: number) => surname[a] === surname[b] && firstName[a] === firstName[b] && birthDate[a] === birthDate[b] && sex[a] === sex[b];
  for (let start = 0; start < order.length; ) {
    let end = start + 1;
    while (end < order.length && sameIdentity(order[start]!, order[end]!)) end++;
    if (end - start > 1) run(start, end);
    start = end;
  }
}

/**
 * What the pass asks of the school histories (school-spans.ts), by set representative: two INEs at
 * two schools at the same time are two pupils, whatever their identity.
 */
export interface SchoolHistoriesCheck {
  sideBySide(a: number, b: number): boolean;
  shareSchool(a: number, b: number): boolean;
  /** The sets of representatives a and b are now one, of representative `root`. */
  joined(root: number, a: number, b: number): void;
  /** INEs kept apart from every other INE of their identity because of their schooling. */
  keptApart: number;
}
