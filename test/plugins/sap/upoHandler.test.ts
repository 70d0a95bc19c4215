import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SapHttpClient } from '../../../plugins/sap/http/SapHttpClient.js';
import { FakeSapSystem } from './support/FakeSapSystem.js';

/** The SAP side of the UPO route is the ICF handler we ship as ABAP; the gateway and it must agree on the request. */
const handler = readFileSync(join(process.cwd(), 'docs', 'sap', 'ZCL_KSEF_UPO_HTTP.abap'), 'utf8');
const headersTheHandlerReads = [...handler.matchAll(/get_header_field\(\s*'([^']+)'\s*\)/g)].map((m) => m[1]).sort();

describe('the UPO to SAP (statusBack.upoUrl, docs/sap/ZCL_KSEF_UPO_HTTP.abap)', () => {
  const sap = new FakeSapSystem();
  beforeAll(() => sap.start());
  afterAll(() => sap.stop());
  afterEach(() => { sap.received.length = 0; sap.script.length = 0; });

  const job = {
    docnum: '0000000000182520', billingDocument: '0090001234', ksefNumber: '5265877635-20260210-0100001AF629-AF',
    acquisitionDate: '2026-02-10T10:11:12.345Z', upoXml: '<?xml version="1.0" encoding="UTF-8"?><Potwierdzenie><NazwaPodmiotuPrzyjmującego>Ministerstwo Finansów</NazwaPodmiotuPrzyjmującego></Potwierdzenie>',
  };

  it('posts the UPO byte for byte with exactly the headers the shipped ICF handler reads', async () => {
    const client = new SapHttpClient({ upoUrl: `${sap.url}/sap/zksef_upo?sap-client=100`, user: 'KSEF_STATUS', password: 'pw', timeoutMs: 5_000 });
    await client.sendUpo(job);
    const [request] = sap.received;
    expect(request.path).toBe('/sap/zksef_upo?sap-client=100');
    expect(Buffer.from(request.body, 'utf8').equals(Buffer.from(job.upoXml, 'utf8'))).toBe(true);
    expect(request.headers['content-type']).toBe('application/xml; charset=utf-8');
    const sent = Object.keys(request.headers).filter((h) => h.startsWith('x-')).sort();
    expect(headersTheHandlerReads).toEqual(['x-ksef-acquisition-date', 'x-ksef-number', 'x-sap-billing-document', 'x-sap-docnum']);
    expect(sent).toEqual(headersTheHandlerReads);
    expect(request.headers).toMatchObject({ 'x-ksef-number': job.ksefNumber, 'x-sap-billing-document': job.billingDocument, 'x-ksef-acquisition-date': job.acquisitionDate, 'x-sap-docnum': job.docnum });
  });

  it('takes any answer of the handler but 2xx (billing document unknown, no authorisation) as not stored, so the outbox sends again', async () => {
    const client = new SapHttpClient({ upoUrl: `${sap.url}/sap/zksef_upo`, timeoutMs: 5_000 });
    sap.script.push(404, 403);
    await expect(client.sendUpo(job)).rejects.toThrow(/SAP answered 404/);
    await expect(client.sendUpo(job)).rejects.toThrow(/SAP answered 403/);
    await client.sendUpo(job);
    expect(sap.received).toHaveLength(1);
  });
});
