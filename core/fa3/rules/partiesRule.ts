import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { ruleIssue, token } from './ruleIssue.js';

/**
 * Party rules the XSD states in prose only: JST=1 needs a Podmiot3 with Rola 8, GV=1 one with Rola 10 (FA3.md §4),
 * and a Polish buyer's NIP belongs in `NIP`, never in `NrVatUE` (else KSeF does not show the invoice to the buyer).
 */
export function partiesRule(invoice: Faktura): ValidationIssue[] {
  const issues: ValidationIssue[] = [];
  const buyer = invoice.Podmiot2;
  if (!buyer) return issues;
  const roles = new Set((invoice.Podmiot3 ?? []).map((p) => token(p.Rola)));
  if (token(buyer.JST) === '1' && !roles.has('8')) {
    issues.push(ruleIssue('FA3_JST_RECIPIENT_MISSING', 'Podmiot2/JST',
      'JST=1 (a subordinate unit of a local government) needs a Podmiot3 with that unit\'s NIP or IDWew and Rola 8'));
  }
  if (token(buyer.GV) === '1' && !roles.has('10')) {
    issues.push(ruleIssue('FA3_GV_MEMBER_MISSING', 'Podmiot2/GV',
      'GV=1 (a VAT-group member) needs a Podmiot3 with the member\'s NIP or IDWew and Rola 10'));
  }
  const id = buyer.DaneIdentyfikacyjne;
  if (token(id?.KodUE) === 'PL') {
    issues.push(ruleIssue('FA3_BUYER_NIP_PLACEMENT', 'Podmiot2/DaneIdentyfikacyjne/KodUE',
      'a Polish buyer\'s NIP must go in Podmiot2/DaneIdentyfikacyjne/NIP, not in KodUE + NrVatUE; otherwise KSeF does not make the invoice available to the buyer'));
  } else if (token(id?.KodKraju) === 'PL' && id?.NrID !== undefined) {
    issues.push(ruleIssue('FA3_BUYER_NIP_PLACEMENT', 'Podmiot2/DaneIdentyfikacyjne/NrID',
      'a Polish buyer with a NIP should be identified by Podmiot2/DaneIdentyfikacyjne/NIP, not KodKraju=PL + NrID', 'warning'));
  }
  return issues;
}
