import { hasValidInternalIdCheckDigit, isValidInternalIdNip, isValidNip } from '../../../../core/fa3/rules/isValidNip.js';

describe('isValidNip', () => {
  it('accepts NIPs whose check digit matches', () => {
    expect(isValidNip('5265877635')).toBe(true);
    expect(isValidNip('7352765225')).toBe(true);
  });

  it('rejects a wrong check digit, a bad pattern and a remainder of 10', () => {
    expect(isValidNip('1234567890')).toBe(false);
    expect(isValidNip('5265877636')).toBe(false);
    expect(isValidNip('526-587-76-35')).toBe(false);
    expect(isValidNip('0265877635')).toBe(false);
    // a body whose weighted sum mod 11 is 10 has no valid check digit at all
    const body = '123456789';
    const s = [6, 5, 7, 2, 3, 4, 5, 6, 7].reduce((a, w, i) => a + w * Number(body[i]), 0) % 11;
    expect(s).toBe(10);
    for (let last = 0; last <= 9; last++) expect(isValidNip(body + String(last))).toBe(false);
  });

  it('checks the NIP part of an internal id', () => {
    expect(isValidInternalIdNip('5265877635-00001')).toBe(true);
    expect(isValidInternalIdNip('1234567890-00001')).toBe(false);
    expect(isValidInternalIdNip('5265877635')).toBe(false);
  });

  it('computes the internal id check digit', () => {
    const digits = '5265877635' + '0000';
    let s = 0;
    for (let i = 0; i < 14; i++) s += Number(digits[i]) * (i % 2 === 0 ? 1 : 3);
    const good = `5265877635-0000${s % 10}`;
    expect(hasValidInternalIdCheckDigit(good)).toBe(true);
    expect(hasValidInternalIdCheckDigit(`5265877635-0000${(s + 1) % 10}`)).toBe(false);
  });
});
