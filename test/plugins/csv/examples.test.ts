import { join } from 'node:path';
import { loadMapping } from '../../../plugins/csv/mapping/loadMapping.js';
import type { CsvInvoice } from '../../../plugins/csv/mapping/InvoiceBuilder.js';
import { readInvoices, type CsvDrop } from '../../../plugins/csv/reading/readInvoices.js';

const EXAMPLES = join('plugins', 'csv', 'examples');

async function read(drop: CsvDrop, mapping?: string): Promise<CsvInvoice[]> {
  const out: CsvInvoice[] = [];
  for await (const i of readInvoices(drop, await loadMapping(mapping))) out.push(i);
  return out;
}

describe('plugins/csv/examples', () => {
  it('lines/: a Windows-1250 export of two companies maps without errors, per-company seller data and value maps applied', async () => {
    const invoices = await read({ layout: 'lines', file: join(EXAMPLES, 'lines', 'export.csv') }, join(EXAMPLES, 'lines', 'mapping.yaml'));
    expect(invoices.map((i) => [i.docId, i.errors, i.lineCount])).toEqual([
      ['S/2026/11/77', [], 1], ['FV/11/2026/002', [], 1], ['FV/11/2026/001', [], 3],
    ]);
    const [service, wdt, first] = invoices;
    expect(service.draft).toMatchObject({ seller: { nip: '9581234565', name: 'Usługi Serwisowe Południe S.A.' }, saleDate: '2026-11-29', payment: { method: 'cash' },
      lines: [{ name: 'Przegląd kotła\nz wymianą uszczelek', unitPrice: '1250.00', discount: '50.00', unit: 'usł.', vatRate: '23' }] });
    expect(wdt.draft).toMatchObject({ currency: 'EUR', buyer: { id: { type: 'eu-vat', country: 'DE', number: '811907980' }, address: { country: 'DE', line2: '10115 Berlin' } }, lines: [{ vatRate: '0 WDT' }] });
    expect(first.draft).toMatchObject({ seller: { name: 'Hurtownia Północ Sp. z o.o.', address: { line2: '81-001 Gdynia' } }, buyer: { id: { type: 'nip', nip: '7352765225' } },
      payment: { dueDates: ['2026-12-12'], bankAccounts: [{ number: '61109010140000071219812874' }] }, lines: [{ unitPrice: '1.20' }, { name: 'Chleb żytni; krojony', vatRate: '5' }, { discount: '0.85' }] });
  });

  it('header-lines/: a CP852 header file and lines file without header rows join by position', async () => {
    const dir = join(EXAMPLES, 'header-lines');
    const invoices = await read({ layout: 'header-lines', header: join(dir, 'invoices.header.txt'), lines: join(dir, 'invoices.lines.txt') }, join(dir, 'mapping.yaml'));
    expect(invoices.map((i) => [i.docId, i.errors, i.lineCount])).toEqual([['K/002', [], 2], ['K/001', [], 3]]);
    expect(invoices[0].draft).toMatchObject({ kind: 'VAT', number: 'K/2026/11/002', issueDate: '2026-11-28', seller: { name: 'Księgarnia Ósemka' },
      exemption: { basis: 'act', text: 'art. 43 ust. 1 pkt 29 lit. c ustawy o VAT' }, lines: [{ name: 'Szkolenie BHP dla nauczycieli', vatRate: 'zw' }, { vatRate: '23' }] });
    expect(invoices[1].draft).not.toHaveProperty('exemption');
    expect(invoices[1].sources['/lines/2/unitPrice']).toEqual({ kind: 'file', file: 'invoices.lines.txt', row: 5, column: '#6' });
  });

  it('default/: the default mapping needs no configuration', async () => {
    const invoices = await read({ layout: 'lines', file: join(EXAMPLES, 'default', 'export.csv') });
    expect(invoices.map((i) => [i.docId, i.errors, i.lineCount])).toEqual([['FV-2026-11-0101', [], 2], ['FV-2026-11-0102', [], 1]]);
    expect(invoices[1].draft).toMatchObject({ buyer: { id: { type: 'none' }, name: 'Jan Kowalski' }, payment: { method: 'cash' }, lines: [{ discount: '10.00', vatRate: '8' }] });
  });
});
