/**
 * Exact decimal arithmetic on bigint: `units / 10^scale`. Just enough for invoice checks (add, subtract,
 * multiply, divide with rounding); written here rather than added as a dependency because the rules need a dozen
 * lines of it and FA(3) amounts are already canonical decimal strings (at most 8 decimals, no exponent).
 */
const MAX_CHARS = 64;
const PATTERN = /^\s*([+-]?)(\d+)(?:\.(\d*))?\s*$/;
const POW10: bigint[] = Array.from({ length: 40 }, (_, i) => 10n ** BigInt(i));

function pow10(n: number): bigint {
  return n < POW10.length ? POW10[n] : 10n ** BigInt(n);
}

/** Integer division rounding half away from zero (the Polish tax rule: 0.5 grosz and more rounds up). */
function divHalfAway(n: bigint, d: bigint): bigint {
  const negative = (n < 0n) !== (d < 0n);
  const an = n < 0n ? -n : n;
  const ad = d < 0n ? -d : d;
  const q = (an * 2n + ad) / (ad * 2n);
  return negative ? -q : q;
}

/**
 * An exact decimal number (bigint units and a scale). Rounds half away from zero, the Polish tax rule.
 *
 * @example
 * ```ts
 * const net = Decimal.parse('19.99')!.mul(Decimal.parse('3')!);      // 59.97
 * const vat = net.mul(Decimal.parse('0.23')!).round(2);              // 13.79
 * net.add(vat).toString();                                           // '73.76'
 * ```
 */
export class Decimal {
  static readonly ZERO = new Decimal(0n, 0);

  private constructor(readonly units: bigint, readonly scale: number) {}

  /** Parses a plain decimal string (`-12.50`, `2051`); `undefined` when it is not one. */
  static parse(text: string | undefined): Decimal | undefined {
    // FA(3) amounts have at most 22 digits; a longer string is no amount, and BigInt on it would be unbounded work.
    if (text === undefined || text.length > MAX_CHARS) return undefined;
    const m = PATTERN.exec(text);
    if (!m) return undefined;
    const frac = m[3] ?? '';
    const units = BigInt(m[2] + frac);
    return new Decimal(m[1] === '-' ? -units : units, frac.length);
  }

  static of(value: bigint | number): Decimal {
    if (typeof value === 'number' && !Number.isInteger(value)) throw new RangeError('Decimal.of takes integers only');
    return new Decimal(BigInt(value), 0);
  }

  private rescale(scale: number): bigint {
    return scale === this.scale ? this.units : this.units * pow10(scale - this.scale);
  }

  add(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(scale) + other.rescale(scale), scale);
  }

  sub(other: Decimal): Decimal {
    const scale = Math.max(this.scale, other.scale);
    return new Decimal(this.rescale(scale) - other.rescale(scale), scale);
  }

  mul(other: Decimal): Decimal {
    return new Decimal(this.units * other.units, this.scale + other.scale);
  }

  neg(): Decimal {
    return new Decimal(-this.units, this.scale);
  }

  abs(): Decimal {
    return this.units < 0n ? this.neg() : this;
  }

  /** `this / divisor`, rounded half away from zero to `scale` decimals. */
  div(divisor: Decimal, scale: number): Decimal {
    if (divisor.units === 0n) throw new RangeError('division by zero');
    const shift = scale + divisor.scale - this.scale;
    const n = shift >= 0 ? this.units * pow10(shift) : this.units;
    const d = shift >= 0 ? divisor.units : divisor.units * pow10(-shift);
    return new Decimal(divHalfAway(n, d), scale);
  }

  /** Rounds half away from zero to `scale` decimals (never adds precision it does not have). */
  round(scale: number): Decimal {
    if (scale >= this.scale) return this;
    return new Decimal(divHalfAway(this.units, pow10(this.scale - scale)), scale);
  }

  compare(other: Decimal): -1 | 0 | 1 {
    const scale = Math.max(this.scale, other.scale);
    const a = this.rescale(scale);
    const b = other.rescale(scale);
    return a < b ? -1 : a > b ? 1 : 0;
  }

  equals(other: Decimal): boolean {
    return this.compare(other) === 0;
  }

  isZero(): boolean {
    return this.units === 0n;
  }

  /** Canonical text without trailing zeros beyond the value's own scale, e.g. `-162.60`, `2051`. */
  toString(): string {
    const negative = this.units < 0n;
    const digits = (negative ? -this.units : this.units).toString().padStart(this.scale + 1, '0');
    const int = digits.slice(0, digits.length - this.scale);
    const frac = digits.slice(digits.length - this.scale);
    return `${negative ? '-' : ''}${int}${this.scale > 0 ? `.${frac}` : ''}`;
  }

  /** Amount text with exactly two decimals, for messages. */
  toFixed2(): string {
    const r = this.scale > 2 ? this.round(2) : new Decimal(this.rescale(2), 2);
    return r.toString();
  }
}

/**
 * Sum of several decimals; ZERO for none.
 *
 * @example
 * ```ts
 * sum(lines.map((l) => Decimal.parse(l.net)!)).toFixed2();
 * ```
 */
export function sum(values: Iterable<Decimal>): Decimal {
  let total = Decimal.ZERO;
  for (const v of values) total = total.add(v);
  return total;
}
