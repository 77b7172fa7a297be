/**
 * The kinds of strings an identity holds, each interned in a table of its own: a text is numbered
 * once within its kind. Places and sexes share one, since stored-levels.ts numbers a record's places
 * and sex by the persons' numbers of those texts, and a text numbered twice there would compare unequal.
 */
export const STRING_KINDS = ['names', 'dates', 'places and sex'] as const;
export type StringKind = (typeof STRING_KINDS)[number];
export const NAMES = STRING_KINDS.indexOf('names');
export const DATES = STRING_KINDS.indexOf('dates');
export const PLACES_AND_SEX = STRING_KINDS.indexOf('places and sex');

/**
 * The numbers of an identity store's strings (identity-store.ts), each numbered once in its kind, in
 * the order they are first numbered. Why a table a kind: a national store holds hundreds of
 * thousands of names, and in one table of them every lookup, even a date's, went to memory far from
 * the processor's cache; the dates', places' and sexes' tables stay small and near.
 */
export class StringTable {
  /** The string numbered n, at n. */
  readonly strings: string[] = [];
  private readonly ids: Map<string, number>[] = STRING_KINDS.map(() => new Map());

  /** The number of `s` in its kind (a STRING_KINDS index), numbered now if it has none. */
  number(kind: number, s: string): number {
    const ids = this.ids[kind]!;
    let id = ids.get(s);
    if (id === undefined) {
      id = this.strings.length;
      this.strings.push(s);
      ids.set(s, id);
    }
    return id;
  }
}
