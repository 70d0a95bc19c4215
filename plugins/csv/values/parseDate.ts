/** The date formats ERPs write; `auto` tries them in this order. */
export const DATE_FORMATS = ['YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'DD-MM-YYYY', 'YYYYMMDD', 'YYYY.MM.DD', 'YYYY/MM/DD'] as const;
export type DateFormat = (typeof DATE_FORMATS)[number];

const PATTERNS: Record<DateFormat, RegExp> = {
  'YYYY-MM-DD': /^(?<y>\d{4})-(?<m>\d{1,2})-(?<d>\d{1,2})(?:[ T].*)?$/,
  'DD.MM.YYYY': /^(?<d>\d{1,2})\.(?<m>\d{1,2})\.(?<y>\d{4})(?: .*)?$/,
  'DD/MM/YYYY': /^(?<d>\d{1,2})\/(?<m>\d{1,2})\/(?<y>\d{4})(?: .*)?$/,
  'DD-MM-YYYY': /^(?<d>\d{1,2})-(?<m>\d{1,2})-(?<y>\d{4})(?: .*)?$/,
  YYYYMMDD: /^(?<y>\d{4})(?<m>\d{2})(?<d>\d{2})$/,
  'YYYY.MM.DD': /^(?<y>\d{4})\.(?<m>\d{1,2})\.(?<d>\d{1,2})$/,
  'YYYY/MM/DD': /^(?<y>\d{4})\/(?<m>\d{1,2})\/(?<d>\d{1,2})$/,
};

let lastAuto: DateFormat = DATE_FORMATS[0];

/**
 * A date as an ERP writes it, to ISO `YYYY-MM-DD`; a time part after a space is ignored (`02.12.2026 00:00`).
 * Returns undefined when the text matches no allowed format or names no real day (31.02.2026).
 *
 * @example parseDate('02.12.2026', 'auto') // '2026-12-02'
 */
export function parseDate(text: string, format: DateFormat | 'auto'): string | undefined {
  const s = text.trim();
  for (const f of format === 'auto' ? [lastAuto, ...DATE_FORMATS] : [format]) {
    const g = PATTERNS[f].exec(s)?.groups;
    if (!g) continue;
    if (format === 'auto') lastAuto = f; // a file writes all its dates alike: try that format first next time
    const [y, m, d] = [Number(g.y), Number(g.m), Number(g.d)];
    const day = new Date(Date.UTC(y, m - 1, d));
    if (day.getUTCFullYear() !== y || day.getUTCMonth() !== m - 1 || day.getUTCDate() !== d) return undefined;
    return `${g.y}-${String(m).padStart(2, '0')}-${String(d).padStart(2, '0')}`;
  }
  return undefined;
}
