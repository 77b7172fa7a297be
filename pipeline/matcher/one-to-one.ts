/**
 * One live record per person and source: a young person holds one apprenticeship contract and one
 * open I-Milo pathway at a time, so two records of one source cannot both be theirs. On
 * Hauts-de-France, every person the matcher gave two live records of one source had one of them
 * wrongly (a brother, a homonym born the same day); and a record tied between two look-alikes is
 * decided when one of them is already held by another record of the source.
 *
 * Greedy assignment, strongest first: the links the matcher made, by decreasing weight, then the
 * other records by decreasing weight. Each record is decided again without the persons already held
 * in its source, only when one of its kept candidates is held; a link then holds its person (and the
 * second school identity of the same young person, when the decision took both).
 */
export interface Decided {
  decision: 'match' | 'review' | 'none';
  personId: number | null;
  alsoPersonId: number | null;
  weight: number;
}

export function oneLiveRecordPerPerson<D extends Decided>(
  initial: readonly D[],
  sourceOf: (record: number) => string | undefined,
  candidatesOf: (record: number) => readonly number[],
  decide: (record: number, taken: ReadonlySet<number>) => D,
  /** Persons holding a live record of a source already, by a deterministic link. */
  heldBefore?: ReadonlyMap<string, ReadonlySet<number>>,
): { decisions: D[]; redecided: number } {
  const decisions = [...initial];
  const byWeight = (a: number, b: number) => initial[b]!.weight - initial[a]!.weight || a - b;
  const indices = initial.map((_, i) => i).filter((i) => sourceOf(i) !== undefined);
  const order = [...indices.filter((i) => initial[i]!.decision === 'match').sort(byWeight), ...indices.filter((i) => initial[i]!.decision !== 'match').sort(byWeight)];
  const held = new Map<string, Set<number>>([...(heldBefore ?? [])].map(([source, persons]) => [source, new Set(persons)]));
  let redecided = 0;
  for (const i of order) {
    const source = sourceOf(i)!;
    let taken = held.get(source);
    if (!taken) held.set(source, (taken = new Set()));
    if (candidatesOf(i).some((p) => taken.has(p))) {
      const d = decide(i, taken);
      if (d.decision !== initial[i]!.decision || d.personId !== initial[i]!.personId) redecided++;
      decisions[i] = d;
    }
    const d = decisions[i]!;
    if (d.decision !== 'match') continue;
    taken.add(d.personId!);
    if (d.alsoPersonId !== null) taken.add(d.alsoPersonId);
  }
  return { decisions, redecided };
}
