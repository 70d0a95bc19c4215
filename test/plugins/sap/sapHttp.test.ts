import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { IdocLayout } from '../../../plugins/sap/idoc/IdocLayout.js';
import { parseIdoc } from '../../../plugins/sap/idoc/parseIdoc.js';
import { writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import { SapAdapter, loadSapSetup } from '../../../plugins/sap/SapAdapter.js';
import { STATUS_LAYOUT } from '../../../plugins/sap/status/statusLayouts.js';
import { invoic02 } from './invoic02Fixtures.js';
import { FakeSapSystem } from './support/FakeSapSystem.js';
import { MemoryGateway, sapTestContext } from './support/sapTestContext.js';

const statusLayout = IdocLayout.fromTable(STATUS_LAYOUT);
const AUTH = { user: 'SAPKSEF', password: 'p4ss-w0rd' };

async function gatewayWithSap(sap: FakeSapSystem, extra: Record<string, unknown> = {}, dataDir = mkdtempSync(join(tmpdir(), 'gw-sap-'))) {
  const gateway = new MemoryGateway();
  const ctx = sapTestContext({
    http: { host: '127.0.0.1', port: 0, ...AUTH },
    statusBack: { url: `${sap.url}/sap/bc/idoc_xml?sap-client=100`, user: 'KSEF_STATUS', password: 'secret-2', upoUrl: `${sap.url}/sap/zksef_upo`, retry: { initialDelayMs: 30, maxDelayMs: 200 } },
    mapping: { taxCodes: { E0: '0 EX' } },
    ...extra,
  }, gateway, dataDir);
  const adapter = new SapAdapter(ctx, await loadSapSetup(ctx.config));
  await adapter.start();
  return { gateway, adapter, url: adapter.endpoint?.url as string, dataDir };
}

function statusesIn(received: { body: string; path: string }[]) {
  return received.filter((r) => r.path.startsWith('/sap/bc/idoc_xml')).flatMap((r) => parseIdoc(r.body, statusLayout).idocs);
}

describe('SAP over HTTP (XML-HTTP port in, /sap/bc/idoc_xml out)', () => {
  const sap = new FakeSapSystem();
  const stops: (() => Promise<void>)[] = [];
  beforeAll(() => sap.start());
  afterAll(() => sap.stop());
  afterEach(async () => {
    for (const stop of stops.splice(0)) await stop();
    sap.received.length = 0;
    sap.script.length = 0;
  });

  it('takes a packet of INVOIC02 IDocs, answers 200 once both are submitted, and sends status 41 with the KSeF number per DOCNUM', async () => {
    const { gateway, adapter, url } = await gatewayWithSap(sap);
    stops.push(() => adapter.stop());
    const packet = writeIdocXml([invoic02({ docnum: '0000000000000101', vbeln: '0090000101' }), invoic02({ docnum: '0000000000000102', vbeln: '0090000102', kind: 'export' })]);
    const answers = await sap.sendIdoc(url, packet, AUTH);
    expect(answers.map((a) => a.status)).toEqual([200]);
    expect(answers[0].text).toContain('IDoc 0000000000000101: submitted');
    expect([...gateway.documents.keys()]).toEqual(['0090000101', '0090000102']);
    const doc = gateway.documents.get('0090000102');
    expect(doc?.payload).toMatchObject({ format: 'draft', draft: { kind: 'VAT', currency: 'EUR' }, sources: { '/number': { kind: 'idoc', idoc: '0000000000000102' } } });

    await adapter.deliver({ kind: 'accepted', documentId: 'doc-0090000101', erpId: '0090000101', ksefNumber: '5265877635-20260210-0100001AF629-AF', acquisitionDate: '2026-02-10T10:11:12Z', upoXml: '<Potwierdzenie/>', invoiceHash: 'h', verificationUrl: 'https://x' });
    await adapter.deliver({ kind: 'rejected', documentId: 'doc-0090000102', erpId: '0090000102', errors: [{ code: '450', message: 'Invalid invoice XML', location: 'Fa/FaWiersz[1]/P_12' }] });
    const received = await sap.waitFor(3);
    const [accepted, rejected] = statusesIn(received);
    expect(accepted.control).toMatchObject({ IDOCTYP: 'SYSTAT01', MESTYP: 'STATUS', DIRECT: '2', RCVPOR: 'SAPPS4', RCVPRN: 'PS4CLNT100', SNDPRN: 'KSEFGW', ARCKEY: '5265877635-20260210-0100001AF629-AF' });
    expect(accepted.segments[0]).toMatchObject({ name: 'E1STATS', fields: { DOCNUM: '0000000000000101', STATUS: '41', STAPA1: '5265877635-20260210-0100001AF629-AF', STAPA2: '2026-02-10T10:11:12Z' } });
    expect(rejected.segments[0].fields).toMatchObject({ DOCNUM: '0000000000000102', STATUS: '40', STATXT: '450 Fa/FaWiersz[1]/P_12: Invalid invoice XML' });
    const upo = received.find((r) => r.path === '/sap/zksef_upo');
    expect(upo).toMatchObject({ body: '<Potwierdzenie/>', headers: expect.objectContaining({ 'x-sap-docnum': '0000000000000101', 'x-ksef-number': '5265877635-20260210-0100001AF629-AF' }) });
    expect(received[0].headers.authorization).toBe(`Basic ${Buffer.from('KSEF_STATUS:secret-2').toString('base64')}`);
  });

  it('answers 503 while the gateway cannot store, so SAP resends, and the billing document is created once', async () => {
    const { gateway, adapter, url } = await gatewayWithSap(sap);
    stops.push(() => adapter.stop());
    gateway.failNext = 2;
    const answers = await sap.sendIdoc(url, writeIdocXml([invoic02({ docnum: '0000000000000201', vbeln: '0090000201' })]), AUTH);
    expect(answers.map((a) => a.status)).toEqual([503, 503, 200]);
    expect(gateway.created).toBe(1);
    const again = await sap.sendIdoc(url, writeIdocXml([invoic02({ docnum: '0000000000000201', vbeln: '0090000201' })]), AUTH);
    expect(again[0].text).toContain('0000000000000201: duplicate');
    expect(gateway.created).toBe(1);
  });

  it('sends the known status at once to a new IDoc of an already answered billing document, without a second invoice or a second status', async () => {
    const { gateway, adapter, url } = await gatewayWithSap(sap);
    stops.push(() => adapter.stop());
    await sap.sendIdoc(url, writeIdocXml([invoic02({ docnum: '0000000000000301', vbeln: '0090000301' })]), AUTH);
    const accepted = { kind: 'accepted', documentId: 'd', erpId: '0090000301', ksefNumber: '5265877635-20260210-0100001AF629-AB', acquisitionDate: '2026-02-10T10:00:00Z', upoXml: '<U/>', invoiceHash: 'h', verificationUrl: 'v' } as const;
    await adapter.deliver(accepted);
    await adapter.deliver(accepted); // the gateway retries a delivery: nothing is queued twice
    await sap.waitFor(2);
    await adapter.outbox.flush();
    expect(sap.received).toHaveLength(2);
    await sap.sendIdoc(url, writeIdocXml([invoic02({ docnum: '0000000000000302', vbeln: '0090000301' })]), AUTH);
    const statuses = statusesIn(await sap.waitFor(3));
    expect(statuses.map((s) => [s.segments[0].fields.DOCNUM, s.segments[0].fields.STATUS])).toEqual([['0000000000000301', '41'], ['0000000000000302', '41']]);
    expect(gateway.created).toBe(1);
  });

  it('refuses an outcome that overtakes the recording of its IDoc, so the gateway brings it again, and then sends the status', async () => {
    const { gateway, adapter, url } = await gatewayWithSap(sap);
    stops.push(() => adapter.stop());
    const accepted = { kind: 'accepted', documentId: 'd', erpId: '0090000351', ksefNumber: '5265877635-20260210-0100001AF629-AC', acquisitionDate: '2026-02-10T10:00:00Z', upoXml: '<U/>', invoiceHash: 'h', verificationUrl: 'v' } as const;
    // The outcome arrives after the gateway has the document but before the plugin has written its IDoc index entry.
    const submit = gateway.submit.bind(gateway);
    let early: unknown;
    gateway.submit = async (document) => {
      const receipt = await submit(document);
      early = await adapter.deliver(accepted).then(() => 'acknowledged', (err: unknown) => err);
      return receipt;
    };
    await sap.sendIdoc(url, writeIdocXml([invoic02({ docnum: '0000000000000351', vbeln: '0090000351' })]), AUTH);
    expect(early).toMatchObject({ code: 'SAP_IDOC_NOT_RECORDED', message: expect.stringContaining('0090000351') });
    await adapter.deliver(accepted); // the pipeline's next attempt
    const statuses = statusesIn(await sap.waitFor(2));
    expect(statuses.map((s) => [s.segments[0].fields.DOCNUM, s.segments[0].fields.STATUS])).toEqual([['0000000000000351', '41']]);
  });

  it('refuses an IDoc it cannot map with 200 and a status 40 naming segment and field', async () => {
    const { gateway, adapter, url } = await gatewayWithSap(sap);
    stops.push(() => adapter.stop());
    const answers = await sap.sendIdoc(url, writeIdocXml([invoic02({ docnum: '0000000000000401', kind: 'intra-eu' })]), AUTH);
    expect(answers[0]).toMatchObject({ status: 200, text: expect.stringContaining('refused') });
    expect(gateway.created).toBe(0);
    const [status] = statusesIn(await sap.waitFor(1));
    expect(status.segments[0].fields).toMatchObject({ DOCNUM: '0000000000000401', STATUS: '40' });
    const f = status.segments[0].fields;
    const text = (f.STATXT ?? '').replace(/&([1-4])/g, (_m, n: string) => f[`STAPA${n}`] ?? ''); // as SAP shows the status text
    expect(text).toContain('GW_SAP_MAP_TAX_CODE_UNMAPPED');
    expect(text).toContain('segment E1EDP04');
  });

  it('keeps statuses while SAP fails and delivers them after a restart of the gateway', async () => {
    const first = await gatewayWithSap(sap, { statusBack: { url: `${sap.url}/sap/bc/idoc_xml`, retry: { initialDelayMs: 60_000, maxDelayMs: 60_000 } } });
    await sap.sendIdoc(first.url, writeIdocXml([invoic02({ docnum: '0000000000000501', vbeln: '0090000501' })]), AUTH);
    sap.script.push(500);
    await first.adapter.deliver({ kind: 'accepted', documentId: 'd', erpId: '0090000501', ksefNumber: '5265877635-20260210-0100001AF629-CD', acquisitionDate: '2026-02-10T10:00:00Z', upoXml: '<U/>', invoiceHash: 'h', verificationUrl: 'v' });
    await first.adapter.outbox.flush();
    expect((await first.adapter.outbox.pending())).toEqual([expect.objectContaining({ kind: 'status', attempts: 1, lastError: expect.stringContaining('500') })]);
    expect((await first.adapter.check()).status).toBe('up');
    await first.adapter.stop();

    const second = await gatewayWithSap(sap, { statusBack: { url: `${sap.url}/sap/bc/idoc_xml`, retry: { initialDelayMs: 10, maxDelayMs: 10 } } }, first.dataDir);
    stops.push(() => second.adapter.stop());
    expect(await second.adapter.outbox.pending()).toHaveLength(1);
    const storage = sapTestContext({}, second.gateway, first.dataDir).storage;
    // the first attempt's backoff is 60 s; make it due now as time passing would
    const [pending] = await storage.list('sap-outbox');
    await storage.update('sap-outbox', pending.key, pending.value, { dueAt: 0 });
    await second.adapter.outbox.flush();
    const [status] = statusesIn(await sap.waitFor(1));
    expect(status.segments[0].fields).toMatchObject({ DOCNUM: '0000000000000501', STATUS: '41' });
    // SAP has it; the outbox records that right after SAP's answer (a timer-driven flush may be the one sending it).
    for (let i = 0; i < 200 && (await second.adapter.outbox.pending()).length > 0; i++) await new Promise((r) => setTimeout(r, 20));
    expect(await second.adapter.outbox.pending()).toEqual([]);
    expect(statusesIn(await sap.waitFor(1))).toHaveLength(1);
  });

  it('writes ALEAUD01 audit IDocs when configured', async () => {
    const { adapter, url } = await gatewayWithSap(sap, { statusBack: { url: `${sap.url}/sap/bc/idoc_xml`, format: 'ALEAUD01', retry: { initialDelayMs: 10, maxDelayMs: 10 } } });
    stops.push(() => adapter.stop());
    await sap.sendIdoc(url, writeIdocXml([invoic02({ docnum: '0000000000000601', vbeln: '0090000601' })]), AUTH);
    await adapter.deliver({ kind: 'accepted', documentId: 'd', erpId: '0090000601', ksefNumber: '5265877635-20260210-0100001AF629-EF', acquisitionDate: '2026-02-10T10:00:00Z', upoXml: '<U/>', invoiceHash: 'h', verificationUrl: 'v' });
    const [audit] = statusesIn(await sap.waitFor(1));
    expect(audit.control).toMatchObject({ IDOCTYP: 'ALEAUD01', MESTYP: 'ALEAUD' });
    const state = audit.segments[0].children[0];
    expect(state).toMatchObject({ name: 'E1STATE', fields: { DOCNUM: '0000000000000601', STATUS: '41', STAPA1_LNG: '5265877635-20260210-0100001AF629-EF' } });
    expect(state.children[0]).toMatchObject({ name: 'E1PRTOB', fields: { OBJKEY: '5265877635-20260210-0100001AF629-EF' } });
  });

  it('answers wrong credentials 401, a body that is not IDoc-XML 400 and an IDoc that is not an invoice 422, storing nothing', async () => {
    const { gateway, adapter, url } = await gatewayWithSap(sap);
    stops.push(() => adapter.stop());
    expect((await sap.sendIdoc(url, writeIdocXml([invoic02()]), { user: 'SAPKSEF', password: 'wrong' }))[0].status).toBe(401);
    const notIdoc = await sap.sendIdoc(url, '<html>hello</html>', AUTH);
    expect(notIdoc[0]).toMatchObject({ status: 400, text: expect.stringContaining('GW_SAP_IDOC_XML_NO_IDOC') });
    const orders = writeIdocXml([{ ...invoic02(), control: { ...invoic02().control, IDOCTYP: 'ORDERS05', MESTYP: 'ORDERS' } }]);
    expect((await sap.sendIdoc(url, orders, AUTH))[0]).toMatchObject({ status: 422, text: expect.stringContaining('ORDERS05') });
    // Windows-1250 "ó" (0xF3) in a body that declares nothing, so UTF-8: refused with its place, never U+FFFD.
    const xml = writeIdocXml([invoic02()]);
    const at = xml.indexOf('<BELNR>') + '<BELNR>'.length;
    const legacy = Buffer.concat([Buffer.from(xml.slice(0, at)), Buffer.from([0xf3]), Buffer.from(xml.slice(at))]);
    expect((await sap.sendIdoc(url, legacy, AUTH))[0]).toMatchObject({ status: 400, text: expect.stringMatching(/request body: line \d+, column \d+/) });
    expect(gateway.created).toBe(0);
  });
});

describe('unknown segments', () => {
  it('are logged once per IDoc type and extension, however many IDocs carry them', async () => {
    const { Writable } = await import('node:stream');
    const pino = (await import('pino')).default;
    const lines: string[] = [];
    const logger = pino({ level: 'warn' }, new Writable({ write(chunk, _e, cb) { lines.push(String(chunk)); cb(); } }));
    const gateway = new MemoryGateway();
    const ctx = { ...sapTestContext({ http: { host: '127.0.0.1', port: 0, ...AUTH } }, gateway), logger };
    const adapter = new SapAdapter(ctx, await loadSapSetup(ctx.config));
    await adapter.start();
    try {
      const xml = (n: number, extension: string) => writeIdocXml([invoic02({ docnum: String(900 + n).padStart(16, '0'), vbeln: String(90000900 + n), zSegment: true, extension })]);
      for (let n = 1; n <= 3; n++) await adapter.intake.take(xml(n, 'ZINVOIC02'), 'test');
      await adapter.intake.take(xml(4, 'ZINVOIC03'), 'test');
      const reports = lines.map((l) => JSON.parse(l) as { msg: string; segment?: string; extension?: string }).filter((l) => l.segment === 'Z1KSEF');
      expect(reports.map((r) => r.extension)).toEqual(['ZINVOIC02', 'ZINVOIC03']);
      expect(gateway.created).toBe(4);
    } finally {
      await adapter.stop();
    }
  });
});
