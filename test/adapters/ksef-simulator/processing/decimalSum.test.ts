import fc from 'fast-check';
import { decimalSum } from '../../../../adapters/ksef-simulator/processing/decimalSum.js';

describe('decimalSum', () => {
  it('adds decimal strings exactly, where binary floats would not', () => {
    expect(decimalSum(['0.1', '0.2'])).toBe('0.3');
    expect(decimalSum(['100.05', '-0.05', '7'])).toBe('107');
    expect(decimalSum([])).toBe('0');
    expect(decimalSum(['-1.5', '0.25'])).toBe('-1.25');
  });

  it('equals integer arithmetic on cents for any amounts', () => {
    fc.assert(fc.property(fc.array(fc.integer({ min: -1e12, max: 1e12 }), { maxLength: 20 }), (cents) => {
      const asText = cents.map((c) => `${c < 0 ? '-' : ''}${Math.floor(Math.abs(c) / 100)}.${String(Math.abs(c) % 100).padStart(2, '0')}`);
      const total = cents.reduce((a, b) => a + BigInt(b), 0n);
      const expected = Number(total) / 100;
      expect(Number(decimalSum(asText))).toBeCloseTo(expected, 2);
      const neg = total < 0n;
      const abs = neg ? -total : total;
      const exact = `${neg ? '-' : ''}${abs / 100n}${abs % 100n === 0n ? '' : `.${String(abs % 100n).padStart(2, '0').replace(/0$/, '')}`}`;
      expect(decimalSum(asText)).toBe(exact);
    }));
  });
});
