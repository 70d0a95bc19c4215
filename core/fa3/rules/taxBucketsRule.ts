import type { Fa, Faktura } from '../model/Faktura.js';
import type { ValidationIssue } from '../validation/ValidationIssue.js';
import { Decimal } from './Decimal.js';
import { bucketOfLine, isMarginInvoice, MARGIN_BUCKET, RATE_BUCKETS, type RateBucket } from './rateBuckets.js';
import { isCorrection, ruleIssue, token } from './ruleIssue.js';

/** Per bucket: ±0.01 (FA3.md §10.2; MF Przykład 1 and 19 need it). */
export const BUCKET_TOLERANCE = Decimal.parse('0.01')!;
const HUNDRED = Decimal.of(100);

interface BucketLines {
  /** Net values (after minus before for corrections). */
  net: Decimal;
  /** Gross values of gross-method lines, per P_12 code. */
  gross: Map<string, Decimal>;
  /** Sum of line taxes `P_11Vat` (art. 106e ust. 10), when every line has one. */
  lineTax: Decimal | undefined;
  codes: Set<string>;
  lines: number[];
}

/**
 * Tax summary buckets against the lines (VAT, UPR; corrections as warnings) and P_14_x against P_13_x × rate (all
 * kinds). ZAL and ROZ buckets carry the advance or the remainder, not the lines' sums, so only their tax is checked.
 */
export function taxBucketsRule(invoice: Faktura): ValidationIssue[] {
  const fa = invoice.Fa;
  if (!fa) return [];
  const kind = token(fa.RodzajFaktury);
  const severity = isCorrection(kind) ? 'warning' : 'error';
  const { buckets, unassigned, withoutAmount } = collectLines(fa);
  const issues: ValidationIssue[] = [];
  const checkLines = (kind === 'VAT' || kind === 'UPR' || kind === 'KOR' || kind === 'KOR_ROZ') && (fa.FaWiersz?.length ?? 0) > 0;
  const noBuckets = RATE_BUCKETS.every((b) => fa[b.net] === undefined);
  // Lines without amounts (UPR Przykład 15, KOR Przykład 7) do not describe the sums: nothing to compare.
  const comparable = checkLines && !withoutAmount && !(kind === 'UPR' && noBuckets);
  if (comparable && unassigned.length > 0) {
    issues.push(ruleIssue('FA3_LINE_RATE_MISSING', `Fa/FaWiersz[${unassigned[0] + 1}]/P_12`,
      `line(s) ${unassigned.map((i) => i + 1).join(', ')} have an amount but no recognised tax rate (P_12), so the tax summary cannot be checked against them`, 'warning'));
  } else if (comparable) {
    for (const bucket of RATE_BUCKETS) issues.push(...checkNetSum(fa, bucket, buckets.get(bucket), severity));
  }
  // A ROZ's remainder tax is the order's tax minus each advance's, all rounded separately: a grosz per advance.
  const taxTolerance = kind === 'ROZ' ? BUCKET_TOLERANCE.mul(Decimal.of(1 + Math.max(1, fa.FakturaZaliczkowa?.length ?? 0))) : BUCKET_TOLERANCE;
  for (const bucket of RATE_BUCKETS) {
    if (bucket.percent) issues.push(...checkTax(fa, bucket, buckets.get(bucket), severity, taxTolerance));
  }
  return issues;
}

function collectLines(fa: Fa): { buckets: Map<RateBucket, BucketLines>; unassigned: number[]; withoutAmount: boolean } {
  const margin = isMarginInvoice(fa);
  const buckets = new Map<RateBucket, BucketLines>();
  const unassigned: number[] = [];
  let withoutAmount = false;
  const at = (b: RateBucket): BucketLines => {
    let s = buckets.get(b);
    if (!s) buckets.set(b, (s = { net: Decimal.ZERO, gross: new Map(), lineTax: Decimal.ZERO, codes: new Set(), lines: [] }));
    return s;
  };
  (fa.FaWiersz ?? []).forEach((line, i) => {
    const bucket = bucketOfLine(line, margin);
    const net = Decimal.parse(token(line.P_11));
    const gross = Decimal.parse(token(line.P_11A));
    if (!net && !gross) withoutAmount = true;
    if (!bucket) {
      if (net || gross) unassigned.push(i);
      return;
    }
    const s = at(bucket);
    const before = token(line.StanPrzed) === '1';
    const signed = (d: Decimal): Decimal => (before ? d.neg() : d);
    const code = token(line.P_12);
    if (code !== undefined) s.codes.add(code);
    s.lines.push(i);
    const vat = Decimal.parse(token(line.P_11Vat));
    s.lineTax = vat && s.lineTax ? s.lineTax.add(signed(vat)) : undefined;
    // Margin amounts are gross by nature; untaxed buckets have net = gross.
    const amount = bucket === MARGIN_BUCKET ? (gross ?? net) : (net ?? gross);
    if (bucket.percent && net === undefined && gross !== undefined && code !== undefined) {
      s.gross.set(code, (s.gross.get(code) ?? Decimal.ZERO).add(signed(gross)));
    } else if (amount) {
      s.net = s.net.add(signed(amount));
    }
  });
  for (const row of fa.Zamowienie?.ZamowienieWiersz ?? []) {
    const code = token(row.P_12Z);
    const b = code === undefined ? undefined : RATE_BUCKETS.find((x) => x.codes.includes(code));
    if (b && code !== undefined) at(b).codes.add(code);
  }
  return { buckets, unassigned, withoutAmount };
}

function checkNetSum(fa: Fa, bucket: RateBucket, s: BucketLines | undefined, severity: 'error' | 'warning'): ValidationIssue[] {
  let expected = s?.net ?? Decimal.ZERO;
  for (const [code, gross] of s?.gross ?? []) expected = expected.add(gross.sub(taxInGross(gross, bucket.percent![code])));
  const declared = Decimal.parse(token(fa[bucket.net]));
  if (declared === undefined && fa[bucket.net] !== undefined) return [];
  const actual = declared ?? Decimal.ZERO;
  if (actual.sub(expected).abs().compare(BUCKET_TOLERANCE) <= 0) return [];
  const which = rateLabel(bucket, s);
  const lines = s && s.lines.length > 0 ? ` (FaWiersz ${s.lines.slice(0, 5).map((i) => i + 1).join(', ')}${s.lines.length > 5 ? ', ...' : ''})` : '';
  const message = declared === undefined
    ? `lines with rate ${which}${lines} sum to ${expected.toFixed2()} but ${bucket.net} is missing`
    : `${bucket.net} is ${actual.toFixed2()} but lines with rate ${which}${lines} sum to ${expected.toFixed2()} (tolerance 0.01)`;
  return [ruleIssue('FA3_NET_SUM_MISMATCH', `Fa/${bucket.net}`, message, severity)];
}

function checkTax(fa: Fa, bucket: RateBucket, s: BucketLines | undefined, severity: 'error' | 'warning', tolerance: Decimal): ValidationIssue[] {
  const net = Decimal.parse(token(fa[bucket.net]));
  const tax = Decimal.parse(token(fa[bucket.tax!]));
  if (!net || !tax) return [];
  const codes = s && s.codes.size > 0 ? [...s.codes] : bucket.codes;
  if (codes.length > 1 && s && s.codes.size > 1) return [];
  const candidates = codes.map((c) => net.mul(Decimal.parse(bucket.percent![c])!).div(HUNDRED, 2));
  if (s?.lineTax && s.lines.length > 0) candidates.push(s.lineTax);
  if (candidates.some((e) => e.sub(tax).abs().compare(tolerance) <= 0)) return [];
  const shown = codes.map((c) => `${c}%: ${net.mul(Decimal.parse(bucket.percent![c])!).div(HUNDRED, 2).toFixed2()}`).join(', ');
  return [ruleIssue('FA3_TAX_MISMATCH', `Fa/${bucket.tax}`,
    `${bucket.tax} is ${tax.toFixed2()} but the tax on ${bucket.net} ${net.toFixed2()} is ${shown} (rounded half up to the grosz, tolerance ${tolerance.toFixed2()})`, severity)];
}

/** Tax contained in a gross amount: gross × r / (100 + r), half up to the grosz (art. 106e ust. 7-8). */
function taxInGross(gross: Decimal, percent: string): Decimal {
  const r = Decimal.parse(percent)!;
  return gross.mul(r).div(HUNDRED.add(r), 2);
}

function rateLabel(bucket: RateBucket, s: BucketLines | undefined): string {
  if (s && s.codes.size > 0) return [...s.codes].join('/');
  if (bucket.codes.length > 0) return bucket.codes.join('/');
  return bucket.net === 'P_13_5' ? 'OSS (P_12_XII)' : 'margin (no P_12)';
}
