import fc from 'fast-check';
import { buildDraft } from '../../../../core/fa3/draft/buildDraft.js';
import type { Fa } from '../../../../core/fa3/model/Faktura.js';
import { Decimal } from '../../../../core/fa3/rules/Decimal.js';
import { RATE_BUCKETS } from '../../../../core/fa3/rules/rateBuckets.js';
import { Fa3XsdValidator } from '../../../../core/fa3/validation/Fa3XsdValidator.js';
import { validateFa3 } from '../../../../core/fa3/validation/validateFa3.js';
import { vatPercent, type DraftBuyer, type DraftLine, type InvoiceDraft, type SaleDraft, type VatRateCode } from '../../../../core/plugin-api/index.js';
import { SCHEMAS_DIR } from '../../../support/sharedDir.js';
import { seller } from './draftFixtures.js';

const NOW = new Date('2026-09-20T10:00:00Z');
/**
 * Runs per property: enough to cover every rate, kind, currency and method many times in well under a minute on a
 * shared machine. `FC_SEED` (and `FC_PATH`) replay a failure: fast-check prints both with the counterexample.
 */
const RUNS = Number(process.env.FC_RUNS ?? 120);
const replay = process.env.FC_SEED ? { seed: Number(process.env.FC_SEED), path: process.env.FC_PATH } : {};
const params = { numRuns: RUNS, ...replay };

/** A NIP with a right check digit (weights 6 5 7 2 3 4 5 6 7, mod 11; 10 is no digit) that FA(3)'s pattern takes. */
const nip = fc.array(fc.integer({ min: 0, max: 9 }), { minLength: 9, maxLength: 9 })
  .map((d) => [...d, d.reduce((s, x, i) => s + x * [6, 5, 7, 2, 3, 4, 5, 6, 7][i], 0) % 11])
  // The XSD's pattern too: no leading 0, and not 0 in both the second and third digit.
  .filter((d) => d[0] !== 0 && (d[1] !== 0 || d[2] !== 0) && d[9] !== 10).map((d) => d.join(''));

/** Decimal text with `scale` places in [min, max] (in units of 10^-scale). */
const decimal = (min: number, max: number, scale: number) => fc.integer({ min, max })
  .map((u) => Decimal.of(u).div(Decimal.of(10 ** scale), scale).toString());

const line = (rates: readonly VatRateCode[], price: fc.Arbitrary<string>, quantity: fc.Arbitrary<string>): fc.Arbitrary<DraftLine> =>
  fc.record({
    name: fc.constantFrom('Usługa', 'Towar A', 'Licencja', 'Materiał ąęśćż'),
    quantity, unit: fc.constantFrom('szt.', 'kg', 'h'), unitPrice: price, vatRate: fc.constantFrom(...rates),
    discountShare: fc.option(fc.integer({ min: 1, max: 50 }), { nil: undefined }),
  }).map(({ discountShare, ...l }) => {
    if (discountShare === undefined) return l;
    // A discount on the line value, never more than half of it (a line keeps a positive value).
    const value = Decimal.parse(l.quantity)!.mul(Decimal.parse(l.unitPrice)!);
    return { ...l, discount: value.mul(Decimal.of(discountShare)).div(Decimal.of(100), 2).toString() };
  });

const DOMESTIC: readonly VatRateCode[] = ['23', '22', '8', '7', '5', '4', '3', '0 KR', 'zw', 'oo', 'np I', 'np II'];
const polishBuyer = nip.map((n): DraftBuyer => ({ id: { type: 'nip', nip: n }, name: 'Nabywca S.A.', address: { country: 'PL', line1: 'ul. Krzywa 2' } }));
const exemption = { basis: 'act', text: 'art. 43 ust. 1 pkt 37 ustawy o VAT' } as const;

/** Domestic VAT invoices in PLN or a foreign currency, net or gross, any mix of rates, with discounts. */
const vatDraft: fc.Arbitrary<InvoiceDraft> = fc.record({
  buyer: polishBuyer,
  calculation: fc.constantFrom('net', 'gross') as fc.Arbitrary<'net' | 'gross'>,
  currency: fc.constantFrom('PLN', 'PLN', 'EUR', 'USD'),
  exchangeRate: decimal(35000, 50000, 4),
  lines: fc.array(line(DOMESTIC, decimal(1, 2_000_000, 2), decimal(1, 50_000, 3)), { minLength: 1, maxLength: 12 }),
}).map(({ currency, exchangeRate, lines, ...rest }) => ({
  kind: 'VAT', number: 'FV/P/1', issueDate: '2026-09-01', seller, ...rest, lines,
  ...(currency !== 'PLN' && { currency, exchangeRate }),
  ...(lines.some((l) => l.vatRate === 'zw') && { exemption }),
}));

/** Intra-EU supplies and exports to a foreign buyer. */
const foreignDraft: fc.Arbitrary<InvoiceDraft> = fc.record({
  rate: fc.constantFrom('0 WDT', '0 EX') as fc.Arbitrary<VatRateCode>,
  lines: fc.array(line(['0 WDT'], decimal(1, 1_000_000, 2), decimal(1, 1000, 0)), { minLength: 1, maxLength: 6 }),
  currency: fc.constantFrom('PLN', 'EUR'),
}).map(({ rate, lines, currency }) => ({
  kind: 'VAT', number: 'FV/P/2', issueDate: '2026-09-01', seller: { ...seller, euVatPrefix: rate === '0 WDT' },
  buyer: rate === '0 WDT'
    ? { id: { type: 'eu-vat', country: 'DE', number: '123456789' }, name: 'Käufer GmbH', address: { country: 'DE', line1: 'Hauptstraße 5' } }
    : { id: { type: 'other', country: 'US', id: '98-7654321' }, name: 'Buyer Inc.', address: { country: 'US', line1: '1 Main Street' } },
  lines: lines.map((l) => ({ ...l, vatRate: rate })),
  ...(currency !== 'PLN' && { currency, exchangeRate: '4.2156' }),
}));

/** Simplified invoices stay within their limit (450 PLN gross). */
const simplifiedDraft: fc.Arbitrary<InvoiceDraft> = fc.record({
  buyer: polishBuyer.map((b): DraftBuyer => ({ id: b.id })),
  calculation: fc.constantFrom('net', 'gross') as fc.Arbitrary<'net' | 'gross'>,
  lines: fc.array(line(['23', '8', '5'], decimal(1, 4000, 2), decimal(1, 3, 0)), { minLength: 1, maxLength: 3 }),
}).map((d) => ({ kind: 'UPR', number: 'PAR/P/1', issueDate: '2026-09-01', seller, ...d }));

const TAXED: readonly VatRateCode[] = ['23', '8', '5', '0 KR', 'zw'];
const buyer: DraftBuyer = { id: { type: 'nip', nip: '7352765225' }, name: 'Nabywca S.A.', address: { country: 'PL', line1: 'ul. Krzywa 2' } };
const ref = { ksefNumber: '5265877635-20260815-0100001AF629-AF', number: 'FV/2026/08/1', issueDate: '2026-08-15' };

/** Corrections: lines before and after (a changed price or quantity, an added or a removed line). */
const correctionDraft: fc.Arbitrary<InvoiceDraft> = fc.array(fc.tuple(
  line(TAXED, decimal(1, 100_000, 2), decimal(1, 100, 0)), line(TAXED, decimal(1, 100_000, 2), decimal(1, 100, 0)), fc.constantFrom('both', 'both', 'after', 'before'),
), { minLength: 1, maxLength: 5 }).map((pairs) => {
  const lines = pairs.map(([before, after, which]) => (which === 'after' ? { after } : which === 'before' ? { before }
    : { before, after: { ...after, vatRate: before.vatRate } }));
  return { kind: 'KOR', number: 'FK/P/1', issueDate: '2026-09-01', seller, buyer, correction: { of: ref, reason: 'cena' }, lines,
    ...(lines.some((l) => l.before?.vatRate === 'zw' || l.after?.vatRate === 'zw') && { exemption }) };
});

/** Advance invoices: any share of an order's gross value, split over its rates. */
const advanceDraft: fc.Arbitrary<InvoiceDraft> = fc.record({
  order: fc.array(line(['23', '8', '5'], decimal(100, 10_000_000, 2), decimal(1, 10, 0)), { minLength: 1, maxLength: 4 }),
  share: fc.integer({ min: 1, max: 100 }),
}).map(({ order, share }) => {
  const gross = order.map((l) => {
    const net = Decimal.parse(l.quantity)!.mul(Decimal.parse(l.unitPrice)!).sub(Decimal.parse(l.discount ?? '0')!).div(Decimal.of(1), 2);
    return net.add(net.mul(Decimal.parse(vatPercent(l.vatRate as VatRateCode)!)!).div(Decimal.of(100), 2));
  }).reduce((a, b) => a.add(b), Decimal.ZERO);
  const amount = gross.mul(Decimal.of(share)).div(Decimal.of(100), 2);
  return { kind: 'ZAL', number: 'FZ/P/1', issueDate: '2026-09-01', seller, buyer, advance: { amount: amount.toString(), receivedDate: '2026-09-01' }, order: { lines: order } };
});

const anyDraft = fc.oneof({ arbitrary: vatDraft, weight: 4 }, { arbitrary: foreignDraft, weight: 1 }, { arbitrary: simplifiedDraft, weight: 1 },
  { arbitrary: correctionDraft, weight: 1 }, { arbitrary: advanceDraft, weight: 1 });

describe('draft completion, for any valid draft', () => {
  let xsd: Fa3XsdValidator;
  beforeAll(async () => { xsd = await Fa3XsdValidator.load(SCHEMAS_DIR); });
  afterAll(() => xsd.dispose());

  it('completes into XSD-valid FA(3) whose sums, flags and lines pass every rule without a single finding', async () => {
    await fc.assert(fc.asyncProperty(anyDraft, async (draft) => {
      const built = await buildDraft(draft, { now: NOW });
      expect(built.issues).toEqual([]);
      const checked = validateFa3(built.xml!, { xsd, now: NOW });
      expect(checked.issues).toEqual([]);
    }), params);
  });

  it('gives the same rate totals from net and from gross prices, within the law\'s rounding to the grosz', async () => {
    await fc.assert(fc.asyncProperty(vatDraft, async (draft) => {
      const sale = draft as SaleDraft;
      // The same sale priced gross: each net unit price x (100 + r) / 100, exact (at most 4 decimals).
      const gross: InvoiceDraft = { ...sale, calculation: 'gross', lines: sale.lines.map((l) => ({ ...l, unitPrice: grossOf(l, l.unitPrice),
        ...(l.discount !== undefined && { discount: grossOf(l, l.discount) }) })) };
      const fromNet = (await buildDraft({ ...sale, calculation: 'net' }, { now: NOW })).invoice!.Fa;
      const fromGross = (await buildDraft(gross, { now: NOW })).invoice!.Fa;
      for (const bucket of RATE_BUCKETS) {
        const lines = sale.lines.filter((l) => bucket.codes.includes(l.vatRate));
        if (lines.length === 0) continue;
        // Each method rounds each line value to the grosz (up to half a grosz each, times 1 + r on the net side)
        // and each rate's tax once (half a grosz); nothing else may differ.
        const slack = Decimal.parse('0.005')!.mul(Decimal.of(2 * lines.length + 2)).add(Decimal.parse('0.01')!);
        const net = (fa: Fa) => Decimal.parse(fa[bucket.net] as string) ?? Decimal.ZERO;
        const tax = (fa: Fa) => (bucket.tax ? Decimal.parse(fa[bucket.tax] as string) ?? Decimal.ZERO : Decimal.ZERO);
        const grossOf = (fa: Fa) => net(fa).add(tax(fa));
        expect({ bucket: bucket.net, gross: within(grossOf(fromNet), grossOf(fromGross), slack) }).toEqual({ bucket: bucket.net, gross: true });
        expect({ bucket: bucket.tax, tax: within(tax(fromNet), tax(fromGross), slack) }).toEqual({ bucket: bucket.tax, tax: true });
      }
      const p15 = (fa: Fa) => Decimal.parse(fa.P_15)!;
      const buckets = new Set(sale.lines.map((l) => l.vatRate)).size;
      const totalSlack = Decimal.parse('0.005')!.mul(Decimal.of(2 * sale.lines.length + 4 * buckets));
      expect(within(p15(fromNet), p15(fromGross), totalSlack)).toBe(true);
    }), params);
  });
});

/** A net amount of this line's rate as gross, exact: x (100 + r) / 100 (a discount too: it is an amount off the line value). */
function grossOf(l: DraftLine, amount: string): string {
  const percent = vatPercent(l.vatRate as VatRateCode);
  if (percent === undefined) return amount;
  return Decimal.parse(amount)!.mul(Decimal.of(100).add(Decimal.parse(percent)!)).div(Decimal.of(100), 4).toString();
}

function within(a: Decimal, b: Decimal, slack: Decimal): boolean {
  return a.sub(b).abs().compare(slack) <= 0;
}
