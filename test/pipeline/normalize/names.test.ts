import fc from 'fast-check';
import iconv from 'iconv-lite';
import { describe, expect, it } from 'vitest';
import { foldToAscii } from '../../../pipeline/normalize/fold.js';
import { repairMojibake } from '../../../pipeline/normalize/mojibake.js';
import {
  NAME_PARTICLES,
  normalizeFirstNames,
  normalizeName,
  normalizeSex,
} from '../../../pipeline/normalize/names.js';

const NORMALIZED = /^(?:[A-Z]+(?: [A-Z]+)*)?$/;

/** UTF-8 read as Windows-1252 (WHATWG: undefined bytes become the C1 control of the same value). */
function garble(s: string): string {
  const bytes = Buffer.from(s, 'utf8');
  const decoded = iconv.decode(bytes, 'win1252');
  let out = '';
  for (let i = 0; i < bytes.length; i++) {
    out += decoded[i] === '\uFFFD' ? String.fromCharCode(bytes[i]!) : decoded[i];
  }
  return out;
}

const NAME_CHARS = [
  ...'abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'.split(''),
  ...'éèêëàâäîïôöùûüçÉÈÊËÀÂÎÏÔÖÙÛÜÇœŒæÆñÑ'.split(''),
  ' ', ' ', '-', "'", '’', '_', '.', ',', '\t', '\u00a0', '2', '*', '/',
];
const nameText = fc.string({ unit: fc.constantFrom(...NAME_CHARS), maxLength: 40 });
/**
 * Name text that is not itself mojibake-shaped. The alphabet holds lead characters (Â, Ü…) and
 * continuation characters (’, œ, no-break space), and "Â" + no-break space, say, is exactly the
 * mojibake of a no-break space: repairMojibake rightly repairs it, so such text is left out of the
 * properties that compare a string with a transformed twin.
 */
const cleanNameText = nameText.filter((s) => repairMojibake(s) === s);

describe('normalizeName', () => {
  it.each([
    ["N'DIAYE", 'NDIAYE'],
    ['N’Diaye', 'NDIAYE'],
    ['N`DIAYE', 'NDIAYE'],
    ['N´DIAYE', 'NDIAYE'],
    ["D'ALMEIDA", 'DALMEIDA'],
    ["O'Neill", 'ONEILL'],
    ['JEAN-BAPTISTE', 'JEAN BAPTISTE'],
    ['  dupont_martin.  ', 'DUPONT MARTIN'],
    ['Dupont,Martin', 'DUPONT MARTIN'],
    ['DUPONT/MARTIN', 'DUPONT MARTIN'],
    ['Dupont  -  Martin', 'DUPONT MARTIN'],
    ['DUPONT2', 'DUPONT'],
    ['DU*PONT', 'DUPONT'],
    ['Ã‰LODIE', 'ELODIE'],
    ['MÃ¼LLER', 'MULLER'],
    ['Å’UVRE', 'OEUVRE'],
    ['ÃƒÂ©lodie', 'ELODIE'],
    ['Nâ€™DIAYE', 'NDIAYE'],
    ['VOILÃ\u00a0', 'VOILA'],
    ['Lætitia', 'LAETITIA'],
    ['de la Fontaine', 'DE LA FONTAINE'],
    ['\u00a0DUPONT\u00a0', 'DUPONT'],
  ])('%j → %j', (input, expected) => {
    expect(normalizeName(input).normalized).toBe(expected);
  });

  it('gives empty fields for a cell without letters', () => {
    for (const raw of ['', '   ', '---', "'", '1234']) {
      expect(normalizeName(raw)).toEqual({ normalized: '', compact: '', core: '', tokens: [] });
    }
  });

  it('drops particles from core', () => {
    expect(normalizeName('DE LA FONTAINE')).toEqual({
      normalized: 'DE LA FONTAINE',
      compact: 'DELAFONTAINE',
      core: 'FONTAINE',
      tokens: ['DE', 'LA', 'FONTAINE'],
    });
    expect(normalizeName('Van der Berg').core).toBe('BERG');
    expect(normalizeName('DOS SANTOS').core).toBe('SANTOS');
    expect(normalizeName('DI MARIA').core).toBe('MARIA');
    expect(normalizeName('LA FONTAINE DU BOIS').core).toBe('FONTAINE BOIS');
    expect(normalizeName('D ALMEIDA').core).toBe('ALMEIDA');
  });

  it('keeps particles when nothing else remains', () => {
    expect(normalizeName('LE').core).toBe('LE');
    expect(normalizeName('DE LA').core).toBe('DE LA');
  });

  it('keeps BEN, EL and AL, which discriminate Maghrebi names', () => {
    expect(normalizeName('BEN ALI').core).toBe('BEN ALI');
    expect(normalizeName('EL AMRANI').core).toBe('EL AMRANI');
    expect(normalizeName('AL HASSAN').core).toBe('AL HASSAN');
    for (const t of ['BEN', 'EL', 'AL']) expect(NAME_PARTICLES.has(t)).toBe(false);
  });

  it('outputs single-spaced A–Z tokens, consistent fields', () => {
    fc.assert(
      fc.property(fc.oneof(nameText, fc.string({ unit: 'grapheme' }), fc.string({ unit: 'binary' })), (s) => {
        const n = normalizeName(s);
        expect(n.normalized).toMatch(NORMALIZED);
        expect(n.core).toMatch(NORMALIZED);
        expect(n.tokens.join(' ')).toBe(n.normalized);
        expect(n.compact).toBe(n.normalized.replaceAll(' ', ''));
        expect(n.core === '').toBe(n.normalized === '');
        const coreTokens = n.core === '' ? [] : n.core.split(' ');
        expect(coreTokens.every((t) => n.tokens.includes(t))).toBe(true);
      }),
    );
  });

  it('is idempotent', () => {
    fc.assert(
      fc.property(nameText, (s) => {
        const n = normalizeName(s);
        expect(normalizeName(n.normalized)).toEqual(n);
      }),
    );
  });

  // Lower-casing changes the bytes of a mojibake sequence ("Ã©" → "ã©"), so case-insensitivity is a
  // property of text that is not mojibake.
  const cleanText = cleanNameText.filter(
    (s) => repairMojibake(s.toUpperCase()) === s.toUpperCase() && repairMojibake(s.toLowerCase()) === s.toLowerCase(),
  );

  it('is case-insensitive', () => {
    fc.assert(
      fc.property(cleanText, (s) => {
        expect(normalizeName(s.toLowerCase())).toEqual(normalizeName(s.toUpperCase()));
      }),
    );
  });

  it('is accent-insensitive: a name and its folded twin agree', () => {
    fc.assert(
      fc.property(cleanNameText, (s) => {
        expect(normalizeName(foldToAscii(s))).toEqual(normalizeName(s));
      }),
    );
  });

  it('sees through mojibake, once or twice', () => {
    fc.assert(
      fc.property(cleanNameText, (s) => {
        const expected = normalizeName(s);
        expect(normalizeName(garble(s))).toEqual(expected);
        expect(normalizeName(garble(garble(s)))).toEqual(expected);
      }),
    );
  });
});

describe('normalizeFirstNames', () => {
  it('keeps a hyphenated compound as one name', () => {
    expect(normalizeFirstNames('Jean-Baptiste Pierre')).toEqual({
      tokens: ['JEANBAPTISTE', 'PIERRE'],
      first: 'JEANBAPTISTE',
      normalized: 'JEAN BAPTISTE PIERRE',
    });
  });

  it('treats spaces around a hyphen as part of the compound', () => {
    expect(normalizeFirstNames('Marie - Claire, Anne').tokens).toEqual(['MARIECLAIRE', 'ANNE']);
  });

  it('separates first names on spaces, commas and slashes', () => {
    expect(normalizeFirstNames('Jean, Pierre,Paul/Luc  Marc').tokens).toEqual(['JEAN', 'PIERRE', 'PAUL', 'LUC', 'MARC']);
  });

  it('keeps the same names whatever their order', () => {
    const a = normalizeFirstNames('Pierre Jean-Baptiste');
    const b = normalizeFirstNames('JEAN-BAPTISTE PIERRE');
    expect(new Set(a.tokens)).toEqual(new Set(b.tokens));
    expect(a.first).toBe('PIERRE');
    expect(b.first).toBe('JEANBAPTISTE');
  });

  it('gives the same normalized form with or without the hyphen, but not the same tokens', () => {
    const hyphen = normalizeFirstNames('JEAN-BAPTISTE');
    const space = normalizeFirstNames('JEAN BAPTISTE');
    expect(hyphen.normalized).toBe(space.normalized);
    expect(space.tokens).toEqual(['JEAN', 'BAPTISTE']);
    expect(hyphen.tokens).toEqual(['JEANBAPTISTE']);
  });

  it('joins on apostrophes and repairs mojibake', () => {
    expect(normalizeFirstNames("N'Golo").tokens).toEqual(['NGOLO']);
    expect(normalizeFirstNames('Ã‰lodie HÃ©lÃ¨ne').tokens).toEqual(['ELODIE', 'HELENE']);
  });

  it('gives null first for a cell without names', () => {
    expect(normalizeFirstNames('  - , ')).toEqual({ tokens: [], first: null, normalized: '' });
  });

  it('has consistent fields', () => {
    fc.assert(
      fc.property(fc.oneof(nameText, fc.string({ unit: 'binary' })), (s) => {
        const f = normalizeFirstNames(s);
        expect(f.normalized).toMatch(NORMALIZED);
        for (const t of f.tokens) expect(t).toMatch(/^[A-Z]+$/);
        expect(f.normalized.replaceAll(' ', '')).toBe(f.tokens.join(''));
        expect(f.first).toBe(f.tokens[0] ?? null);
        // Same letters as the family-name normaliser, only grouped differently.
        expect(f.normalized).toBe(normalizeName(s).normalized);
      }),
    );
  });

  it('is case- and accent-insensitive', () => {
    const cleanText = cleanNameText.filter((s) => repairMojibake(s.toLowerCase()) === s.toLowerCase());
    fc.assert(
      fc.property(cleanText, (s) => {
        const expected = normalizeFirstNames(s);
        expect(normalizeFirstNames(s.toLowerCase())).toEqual(expected);
        expect(normalizeFirstNames(foldToAscii(s))).toEqual(expected);
      }),
    );
  });
});

describe('normalizeSex', () => {
  it.each([
    ['M', 'M'],
    ['m', 'M'],
    [' H ', 'M'],
    ['h', 'M'],
    ['1', 'M'],
    ['Masculin', 'M'],
    ['homme', 'M'],
    ['F', 'F'],
    ['f ', 'F'],
    ['2', 'F'],
    ['Féminin', 'F'],
    ['FEMME', 'F'],
    ['', null],
    ['X', null],
    ['3', null],
    ['MF', null],
    ['0', null],
  ] as const)('%j → %j', (input, expected) => {
    expect(normalizeSex(input)).toBe(expected);
  });

  it('gives null for missing values', () => {
    expect(normalizeSex(null)).toBeNull();
    expect(normalizeSex(undefined)).toBeNull();
  });
});
