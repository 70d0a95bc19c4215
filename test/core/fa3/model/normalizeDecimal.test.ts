import fc from 'fast-check';
import { normalizeDecimal } from '../../../../core/fa3/model/normalizeDecimal.js';

/** Exact value as a fraction numerator at 12 decimal places, for comparing without floats. */
function scaled(text: string): bigint {
  const [int, frac = ''] = text.replace('+', '').split('.');
  const neg = int.startsWith('-');
  const v = BigInt(`${int.replace('-', '') || '0'}${frac.padEnd(12, '0')}`);
  return neg ? -v : v;
}

describe('normalizeDecimal', () => {
  it.each([
    ['+007.500', 2, '7.50'],
    ['1.', 2, '1'],
    ['.5', 2, '0.5'],
    ['-0.10', 2, '-0.10'],
    ['100', 2, '100'],
    ['2.0000000', 6, '2.000000'],
    ['1.555', 2, '1.555'],
  ])('%s with %i fraction digits -> %s', (input, digits, expected) => {
    expect(normalizeDecimal(input, digits)).toBe(expected);
  });

  it.each(['1,5', '1e3', 'abc', '', '.', '-', '1.2.3', ' 1'])('refuses %j', (input) => {
    expect(normalizeDecimal(input, 2)).toBeUndefined();
  });

  it('never changes the value, and never leaves more fraction digits than needed', () => {
    fc.assert(
      fc.property(fc.stringMatching(/^[+-]?\d{0,8}\.?\d{0,10}$/), fc.integer({ min: 0, max: 8 }), (input, digits) => {
        const out = normalizeDecimal(input, digits);
        if (out === undefined) return;
        expect(scaled(out)).toBe(scaled(input));
        const frac = out.split('.')[1] ?? '';
        if (frac.length > digits) expect(frac.endsWith('0')).toBe(false);
        expect(out).toMatch(/^-?(0|[1-9]\d*)(\.\d+)?$/);
      }),
      { numRuns: 500 },
    );
  });
});
