/** How a file writes its decimal mark: declared in the mapping, or `auto` (decided per value, see parseDecimal). */
export type DecimalMark = 'auto' | 'comma' | 'point';

const GROUPING = /[ \u00a0\u202f']/g;

/**
 * An amount as ERPs write it, to a canonical decimal string (`-1234.50` stays `-1234.50`; never a binary float).
 * Thousands separators: space, non-breaking space, and the dot (with a decimal comma) or the comma (with a decimal
 * point). With `auto`, when both marks occur the last one is the decimal mark; a lone comma is decimal (Polish
 * usage); dots are thousands separators only when several occur or the comma follows them. Returns undefined when
 * the text is not a number.
 *
 * @example parseDecimal('1 234,50', 'auto') // '1234.50'
 */
export function parseDecimal(text: string, mark: DecimalMark): string | undefined {
  let s = text.trim().replace(GROUPING, '');
  if (s === '') return undefined;
  let sign = '';
  if (s.startsWith('-') || s.startsWith('+')) [sign, s] = [s[0] === '-' ? '-' : '', s.slice(1)];
  else if (s.endsWith('-')) [sign, s] = ['-', s.slice(0, -1)]; // some ERPs put the minus last
  const decimal = mark === 'comma' ? ',' : mark === 'point' ? '.' : autoMark(s);
  const thousands = decimal === ',' ? '.' : ',';
  if (decimal !== undefined) {
    const parts = s.split(decimal);
    if (parts.length > 2) return undefined;
    const [whole, fraction = ''] = parts;
    if (!validGrouping(whole, thousands)) return undefined;
    s = whole.split(thousands).join('') + (parts.length === 2 ? `.${fraction}` : '');
  }
  if (!/^(\d+(\.\d*)?|\.\d+)$/.test(s)) return undefined;
  if (s.startsWith('.')) s = `0${s}`;
  if (s.endsWith('.')) s = s.slice(0, -1);
  return sign === '-' && /[1-9]/.test(s) ? `-${s}` : s;
}

function autoMark(s: string): ',' | '.' | undefined {
  const comma = s.lastIndexOf(',');
  const dot = s.lastIndexOf('.');
  if (comma >= 0 && dot >= 0) return comma > dot ? ',' : '.';
  if (comma >= 0) return s.indexOf(',') === comma ? ',' : '.'; // 1,234,567: commas group thousands
  if (dot >= 0) return s.indexOf('.') === dot ? '.' : ','; // 1.234.567: dots group thousands
  return undefined;
}

/** A thousands separator, when present, splits the whole part into groups of three after the first. */
function validGrouping(whole: string, sep: string): boolean {
  if (!whole.includes(sep)) return true;
  const groups = whole.split(sep);
  return /^\d{1,3}$/.test(groups[0]) && groups.slice(1).every((g) => /^\d{3}$/.test(g));
}
