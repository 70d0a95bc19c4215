import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { mkdir, rename, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { parse } from 'csv-parse/sync';
import iconv from 'iconv-lite';
import { pino } from 'pino';
import type { ErpDocument, Receipt } from '../../../core/plugin-api/index.js';
import { CsvInbox } from '../../../plugins/csv/CsvInbox.js';
import { csvFolders } from '../../../plugins/csv/CsvFolders.js';
import { csvOptionsSchema, type CsvOptions } from '../../../plugins/csv/CsvOptions.js';
import { loadMapping } from '../../../plugins/csv/mapping/loadMapping.js';
import { DEFAULT_EXPORT, DEFAULT_ROWS, tempDir, toCsv } from './csvFiles.js';

/** The gateway's intake as the plugin sees it: durable receipts, the same receipt again for a known ERP id. */
function intake(refuse: (doc: ErpDocument) => Receipt['errors'] = () => undefined) {
  const known = new Map<string, Receipt>();
  const submitted: ErpDocument[] = [];
  return {
    submitted,
    async submit(doc: ErpDocument): Promise<Receipt> {
      const before = known.get(doc.erpId);
      if (before) return { ...before, duplicate: true };
      submitted.push(doc);
      const errors = refuse(doc);
      const receipt: Receipt = { documentId: `d${known.size + 1}`, erpId: doc.erpId, state: errors ? 'invalid' : 'queued', duplicate: false, errors };
      known.set(doc.erpId, receipt);
      return receipt;
    },
  };
}

async function setup(opts: Partial<CsvOptions> = {}, refuse?: Parameters<typeof intake>[0]) {
  const dir = await tempDir('csv-inbox-');
  let now = Date.parse('2026-12-02T10:00:00Z');
  const options = csvOptionsSchema.parse({ inbox: join(dir, 'in'), take: { when: 'renamed' }, ...opts });
  const folders = csvFolders(options, join(dir, 'data'));
  const gateway = intake(refuse);
  const make = async () => {
    const p = new CsvInbox({ folders, mapping: await loadMapping(), options, submit: gateway.submit, logger: pino({ level: 'silent' }), clock: { now: () => new Date(now) } });
    await p.start();
    return p;
  };
  const plugin = await make();
  return { dir, folders, gateway, plugin, make, tick: (ms: number) => { now += ms; } };
}

const results = (path: string, encoding = 'utf-8'): string[][] => parse(iconv.decode(readFileSync(path), encoding), { delimiter: ';' });

describe('csv plugin (CsvInbox)', () => {
  it('hands every invoice of a dropped file over as a draft with its sources, archives the file by date and writes results', async () => {
    const { folders, gateway, plugin } = await setup();
    await writeFile(join(folders.inbox, 'feb.csv'), iconv.encode(DEFAULT_EXPORT.replace('Käufer', 'Kaufer'), 'windows-1250'));
    expect(await plugin.poll()).toEqual([]);
    expect(gateway.submitted.map((d) => d.erpId).sort()).toEqual(['A1', 'A2']);
    const a1 = gateway.submitted.find((d) => d.erpId === 'A1')!;
    expect(a1.payload).toMatchObject({ format: 'draft', draft: { number: 'FV/1/2026', lines: [{ unitPrice: '1234.50' }, { vatRate: '8' }] }, sources: { '/lines/1': { file: 'feb.csv', row: 4 } } });
    expect(readdirSync(folders.inbox)).toEqual([]);
    expect(readdirSync(join(folders.archive, '2026-12-02'))).toEqual(['feb.csv']);
    expect(results(join(folders.out, 'feb.csv.results.csv'), 'windows-1250')).toEqual([
      ['document_id', 'state', 'ksef_number', 'acquisition_date', 'upo_file', 'error_codes', 'error_messages'],
      ['A2', 'queued', '', '', '', '', ''],
      ['A1', 'queued', '', '', '', '', ''],
    ]);
  });

  it('writes the results of a comma-delimited UTF-8 file with commas and in UTF-8, unless the options name others', async () => {
    const { folders, plugin } = await setup();
    await writeFile(join(folders.inbox, 'c.csv'), toCsv(DEFAULT_ROWS, ','));
    await plugin.poll();
    const text = readFileSync(join(folders.out, 'c.csv.results.csv'), 'utf8');
    expect(text.split('\r\n')[0]).toBe('document_id,state,ksef_number,acquisition_date,upo_file,error_codes,error_messages');
    expect(parse(text, { delimiter: ',' })).toContainEqual(['A1', 'queued', '', '', '', '', '']);

    const other = await setup({ results: { encoding: 'windows-1250', delimiter: '|' } });
    await writeFile(join(other.folders.inbox, 'c.csv'), toCsv([...DEFAULT_ROWS, ['Ł1', 'FV/Ł/1', '2026-12-02', '5265877635', 'S', 'ul. A 1', '', '', '', 'Towar', '1', 'szt.', '1', '23']], ','));
    await other.plugin.poll();
    const recoded = iconv.decode(readFileSync(join(other.folders.out, 'c.csv.results.csv')), 'windows-1250');
    expect(parse(recoded, { delimiter: '|' })).toContainEqual(['Ł1', 'queued', '', '', '', '', '']);
  });

  it('sends the good invoices of a file with bad rows and writes the bad invoices\' original rows to rejected.csv with the reason', async () => {
    const { folders, gateway, plugin } = await setup();
    const rows = [...DEFAULT_ROWS, ['B1', 'FV/3/2026', '2026-12-02', '5265877635', 'S', 'ul. A 1', '7352765225', 'N', 'ul. B', 'Towar', '1', 'szt.', '12,3x', '23']];
    await writeFile(join(folders.inbox, 'mix.csv'), toCsv(rows));
    await plugin.poll();
    expect(gateway.submitted.map((d) => d.erpId).sort()).toEqual(['A1', 'A2']);
    const res = results(join(folders.out, 'mix.csv.results.csv'));
    expect(res.find((r) => r[0] === 'B1')).toEqual(['B1', 'invalid', '', '', '', 'GW_CSV_VALUE_INVALID', 'mix.csv row 6 column unit_price (unitPrice): "12,3x" is not a number']);
    const rejected = readFileSync(join(folders.out, 'mix.csv.rejected.csv'), 'utf8').trim().split('\r\n');
    expect(rejected).toEqual([`${toCsv([DEFAULT_ROWS[0]])};error`, `${toCsv([rows[4]])};"mix.csv row 6 column unit_price (unitPrice): ""12,3x"" is not a number"`]);
  });

  it('records the gateway\'s own refusal with the CSV place it names', async () => {
    const { folders, plugin } = await setup({}, (doc) => (doc.erpId === 'A2' ? [{ code: 'GW_DRAFT_INVALID_VALUE', message: 'not a NIP', field: '/seller/nip', source: { kind: 'file', file: 'x.csv', row: 3, column: 'seller_nip' } }] : undefined));
    await writeFile(join(folders.inbox, 'x.csv'), DEFAULT_EXPORT);
    await plugin.poll();
    expect(results(join(folders.out, 'x.csv.results.csv')).find((r) => r[0] === 'A2')).toEqual(['A2', 'invalid', '', '', '', 'GW_DRAFT_INVALID_VALUE', 'x.csv row 3 column seller_nip (/seller/nip): not a NIP']);
    expect(readFileSync(join(folders.out, 'x.csv.rejected.csv'), 'utf8')).toContain('Käufer GmbH');
  });

  it('writes the UPO named by KSeF number and updates the results as outcomes arrive, after a restart too', async () => {
    const { folders, plugin, make } = await setup();
    await writeFile(join(folders.inbox, 'x.csv'), DEFAULT_EXPORT);
    await plugin.poll();
    const upoXml = '<?xml version="1.0"?>\r\n<Potwierdzenie>ąę</Potwierdzenie>';
    await plugin.deliver({ kind: 'accepted', documentId: 'd1', erpId: 'A1', ksefNumber: '5265877635-20261202-0100001AF629-AF', acquisitionDate: '2026-12-02T10:00:01Z', upoXml, invoiceHash: 'h', verificationUrl: 'u' });
    await plugin.stop(); // results are rewritten within resultsDelayMs; stopping writes them at once
    expect(readFileSync(join(folders.upo, '5265877635-20261202-0100001AF629-AF.xml'), 'utf8')).toBe(upoXml);
    expect(results(join(folders.out, 'x.csv.results.csv')).find((r) => r[0] === 'A1')).toEqual(['A1', 'accepted', '5265877635-20261202-0100001AF629-AF', '2026-12-02T10:00:01Z', 'upo/5265877635-20261202-0100001AF629-AF.xml', '', '']);
    const restarted = await make();
    await restarted.deliver({ kind: 'rejected', documentId: 'd2', erpId: 'A2', errors: [{ code: '450', message: 'Błąd weryfikacji semantyki', location: 'Fa/P_2' }] });
    await restarted.stop();
    expect(results(join(folders.out, 'x.csv.results.csv')).find((r) => r[0] === 'A2')).toEqual(['A2', 'rejected', '', '', '', '450', 'Fa/P_2: Błąd weryfikacji semantyki']);
    expect(results(join(folders.out, 'x.csv.results.csv')).find((r) => r[0] === 'A1')![1]).toBe('accepted');
    expect(readFileSync(join(folders.out, 'x.csv.rejected.csv'), 'utf8')).toContain('Käufer GmbH;Hauptstr. 1');
  });

  it('rewrites a results file once for outcomes that arrive together, and writes them at start after a crash', async () => {
    const { folders, plugin, make } = await setup({ resultsDelayMs: 200 });
    await writeFile(join(folders.inbox, 'x.csv'), DEFAULT_EXPORT);
    await plugin.poll();
    await plugin.deliver({ kind: 'accepted', documentId: 'd1', erpId: 'A1', ksefNumber: 'K-A1', acquisitionDate: '2026-12-02T10:00:01Z', upoXml: '<u/>', invoiceHash: 'h', verificationUrl: 'u' });
    await plugin.deliver({ kind: 'accepted', documentId: 'd2', erpId: 'A2', ksefNumber: 'K-A2', acquisitionDate: '2026-12-02T10:00:01Z', upoXml: '<u/>', invoiceHash: 'h', verificationUrl: 'u' });
    expect(results(join(folders.out, 'x.csv.results.csv')).map((r) => r[1])).toEqual(['state', 'queued', 'queued']); // not yet
    await new Promise((r) => setTimeout(r, 600));
    expect(results(join(folders.out, 'x.csv.results.csv')).map((r) => r[2])).toEqual(['ksef_number', 'K-A2', 'K-A1']);
    // A crash between the ledger and the results file: the next start writes the results from the ledger.
    await writeFile(join(folders.out, 'x.csv.results.csv'), 'stale');
    const restarted = await make();
    await restarted.stop();
    expect(results(join(folders.out, 'x.csv.results.csv')).map((r) => r[2])).toEqual(['ksef_number', 'K-A2', 'K-A1']);
  });

  it('reports the KSeF numbers of invoices sent before when the same file is dropped again, submitting nothing new', async () => {
    const { folders, gateway, plugin } = await setup();
    await writeFile(join(folders.inbox, 'x.csv'), DEFAULT_EXPORT);
    await plugin.poll();
    await plugin.deliver({ kind: 'accepted', documentId: 'd1', erpId: 'A1', ksefNumber: 'K-A1', acquisitionDate: '2026-12-02T10:00:01Z', upoXml: '<u/>', invoiceHash: 'h', verificationUrl: 'u' });
    await writeFile(join(folders.inbox, 'x.csv'), DEFAULT_EXPORT);
    await plugin.poll();
    expect(gateway.submitted).toHaveLength(2);
    expect(readdirSync(join(folders.archive, '2026-12-02')).sort()).toEqual(['x.1.csv', 'x.csv']);
    expect(results(join(folders.out, 'x.csv.results.csv')).find((r) => r[0] === 'A1')).toEqual(['A1', 'accepted', 'K-A1', '2026-12-02T10:00:01Z', 'upo/K-A1.xml', '', '']);
  });

  it('takes a file that is still being written only once its size has stayed the same for stableMs', async () => {
    const { folders, gateway, plugin, tick } = await setup({ take: { when: 'stable', stableMs: 2000 } });
    const half = DEFAULT_EXPORT.slice(0, DEFAULT_EXPORT.indexOf('A2'));
    await writeFile(join(folders.inbox, 'slow.csv'), half);
    await plugin.poll();
    tick(1500);
    await writeFile(join(folders.inbox, 'slow.csv'), DEFAULT_EXPORT); // the ERP writes on
    await plugin.poll();
    tick(1500);
    await plugin.poll();
    expect(gateway.submitted).toEqual([]);
    tick(600);
    await plugin.poll();
    expect(gateway.submitted.map((d) => d.erpId).sort()).toEqual(['A1', 'A2']);
  });

  it('ignores temporary names until the ERP renames the file, and waits for the marker file in marker mode', async () => {
    const renamed = await setup();
    await writeFile(join(renamed.folders.inbox, 'x.csv.tmp'), DEFAULT_EXPORT);
    await writeFile(join(renamed.folders.inbox, '.x.csv'), DEFAULT_EXPORT);
    await renamed.plugin.poll();
    expect(renamed.gateway.submitted).toEqual([]);
    await rename(join(renamed.folders.inbox, 'x.csv.tmp'), join(renamed.folders.inbox, 'x.csv'));
    await renamed.plugin.poll();
    expect(renamed.gateway.submitted).toHaveLength(2);

    const marked = await setup({ take: { when: 'marker', suffix: '.done' } });
    await writeFile(join(marked.folders.inbox, 'y.csv'), DEFAULT_EXPORT);
    await marked.plugin.poll();
    expect(marked.gateway.submitted).toEqual([]);
    await writeFile(join(marked.folders.inbox, 'y.done'), '');
    await marked.plugin.poll();
    expect(marked.gateway.submitted).toHaveLength(2);
    expect(readdirSync(marked.folders.inbox)).toEqual([]);
  });

  it('moves an empty, a binary and an undecodable file to failed/ with an error file, and still takes the good file', async () => {
    const { folders, gateway, plugin } = await setup();
    await writeFile(join(folders.inbox, 'a-empty.csv'), '');
    await writeFile(join(folders.inbox, 'b-binary.csv'), Buffer.from([0x50, 0x4b, 0x03, 0x04, 0x14, 0, 0, 0, 8, 0]));
    await writeFile(join(folders.inbox, 'c-good.csv'), DEFAULT_EXPORT);
    await plugin.poll();
    expect(gateway.submitted).toHaveLength(2);
    expect(readdirSync(folders.failed).sort()).toEqual(['a-empty.csv', 'a-empty.csv.error.txt', 'b-binary.csv', 'b-binary.csv.error.txt']);
    expect(readFileSync(join(folders.failed, 'a-empty.csv.error.txt'), 'utf8')).toBe('GW_CSV_EMPTY_FILE: a-empty.csv: is empty\n');
    expect(readFileSync(join(folders.failed, 'b-binary.csv.error.txt'), 'utf8')).toMatch(/^GW_CSV_BINARY_FILE: b-binary\.csv: is a binary file/);
  });

  it('joins a header file and its lines file once both are complete', async () => {
    const dir = await tempDir();
    const mappingPath = join(dir, 'm.yaml');
    await writeFile(mappingPath, [
      'layout: header-lines', 'documentId: id',
      'fields: { number: nr, issueDate: data, seller.nip: nip, seller.name: { const: S }, seller.address.line1: { const: "ul. A 1" }, seller.address.country: { const: PL } }',
      'lines: { name: towar, quantity: ilosc, unitPrice: cena, vatRate: vat }',
    ].join('\n'));
    const { folders, gateway } = await setup({ mapping: mappingPath });
    const options = csvOptionsSchema.parse({ inbox: folders.inbox, take: { when: 'renamed' }, mapping: mappingPath });
    const plugin = new CsvInbox({ folders, mapping: await loadMapping(mappingPath), options, submit: gateway.submit, logger: pino({ level: 'silent' }), clock: { now: () => new Date() } });
    await plugin.start();
    await mkdir(folders.inbox, { recursive: true });
    await writeFile(join(folders.inbox, 'feb.header.csv'), 'id;nr;data;nip\n1;FV/1;2026-12-01;5265877635\n');
    await plugin.poll();
    expect(gateway.submitted).toEqual([]);
    await writeFile(join(folders.inbox, 'feb.lines.csv'), 'id;towar;ilosc;cena;vat\n1;Chleb;1;3,50;5\n1;Mleko;1;4;5\n');
    await plugin.poll();
    expect(gateway.submitted.map((d) => d.payload)).toEqual([expect.objectContaining({ draft: expect.objectContaining({ number: 'FV/1', lines: [expect.objectContaining({ name: 'Chleb' }), expect.objectContaining({ name: 'Mleko' })] }) })]);
    expect(existsSync(join(folders.out, 'feb.header.csv.results.csv'))).toBe(true);
  });

  it('moves a header file whose lines file never comes, and a lines file without its header file, to failed/ after pairWaitMs', async () => {
    const dir = await tempDir();
    const mappingPath = join(dir, 'm.yaml');
    await writeFile(mappingPath, [
      'layout: header-lines', 'documentId: id',
      'fields: { number: nr, issueDate: data, seller.nip: nip, seller.name: { const: S }, seller.address.line1: { const: "ul. A 1" }, seller.address.country: { const: PL } }',
      'lines: { name: towar, quantity: ilosc, unitPrice: cena, vatRate: vat }',
    ].join('\n'));
    let now = Date.parse('2026-12-02T10:00:00Z');
    const options = csvOptionsSchema.parse({ inbox: join(dir, 'in'), take: { when: 'renamed' }, mapping: mappingPath, pairWaitMs: 60_000 });
    const folders = csvFolders(options, join(dir, 'data'));
    const gateway = intake();
    const plugin = new CsvInbox({ folders, mapping: await loadMapping(mappingPath), options, submit: gateway.submit, logger: pino({ level: 'silent' }), clock: { now: () => new Date(now) } });
    await plugin.start();
    await writeFile(join(folders.inbox, 'feb.header.csv'), 'id;nr;data;nip\n1;FV/1;2026-12-01;5265877635\n');
    await plugin.poll();
    now += 30_000;
    await writeFile(join(folders.inbox, 'mar.lines.csv'), 'id;towar;ilosc;cena;vat\n1;Chleb;1;3,50;5\n');
    await plugin.poll();
    now += 59_000;
    await plugin.poll();
    expect(readdirSync(folders.inbox).sort()).toEqual(['mar.lines.csv']);
    expect(readdirSync(folders.failed).sort()).toEqual(['feb.header.csv', 'feb.header.csv.error.txt']);
    expect(readFileSync(join(folders.failed, 'feb.header.csv.error.txt'), 'utf8'))
      .toBe('GW_CSV_LINES_FILE_MISSING: feb.header.csv: its lines file feb.lines.csv did not arrive in the 89 s it waited (pairWaitMs); drop both files again\n');
    now += 1_000;
    await plugin.poll();
    expect(readdirSync(folders.inbox)).toEqual([]);
    expect(readFileSync(join(folders.failed, 'mar.lines.csv.error.txt'), 'utf8')).toMatch(/^GW_CSV_HEADER_FILE_MISSING: mar\.lines\.csv: its header file mar\.header\.csv did not arrive/);
    expect(gateway.submitted).toEqual([]);
  });
});
