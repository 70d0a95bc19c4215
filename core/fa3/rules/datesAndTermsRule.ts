import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { ruleIssue, token } from './ruleIssue.js';

/**
 * Delivery dates and contract currency (FA3.md §7.1, §7.8, §10.2 items 7 and 10): one delivery date for the whole
 * invoice (P_6 or OkresFa) or one per line (P_6A), not both; KursUmowny and WalutaUmowna together, and the contract
 * currency is never PLN. The law does not forbid these outright, so they are warnings.
 */
export function datesAndTermsRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  if (!fa) return [];
  const issues: ValidationIssue[] = [];
  const header = fa.P_6 !== undefined ? 'P_6' : fa.OkresFa !== undefined ? 'OkresFa' : undefined;
  const line = (fa.FaWiersz ?? []).findIndex((l) => l.P_6A !== undefined);
  if (header && line >= 0) {
    issues.push(ruleIssue('FA3_DELIVERY_DATE_MIXED', `Fa/FaWiersz[${line + 1}]/P_6A`,
      `the invoice gives a delivery date for all lines (${header}) and per line (P_6A); use one or the other`, 'warning'));
  }
  const terms = fa.WarunkiTransakcji;
  if (terms && (terms.KursUmowny === undefined) !== (terms.WalutaUmowna === undefined)) {
    const missing = terms.KursUmowny === undefined ? 'KursUmowny' : 'WalutaUmowna';
    issues.push(ruleIssue('FA3_CONTRACT_RATE_INCOMPLETE', `Fa/WarunkiTransakcji/${missing}`, 'a contract exchange rate needs both KursUmowny and WalutaUmowna', 'warning'));
  }
  if (token(terms?.WalutaUmowna) === 'PLN') {
    issues.push(ruleIssue('FA3_CONTRACT_CURRENCY_PLN', 'Fa/WarunkiTransakcji/WalutaUmowna', 'the contract currency (WalutaUmowna) is the foreign currency of the contract, never PLN', 'warning'));
  }
  return issues;
}
