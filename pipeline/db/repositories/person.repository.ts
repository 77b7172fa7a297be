import { randomBytes } from 'node:crypto';

/**
 * NUMERO_SIEI: the stable, non-meaningful identifier printed on the lists and accepted back from
 * I-Milo and the follow-up. `S` + 10 random characters of Crockford's base 32 (no I, L, O, U: read
 * aloud or typed back without confusion); 50 bits, so a collision (refused by the UNIQUE constraint)
 * is practically impossible. Random rather than derived from an INE: it must survive INE changes and
 * must not reveal anything about the person.
 */
const CROCKFORD = '0123456789ABCDEFGHJKMNPQRSTVWXYZ';

export function newNumeroSiei(): string {
  const bytes = randomBytes(10);
  let s = 'S';
  for (let i = 0; i < 10; i++) s += CROCKFORD[bytes[i]! & 31];
  return s;
}

export const NUMERO_SIEI_SHAPE = /^S[0-9A-HJKMNP-TV-Z]{10}$/;

export function isNumeroSiei(s: string): boolean {
  return NUMERO_SIEI_SHAPE.test(s);
}
