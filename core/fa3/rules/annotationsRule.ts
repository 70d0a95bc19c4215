import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { Decimal } from './Decimal.js';
import { ruleIssue, token } from './ruleIssue.js';

/**
 * Adnotacje must match what the invoice sells (FA3.md §10.2 item 4): an exempt sale needs P_19=1 with its legal
 * basis, a domestic reverse charge needs P_18=1, a margin-scheme amount needs P_PMarzy=1.
 */
export function annotationsRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  if (!fa) return [];
  const rates = new Set((fa.FaWiersz ?? []).map((l) => token(l.P_12)));
  const nonZero = (v: string | undefined): boolean => {
    const d = Decimal.parse(token(v));
    return d !== undefined && !d.isZero();
  };
  const a = fa.Adnotacje;
  const issues: ValidationIssue[] = [];
  if ((rates.has('zw') || nonZero(fa.P_13_7)) && token(a?.Zwolnienie?.P_19) !== '1') {
    issues.push(ruleIssue('FA3_EXEMPTION_FLAG_MISSING', 'Fa/Adnotacje/Zwolnienie/P_19',
      'the invoice has an exempt (zw) sale, so Adnotacje/Zwolnienie must say P_19=1 and give its legal basis (P_19A, P_19B or P_19C)'));
  }
  if ((rates.has('oo') || nonZero(fa.P_13_10)) && token(a?.P_18) !== '1') {
    issues.push(ruleIssue('FA3_REVERSE_CHARGE_FLAG_MISSING', 'Fa/Adnotacje/P_18',
      'the invoice has a domestic reverse-charge (oo) sale, so Adnotacje/P_18 must be 1'));
  }
  if (nonZero(fa.P_13_11) && token(a?.PMarzy?.P_PMarzy) !== '1') {
    issues.push(ruleIssue('FA3_MARGIN_FLAG_MISSING', 'Fa/Adnotacje/PMarzy/P_PMarzy',
      'P_13_11 holds a margin-scheme amount, so Adnotacje/PMarzy must say P_PMarzy=1 with the procedure'));
  }
  return issues;
}
