/**
 * Decimal helpers for amounts, prices, quantities and exchange rates: money never passes through binary floating
 * point. Drafts carry decimals as plain strings (`'1234.50'`, `'-3'`); `Decimal` does exact arithmetic on them.
 */
export { Decimal, sum } from '../fa3/rules/Decimal.js';

/**
 * A plain decimal string: optional `-`, digits, optional `.` and digits; no exponent, no thousands separator, no
 * comma. Produce one with {@link parseErpDecimal} or {@link decimalFromNumber}.
 *
 * @example
 * ```ts
 * const price: DecimalString = '1234.50';
 * ```
 */
export type DecimalString = string;

const PLAIN = /^-?\d+(\.\d+)?$/;

/**
 * True when `value` is a {@link DecimalString}.
 *
 * @example
 * ```ts
 * isDecimalString('12.5');  // true
 * isDecimalString('12,5');  // false
 * isDecimalString('1e3');   // false
 * ```
 */
export function isDecimalString(value: unknown): value is DecimalString {
  return typeof value === 'string' && PLAIN.test(value);
}

/**
 * Reads a number as ERPs write it: `,` or `.` as decimal separator (default `.`), spaces, no-break spaces,
 * apostrophes and the other separator as thousands separators, a leading `+` or `-`, and SAP's trailing minus
 * (`'12.50-'`). Returns the plain {@link DecimalString}, or undefined when the text is not a number.
 *
 * @example
 * ```ts
 * parseErpDecimal('1 234,50', { decimalSeparator: ',' }); // '1234.50'
 * parseErpDecimal('1,234.50');                            // '1234.50'
 * parseErpDecimal('12.50-');                              // '-12.50'
 * parseErpDecimal('abc');                                 // undefined
 * ```
 */
export function parseErpDecimal(text: string, opts: { decimalSeparator?: '.' | ',' } = {}): DecimalString | undefined {
  const sep = opts.decimalSeparator ?? '.';
  const thousands = sep === '.' ? ',' : '.';
  let t = text.trim().replace(/[\s\u00a0\u202f']/g, '');
  let negative = false;
  if (t.endsWith('-')) { negative = true; t = t.slice(0, -1); }
  if (t.startsWith('-') || t.startsWith('+')) {
    if (negative) return undefined;
    negative = t.startsWith('-');
    t = t.slice(1);
  }
  const [int, ...rest] = t.split(sep);
  if (rest.length > 1) return undefined;
  const groups = int.split(thousands);
  // A thousands separator only between groups of three: '1,5' read with '.' decimals is a mistake, not 15.
  if (groups.length > 1 && (!/^\d{1,3}$/.test(groups[0]) || groups.slice(1).some((g) => !/^\d{3}$/.test(g)))) return undefined;
  t = groups.join('') + (rest.length ? `.${rest[0]}` : '');
  if (t.startsWith('.')) t = `0${t}`;
  if (t.endsWith('.')) t = t.slice(0, -1);
  if (!/^\d+(\.\d+)?$/.test(t)) return undefined;
  t = t.replace(/^0+(?=\d)/, '');
  return negative && /[1-9]/.test(t) ? `-${t}` : t;
}

/**
 * The decimal a JavaScript number was written as (`12.5` -> `'12.5'`), for JSON bodies whose amounts arrive as
 * numbers. Refuses what cannot be trusted: non-finite values and numbers with more than 15 significant digits,
 * whose text is not what the sender wrote. Prefer strings in your own formats.
 *
 * @example
 * ```ts
 * decimalFromNumber(0.1);     // '0.1'
 * decimalFromNumber(1e21);    // undefined (exponent form)
 * ```
 */
export function decimalFromNumber(value: number): DecimalString | undefined {
  if (!Number.isFinite(value)) return undefined;
  const text = String(value);
  if (!PLAIN.test(text)) return undefined;
  return text.replace(/[-.]/g, '').replace(/^0+/, '').length > 15 ? undefined : text;
}
