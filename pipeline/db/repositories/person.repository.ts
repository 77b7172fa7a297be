import { randomFillSync } from 'node:crypto';

/**
 * NUMERO_SIEI: the stable, non-meaningful identifier printed on the lists and accepted back from
 * I-Milo and the follow-up. `S` + 10 random characters of Crockford's base 32 (no I, L, O, U: read
 * aloud or typed back without confusion); 50 bits, so a collision (refused by the UNIQUE constraint)
 * is practically impossible. Random rather than derived from an INE: it must survive INE changes and
 * must not reveal anything about the person.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newNumeroSiei(): string {
  if (used + 10 > pool.length) {
    randomFillSync(pool);
    used = 0;
  }
  let s = 'S';
  for (let i = 0; i < 10; i++) s += CROCKFORD[pool[used++]! & 31];
  return s;
}

/**
 * Random bytes drawn 4 KiB at a time: a call to the system's generator per number cost 4.5 µs, 20 s
 * for the 4.4 million persons of a first national run. Each byte is used once.
 */
const pool = new Uint8Array(4096);
let used = pool.length;

export const NUMERO_SIEI_SHAPE = /^S[0-9A-HJKMNP-TV-Z]{10}$/;

export function isNumeroSiei(s: string): boolean {
  return NUMERO_SIEI_SHAPE.test(s);
}
