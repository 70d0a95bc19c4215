import type { Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { Decimal } from './Decimal.js';
import { RATE_BUCKETS } from './rateBuckets.js';
import { ruleIssue, token } from './ruleIssue.js';
import { BUCKET_TOLERANCE } from './taxBucketsRule.js';

/**
 * P_15 = Σ P_13_x + Σ P_14_x (the PLN fields P_14_xW are not part of it). Tolerance: 0.01 per taxed bucket (at
 * least 0.01), because a total computed from line gross values may differ by a grosz per rate (MF Przykład 1).
 * Corrections hold too: all three carry differences. An invoice with no bucket at all (UPR Przykład 16) is skipped.
 */
export function totalRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  const total = Decimal.parse(token(fa?.P_15));
  if (!fa || !total) return [];
  let sum = Decimal.ZERO;
  let present = 0;
  let taxed = 0;
  for (const b of RATE_BUCKETS) {
    const net = Decimal.parse(token(fa[b.net]));
    const tax = b.tax ? Decimal.parse(token(fa[b.tax])) : undefined;
    if (net) { sum = sum.add(net); present++; }
    if (tax) { sum = sum.add(tax); taxed++; }
  }
  if (present === 0) return [];
  const tolerance = BUCKET_TOLERANCE.mul(Decimal.of(Math.max(1, taxed)));
  if (total.sub(sum).abs().compare(tolerance) <= 0) return [];
  return [ruleIssue('FA3_TOTAL_MISMATCH', 'Fa/P_15',
    `P_15 is ${total.toFixed2()} but the tax summary (P_13_x + P_14_x) adds up to ${sum.toFixed2()} (tolerance ${tolerance.toFixed2()})`)];
}
