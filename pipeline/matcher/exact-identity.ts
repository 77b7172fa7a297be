import { normalizeFirstNames, normalizeName } from '../normalize/names.js';

/**
 * The deterministic identity pass used until the probabilistic matcher lands (issue 4): two records
 * are the same person when a normalised surname (any of the record's surname variants), a first name
 * (any of the listed first names, order free), the birth date and the sex are all equal.
 *
 * It is strict on purpose: a false match marks a young person "found" who is then never called,
 * while a missed match only costs a PSAD a phone call. A record whose keys point at two different
 * persons matches neither (ambiguous homonyms are left for a person to check).
 */
export function identityKeys(surnames: readonly (string | null)[], firstNames: readonly (string | null)[], birthIso: string, sex: string): string[] {
  const keys = new Set<string>();
  const last = new Set<string>();
  for (const s of surnames) {
    if (!s) continue;
    const n = normalizeName(s).compact;
    if (n) last.add(n);
  }
  const first = new Set<string>();
  for (const f of firstNames) {
    if (!f) continue;
    for (const t of normalizeFirstNames(f).tokens) first.add(t);
  }
  for (const l of last) for (const f of first) keys.add(`${l}|${f}|${birthIso}|${sex}`);
  return [...keys];
}

/** Index of population persons by identity key; `lookup` returns the single person a record points at, if any. */
export class IdentityIndex {
  private readonly byKey = new Map<string, number>();
  /** -1 marks a key shared by several persons. */
  add(personId: number, keys: readonly string[]): void {
    for (const k of keys) {
      const prev = this.byKey.get(k);
      this.byKey.set(k, prev === undefined || prev === personId ? personId : -1);
    }
  }

  lookup(keys: readonly string[]): { personId: number } | { ambiguous: true } | null {
    let found: number | null = null;
    for (const k of keys) {
      const p = this.byKey.get(k);
      if (p === undefined) continue;
      if (p === -1 || (found !== null && found !== p)) return { ambiguous: true };
      found = p;
    }
    return found === null ? null : { personId: found };
  }
}
