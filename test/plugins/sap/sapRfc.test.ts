import type { Idoc } from '../../../plugins/sap/idoc/Idoc.js';
import { invoic02Layout } from '../../../plugins/sap/idoc/invoic02Defaults.js';
import { IdocLayout } from '../../../plugins/sap/idoc/IdocLayout.js';
import { readIdocRecords, type DataRecord } from '../../../plugins/sap/idoc/readIdocRecords.js';
import { idocDataRecords, writeIdocXml } from '../../../plugins/sap/idoc/writeIdoc.js';
import type { RfcObject } from '../../../plugins/sap/rfc/nodeRfcTypes.js';
import { sapConfigSchema } from '../../../plugins/sap/sapConfigSchema.js';
import { STATUS_LAYOUT } from '../../../plugins/sap/status/statusLayouts.js';
import type { NodeRfcModule } from '../../../plugins/sap/rfc/nodeRfcTypes.js';
import { openNodeRfc, RfcUnavailableError } from '../../../plugins/sap/rfc/openNodeRfc.js';
import { RfcCallError } from '../../../plugins/sap/rfc/RfcConnection.js';
import { SapAdapter, loadSapSetup } from '../../../plugins/sap/SapAdapter.js';
import { invoic02, type FixtureOptions } from './invoic02Fixtures.js';
import { FakeRfcSap, abapError, rfcLibError } from './support/FakeRfcSap.js';
import { MemoryGateway, sapTestContext } from './support/sapTestContext.js';

const layout = invoic02Layout();

function sapWithInvoices(invoices: Record<string, FixtureOptions>): FakeRfcSap {
  return new FakeRfcSap()
    .on('RFC_PING', () => ({}))
    .on('RFC_SYSTEM_INFO', () => ({ RFCSI_EXPORT: { RFCSYSID: 'PS4', RFCSAPRL: '756', RFCDBHOST: 'sapdb' } }))
    .on('IDOCTYPE_READ_COMPLETE', () => ({ PT_SEGMENTS: [], PT_FIELDS: [] }))
    .on('Z_KSEF_GET_PENDING', () => ({ ET_INVOICES: Object.keys(invoices).map((VBELN) => ({ VBELN, FKART: 'F2' })) }))
    .on('Z_KSEF_GET_INVOICE', (p) => {
      const idoc = invoic02({ ...invoices[String(p.IV_VBELN)], vbeln: String(p.IV_VBELN) });
      return { ES_IDOC_CONTROL: idoc.control, ET_IDOC_DATA: idocDataRecords(idoc, layout) };
    })
    .on('Z_KSEF_SET_RESULT', () => ({ ES_RETURN: { TYPE: 'S', MESSAGE: 'saved' } }));
}

async function adapterOver(sap: FakeRfcSap | (() => Promise<never>), gateway = new MemoryGateway()) {
  const ctx = sapTestContext({ rfc: { connection: { ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'KSEF_RFC' }, password: 'pw', retry: { initialDelayMs: 10, maxDelayMs: 10 } }, mapping: { taxCodes: { E0: '0 EX' } } }, gateway);
  const reports: string[] = [];
  const adapter = new SapAdapter({ ...ctx, health: { report: (s) => reports.push(`${s.status}: ${s.detail ?? ''}`) } }, await loadSapSetup(ctx.config), typeof sap === 'function' ? sap : async () => sap);
  await adapter.start();
  return { adapter, gateway, reports };
}

describe('SAP over RFC (behind the RfcConnection port)', () => {
  it('pulls pending billing documents as drafts from INVOIC02 data records and refuses one it cannot map through Z_KSEF_SET_RESULT', async () => {
    const sap = sapWithInvoices({ '0090000901': {}, '0090000902': { kind: 'intra-eu' } });
    const { adapter } = await adapterOver(sap);
    try {
      const documents = await adapter.poll();
      expect(documents.map((d) => d.erpId)).toEqual(['0090000901']);
      expect(documents[0].payload).toMatchObject({ format: 'draft', draft: { kind: 'VAT', number: '0090000901' } });
      expect(sap.callsOf('Z_KSEF_GET_PENDING')).toEqual([{ IV_MAX: 50 }]);
      await adapter.outbox.flush();
      const [refused] = sap.callsOf('Z_KSEF_SET_RESULT');
      expect(refused).toMatchObject({ IV_VBELN: '0090000902', IV_STATUS: 'E' });
      expect(String((refused.IT_MESSAGES as { MESSAGE: string }[])[0].MESSAGE)).toContain('GW_SAP_MAP_TAX_CODE_UNMAPPED');
      expect((await adapter.check()).detail).toContain('RFC PS4 release 756 on sapdb');
    } finally {
      await adapter.stop();
    }
    expect(sap.closed).toBe(true);
  });

  it('writes the KSeF number and the UPO back once, retrying after a dropped connection', async () => {
    const sap = sapWithInvoices({ '0090000911': {} });
    const { adapter } = await adapterOver(sap);
    try {
      await adapter.poll();
      sap.failures.set('Z_KSEF_SET_RESULT', [rfcLibError('RFC_COMMUNICATION_FAILURE', 'connection to partner broken')]);
      await adapter.deliver({ kind: 'accepted', documentId: 'd', erpId: '0090000911', ksefNumber: '5265877635-20260210-0100001AF629-AF', acquisitionDate: '2026-02-10T10:11:12Z', upoXml: '<UPO/>', invoiceHash: 'h', verificationUrl: 'v' });
      // the retry comes after the backoff (10 ms here), in this round or the next
      for (let i = 0; i < 200 && (await adapter.outbox.pending()).length > 0; i++) {
        await new Promise((r) => setTimeout(r, 20));
        await adapter.outbox.flush();
      }
      const calls = sap.callsOf('Z_KSEF_SET_RESULT');
      expect(calls).toHaveLength(2);
      expect(calls[1]).toMatchObject({ IV_VBELN: '0090000911', IV_STATUS: 'A', IV_KSEF_NUMBER: '5265877635-20260210-0100001AF629-AF', IV_KSEF_TS: '2026-02-10T10:11:12Z' });
      expect(Buffer.isBuffer(calls[1].IV_UPO) && calls[1].IV_UPO.toString('utf8')).toBe('<UPO/>');
      expect(await adapter.outbox.pending()).toEqual([]);
    } finally {
      await adapter.stop();
    }
  });

  it('keeps the other transports running and reports RFC down with what to install when node-rfc cannot load', async () => {
    const load = async (): Promise<NodeRfcModule> => { throw new Error('libsapnwrfc.so: cannot open shared object file: No such file or directory'); };
    await expect(openNodeRfc({ ashost: 'x' }, { timeoutSec: 5 }, load)).rejects.toThrow(RfcUnavailableError);
    await expect(openNodeRfc({ ashost: 'x' }, { timeoutSec: 5 }, load)).rejects.toThrow(/SAPNWRFC_HOME.*libsapnwrfc\.so/s);
    const { adapter, reports } = await adapterOver(() => openNodeRfc({ ashost: 'x' }, { timeoutSec: 5 }, load) as Promise<never>);
    try {
      expect(reports[0]).toMatch(/^down: RFC is configured but node-rfc cannot be loaded.*SAPNWRFC_HOME/);
      expect(await adapter.check()).toMatchObject({ status: 'down', detail: expect.stringContaining('SAPNWRFC_HOME') });
      expect(await adapter.poll()).toEqual([]);
    } finally {
      await adapter.stop();
    }
  });

  it('runs calls through a node-rfc pool, releasing the client, and turns node-rfc error objects into typed errors', async () => {
    const released: unknown[] = [];
    const client = {
      alive: true,
      async call(fm: string) {
        if (fm === 'Z_BROKEN') throw abapError('NOT_FOUND', 'Billing document not found');
        if (fm === 'Z_LOGON') throw rfcLibError('RFC_LOGON_FAILURE', 'Name or password is incorrect (repeat logon)', 3, 2);
        return { ECHO: fm };
      },
      ping: async () => true,
    };
    const module: NodeRfcModule = { Pool: class { async acquire() { return client; } async release(c: unknown) { released.push(c); } async closeAll() {} } };
    const rfc = await openNodeRfc({ ashost: 'x' }, { timeoutSec: 5 }, async () => module);
    expect(await rfc.call('Z_OK', {})).toEqual({ ECHO: 'Z_OK' });
    const notFound = await rfc.call('Z_BROKEN', {}).catch((e: unknown) => e);
    expect(notFound).toBeInstanceOf(RfcCallError);
    expect(notFound).toMatchObject({ kind: 'abap-exception', key: 'NOT_FOUND', transient: false });
    expect(await rfc.call('Z_LOGON', {}).catch((e: unknown) => e)).toMatchObject({ kind: 'logon', message: expect.stringContaining('Name or password is incorrect') });
    expect(released).toHaveLength(3);
  });
});

/** What SAP's inbound IDoc processing reads from an IDOC_INBOUND_ASYNCHRONOUS call: control and data records. */
function statusIdocOf(params: RfcObject): Idoc {
  const [control] = params.IDOC_CONTROL_REC_40 as Record<string, string>[];
  return readIdocRecords(control, params.IDOC_DATA_REC_40 as unknown as DataRecord[], IdocLayout.fromTable(STATUS_LAYOUT));
}

describe('status and results back over RFC for IDocs that came by HTTP or file', () => {
  async function adapterWithRfcBack(sap: FakeRfcSap) {
    const ctx = sapTestContext({
      rfc: { connection: { ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'KSEF_RFC' }, password: 'pw', pull: false },
      statusBack: { via: 'rfc', resultsOverRfc: true, retry: { initialDelayMs: 10, maxDelayMs: 10 } },
      mapping: { taxCodes: { A1: '23', A2: '8' } },
    }, new MemoryGateway());
    const adapter = new SapAdapter(ctx, await loadSapSetup(ctx.config), async () => sap);
    await adapter.start();
    return adapter;
  }
  async function drain(adapter: SapAdapter) {
    for (let i = 0; i < 200 && (await adapter.outbox.pending()).length > 0; i++) {
      await new Promise((r) => setTimeout(r, 20));
      await adapter.outbox.flush();
    }
    expect(await adapter.outbox.pending()).toEqual([]);
  }

  it('posts status 41 as a SYSTAT01 IDoc through IDOC_INBOUND_ASYNCHRONOUS, again after a dropped connection, and stores the UPO through Z_KSEF_SET_RESULT', async () => {
    const sap = sapWithInvoices({}).on('IDOC_INBOUND_ASYNCHRONOUS', () => ({}));
    const adapter = await adapterWithRfcBack(sap);
    try {
      await adapter.intake.take(writeIdocXml([invoic02({ docnum: '0000000000007001', vbeln: '0090007001' })]), 'http');
      sap.failures.set('IDOC_INBOUND_ASYNCHRONOUS', [rfcLibError('RFC_COMMUNICATION_FAILURE', 'connection to partner broken')]);
      await adapter.deliver({ kind: 'accepted', documentId: 'd', erpId: '0090007001', ksefNumber: '5265877635-20260210-0100001AF629-AF', acquisitionDate: '2026-02-10T10:11:12Z', upoXml: '<UPO>ż</UPO>', invoiceHash: 'h', verificationUrl: 'v' });
      await drain(adapter);
      const posts = sap.callsOf('IDOC_INBOUND_ASYNCHRONOUS');
      expect(posts).toHaveLength(2);
      expect(posts[1]).toEqual(posts[0]);
      const status = statusIdocOf(posts[1]);
      expect(status.control).toMatchObject({ TABNAM: 'EDI_DC40', DIRECT: '2', IDOCTYP: 'SYSTAT01', MESTYP: 'STATUS', RCVPOR: 'SAPPS4', RCVPRN: 'PS4CLNT100', SNDPRN: 'KSEFGW' });
      // SAP numbers the status IDoc itself: control and data records come without a DOCNUM of their own.
      expect(status.control.DOCNUM).toBeUndefined();
      expect(status.issues.filter((i) => i.severity === 'error' && i.code !== 'GW_SAP_IDOC_NO_DOCNUM')).toEqual([]);
      expect(status.segments[0]).toMatchObject({ name: 'E1STATS', fields: { DOCNUM: '0000000000007001', STATUS: '41', STAPA1: '5265877635-20260210-0100001AF629-AF', STAPA2: '2026-02-10T10:11:12Z', REFMES: '0090007001' } });
      const [result] = sap.callsOf('Z_KSEF_SET_RESULT');
      expect(result).toMatchObject({ IV_VBELN: '0090007001', IV_STATUS: 'A', IV_KSEF_NUMBER: '5265877635-20260210-0100001AF629-AF' });
      expect(Buffer.isBuffer(result.IV_UPO) && result.IV_UPO.toString('utf8')).toBe('<UPO>ż</UPO>');
      expect(sap.callsOf('Z_KSEF_SET_RESULT')).toHaveLength(1);
      expect(sap.callsOf('Z_KSEF_GET_PENDING')).toEqual([]);
      expect(await adapter.poll()).toEqual([]);
    } finally {
      await adapter.stop();
    }
  });

  it('posts status 40 with the located mapping error over RFC and records the refusal in ZKSEF_RESULT', async () => {
    const sap = sapWithInvoices({}).on('IDOC_INBOUND_ASYNCHRONOUS', () => ({}));
    const adapter = await adapterWithRfcBack(sap);
    try {
      const taken = await adapter.intake.take(writeIdocXml([invoic02({ docnum: '0000000000007002', vbeln: '0090007002', kind: 'export' })]), 'http');
      expect(taken).toMatchObject({ kind: 'taken', results: [{ state: 'refused' }] });
      await drain(adapter);
      const status = statusIdocOf(sap.callsOf('IDOC_INBOUND_ASYNCHRONOUS')[0]);
      const first = status.segments[0].fields;
      expect(first).toMatchObject({ DOCNUM: '0000000000007002', STATUS: '40', STATYP: 'E' });
      expect(`${first.STATXT}${first.STAPA1 ?? ''}${first.STAPA2 ?? ''}`.replace('&1&2&3&4', '')).toMatch(/^GW_SAP_MAP_TAX_CODE_UNMAPPED IDoc 0000000000007002, segment E1EDP04 \(SEGNUM \d{6}\), field MWSKZ/);
      expect(sap.callsOf('Z_KSEF_SET_RESULT')).toEqual([expect.objectContaining({ IV_VBELN: '0090007002', IV_STATUS: 'E' })]);
    } finally {
      await adapter.stop();
    }
  });

  it('refuses a configuration that sends status by RFC without an RFC connection, or by HTTP without a URL', () => {
    expect(() => sapConfigSchema.parse({ statusBack: { via: 'rfc' } })).toThrow(/needs the rfc connection/);
    expect(() => sapConfigSchema.parse({ statusBack: { resultsOverRfc: true, url: 'https://sap.example.com/sap/bc/idoc_xml' } })).toThrow(/needs the rfc connection/);
    expect(() => sapConfigSchema.parse({ statusBack: {} })).toThrow(/needs the url/);
  });
});

describe('doctor on the RFC path', () => {
  it('logs on, reads the system and its INVOIC02 layout, and closes again, without pulling anything', async () => {
    const sap = sapWithInvoices({ '0090000999': {} });
    const ctx = sapTestContext({ rfc: { connection: { ashost: '127.0.0.1', sysnr: '00', client: '100', user: 'KSEF_RFC' }, password: 'pw' } }, new MemoryGateway());
    const adapter = new SapAdapter(ctx, await loadSapSetup(ctx.config), async () => sap);
    expect(await adapter.diagnose()).toEqual({ status: 'up', detail: 'RFC PS4 release 756 on sapdb; INVOIC02 from IDOCTYPE_READ_COMPLETE: 0 segments; no status back (statusBack not set)' });
    expect(sap.calls.map((c) => c.fm)).toEqual(['RFC_PING', 'RFC_SYSTEM_INFO', 'IDOCTYPE_READ_COMPLETE']);
    expect(sap.closed).toBe(true);
    sap.failures.set('RFC_PING', [rfcLibError('RFC_LOGON_FAILURE', 'Name or password is incorrect (repeat logon)', 3, 2)]);
    expect(await adapter.diagnose()).toMatchObject({ status: 'down', detail: expect.stringContaining('Name or password is incorrect') });
  });
});
