import { Decimal, vatPercent } from '../../../core/plugin-api/index.js';
import type { MappedLine } from './mapLines.js';
import type { MappingContext } from './MappingContext.js';

/**
 * Compares SAP's own totals (E1EDS01: net, tax, gross) with the sums computed from the items the way the gateway
 * completes the invoice (tax per rate on the rate's net total, rounded half up to the grosz) and reports every
 * difference with both values, so a pricing or rounding mismatch is seen before KSeF has the invoice.
 */
export function checkTotals(ctx: MappingContext, lines: readonly MappedLine[], sign: 1 | -1): void {
  const q = ctx.mapping.qualifiers;
  const perRate = new Map<string, Decimal>();
  for (const l of lines) perRate.set(l.line.vatRate, (perRate.get(l.line.vatRate) ?? Decimal.ZERO).add(l.net));
  let net = Decimal.ZERO;
  let tax = Decimal.ZERO;
  for (const [rate, base] of perRate) {
    net = net.add(base);
    const percent = vatPercent(rate as never);
    if (percent) tax = tax.add(base.mul(Decimal.parse(percent) as Decimal).div(Decimal.of(100), 2));
  }
  const expected: [string, Decimal][] = [[q.totalNet, net], [q.totalTax, tax], [q.totalGross, net.add(tax)]];
  for (const [sumid, computed] of expected) {
    const segment = ctx.top('E1EDS01', 'SUMID', sumid)[0];
    if (!segment) continue;
    const text = ctx.decimal(segment, 'SUMME');
    const sent = text === undefined ? undefined : (Decimal.parse(text) as Decimal);
    if (!sent) continue;
    const signed = sign === -1 ? sent.neg() : sent;
    if (!signed.equals(computed)) {
      const report = ctx.mapping.totals === 'error' ? ctx.error.bind(ctx) : ctx.warn.bind(ctx);
      report('GW_SAP_MAP_TOTAL_MISMATCH', `E1EDS01 ${sumid} is ${signed.toFixed2()}, the items give ${computed.toFixed2()} (difference ${signed.sub(computed).toFixed2()})`, segment, 'SUMME');
    }
  }
}
