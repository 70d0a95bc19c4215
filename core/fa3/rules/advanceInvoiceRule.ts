import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { Decimal } from './Decimal.js';
import { RATE_BUCKETS, type RateBucket } from './rateBuckets.js';
import { ruleIssue, token } from './ruleIssue.js';

const TWO_CENTS = Decimal.parse('0.02')!;

/**
 * An advance invoice (ZAL) takes its sums from the order (FA3.md §7.6): the advance is split over the rates in the
 * proportion of the order's gross values per rate (art. 106f ust. 1 pkt 3), and it cannot exceed the order. Warnings
 * only: partial deliveries and earlier advances make exact figures a matter of judgement.
 */
export function advanceInvoiceRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  if (!fa || token(fa.RodzajFaktury) !== 'ZAL' || !fa.Zamowienie) return [];
  const total = Decimal.parse(token(fa.P_15));
  const orderValue = Decimal.parse(token(fa.Zamowienie.WartoscZamowienia));
  if (!total || !orderValue || orderValue.isZero()) return [];
  const issues: ValidationIssue[] = [];
  if (total.compare(orderValue) > 0) {
    issues.push(ruleIssue('FA3_ADVANCE_EXCEEDS_ORDER', 'Fa/P_15',
      `the advance P_15 ${total.toFixed2()} exceeds the order value WartoscZamowienia ${orderValue.toFixed2()}`, 'warning'));
  }
  const orderByBucket = new Map<RateBucket, Decimal>();
  for (const row of fa.Zamowienie.ZamowienieWiersz ?? []) {
    if (token(row.StanPrzedZ) === '1') continue;
    const code = token(row.P_12Z);
    const bucket = RATE_BUCKETS.find((b) => code !== undefined && b.codes.includes(code));
    const net = Decimal.parse(token(row.P_11NettoZ));
    const vat = Decimal.parse(token(row.P_11VatZ)) ?? Decimal.ZERO;
    if (!bucket || !net) return issues;
    orderByBucket.set(bucket, (orderByBucket.get(bucket) ?? Decimal.ZERO).add(net).add(vat));
  }
  for (const bucket of RATE_BUCKETS) {
    const actual = (Decimal.parse(token(fa[bucket.net])) ?? Decimal.ZERO).add((bucket.tax && Decimal.parse(token(fa[bucket.tax]))) || Decimal.ZERO);
    const expected = total.mul(orderByBucket.get(bucket) ?? Decimal.ZERO).div(orderValue, 2);
    if (actual.sub(expected).abs().compare(TWO_CENTS) > 0) {
      issues.push(ruleIssue('FA3_ADVANCE_SPLIT_MISMATCH', `Fa/${bucket.net}`,
        `the order puts ${expected.toFixed2()} of this advance (gross) at the rate of ${bucket.net}, the invoice ${actual.toFixed2()}`, 'warning'));
    }
  }
  return issues;
}
