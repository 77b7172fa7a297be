/**
 * Digits read in place by character code, without a substring or `Number`: for the hot paths that
 * read fixed-width numbers out of codes and dates (the parsing thread's shapes, the matcher's keys).
 */

const ZERO = 48;
const NINE = 57;

/** Whether `s` holds only digits at [at, at + length). */
export function digitsAt(s: string, at: number, length: number): boolean {
  for (let i = at; i < at + length; i++) {
    const c = s.charCodeAt(i);
    if (c < ZERO || c > NINE) return false;
  }
  return true;
}

/** The number written at [at, at + length) of `s`, which must be digits there (`digitsAt`). */
export function numberAt(s: string, at: number, length: number): number {
  let n = 0;
  for (let i = at; i < at + length; i++) n = n * 10 + s.charCodeAt(i) - ZERO;
  return n;
}
