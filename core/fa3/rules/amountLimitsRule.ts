import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { Decimal } from './Decimal.js';
import { isCorrection, ruleIssue, token } from './ruleIssue.js';

const SPLIT_PAYMENT_THRESHOLD = Decimal.of(15000);
const SIMPLIFIED_LIMIT: Readonly<Record<string, Decimal>> = { PLN: Decimal.of(450), EUR: Decimal.of(100) };

/**
 * Thresholds in the VAT Act (FA3.md §7.3, §7.4): split payment (P_18A=1) is mandatory above 15,000 PLN when the
 * invoice sells Annex 15 goods (lines marked P_12_Zal_15=1); a simplified invoice (UPR) is for at most 450 PLN or
 * 100 EUR. Amounts in another currency need the PLN equivalent, which the invoice does not carry: only a warning.
 */
export function amountLimitsRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  if (!fa) return [];
  const total = Decimal.parse(token(fa.P_15));
  const currency = token(fa.KodWaluty) ?? '';
  const kind = token(fa.RodzajFaktury);
  const issues: ValidationIssue[] = [];
  const annex15 = (fa.FaWiersz ?? []).findIndex((l) => token(l.P_12_Zal_15) === '1');
  if (annex15 >= 0 && token(fa.Adnotacje?.P_18A) !== '1' && total && !isCorrection(kind)) {
    if (currency === 'PLN' && total.compare(SPLIT_PAYMENT_THRESHOLD) > 0) {
      issues.push(ruleIssue('FA3_SPLIT_PAYMENT_FLAG_MISSING', 'Fa/Adnotacje/P_18A',
        `the invoice sells Annex 15 goods (FaWiersz[${annex15 + 1}]/P_12_Zal_15) and P_15 ${total.toFixed2()} PLN exceeds 15000 PLN, so P_18A (split payment) must be 1`));
    } else if (currency !== 'PLN') {
      issues.push(ruleIssue('FA3_SPLIT_PAYMENT_CHECK', 'Fa/Adnotacje/P_18A',
        `the invoice sells Annex 15 goods in ${currency}; if its total exceeds the equivalent of 15000 PLN, P_18A (split payment) must be 1`, 'warning'));
    }
  }
  const limit = SIMPLIFIED_LIMIT[currency];
  if (kind === 'UPR' && total && limit && total.compare(limit) > 0) {
    issues.push(ruleIssue('FA3_SIMPLIFIED_OVER_LIMIT', 'Fa/P_15',
      `a simplified invoice (UPR) is for at most ${limit.toString()} ${currency}; P_15 is ${total.toFixed2()}`, 'warning'));
  }
  return issues;
}
