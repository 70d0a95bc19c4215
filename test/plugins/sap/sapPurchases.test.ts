import { mkdtempSync, readFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { InboundInvoice } from '../../../core/plugin-api/index.js';
import type { IdocSegment } from '../../../plugins/sap/idoc/Idoc.js';
import { invoic02Layout } from '../../../plugins/sap/idoc/invoic02Defaults.js';
import { parseIdoc } from '../../../plugins/sap/idoc/parseIdoc.js';
import { SapAdapter, loadSapSetup } from '../../../plugins/sap/SapAdapter.js';
import { sapConfigSchema } from '../../../plugins/sap/sapConfigSchema.js';
import { FA3_SAMPLES_DIR } from '../../support/sharedDir.js';
import { FakeSapSystem } from './support/FakeSapSystem.js';
import { MemoryGateway, sapTestContext } from './support/sapTestContext.js';

const KSEF_NUMBER = '9999999999-20260215-0100001AF629-AF';
const xml = readFileSync(join(FA3_SAMPLES_DIR, 'FA_3_Przyklad_1.xml'), 'utf8');
const invoice = (ksefNumber = KSEF_NUMBER): InboundInvoice => ({
  ksefNumber, contextNip: '1111111111', subjectRole: 'buyer', invoiceNumber: 'FV2026/02/150', sellerNip: '9999999999', issueDate: '2026-02-15',
  acquisitionDate: '2026-02-15T10:00:00Z', permanentStorageDate: '2026-02-15T10:00:01Z', invoiceHash: 'h', xml,
  metadata: { seller: { nip: '9999999999', name: 'ABC AGD sp. z o. o.' }, netAmount: 1667.61, vatAmount: 383.39, grossAmount: 2051, currency: 'PLN' },
});
const fields = (segments: readonly IdocSegment[], name: string): Record<string, string>[] => segments.filter((s) => s.name === name).map((s) => ({ ...s.fields }));

describe('sap plugin: received invoices to SAP as inbound INVOIC02', () => {
  const sap = new FakeSapSystem();
  const stops: (() => Promise<void>)[] = [];
  beforeAll(() => sap.start());
  afterAll(() => sap.stop());
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    sap.received.length = 0;
    sap.script.length = 0;
  });

  async function sapAdapter(dataDir = mkdtempSync(join(tmpdir(), 'gw-sap-pur-'))): Promise<SapAdapter> {
    const ctx = sapTestContext({
      statusBack: { url: `${sap.url}/sap/bc/idoc_xml?sap-client=100`, user: 'KSEF_STATUS', password: 'secret-2' },
      purchases: { routing: { RCVPOR: 'SAPPRD', RCVPRN: 'PRDCLNT100', MANDT: '100' }, retry: { initialDelayMs: 30, maxDelayMs: 200 } },
      mapping: { taxCodes: { V1: '23', V5: '5' } },
    }, new MemoryGateway(), dataDir);
    const adapter = new SapAdapter(ctx, await loadSapSetup(ctx.config));
    await adapter.start();
    stops.push(() => adapter.stop());
    return adapter;
  }

  it('posts the invoice as INVOIC02 (MESCOD MM) with the seller as invoicing party, its lines, tax codes and KSeF totals, and the KSeF number in ARCKEY', async () => {
    const adapter = await sapAdapter();
    await adapter.receive(invoice());
    const [request] = await sap.waitFor(1);
    expect(request.path).toBe('/sap/bc/idoc_xml?sap-client=100');
    expect(request.headers.authorization).toBe(`Basic ${Buffer.from('KSEF_STATUS:secret-2').toString('base64')}`);
    const { idocs } = parseIdoc(request.body, invoic02Layout());
    expect(idocs).toHaveLength(1);
    const idoc = idocs[0];
    expect(idoc.issues.filter((i) => i.severity === 'error')).toEqual([]);
    expect(idoc.control).toMatchObject({
      IDOCTYP: 'INVOIC02', MESTYP: 'INVOIC', MESCOD: 'MM', DIRECT: '2', MANDT: '100', SNDPOR: 'KSEFGW', SNDPRT: 'LS', SNDPRN: 'KSEFGW',
      RCVPOR: 'SAPPRD', RCVPRT: 'LS', RCVPRN: 'PRDCLNT100', ARCKEY: KSEF_NUMBER, DOCNUM: expect.stringMatching(/^\d{16}$/),
    });
    const s = idoc.segments;
    expect(fields(s, 'E1EDK01')).toEqual([{ CURCY: 'PLN', BSART: 'INVO', BELNR: 'FV2026/02/150', EIGENUINR: 'PL9999999999', KUNDEUINR: 'PL1111111111' }]);
    expect(fields(s, 'E1EDKA1')).toEqual([
      { PARVW: 'RS', PARTN: '9999999999', NAME1: 'ABC AGD sp. z o. o.', STRAS: 'ul. Kwiatowa 1 m. 2', ORT01: '00-001 Warszawa', LAND1: 'PL' },
      { PARVW: 'RE', PARTN: '1111111111', NAME1: 'F.H.U. Jan Kowalski' },
    ]);
    expect(fields(s, 'E1EDK02')).toEqual([{ QUALF: '009', BELNR: 'FV2026/02/150', DATUM: '20260215' }]);
    expect(fields(s, 'E1EDK03')).toEqual(expect.arrayContaining([{ IDDAT: '012', DATUM: '20260215' }, { IDDAT: '027', DATUM: '20260127' }]));
    const lines = s.filter((x) => x.name === 'E1EDP01');
    expect(lines).toHaveLength(3);
    expect(lines[0].fields).toMatchObject({ POSEX: '000001', MENGE: '1', MENEE: 'PCE', VPREI: '1626.01', NETWR: '1626.01' });
    expect(fields(lines[0].children, 'E1EDP19')).toEqual([{ QUALF: '002', KTEXT: 'lodówka Zimnotech mk1' }]);
    expect(fields(lines[0].children, 'E1EDP04')).toEqual([{ MWSKZ: 'V1', MSATZ: '23' }]);
    expect(fields(lines[2].children, 'E1EDP04')).toEqual([{ MWSKZ: 'V5', MSATZ: '5' }]);
    expect(fields(s, 'E1EDS01')).toEqual([
      { SUMID: '010', SUMME: '1667.61', WAERQ: 'PLN' }, { SUMID: '005', SUMME: '383.39', WAERQ: 'PLN' }, { SUMID: '011', SUMME: '2051.00', WAERQ: 'PLN' },
    ]);
  });

  it('sends each invoice once: retried while SAP fails, never again for a redelivery, also after a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'gw-sap-pur-'));
    sap.script.push(500, 503);
    const first = await sapAdapter(dataDir);
    await first.receive(invoice());
    await sap.waitFor(1);
    // The gateway crashed before its acknowledgement: the same invoice comes again, to this and to a restarted plugin.
    await first.receive(invoice());
    await first.stop();
    const restarted = await sapAdapter(dataDir);
    await restarted.receive(invoice());
    await restarted.receive(invoice(`${KSEF_NUMBER.slice(0, -2)}BC`));
    await sap.waitFor(2);
    await new Promise((r) => setTimeout(r, 300));
    expect(sap.received.map((r) => parseIdoc(r.body, invoic02Layout()).idocs[0].control.ARCKEY)).toEqual([KSEF_NUMBER, `${KSEF_NUMBER.slice(0, -2)}BC`]);
    expect(await restarted.purchases!.pending()).toEqual([]);
  });

  it('refuses a purchases option with nowhere to send to, naming the field', () => {
    const r = sapConfigSchema.safeParse({ purchases: { routing: { RCVPOR: 'SAPPRD', RCVPRN: 'PRDCLNT100' } } });
    expect(r.success).toBe(false);
    expect(r.error!.issues.map((i) => i.path.join('.'))).toContain('purchases.url');
  });
});
