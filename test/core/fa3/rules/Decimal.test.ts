import fc from 'fast-check';
import { Decimal, sum } from '../../../../core/fa3/rules/Decimal.js';

const d = (s: string): Decimal => {
  const v = Decimal.parse(s);
  if (!v) throw new Error(`bad decimal ${s}`);
  return v;
};

describe('Decimal', () => {
  it('parses plain decimal strings and rejects anything else', () => {
    expect(d('-162.60').toString()).toBe('-162.60');
    expect(d('2051').toString()).toBe('2051');
    expect(d('0.05').toString()).toBe('0.05');
    expect(Decimal.parse('1e3')).toBeUndefined();
    expect(Decimal.parse('1,50')).toBeUndefined();
    expect(Decimal.parse('')).toBeUndefined();
    expect(Decimal.parse(undefined)).toBeUndefined();
  });

  it('adds and subtracts exactly where binary floats do not', () => {
    expect(d('0.1').add(d('0.2')).equals(d('0.3'))).toBe(true);
    expect(sum([d('1626.01'), d('40.65')]).toString()).toBe('1666.66');
    expect(d('1463.41').sub(d('1626.01')).toString()).toBe('-162.60');
  });

  it('rounds half away from zero to the grosz', () => {
    expect(d('1666.66').mul(d('23')).div(d('100'), 2).toString()).toBe('383.33');
    expect(d('0.95').mul(d('5')).div(d('100'), 2).toString()).toBe('0.05');
    expect(d('-0.005').round(2).toString()).toBe('-0.01');
    expect(d('0.004999').round(2).toString()).toBe('0.00');
    expect(d('20000').mul(d('23')).div(d('123'), 2).toString()).toBe('3739.84');
  });

  it('compares values of different scales', () => {
    expect(d('2051').compare(d('2050.99'))).toBe(1);
    expect(d('1.50').equals(d('1.5'))).toBe(true);
    expect(d('-3').abs().toFixed2()).toBe('3.00');
  });

  it('agrees with integer arithmetic on cents for random amounts', () => {
    fc.assert(fc.property(fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), fc.bigInt({ min: -(10n ** 15n), max: 10n ** 15n }), (a, b) => {
      const da = Decimal.parse(centsText(a))!;
      const db = Decimal.parse(centsText(b))!;
      expect(da.add(db).toFixed2()).toBe(centsText(a + b));
      expect(da.sub(db).toFixed2()).toBe(centsText(a - b));
    }));
  });
});

function centsText(c: bigint): string {
  const neg = c < 0n;
  const s = (neg ? -c : c).toString().padStart(3, '0');
  return `${neg ? '-' : ''}${s.slice(0, -2)}.${s.slice(-2)}`;
}
