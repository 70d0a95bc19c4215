import { parseErpDecimal, type DecimalString } from '../../../core/plugin-api/index.js';

/** How a file writes its decimal mark: declared in the mapping, or `auto` (decided per value, see parseDecimal). */
export type DecimalMark = 'auto' | 'comma' | 'point';

/**
 * An amount as ERPs write it, to a plain decimal string (never a binary float), through the plugin API's
 * `parseErpDecimal`. Thousands separators: space, non-breaking space, and the dot (with a decimal comma) or the
 * comma (with a decimal point), in groups of three. With `auto`, when both marks occur the last one is the decimal
 * mark; a lone comma is decimal (Polish usage); a mark that occurs several times groups thousands.
 *
 * @example parseDecimal('1 234,50', 'auto') // '1234.50'
 */
export function parseDecimal(text: string, mark: DecimalMark): DecimalString | undefined {
  const s = text.trim().replace(/[ \u00a0\u202f']/g, '');
  const decimal = mark === 'comma' ? ',' : mark === 'point' ? '.' : autoMark(s);
  const whole = s.replace(/^[-+]/, '').split(decimal)[0];
  const thousands = decimal === ',' ? '.' : ',';
  if (whole.includes(thousands) && !/^\d{1,3}([.,]\d{3})+$/.test(whole)) return undefined;
  return parseErpDecimal(s, { decimalSeparator: decimal });
}

function autoMark(s: string): ',' | '.' {
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.';
  if (comma >= 0) return s.indexOf(',') === comma ? ',' : '.'; // 1,234,567: commas group thousands
  return dot >= 0 && s.indexOf('.') !== dot ? ',' : '.'; // 1.234.567: dots group thousands
}
