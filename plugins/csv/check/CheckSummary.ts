import { Decimal } from '../../../core/plugin-api/index.js';

/** The FA(3) totals fields and the rate each one sums (FA3.md: P_13_x net, P_14_x VAT). */
const BUCKETS: readonly (readonly [string, string | undefined, string])[] = [
  ['P_13_1', 'P_14_1', '23% / 22%'], ['P_13_2', 'P_14_2', '8% / 7%'], ['P_13_3', 'P_14_3', '5%'],
  ['P_13_4', 'P_14_4', '4% / 3% (taxi)'], ['P_13_5', 'P_14_5', 'OSS'], ['P_13_6_1', undefined, '0% domestic'],
  ['P_13_6_2', undefined, '0% WDT'], ['P_13_6_3', undefined, '0% export'], ['P_13_7', undefined, 'exempt (zw)'],
  ['P_13_8', undefined, 'not taxable (np I)'], ['P_13_9', undefined, 'not taxable (np II)'],
  ['P_13_10', undefined, 'reverse charge (oo)'], ['P_13_11', undefined, 'margin'],
];

/** What `csv check` counts: invoices, lines, totals per VAT rate (from the FA(3) each invoice became), errors by code. */
export class CheckSummary {
  invoices = 0;
  valid = 0;
  lines = 0;
  private readonly totals = new Map<string, { net: Decimal; vat: Decimal; currency: Set<string> }>();
  private readonly errorCodes = new Map<string, number>();

  addInvoice(lines: number, errors: readonly { code: string }[]): void {
    this.invoices += 1;
    this.lines += lines;
    if (errors.length === 0) this.valid += 1;
    for (const e of errors) this.errorCodes.set(e.code, (this.errorCodes.get(e.code) ?? 0) + 1);
  }

  /** Adds the totals of a valid invoice, read from its FA(3) XML (in the invoice's currency). */
  addTotals(xml: string): void {
    const currency = /<KodWaluty>([^<]+)<\/KodWaluty>/.exec(xml)?.[1] ?? 'PLN';
    for (const [netTag, vatTag, label] of BUCKETS) {
      const net = leaf(xml, netTag);
      if (net === undefined) continue;
      const t = this.totals.get(label) ?? { net: Decimal.ZERO, vat: Decimal.ZERO, currency: new Set<string>() };
      t.net = t.net.add(Decimal.parse(net) ?? Decimal.ZERO);
      const vat = vatTag ? leaf(xml, vatTag) : undefined;
      if (vat !== undefined) t.vat = t.vat.add(Decimal.parse(vat) ?? Decimal.ZERO);
      t.currency.add(currency);
      this.totals.set(label, t);
    }
  }

  render(): string {
    const out = [`invoices: ${this.invoices} (${this.valid} valid, ${this.invoices - this.valid} with errors), lines: ${this.lines}`];
    if (this.totals.size > 0) {
      out.push('totals per VAT rate (net / VAT):');
      for (const [label, t] of this.totals) out.push(`  ${label.padEnd(22)} ${t.net.toFixed2().padStart(16)} / ${t.vat.toFixed2().padStart(14)}  ${[...t.currency].join(', ')}`);
    }
    if (this.errorCodes.size > 0) {
      out.push('errors by code:');
      for (const [code, n] of [...this.errorCodes].sort((a, b) => b[1] - a[1])) out.push(`  ${code.padEnd(32)} ${n}`);
    }
    return `${out.join('\n')}\n`;
  }
}

function leaf(xml: string, tag: string): string | undefined {
  return new RegExp(`<${tag}>([^<]+)</${tag}>`).exec(xml)?.[1];
}
