/** Compares two decimal strings exactly (amount filters: money is never compared as binary floats). */
export function compareDecimal(a: string, b: string): number {
  const [ia, fa] = split(a);
  const [ib, fb] = split(b);
  const width = Math.max(fa.length, fb.length);
  const x = BigInt(ia + fa.padEnd(width, '0'));
  const y = BigInt(ib + fb.padEnd(width, '0'));
  return x < y ? -1 : x > y ? 1 : 0;
}

function split(v: string): [string, string] {
  // A JSON number may come as 1e-7: write it out in plain digits first.
  const plain = /e/i.test(v) ? Number(v).toFixed(20) : v.trim();
  const negative = plain.startsWith('-');
  const [int, frac = ''] = plain.replace(/^[-+]/, '').split('.');
  return [`${negative ? '-' : ''}${int || '0'}`, frac];
}
