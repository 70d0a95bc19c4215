import fc from 'fast-check';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import iconv from 'iconv-lite';
import { defaultMapping } from '../../../plugins/csv/mapping/defaultMapping.js';
import { parseMapping } from '../../../plugins/csv/mapping/loadMapping.js';
import { readInvoices } from '../../../plugins/csv/reading/readInvoices.js';
import { tempDir, toCsv } from './csvFiles.js';

/** Text an ERP might put in a field: Polish letters, delimiters, quotes and line breaks, never blank at the ends. */
const text = fc.array(fc.constantFrom(...'aąbcćdeęlłnńoóśzźżAĄĆĘŁŃÓŚŹŻ 0;,|\t"\n-.'.split('')), { minLength: 1, maxLength: 20 })
  .map((cs) => `X${cs.join('')}Y`);
const decimal = (fractionDigits: number) => fc.tuple(fc.integer({ min: 0, max: 2_000_000 }), fc.integer({ min: 0, max: fractionDigits }), fc.nat())
  .map(([whole, digits, f]) => (digits === 0 ? String(whole) : `${whole}.${String(f % 10 ** digits).padStart(digits, '0')}`));
const day = fc.date({ min: new Date('2020-01-01T00:00:00Z'), max: new Date('2030-12-31T00:00:00Z'), noInvalidDate: true }).map((d) => d.toISOString().slice(0, 10));
const nip = fc.stringMatching(/^[1-9]\d{9}$/);
const line = fc.record({ name: text, quantity: decimal(3), unit: fc.constantFrom('szt.', 'kg', 'usł.', 'm²'.replace('²', '2')), unitPrice: decimal(2), vatRate: fc.constantFrom('23', '8', '5', '0 KR', '0 WDT', 'zw', 'oo', 'np I') });
const draft = fc.record({
  number: fc.stringMatching(/^[A-Z]{1,3}\/\d{1,4}\/20\d\d$/), issueDate: day,
  seller: fc.record({ nip, name: text, line1: text }), buyer: fc.record({ nip, name: text, line1: text }),
  lines: fc.array(line, { minLength: 1, maxLength: 5 }),
});
const layout = fc.record({
  encoding: fc.constantFrom('utf-8', 'windows-1250', 'iso-8859-2', 'cp852'),
  delimiter: fc.constantFrom(';', ',', '\t', '|'),
  decimal: fc.constantFrom('comma' as const, 'point' as const),
  thousands: fc.constantFrom('', ' ', '\u00a0', '.'),
  dateFormat: fc.constantFrom('YYYY-MM-DD', 'DD.MM.YYYY', 'DD/MM/YYYY', 'YYYYMMDD'),
  order: fc.array(fc.nat(), { maxLength: 100 }),
});

function writeDecimal(value: string, mark: 'comma' | 'point', thousands: string): string {
  const [whole, fraction] = value.split('.');
  const sep = mark === 'point' && thousands === '.' ? ',' : thousands; // a dot cannot group with a decimal point
  const grouped = whole.replace(/\B(?=(\d{3})+(?!\d))/g, sep);
  return fraction === undefined ? grouped : `${grouped}${mark === 'comma' ? ',' : '.'}${fraction}`;
}

function writeDate(iso: string, format: string): string {
  const [y, m, d] = iso.split('-');
  return format.replace('YYYY', y).replace('MM', m).replace('DD', d);
}

describe('CSV round trip (property)', () => {
  it('maps CSV files written from random drafts, in any encoding, delimiter and format, rows interleaved, back to the same drafts', async () => {
    const dir = await tempDir('csv-prop-');
    let n = 0;
    await fc.assert(fc.asyncProperty(fc.array(draft, { minLength: 1, maxLength: 6 }), layout, async (drafts, f) => {
      const unique = drafts.map((d, i) => ({ ...d, number: `${d.number}-${i}` }));
      const header = ['document_id', 'number', 'issue_date', 'seller_nip', 'seller_name', 'seller_address1', 'buyer_nip', 'buyer_name', 'buyer_address1', 'line_name', 'quantity', 'unit', 'unit_price', 'vat_rate'];
      const queues = unique.map((d) => d.lines.map((l) => [d.number, d.number, writeDate(d.issueDate, f.dateFormat), d.seller.nip, d.seller.name, d.seller.line1, `PL${d.buyer.nip}`, d.buyer.name, d.buyer.line1,
        l.name, writeDecimal(l.quantity, f.decimal, f.thousands), l.unit, writeDecimal(l.unitPrice, f.decimal, f.thousands), l.vatRate]));
      const rows: string[][] = [];
      for (let k = 0; queues.some((q) => q.length > 0); k++) { // interleave the invoices' rows, each invoice's lines in order
        const open = queues.filter((q) => q.length > 0);
        rows.push(open[(f.order[k] ?? k) % open.length].shift()!);
      }
      const file = join(dir, `p${n++}.csv`);
      await writeFile(file, iconv.encode(toCsv([header, ...rows], f.delimiter), f.encoding));
      const mapping = parseMapping({ ...defaultMapping, decimal: f.decimal, dateFormat: f.dateFormat }, 'test');
      const read = new Map<string, unknown>();
      for await (const invoice of readInvoices({ layout: 'lines', file }, mapping)) {
        expect(invoice.errors).toEqual([]);
        read.set(invoice.docId, invoice.draft);
      }
      expect(read.size).toBe(unique.length);
      for (const d of unique) {
        expect(read.get(d.number)).toEqual({
          kind: 'VAT', number: d.number, issueDate: d.issueDate, currency: 'PLN',
          seller: { nip: d.seller.nip, name: d.seller.name, address: { country: 'PL', line1: d.seller.line1 } },
          buyer: { id: { type: 'nip', nip: d.buyer.nip }, name: d.buyer.name, address: { country: 'PL', line1: d.buyer.line1 } },
          lines: d.lines.map((l) => ({ ...l, quantity: l.quantity.replace(/^0+(?=\d)/, ''), unitPrice: l.unitPrice.replace(/^0+(?=\d)/, '') })),
        });
      }
    }), { numRuns: 60 });
  });
});
