import { describe, expect, it } from 'vitest';
import { checkIne, checkUai, ineKey, uaiKey } from '../../../pipeline/normalize/identifiers.js';

describe('INE', () => {
  it('checks the BEA key on the DOMAIN.md example', () => {
    expect(ineKey('0494004062')).toBe('M');
    expect(checkIne('0494004062M')).toEqual({ ok: true, value: '0494004062M', type: 'BEA', keyChecked: true });
    expect(checkIne('0494004062N')).toEqual({ ok: false, value: '0494004062N', reason: 'key', expectedKey: 'M' });
  });
  it('labels académie 80 INEs as INA, key checked', () => {
    expect(checkIne('8012345678P')).toMatchObject({ ok: true, type: 'INA', keyChecked: true });
  });
  it('checks only the shape of RNIE, SIFA and provisional INEs, and says so', () => {
    expect(checkIne('123456789AB')).toMatchObject({ ok: true, type: 'RNIE', keyChecked: false });
    expect(checkIne('2024A12345K')).toMatchObject({ ok: true, type: 'SIFA', keyChecked: false });
    expect(checkIne('2024D12345K')).toMatchObject({ ok: true, type: 'PROVISOIRE', keyChecked: false });
  });
  it('rejects other shapes', () => {
    for (const bad of ['', '0494004062', '0494004062MM', '12345678IAB', '123456789AL', '2024A12345I', '0494004062O']) {
      expect(checkIne(bad), bad).toMatchObject({ ok: false, reason: 'shape' });
    }
  });
});

describe('UAI', () => {
  it('checks the key on the DOMAIN.md examples', () => {
    expect(uaiKey('0442953')).toBe('W');
    expect(uaiKey('0756036')).toBe('D');
    expect(checkUai('0442953W')).toEqual({ ok: true, value: '0442953W' });
    expect(checkUai('0442953X')).toEqual({ ok: false, value: '0442953X', reason: 'key', expectedKey: 'W' });
    expect(checkUai('044295W')).toMatchObject({ ok: false, reason: 'shape' });
  });
});
