import { addMonths } from 'date-fns/addMonths';
import { differenceInYears } from 'date-fns/differenceInYears';
import { formatISO } from 'date-fns/formatISO';
import { parseISO } from 'date-fns/parseISO';
import { BoundedMemo } from '../bounded-memo.js';

/** Dates are ISO `AAAA-MM-JJ` strings throughout: they compare as strings and need no time zone. */

/** First year of the school year that contains `iso` (2025-01-15 → 2024, 2025-09-01 → 2025). */
export function schoolYearOf(iso: string): number {
  const y = Number(iso.slice(0, 4));
  return Number(iso.slice(5, 7)) >= 9 ? y : y - 1;
}

/** 31 August closing school year `year` (2023 → 2024-08-31). */
export function schoolYearEnd(year: number): string {
  return `${year + 1}-08-31`;
}

/** Age in whole years on `at`: 16 on the 16th birthday itself. A 29 February birthday is reached on 1 March in a common year (date-fns' differenceInYears). */
export function ageAt(birthIso: string, atIso: string): number {
  return memoAt(ages, atIso, agesAt).get(birthIso);
}

export function addMonthsIso(iso: string, months: number): string {
  return memoAt(shifted, months, shiftedBy).get(iso);
}

// Remembered: every school person's age and look-back window are worked out at one date D, from a
// few thousand birth dates; date-fns' parsing was a tenth of the campaign's work on the persons
// (profiled on Hauts-de-France: 7.3 s of the populations' CPU, 5.1 s of it in parseISO). One memo a
// date D (or a shift), keyed by the other date as read: a key joining both ("2008-05-12|2025-01-15")
// was a string made at each call and copied again to be hashed, 3 of the 60 s of a thread in the
// school link's national pass (profiled, 2026-12-07).
const ages = new Map<string, BoundedMemo<number>>();
const shifted = new Map<number, BoundedMemo<string>>();
const agesAt = (at: string) => new BoundedMemo(100_000, (birthIso) => differenceInYears(parseISO(at), parseISO(birthIso)));
const shiftedBy = (months: number) => new BoundedMemo(100_000, (from) => formatISO(addMonths(parseISO(from), months), { representation: 'date' }));

function memoAt<K, T>(memos: Map<K, BoundedMemo<T>>, at: K, create: (at: K) => BoundedMemo<T>): BoundedMemo<T> {
  let memo = memos.get(at);
  if (!memo) {
    // A run has one date D and a few shifts: past a few, start again rather than keep every one.
    if (memos.size >= 16) memos.clear();
    memo = create(at);
    memos.set(at, memo);
  }
  return memo;
}
