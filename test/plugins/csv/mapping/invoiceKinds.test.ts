import { join } from 'node:path';
import { loadMapping, parseMapping } from '../../../../plugins/csv/mapping/loadMapping.js';
import type { CsvMappingInput } from '../../../../plugins/csv/mapping/CsvMapping.js';
import type { CsvInvoice } from '../../../../plugins/csv/mapping/InvoiceBuilder.js';
import { readInvoices } from '../../../../plugins/csv/reading/readInvoices.js';
import { buildDraft } from '../../../../core/fa3/draft/buildDraft.js';
import { tempDir, toCsv, writeCsv } from '../csvFiles.js';

const EXAMPLE = join('plugins', 'csv', 'examples', 'corrections');

async function read(file: string, mapping: Awaited<ReturnType<typeof loadMapping>>): Promise<Map<string, CsvInvoice>> {
  const out = new Map<string, CsvInvoice>();
  for await (const i of readInvoices({ layout: 'lines', file }, mapping)) out.set(i.docId, i);
  return out;
}

const base: CsvMappingInput = {
  documentId: 'id', delimiter: ';',
  fields: {
    kind: { column: 'kind', optional: true }, number: 'id', issueDate: 'date', 'seller.nip': { const: '5265877635' }, 'seller.name': { const: 'S' },
    'seller.address.country': { const: 'PL' }, 'seller.address.line1': { const: 'ul. A 1' }, 'buyer.id.nip': { const: '7352765225' },
    'correction.of.erpId': { column: 'of', optional: true },
  },
  lines: { name: 'name', quantity: 'qty', unitPrice: 'price', vatRate: { const: '23' }, 'before.quantity': { column: 'qty_before', optional: true } },
};

describe('CSV rows of advance, settlement and correction invoices', () => {
  it('maps the corrections example: ZAL lines form the order, KOR lines have before and after sides (a removed line only before), ROZ names its advance', async () => {
    const invoices = await read(join(EXAMPLE, 'export.csv'), await loadMapping(join(EXAMPLE, 'mapping.yaml')));
    expect([...invoices.values()].map((i) => [i.docId, i.errors, i.lineCount])).toEqual([
      ['FZ/2026/11/150', [], 2], ['FK/2026/11/5', [], 2], ['FR/2026/11/17', [], 2],
    ]);
    const zal = invoices.get('FZ/2026/11/150')!;
    expect(zal.draft).toMatchObject({ kind: 'ZAL', advance: { amount: '4920.00', receivedDate: '2026-11-15' },
      order: { lines: [{ name: 'Kocioł gazowy kondensacyjny 24 kW', unitPrice: '18000.00', vatRate: '23' }, { name: 'Montaż kotła' }] } });
    expect(zal.draft).not.toHaveProperty('lines');
    expect(zal.sources['/order/lines/1/unitPrice']).toEqual({ kind: 'file', file: 'export.csv', row: 3, column: 'Cena' });

    const kor = invoices.get('FK/2026/11/5')!;
    expect(kor.draft).toMatchObject({ kind: 'KOR',
      correction: { of: { ksefNumber: '5265877635-20261102-0100001AF629-AF', number: 'FV/2026/11/9', issueDate: '2026-11-02' }, reason: 'rabat posprzedażowy i zwrot papieru' } });
    expect(kor.draft.lines).toEqual([
      { before: { name: 'Toner HP 305A', quantity: '3', unitPrice: '120.00', vatRate: '23' }, after: { name: 'Toner HP 305A', quantity: '3', unitPrice: '100.00', vatRate: '23' } },
      { before: { name: 'Papier A4 ryza', quantity: '10', unitPrice: '20.00', vatRate: '23' } },
    ]);
    expect(kor.sources['/lines/0/after/unitPrice']).toEqual({ kind: 'file', file: 'export.csv', row: 4, column: 'Cena' });
    expect(kor.sources['/lines/0/before/unitPrice']).toEqual({ kind: 'file', file: 'export.csv', row: 4, column: 'CenaPrzed' });

    const roz = invoices.get('FR/2026/11/17')!;
    expect(roz.draft).toMatchObject({ kind: 'ROZ', lines: [{ unitPrice: '18000.00' }, { unitPrice: '2000.00' }], advances: [{
      invoice: { ksefNumber: '5265877635-20261115-0100001AF629-AF', number: 'FZ/2026/11/150', issueDate: '2026-11-15' },
      amounts: [{ vatRate: '23', net: '4000.00', vat: '920.00' }] }] });
  });

  it('the core completes the example\'s drafts into FA(3): the correction\'s difference, the advance, the settlement less its advance', async () => {
    const invoices = await read(join(EXAMPLE, 'export.csv'), await loadMapping(join(EXAMPLE, 'mapping.yaml')));
    const built = async (id: string) => {
      const b = await buildDraft(invoices.get(id)!.draft, { now: new Date('2026-12-03T12:00:00Z') });
      expect(b.issues.filter((i) => i.severity === 'error')).toEqual([]);
      return b.invoice!.Fa;
    };
    expect(await built('FK/2026/11/5')).toMatchObject({ RodzajFaktury: 'KOR', P_13_1: '-260.00', P_14_1: '-59.80', P_15: '-319.80', PrzyczynaKorekty: 'rabat posprzedażowy i zwrot papieru' });
    expect(await built('FZ/2026/11/150')).toMatchObject({ RodzajFaktury: 'ZAL', P_13_1: '4000.00', P_14_1: '920.00', P_15: '4920.00' });
    expect(await built('FR/2026/11/17')).toMatchObject({ RodzajFaktury: 'ROZ', P_13_1: '16000.00', P_14_1: '3680.00', P_15: '19680.00' });
  });

  it('a before-correction value in an invoice that is not a correction is an error of its row, naming the column', async () => {
    const dir = await tempDir();
    const file = await writeCsv(dir, 'x.csv', toCsv([
      ['id', 'kind', 'date', 'of', 'name', 'qty', 'price', 'qty_before'],
      ['V1', '', '2026-11-30', '', 'Towar', '2', '10', '3'],
      ['K1', 'KOR', '2026-11-30', 'V0', 'Towar', '2', '10', '3'],
    ]));
    const invoices = await read(file, parseMapping(base, 'test'));
    expect(invoices.get('V1')!.errors).toEqual([{ code: 'GW_CSV_NOT_A_CORRECTION', file: 'x.csv', row: 2, column: 'qty_before', field: 'before.quantity',
      message: '"3" is a value before or after a correction, but this invoice is of kind VAT (only KOR, KOR_ZAL and KOR_ROZ correct lines)' }]);
    expect(invoices.get('K1')!.errors).toEqual([]);
    expect(invoices.get('K1')!.draft).toMatchObject({ correction: { of: { erpId: 'V0' } }, lines: [{ before: { quantity: '3' }, after: { quantity: '2', unitPrice: '10' } }] });
  });

  it('with contexts, an invoice referenced by ERP id is the document of the same company, as the plugin names its ERP ids', async () => {
    const dir = await tempDir();
    const file = await writeCsv(dir, 'x.csv', toCsv([
      ['id', 'kind', 'date', 'of', 'name', 'qty', 'price', 'co'],
      ['K1', 'KOR', '2026-11-30', 'FV/7', 'Towar', '2', '10', 'A'],
    ]));
    const mapping = parseMapping({ ...base, contexts: { by: 'co', mappings: { A: {} } } }, 'test');
    const k1 = (await read(file, mapping)).get('K1')!;
    expect(k1.errors).toEqual([]);
    expect(k1.draft).toMatchObject({ correction: { of: { erpId: 'A/FV/7' } } });
  });
});
