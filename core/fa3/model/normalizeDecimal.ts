const DECIMAL = /^([+-]?)(\d*)(?:\.(\d*))?$/;

/**
 * Canonical text of an xsd:decimal: no sign `+`, no leading zeros, no trailing dot, and trailing fraction zeros cut
 * down to `maxFractionDigits` (so `1.500` fits a 2-digit type as `1.50`). Digits that carry value are never dropped.
 * Returns undefined when the text is not a decimal at all (`1,5`, `1e3`, `abc`).
 */
export function normalizeDecimal(text: string, maxFractionDigits: number): string | undefined {
  const m = DECIMAL.exec(text);
  if (!m) return undefined;
  const [, sign, intRaw, fracRaw = ''] = m;
  if (intRaw === '' && fracRaw === '') return undefined;
  const int = intRaw.replace(/^0+(?=\d)/, '') || '0';
  let frac = fracRaw;
  if (frac.length > maxFractionDigits) {
    const cut = frac.replace(/0+$/, '');
    frac = cut.length > maxFractionDigits ? cut : frac.slice(0, maxFractionDigits);
  }
  return `${sign === '-' ? '-' : ''}${int}${frac ? `.${frac}` : ''}`;
}
