import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { repairMojibake } from '../../../pipeline/normalize/mojibake.js';

/**
 * What a Windows-1252 reader makes of UTF-8 text, per the WHATWG Encoding standard: iconv-lite's table,
 * except that the five bytes Windows-1252 leaves undefined (0x81, 0x8D, 0x8F, 0x90, 0x9D) become the C1
 * control of the same value instead of U+FFFD. (Node 20's TextDecoder('windows-1252') decodes as
 * ISO-8859-1, so it cannot serve as the reference.)
 */
function garble(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  const decoded = iconv.decode(bytes, 'win1252');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    out += decoded[i] === '\uFFFD' ? String.fromCharCode(bytes[i]!) : decoded[i];
  }
  return out;
}

/**
 * ASCII letters, Latin-1 letters (U+00C0–U+00FF but × and ÷), space, hyphen, apostrophe. Not Œ œ Š š Ÿ:
 * they are UTF-8 continuation bytes in Windows-1252, so correct text such as "Åš" or "Ãœ" IS valid
 * mojibake (of "Ś", "Ü") and no repair can tell; œ is covered by the examples above.
 */
const LATIN_CHARS: string[] = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ -\''.split(''),
  ...Array.from({ length: 0x40 }, (_, k) => String.fromCharCode(0xc0 + k)).filter((c) => c !== '×' && c !== '÷'),
];
const latinText = fc.string({ unit: fc.constantFrom(...LATIN_CHARS), maxLength: 40 });

describe('repairMojibake', () => {
  it.each([
    ['Ã©', 'é'],
    ['Ã‰', 'É'],
    ['Ã¨', 'è'],
    ['Ã§', 'ç'],
    ['Ã¯', 'ï'],
    ['Ã«', 'ë'],
    ['Ã´', 'ô'],
    ['Ã¢', 'â'],
    ['Ã¼', 'ü'],
    ['Å“', 'œ'],
    ['Å’UVRE', 'ŒUVRE'],
    ['ÃƒÂ©', 'é'], // damaged twice
    ['Ã‰LODIE', 'ÉLODIE'],
    ['HÃ©lÃ¨ne', 'Hélène'],
    ['Nâ€™DIAYE', 'N’DIAYE'], // three-byte sequence
    ['VOILÃ\u00a0', 'VOILà'], // à is C3 A0: its second half is a no-break space
    ['Ã\u0081NGEL', 'ÁNGEL'], // Á is C3 81: 0x81 is undefined in Windows-1252, read as U+0081
    ['Ã\u0089LODIE', 'ÉLODIE'], // UTF-8 read as ISO-8859-1: 0x89 became U+0089, not ‰
    ['Ã¢â‚¬â„¢', '’'], // ’ damaged twice (three-byte sequence)
  ])('%j → %j', (input, expected) => {
    expect(repairMojibake(input)).toBe(expected);
  });

  it.each([
    ['Ãlvaro'], // legit Portuguese name: Ã then an ASCII letter is invalid UTF-8
    ['ÅSA'],
    ['Åsa Öberg'],
    ['MÜLLER'],
    ['ÉLODIE Ã‰LISE'], // mixes correct and damaged text: which half to trust is a guess
    ['Ã'], // truncated sequence
    ['ABCÃ'],
    ['Ã?'], // the reader replaced the second byte by '?': information lost
    ['Ã\ufffd'],
    ['ï¿½'], // the mojibake of U+FFFD: repairing it would only yield a replacement char
    ['À¯'], // C0 AF: overlong encoding of '/'
    ['í\u00a0€'], // ED A0 80: a UTF-16 surrogate, invalid in UTF-8
    ['Ã©漢'], // 漢 has no Windows-1252 byte
    ['È’'], // C8 92 is valid UTF-8 but decodes to Ȓ (Latin Extended-B): not French mojibake
    ['Â€'], // C2 80 decodes to a C1 control
    ['ðŸ˜€'], // valid UTF-8 (an emoji), but not a character French data is damaged from
    ['ÃƒÂ'], // C3 83 C2: the trailing lead byte is truncated, so the whole string is invalid
  ])('leaves %j unchanged', (input) => {
    expect(repairMojibake(input)).toBe(input);
  });

  it('returns the same string instance when nothing is repaired', () => {
    const s = 'Ãlvaro';
    expect(Object.is(repairMojibake(s), s)).toBe(true);
  });

  it('repairs at most twice', () => {
    const thrice = garble(garble(garble('é')));
    expect(repairMojibake(thrice)).toBe(garble('é'));
  });

  it('never changes a pure-ASCII string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary-ascii' }), (s) => {
        expect(repairMojibake(s)).toBe(s);
      }),
    );
  });

  it('leaves correct Latin text unchanged', () => {
    fc.assert(
      fc.property(latinText, (s) => {
        expect(repairMojibake(s)).toBe(s);
      }),
    );
  });

  it('undoes one round of damage', () => {
    fc.assert(
      fc.property(latinText, (s) => {
        expect(repairMojibake(garble(s))).toBe(s);
      }),
    );
  });

  it('undoes two rounds of damage', () => {
    fc.assert(
      fc.property(latinText, (s) => {
        expect(repairMojibake(garble(garble(s)))).toBe(s);
      }),
    );
  });

  it('never throws and never lengthens a string', () => {
    fc.assert(
      fc.property(fc.string({ unit: 'binary' }), (s) => {
        expect(repairMojibake(s).length).toBeLessThanOrEqual(s.length);
      }),
    );
  });
});
