import type { DraftLine, DraftRate } from '../../plugin-api/draft/DraftLine.js';
import { vatPercent } from '../../plugin-api/VatRateCode.js';
import type { Fa } from '../model/Faktura.js';
import { Decimal } from '../rules/Decimal.js';
import { MARGIN_BUCKET, RATE_BUCKETS } from '../rules/rateBuckets.js';

export type CalculationMethod = 'net' | 'gross';
/** Net and tax of one rate; tax is zero for the rates that carry no Polish tax. */
export interface RateAmount {
  readonly net: Decimal;
  readonly tax: Decimal;
}
export type RateAmounts = ReadonlyMap<DraftRate, RateAmount>;

const HUNDRED = Decimal.of(100);
/** Draft decimals were shape-checked (draftSchema) before any arithmetic. */
export const dec = (text: string): Decimal => Decimal.parse(text)!;

/** quantity x unit price - discount, half up to the grosz: the line's P_11 (net method) or P_11A (gross method). */
export function lineValue(line: DraftLine): Decimal {
  const value = dec(line.quantity).mul(dec(line.unitPrice));
  return (line.discount ? value.sub(dec(line.discount)) : value).round(2);
}

function percentOf(rate: DraftRate): Decimal | undefined {
  const p = rate === 'margin' ? undefined : vatPercent(rate);
  return p === undefined ? undefined : dec(p);
}

/**
 * Net and tax from a rate's total, rounded half up to the grosz once per rate total as the VAT Act requires: from
 * net prices tax = net x r / 100; from gross prices tax = gross x r / (100 + r) and net = gross - tax.
 */
export function amountOfTotal(rate: DraftRate, total: Decimal, method: CalculationMethod): RateAmount {
  const p = percentOf(rate);
  if (!p) return { net: total, tax: Decimal.ZERO };
  if (method === 'net') return { net: total, tax: total.mul(p).div(HUNDRED, 2) };
  const tax = total.mul(p).div(HUNDRED.add(p), 2);
  return { net: total.sub(tax), tax };
}

/** Line values summed per rate, then net and tax per rate total. */
export function amountsOf(values: Iterable<readonly [DraftRate, Decimal]>, method: CalculationMethod): Map<DraftRate, RateAmount> {
  const totals = new Map<DraftRate, Decimal>();
  for (const [rate, v] of values) totals.set(rate, (totals.get(rate) ?? Decimal.ZERO).add(v));
  return new Map([...totals].map(([rate, total]) => [rate, amountOfTotal(rate, total, method)]));
}

/** a - b per rate (corrections, settlements); a rate in either side appears in the result. */
export function subtractAmounts(a: RateAmounts, b: RateAmounts): Map<DraftRate, RateAmount> {
  const out = new Map<DraftRate, RateAmount>(a);
  for (const [rate, x] of b) {
    const y = out.get(rate) ?? { net: Decimal.ZERO, tax: Decimal.ZERO };
    out.set(rate, { net: y.net.sub(x.net), tax: y.tax.sub(x.tax) });
  }
  return out;
}

/**
 * A gross amount split over rates in proportion to `weights` (an order's gross value per rate, VAT Act art. 106f
 * ust. 1 pkt 3), each share half up to the grosz and the rounding remainder on the largest share so the shares add
 * up exactly; then each share's tax taken out of it.
 */
export function splitAdvance(amount: Decimal, weights: ReadonlyMap<DraftRate, Decimal>): Map<DraftRate, RateAmount> {
  const total = [...weights.values()].reduce((s, w) => s.add(w), Decimal.ZERO);
  const entries = [...weights].filter(([, w]) => !w.isZero());
  if (total.isZero() || entries.length === 0) return new Map();
  const shares = entries.map(([rate, w]) => [rate, amount.mul(w).div(total, 2)] as [DraftRate, Decimal]);
  const rest = amount.sub(shares.reduce((s, [, v]) => s.add(v), Decimal.ZERO));
  let largest = 0;
  shares.forEach(([, v], i) => { if (v.abs().compare(shares[largest][1].abs()) > 0) largest = i; });
  shares[largest][1] = shares[largest][1].add(rest);
  return new Map(shares.map(([rate, v]) => [rate, amountOfTotal(rate, v, 'gross')]));
}

/** The tax of a rate converted to PLN (`P_14_xW`). */
export type PlnTax = (rate: DraftRate, amount: RateAmount) => Decimal;

/** PLN tax from the tax base converted at `rate` (net x PLN rate x r / 100), half up to the grosz. */
export function plnTaxFromBase(exchangeRate: Decimal): PlnTax {
  return (rate, amount) => {
    const p = percentOf(rate);
    return p ? amount.net.mul(exchangeRate).mul(p).div(HUNDRED, 2) : Decimal.ZERO;
  };
}

/** PLN tax as the tax converted at `rate` (advance invoices: `KursWalutyZ`). */
export function plnTaxFromTax(exchangeRate: Decimal): PlnTax {
  return (_rate, amount) => amount.tax.mul(exchangeRate).round(2);
}

/**
 * Writes every `P_13_x` / `P_14_x` (and `P_14_xW` with `plnTax`) for the rates present, and returns `P_15`:
 * the sum of all nets and taxes.
 */
export function writeBuckets(fa: Fa, amounts: RateAmounts, plnTax?: PlnTax): Decimal {
  const out = fa as unknown as Record<string, string>;
  let total = Decimal.ZERO;
  for (const bucket of RATE_BUCKETS) {
    const rates = [...amounts].filter(([rate]) => (rate === 'margin' ? bucket === MARGIN_BUCKET : bucket.codes.includes(rate)));
    if (rates.length === 0) continue;
    const net = rates.reduce((s, [, a]) => s.add(a.net), Decimal.ZERO);
    const tax = rates.reduce((s, [, a]) => s.add(a.tax), Decimal.ZERO);
    out[bucket.net] = net.toFixed2();
    total = total.add(net);
    if (!bucket.tax) continue;
    out[bucket.tax] = tax.toFixed2();
    total = total.add(tax);
    if (plnTax && bucket.taxPln) out[bucket.taxPln] = rates.reduce((s, [rate, a]) => s.add(plnTax(rate, a)), Decimal.ZERO).toFixed2();
  }
  return total;
}
