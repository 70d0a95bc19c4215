import { decimalFromNumber, isDecimalString, parseErpDecimal } from '../../../core/plugin-api/index.js';

describe('plugin API decimal helpers', () => {
  it('reads ERP number formats into plain decimal strings', () => {
    expect(parseErpDecimal('1 234,50', { decimalSeparator: ',' })).toBe('1234.50');
    expect(parseErpDecimal('1.234,50', { decimalSeparator: ',' })).toBe('1234.50');
    expect(parseErpDecimal('1,234.50')).toBe('1234.50');
    expect(parseErpDecimal("1'234.5")).toBe('1234.5');
    expect(parseErpDecimal('12.50-')).toBe('-12.50');
    expect(parseErpDecimal('-0.00')).toBe('0.00');
    expect(parseErpDecimal('007')).toBe('7');
    expect(parseErpDecimal(',5', { decimalSeparator: ',' })).toBe('0.5');
  });

  it('refuses text that is not a number', () => {
    for (const bad of ['', 'abc', '1e3', '1,5,5', '1,5', '--1', '-1-', '1.2.3']) expect(parseErpDecimal(bad)).toBeUndefined();
  });

  it('takes a JSON number only when its text is exact', () => {
    expect(decimalFromNumber(12.5)).toBe('12.5');
    expect(decimalFromNumber(0.1)).toBe('0.1');
    expect(decimalFromNumber(1e21)).toBeUndefined();
    expect(decimalFromNumber(0.1 + 0.2)).toBeUndefined();
    expect(decimalFromNumber(Number.NaN)).toBeUndefined();
  });

  it('tells plain decimal strings apart', () => {
    expect(isDecimalString('-12.50')).toBe(true);
    expect(isDecimalString('12,50')).toBe(false);
    expect(isDecimalString(12.5)).toBe(false);
  });
});
