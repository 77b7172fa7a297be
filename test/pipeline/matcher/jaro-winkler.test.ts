import fc from 'fast-check';
import packageJaroWinkler from 'jaro-winkler';
import { describe, expect, it } from 'vitest';
import { jaroWinkler } from '../../../pipeline/matcher/jaro-winkler.js';

/** The port must give the package's score to the last bit: the matcher's weights depend on its thresholds. */
describe('jaroWinkler', () => {
  it('equals the jaro-winkler package on names and on arbitrary strings', () => {
    const name = fc.stringMatching(/^[A-E]{0,9}$/);
    const any = fc.string({ maxLength: 40, unit: 'binary' });
    fc.assert(
      fc.property(fc.oneof(fc.tuple(name, name), fc.tuple(any, any)), ([a, b]) => {
        expect(Object.is(jaroWinkler(a, b), packageJaroWinkler(a, b))).toBe(true);
      }),
      { numRuns: 20_000 },
    );
  });

  it('equals the package on the pairs the matcher meets', () => {
    const pairs = [['MARTHA', 'MARHTA'], ['DWAYNE', 'DUANE'], ['DIXON', 'DICKSONX'], ['LENA', 'LZNA'], ['A', 'B'], ['AB', 'BA'], ['ABC', 'ABCD'], ['CLEMENCE', 'CLAMENCE'], ['', 'A'], ['X', 'X'], ['LONGER NAME WITH SPACES AND MORE THAN SIXTY-FOUR CHARACTERS IN IT, TO GROW', 'LONGER NAME']];
    for (const [a, b] of pairs) {
      expect(jaroWinkler(a!, b!)).toBe(packageJaroWinkler(a!, b!));
      expect(jaroWinkler(b!, a!)).toBe(packageJaroWinkler(b!, a!));
    }
  });
});
