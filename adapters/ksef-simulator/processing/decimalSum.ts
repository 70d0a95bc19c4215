const SCALE = 8;

/** Sums decimal strings exactly (money is never a binary float); returns a plain decimal string. */
export function decimalSum(values: readonly string[]): string {
  let total = 0n;
  for (const raw of values) {
    const v = raw.trim();
    if (!/^-?\d+(\.\d+)?$/.test(v)) continue;
    const negative = v.startsWith('-');
    const [int, frac = ''] = v.replace('-', '').split('.');
    const scaled = BigInt(int + frac.padEnd(SCALE, '0').slice(0, SCALE));
    total += negative ? -scaled : scaled;
  }
  const negative = total < 0n;
  const digits = (negative ? -total : total).toString().padStart(SCALE + 1, '0');
  const int = digits.slice(0, -SCALE);
  const frac = digits.slice(-SCALE).replace(/0+$/, '');
  return `${negative ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
