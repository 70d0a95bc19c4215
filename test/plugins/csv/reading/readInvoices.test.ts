import { loadMapping, parseMapping } from '../../../../plugins/csv/mapping/loadMapping.js';
import { defaultMapping } from '../../../../plugins/csv/mapping/defaultMapping.js';
import type { CsvInvoice } from '../../../../plugins/csv/mapping/InvoiceBuilder.js';
import { CsvFileError } from '../../../../plugins/csv/reading/CsvFileError.js';
import { readInvoices, type CsvDrop } from '../../../../plugins/csv/reading/readInvoices.js';
import { DEFAULT_EXPORT, DEFAULT_ROWS, tempDir, toCsv, writeCsv } from '../csvFiles.js';

async function collect(drop: CsvDrop, mapping = parseMapping(defaultMapping, 'default')): Promise<CsvInvoice[]> {
  const out: CsvInvoice[] = [];
  for await (const invoice of readInvoices(drop, mapping)) out.push(invoice);
  return out;
}

function byId(invoices: CsvInvoice[], id: string): CsvInvoice {
  const found = invoices.find((i) => i.docId === id);
  if (!found) throw new Error(`no invoice ${id}`);
  return found;
}

describe('readInvoices', () => {
  it.each([
    ['utf-8', false], ['utf-8', true], ['windows-1250', false], ['iso-8859-2', false], ['cp852', false],
  ])('reads a %s export (BOM: %s) with the default mapping, joining rows that are not adjacent', async (encoding, bom) => {
    const dir = await tempDir();
    const file = await writeCsv(dir, 'export.csv', DEFAULT_EXPORT.replace('Käufer', 'Kaufer'), encoding, bom);
    const invoices = await collect({ layout: 'lines', file });
    expect(invoices.map((i) => i.docId).sort()).toEqual(['A1', 'A2']);
    const a1 = byId(invoices, 'A1');
    expect(a1.errors).toEqual([]);
    expect(a1.draft).toMatchObject({
      kind: 'VAT', number: 'FV/1/2026', issueDate: '2026-12-02', currency: 'PLN',
      seller: { nip: '5265877635', name: 'Sprzedawca Sp. z o.o.', address: { country: 'PL', line1: 'ul. Prosta 1, 00-001 Warszawa' } },
      buyer: { id: { type: 'nip', nip: '7352765225' }, name: 'Nabywca Łódź S.A.' },
      lines: [
        { name: 'Usługa serwisowa', quantity: '2', unit: 'szt.', unitPrice: '1234.50', vatRate: '23' },
        { name: 'Obiad; z "deserem"\nna dwie linie', quantity: '1', unitPrice: '50', vatRate: '8' },
      ],
    });
    expect(byId(invoices, 'A2').draft).toMatchObject({ buyer: { id: { type: 'eu-vat', country: 'DE', number: '811907980' } }, lines: [{ name: 'Żółta część', vatRate: '0 WDT' }] });
  });

  it.each([[','], ['\t'], ['|']])('reads a file delimited by %j, quoted fields holding that delimiter', async (delimiter) => {
    const dir = await tempDir();
    const rows = DEFAULT_ROWS.map((r) => r.map((f) => f.replace('ul. Prosta 1, ', `ul. Prosta 1${delimiter} `)));
    const file = await writeCsv(dir, 'export.csv', toCsv(rows, delimiter, '\n'));
    const invoices = await collect({ layout: 'lines', file });
    expect(byId(invoices, 'A1').errors).toEqual([]);
    expect(byId(invoices, 'A1').draft).toMatchObject({ seller: { address: { line1: `ul. Prosta 1${delimiter} 00-001 Warszawa` } }, lines: [{ unitPrice: '1234.50' }, { name: expect.stringContaining('deserem') }] });
  });

  it('locates every value: file, row (the line where the record starts) and column, as JSON pointers into the draft', async () => {
    const dir = await tempDir();
    const file = await writeCsv(dir, 'export.csv', DEFAULT_EXPORT);
    const a1 = byId(await collect({ layout: 'lines', file }), 'A1');
    expect(a1.sources['']).toEqual({ kind: 'file', file: 'export.csv', row: 2 });
    expect(a1.sources['/buyer/id/nip']).toEqual({ kind: 'file', file: 'export.csv', row: 2, column: 'buyer_nip' });
    expect(a1.sources['/lines/1/unitPrice']).toEqual({ kind: 'file', file: 'export.csv', row: 4, column: 'unit_price' });
    expect(a1.rows).toEqual([{ file: 'export.csv', row: 2 }, { file: 'export.csv', row: 4 }]);
  });

  it('keeps a bad row to its own invoice: a wrong number, a wrong date, an unknown VAT code and a short row are each reported', async () => {
    const dir = await tempDir();
    const lines = DEFAULT_EXPORT.split('\r\n');
    const text = [
      ...lines,
      'B1;FV/3/2026;31.02.2026;5265877635;S;ul. A 1;7352765225;N;ul. B;Towar;dwa;szt.;10,00;23%',
      'B2;FV/4/2026;2026-12-02;5265877635;S;ul. A 1;7352765225;N;ul. B;Towar;1;szt.;10,00;X9',
      'B3;FV/5/2026;2026-12-02;5265877635',
    ].join('\n');
    const file = await writeCsv(dir, 'bad.csv', text);
    const invoices = await collect({ layout: 'lines', file });
    expect(byId(invoices, 'A1').errors).toEqual([]);
    expect(byId(invoices, 'A2').errors).toEqual([]);
    expect(byId(invoices, 'B1').errors).toEqual([
      expect.objectContaining({ code: 'GW_CSV_VALUE_INVALID', file: 'bad.csv', row: 6, column: 'issue_date', field: 'issueDate' }),
      expect.objectContaining({ code: 'GW_CSV_VALUE_INVALID', row: 6, column: 'quantity', field: 'quantity', message: '"dwa" is not a number' }),
    ]);
    expect(byId(invoices, 'B2').errors).toEqual([expect.objectContaining({ code: 'GW_CSV_VALUE_UNMAPPED', row: 7, column: 'vat_rate', field: 'vatRate' })]);
    expect(byId(invoices, 'B3').errors[0]).toMatchObject({ code: 'GW_CSV_ROW_MALFORMED', row: 8 });
  });

  it('reports a header field that differs between rows of one invoice', async () => {
    const dir = await tempDir();
    const file = await writeCsv(dir, 'x.csv', DEFAULT_EXPORT.replace(/(A1;FV\/1\/2026;)02\.12\.2026(.*Obiad)/s, '$103.12.2026$2'));
    const a1 = byId(await collect({ layout: 'lines', file }), 'A1');
    expect(a1.errors).toEqual([expect.objectContaining({ code: 'GW_CSV_HEADER_MISMATCH', row: 4, column: 'issue_date', field: 'issueDate' })]);
  });

  it('joins a header file and a lines file by document id, lines in any order', async () => {
    const dir = await tempDir();
    const header = await writeCsv(dir, 'feb.header.csv', 'id;nr;data;nip;nazwa;adres;kontrahent\n7;FV/7;2026-12-01;5265877635;S;ul. A 1;PL7352765225\n8;FV/8;2026-12-01;5265877635;S;ul. A 1;\n9;FV/9;2026-12-01;5265877635;S;ul. A 1;\n');
    const lines = await writeCsv(dir, 'feb.lines.csv', 'doc;towar;ilosc;cena;vat\n8;Chleb;1;3,50;5\n7;Mleko;2;4,00;5\n8;Masło;1;9,99;5\n10;Sirotka;1;1;5\n');
    const mapping = parseMapping({
      layout: 'header-lines', documentId: 'id', linesDocumentId: 'doc',
      fields: { number: 'nr', issueDate: 'data', 'seller.nip': 'nip', 'seller.name': 'nazwa', 'seller.address.line1': 'adres',
        'seller.address.country': { const: 'PL' }, 'buyer.id.nip': { column: 'kontrahent', split: 'number' } },
      lines: { name: 'towar', quantity: 'ilosc', unitPrice: 'cena', vatRate: 'vat' },
    }, 'm');
    const invoices = await collect({ layout: 'header-lines', header, lines }, mapping);
    expect(byId(invoices, '8').draft).toMatchObject({ number: 'FV/8', buyer: { id: { type: 'none' } }, lines: [{ name: 'Chleb' }, { name: 'Masło', unitPrice: '9.99' }] });
    expect(byId(invoices, '8').sources['/lines/1/unitPrice']).toEqual({ kind: 'file', file: 'feb.lines.csv', row: 4, column: 'cena' });
    expect(byId(invoices, '8').sources['/number']).toEqual({ kind: 'file', file: 'feb.header.csv', row: 3, column: 'nr' });
    expect(byId(invoices, '7').errors).toEqual([]);
    expect(byId(invoices, '9').errors).toEqual([expect.objectContaining({ code: 'GW_CSV_NO_LINES' })]);
    expect(byId(invoices, '10').errors).toEqual([expect.objectContaining({ code: 'GW_CSV_HEADER_MISSING', file: 'feb.lines.csv', row: 5 })]);
  });

  it('makes a repeated header-file row and a row without a document id faults of their own invoices, the others unaffected', async () => {
    const dir = await tempDir();
    const header = await writeCsv(dir, 'mar.header.csv', 'id;nr;data\n7;FV/7;2026-12-01\n8;FV/8;2026-12-01\n7;FV/7b;2026-12-01\n');
    const lines = await writeCsv(dir, 'mar.lines.csv', 'id;towar;ilosc;cena\n7;Mleko;2;4,00\n8;Chleb;1;3,50\n;Sirotka;1;1\n');
    const mapping = parseMapping({
      layout: 'header-lines', documentId: 'id',
      fields: { number: 'nr', issueDate: 'data' },
      lines: { name: 'towar', quantity: 'ilosc', unitPrice: 'cena', vatRate: { const: '5' } },
    }, 'm');
    const invoices = await collect({ layout: 'header-lines', header, lines }, mapping);
    const duplicate = invoices.find((i) => i.errors.some((e) => e.code === 'GW_CSV_DUPLICATE_HEADER'));
    expect(duplicate?.errors).toEqual([{ code: 'GW_CSV_DUPLICATE_HEADER', file: 'mar.header.csv', row: 4, field: 'documentId', message: 'document id "7" appears again (first in row 2)' }]);
    expect(duplicate?.draft).toMatchObject({ number: 'FV/7b' });
    const noId = invoices.filter((i) => i.docId === '');
    expect(noId.map((i) => i.errors)).toEqual([[expect.objectContaining({ code: 'GW_CSV_DOCUMENT_ID_EMPTY', file: 'mar.lines.csv', row: 4, field: 'documentId', message: 'has no document id' })]]);
    expect(invoices.filter((i) => i.docId !== '' && i.errors.length === 0).map((i) => [i.docId, i.draft.number, i.lineCount]).sort()).toEqual([['7', 'FV/7', 1], ['8', 'FV/8', 1]]);
  });

  it('applies constants, concatenation, defaults, value maps and per-seller mappings', async () => {
    const dir = await tempDir();
    const file = await writeCsv(dir, 'ctx.csv', [
      'Firma;Nr;Data;Ulica;Miasto;Kod VAT;Nazwa;Ilosc;Cena;Waluta',
      '1111111111;F1;20261202;Prosta 1;Kraków;A;Towar;1;10.5;',
      '2222222222;F1;20261202;Krzywa 2;;B;Usluga;1;20;EUR',
      '3333333333;F9;20261202;Krzywa 2;;B;Usluga;1;20;EUR',
    ].join('\n'));
    const mapping = parseMapping({
      documentId: 'Nr', decimal: 'point',
      valueMaps: { stawki: { A: '23', B: '8' } },
      fields: { number: 'Nr', issueDate: 'Data', currency: { column: 'Waluta', default: { const: 'PLN' } },
        'seller.nip': 'Firma', 'seller.name': { const: 'Firma 1' }, 'seller.address.line1': { concat: ['Ulica', 'Miasto'], separator: ', ' } },
      lines: { name: 'Nazwa', quantity: 'Ilosc', unitPrice: 'Cena', vatRate: { column: 'Kod VAT', map: 'stawki' } },
      contexts: { by: 'Firma', mappings: { '1111111111': {}, '2222222222': { fields: { 'seller.name': { const: 'Firma 2' } }, lines: { vatRate: { const: 'zw' } } } } },
    }, 'm');
    const invoices = await collect({ layout: 'lines', file }, mapping);
    const one = invoices.find((i) => i.context === '1111111111')!;
    const two = invoices.find((i) => i.context === '2222222222')!;
    expect(one.draft).toMatchObject({ currency: 'PLN', seller: { name: 'Firma 1', address: { line1: 'Prosta 1, Kraków' } }, lines: [{ vatRate: '23', unitPrice: '10.5' }] });
    expect(two.draft).toMatchObject({ currency: 'EUR', seller: { name: 'Firma 2', address: { line1: 'Krzywa 2' } }, lines: [{ vatRate: 'zw' }] });
    expect(two.sources['/seller/address/line1']).toMatchObject({ column: 'Ulica+Miasto' });
    expect(invoices.find((i) => i.context === '3333333333')!.errors).toEqual([expect.objectContaining({ code: 'GW_CSV_CONTEXT_UNKNOWN', row: 4, column: 'Firma' })]);
  });

  it.each([
    ['an empty file', '', 'GW_CSV_EMPTY_FILE'],
    ['a file of blank lines', '\r\n\r\n', 'GW_CSV_EMPTY_FILE'],
    ['a binary file', Buffer.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 0, 0x0d, 0x49, 0x48, 0x44, 0x52]), 'GW_CSV_BINARY_FILE'],
    ['a file whose header lacks mapped columns', 'a;b;c\n1;2;3\n', 'GW_CSV_MISSING_COLUMN'],
    ['a quote never closed', `${DEFAULT_EXPORT}\nA9;"FV/9;x`, 'GW_CSV_MALFORMED'],
    ['a header row without names', ';;;\n1;2;3;4\n', 'GW_CSV_NO_HEADER'],
  ])('refuses %s as a whole with a clear error', async (_what, content, code) => {
    const dir = await tempDir();
    const { writeFile } = await import('node:fs/promises');
    await writeFile(`${dir}/f.csv`, content);
    const error = await collect({ layout: 'lines', file: `${dir}/f.csv` }).catch((e: unknown) => e);
    expect(error).toBeInstanceOf(CsvFileError);
    expect(error).toMatchObject({ code, message: expect.stringMatching(/^f\.csv: /) });
  });

  it('refuses bytes that are not valid in the declared encoding, naming the offset', async () => {
    const dir = await tempDir();
    const file = await writeCsv(dir, 'f.csv', DEFAULT_EXPORT, 'windows-1250');
    const mapping = await loadMapping();
    const error = await collect({ layout: 'lines', file }, { ...mapping, encoding: 'utf-8' }).catch((e: unknown) => e);
    expect(error).toMatchObject({ code: 'GW_CSV_UNDECODABLE', message: expect.stringContaining('cannot be decoded as utf-8') });
  });
});
