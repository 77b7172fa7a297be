import { describe, expect, it } from 'vitest';
import { isTypingSlip, keyboardNeighbours } from '../../../pipeline/matcher/keyboard-typo.js';

describe('typing slips (AZERTY)', () => {
  it('knows the keys around a key, on its row and the staggered rows above and below, and only those', () => {
    expect(keyboardNeighbours('E', 'Z')).toBe(true);
    expect(keyboardNeighbours('A', 'Q')).toBe(true); // just below
    expect(keyboardNeighbours('Z', 'Q')).toBe(true); // below left
    expect(keyboardNeighbours('Q', 'Z')).toBe(true); // symmetric
    expect(keyboardNeighbours('A', 'S')).toBe(false); // below right of Z, not of A
    expect(keyboardNeighbours('L', 'M')).toBe(true);
    expect(keyboardNeighbours('P', 'Q')).toBe(false); // ends of two rows
    expect(keyboardNeighbours('E', 'I')).toBe(false);
  });
  it.each([
    ['LENA', 'LZNA'], ['MANON', 'MZNON'], ['LUCAS', 'LUCQS'], ['ROMAIN', 'RPMAIN'], ['CAMILLE', 'CALILLE'], ['LOUIS', 'LOIIS'],
    ['LENA', 'ELNA'], ['THEO', 'HTEO'], ['SARAH', 'SAARAH'], ['CAMILLE', 'CAMILE'],
  ])('%s / %s is a slip', (a, b) => {
    expect(isTypingSlip(a, b)).toBe(true);
    expect(isTypingSlip(b, a)).toBe(true);
  });
  it.each([
    ['LENA', 'LINA'], ['LEA', 'LENA'], ['LOUIS', 'LOUISE'], ['EMMA', 'EMMA'], ['ANNA', 'ANNE'], ['LEO', 'LOE'], ['NOAH', 'NOAM'], ['THEO', 'TEHOA'],
  ])('%s / %s is not', (a, b) => {
    expect(isTypingSlip(a, b)).toBe(false);
  });
});
