import type { Fa, Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { Decimal } from './Decimal.js';
import { isCorrection, ruleIssue, token } from './ruleIssue.js';

const CORRECTION_FIELDS = ['PrzyczynaKorekty', 'TypKorekty', 'DaneFaKorygowanej', 'OkresFaKorygowanej', 'NrFaKorygowany', 'Podmiot1K', 'Podmiot2K', 'P_15ZK', 'KursWalutyZK'] as const;
const CENT = Decimal.parse('0.01')!;

/**
 * RodzajFaktury against the sections it needs (FA3.md §7.5, §7.6, §10.2 item 6); the XSD cannot tie them together.
 * Certain breaches are errors (a correction without the corrected invoice, correction data on a plain invoice);
 * the ones the law leaves room for (ROZ without advance invoices, art. 106b ust. 1a) are warnings.
 */
export function invoiceKindRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  if (!fa) return [];
  const kind = token(fa.RodzajFaktury) ?? '';
  const issues: ValidationIssue[] = [];
  if (isCorrection(kind)) {
    if ((fa.DaneFaKorygowanej?.length ?? 0) === 0) {
      issues.push(ruleIssue('FA3_CORRECTED_INVOICE_MISSING', 'Fa/DaneFaKorygowanej', `a ${kind} invoice must name the invoice it corrects (DaneFaKorygowanej)`));
    }
    if ((kind === 'KOR_ZAL' || kind === 'KOR_ROZ') && fa.P_15ZK === undefined) {
      issues.push(ruleIssue('FA3_P15ZK_MISSING', 'Fa/P_15ZK', `a ${kind} invoice should state the amount before the correction (P_15ZK)`, 'warning'));
    }
  } else {
    const present = CORRECTION_FIELDS.filter((f) => fa[f] !== undefined);
    if (present.length > 0) {
      issues.push(ruleIssue('FA3_CORRECTION_DATA_UNEXPECTED', `Fa/${present[0]}`, `a ${kind} invoice carries correction data (${present.join(', ')}); only KOR, KOR_ZAL and KOR_ROZ may`));
    }
    (fa.FaWiersz ?? []).forEach((line, i) => {
      if (token(line.StanPrzed) === '1') {
        issues.push(ruleIssue('FA3_STANPRZED_UNEXPECTED', `Fa/FaWiersz[${i + 1}]/StanPrzed`, `line ${i + 1} is marked as the state before a correction on a ${kind} invoice`, 'warning'));
      }
    });
  }
  if ((kind === 'ZAL' || kind === 'KOR_ZAL') && fa.Zamowienie === undefined) {
    issues.push(ruleIssue('FA3_ORDER_MISSING', 'Fa/Zamowienie', `a ${kind} invoice should describe the order or contract (Zamowienie, art. 106f ust. 1 pkt 4)`, 'warning'));
  }
  if (kind === 'ROZ' && (fa.FakturaZaliczkowa?.length ?? 0) === 0) {
    issues.push(ruleIssue('FA3_ADVANCE_INVOICES_MISSING', 'Fa/FakturaZaliczkowa', 'a ROZ invoice normally lists the advance invoices it settles (FakturaZaliczkowa)', 'warning'));
  }
  issues.push(...orderValue(fa));
  return issues;
}

/** WartoscZamowienia is gross: Σ (P_11NettoZ + P_11VatZ) over the rows as they stand (StanPrzedZ rows excluded). */
function orderValue(fa: Fa): ValidationIssue[] {
  const order = fa.Zamowienie;
  const declared = Decimal.parse(token(order?.WartoscZamowienia));
  if (!order || !declared) return [];
  let sum = Decimal.ZERO;
  for (const row of order.ZamowienieWiersz ?? []) {
    if (token(row.StanPrzedZ) === '1') continue;
    const net = Decimal.parse(token(row.P_11NettoZ));
    const vat = Decimal.parse(token(row.P_11VatZ));
    if (!net || !vat) return [];
    sum = sum.add(net).add(vat);
  }
  if (declared.sub(sum).abs().compare(CENT) <= 0) return [];
  return [ruleIssue('FA3_ORDER_VALUE_MISMATCH', 'Fa/Zamowienie/WartoscZamowienia',
    `WartoscZamowienia is ${declared.toFixed2()} but its rows (P_11NettoZ + P_11VatZ) add up to ${sum.toFixed2()}`, 'warning')];
}
