import { firstNameTokens, type Identity } from './features.js';

/**
 * How many school persons carry each first name (a person counts once per name, whatever their
 * number of enrolments). A misspelt name is rare next to the name it was typed for: CLAMENCE is
 * nobody's or one person's first name where CLEMENCE is thousands', while LENA and LINA, two names
 * one letter apart, are both common. The matcher reads these counts to tell the two apart
 * (comparisons.ts, `firstName`).
 */
export class FirstNameFrequency {
  private readonly counts = new Map<string, number>();
  private persons = 0;

  /** The first-name cells of one person's school records (PRENOM1-3 of every enrolment). */
  addPerson(cells: readonly (string | null)[]): void {
    this.persons++;
    const names = new Set<string>();
    for (const cell of cells) if (cell) for (const t of firstNameTokens(cell)) names.add(t);
    for (const n of names) this.counts.set(n, (this.counts.get(n) ?? 0) + 1);
  }

  count(name: string): number {
    return this.counts.get(name) ?? 0;
  }

  get personCount(): number {
    return this.persons;
  }

  /** The table as plain data, for another thread (`fromEntries`). */
  toEntries(): { names: [string, number][]; persons: number } {
    return { names: [...this.counts], persons: this.persons };
  }

  /** The counts of a store's persons (IdentityStore.countFirstNames), as `addPerson` on each one's enrolments gives them. */
  static fromCounts(names: ReadonlyMap<string, number>, persons: number): FirstNameFrequency {
    return FirstNameFrequency.fromEntries({ names: [...names], persons });
  }

  static fromEntries(entries: { names: [string, number][]; persons: number }): FirstNameFrequency {
    const frequency = new FirstNameFrequency();
    for (const [name, count] of entries.names) frequency.counts.set(name, count);
    frequency.persons = entries.persons;
    return frequency;
  }
}

/** Sets `identity.firstNameCounts` from the school persons' first names. */
export function withFirstNameCounts(identity: Identity, frequency: FirstNameFrequency): Identity {
  identity.firstNameCounts = identity.firstNames.map((n) => frequency.count(n));
  return identity;
}
