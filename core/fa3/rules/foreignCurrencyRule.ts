import type { Fa, Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { Decimal } from './Decimal.js';
import { bucketOfLine, isMarginInvoice, RATE_BUCKETS, type RateBucket } from './rateBuckets.js';
import { ruleIssue, token } from './ruleIssue.js';

const HUNDRED = Decimal.of(100);
const CENT = Decimal.parse('0.01')!;

/**
 * Foreign currency (art. 106e ust. 11): each *taxed* bucket (non-zero P_14_x, buckets 1-4) needs its tax in PLN,
 * P_14_xW. Not every foreign-currency invoice: MF Przykład 22 (EUR, 0% WDT) has none (DECISIONS.md 5). A PLN
 * invoice with P_14_xW is odd but harmless (warning). Where the lines give exchange rates, P_14_xW is compared with
 * Σ P_11 × rate × KursWaluty (MF Przykład 21), as a warning only: rates may legitimately apply per bucket.
 */
export function foreignCurrencyRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  if (!fa) return [];
  const currency = token(fa.KodWaluty);
  const issues: ValidationIssue[] = [];
  for (const b of RATE_BUCKETS) {
    if (!b.taxPln || !b.tax) continue;
    const tax = Decimal.parse(token(fa[b.tax]));
    const pln = fa[b.taxPln];
    if (currency === 'PLN') {
      if (pln !== undefined) issues.push(ruleIssue('FA3_PLN_TAX_UNEXPECTED', `Fa/${b.taxPln}`, `${b.taxPln} is for foreign-currency invoices; this one is in PLN`, 'warning'));
      continue;
    }
    if (!tax || tax.isZero()) continue;
    if (pln === undefined) {
      issues.push(ruleIssue('FA3_PLN_TAX_MISSING', `Fa/${b.taxPln}`,
        `invoice is in ${currency ?? '?'} and ${b.tax} is ${tax.toFixed2()}, so the tax converted to PLN (${b.taxPln}) is required`));
      continue;
    }
    const expected = expectedPln(fa, b, tax);
    const declared = Decimal.parse(token(pln));
    if (expected && declared && declared.sub(expected.value).abs().compare(expected.tolerance) > 0) {
      issues.push(ruleIssue('FA3_PLN_TAX_MISMATCH', `Fa/${b.taxPln}`,
        `${b.taxPln} is ${declared.toFixed2()} but ${expected.basis} gives ${expected.value.toFixed2()}`, 'warning'));
    }
  }
  return issues;
}

function expectedPln(fa: Fa, b: RateBucket, tax: Decimal): { value: Decimal; tolerance: Decimal; basis: string } | undefined {
  const advanceRate = Decimal.parse(token(fa.KursWalutyZ));
  if (advanceRate) return { value: tax.mul(advanceRate).round(2), tolerance: CENT, basis: `${b.tax} × KursWalutyZ` };
  const margin = isMarginInvoice(fa);
  const lines = (fa.FaWiersz ?? []).filter((l) => bucketOfLine(l, margin) === b);
  if (lines.length === 0) return undefined;
  let total = Decimal.ZERO;
  for (const line of lines) {
    const net = Decimal.parse(token(line.P_11));
    const rate = Decimal.parse(token(line.KursWaluty));
    const percent = b.percent?.[token(line.P_12) ?? ''];
    if (!net || !rate || !percent) return undefined;
    const signed = token(line.StanPrzed) === '1' ? net.neg() : net;
    total = total.add(signed.mul(Decimal.parse(percent)!).div(HUNDRED, 8).mul(rate));
  }
  return { value: total.round(2), tolerance: CENT.mul(Decimal.of(lines.length)), basis: 'Σ line net × rate × KursWaluty' };
}
