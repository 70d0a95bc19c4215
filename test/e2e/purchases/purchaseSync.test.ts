import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqlitePurchaseStore } from '../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import type { InboundInvoice } from '../../../core/plugin-api/types.js';
import { PurchaseDelivery } from '../../../core/purchases/PurchaseDelivery.js';
import { PurchaseSync, type PurchaseSyncOptions } from '../../../core/purchases/PurchaseSync.js';
import { SAMPLE_SELLER_NIP, sampleWithOwnNumber } from '../ksef/support/samples.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { Fa3XsdValidator } from '../../../core/fa3/validation/Fa3XsdValidator.js';
import { issueInvoices } from './support/issueInvoices.js';

const BUYER = '1111111111';
const LAG = 400;
const logger = pino({ level: 'silent' });
let sim: RunningSimulator;
let seller: KsefClient;
let buyerToken: string;
const sent = new Map<string, Buffer>();
const since = new Date(Date.now() - 60_000).toISOString();
const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));

const buyerClient = (retries = 4): KsefClient => new KsefClient({ baseUrl: sim.baseUrl, contextNip: BUYER, auth: new KsefTokenAuth(buyerToken),
  authPollIntervalMs: 20, rateLimits: 'off', retry: { maxAttempts: retries, baseDelayMs: 20, maxDelayMs: 100 } });

function newSync(store: SqlitePurchaseStore, client: KsefClient, extra: Partial<PurchaseSyncOptions> = {}): PurchaseSync {
  return new PurchaseSync(store, { forContext: async () => client }, {
    owner: 'test', consumers: () => ['erp'], initialSince: () => since, pollIntervalMs: 20, maxExportsPerRun: 20, logger, ...extra,
  });
}

beforeAll(async () => {
  // Packages of 4 invoices: 10 invoices need three exports, chained through lastPermanentStorageDate.
  sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: LAG, exportLimits: { maxInvoices: 4 } });
  seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token), authPollIntervalMs: 20 });
  buyerToken = sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token;
  for (const [k, v] of await issueInvoices(seller, 10)) sent.set(k, v);
  await sleep(LAG + 50);
}, 60_000);
afterAll(async () => {
  await seller.close();
  await sim.close();
});

describe('purchase sync against the simulator', () => {
  it('receives every invoice issued to the context once, byte for byte, through truncated packages, and hands each to the plugin once', async () => {
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-')), 'g.sqlite'));
    const client = buyerClient();
    try {
      const result = await newSync(store, client).sync(BUYER, 'Subject2');
      expect(result).toMatchObject({ outcome: 'synced', received: 10 });
      expect(result.exports).toBeGreaterThanOrEqual(3);
      for (const [n, xml] of sent) expect((await store.getInvoice(n, BUYER))!.xml.equals(xml)).toBe(true);
      expect(await store.listInvoices({ limit: 100 })).toHaveLength(10);
      const got: InboundInvoice[] = [];
      const delivery = new PurchaseDelivery(store, () => [{ id: 'erp', receive: async (i) => { got.push(i); } }], { logger });
      expect(await delivery.deliverDue()).toBe(10);
      expect(await delivery.deliverDue()).toBe(0);
      expect(got.map((i) => i.ksefNumber).sort()).toEqual([...sent.keys()].sort());
      expect(got[0]).toMatchObject({ contextNip: BUYER, subjectRole: 'buyer', sellerNip: SAMPLE_SELLER_NIP });
      expect(got[0].xml).toBe(sent.get(got[0].ksefNumber)!.toString('utf8'));

      // Invoices stored after the HWM wait for the next sync; nothing is fetched twice.
      const late = await issueInvoices(seller, 2, 'LATE');
      const early = await newSync(store, client).sync(BUYER, 'Subject2');
      expect(early.received).toBe(0);
      await sleep(LAG + 50);
      expect((await newSync(store, client).sync(BUYER, 'Subject2')).received).toBe(2);
      for (const [k, v] of late) sent.set(k, v);
      expect(await store.listInvoices({ limit: 100 })).toHaveLength(sent.size);
      expect((await store.cursor(BUYER, 'Subject2'))!.received).toBe(sent.size);
    } finally {
      await client.close();
      await store.close();
    }
  });

  it('keeps its cursor when KSeF answers 429, and the next sync fetches everything once', async () => {
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-')), 'g.sqlite'));
    const client = buyerClient(1);
    sim.setRateLimits({ invoiceExport: { perSecond: 8, perMinute: 16, perHour: 1 } } as never);
    try {
      await expect(newSync(store, client).sync(BUYER, 'Subject2')).rejects.toMatchObject({ httpStatus: 429 });
      const cursor = await store.cursor(BUYER, 'Subject2');
      expect(cursor!.lastError).toMatch(/Przekroczono limit/);
      expect((await store.listInvoices({ limit: 100 })).length).toBeLessThan(sent.size);
      sim.setRateLimits('off');
      await newSync(store, client).sync(BUYER, 'Subject2');
      expect(new Set((await store.listInvoices({ limit: 100 })).map((i) => i.ksefNumber))).toEqual(new Set(sent.keys()));
      expect(await store.listInvoices({ limit: 100 })).toHaveLength(sent.size);
    } finally {
      sim.setRateLimits('off');
      await client.close();
      await store.close();
    }
  });

  it('brings a seller KSeF\'s copy of its own sales (Subject1), each once, handed over with the role seller', async () => {
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-')), 'g.sqlite'));
    const own = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20, rateLimits: 'off',
      auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceRead'] }).token) });
    try {
      const r = await newSync(store, own).sync(SAMPLE_SELLER_NIP, 'Subject1');
      expect(r).toMatchObject({ outcome: 'synced', received: sent.size });
      const held = await store.listInvoices({ contextNip: SAMPLE_SELLER_NIP, limit: 100 });
      expect(held.map((i) => i.ksefNumber).sort()).toEqual([...sent.keys()].sort());
      expect(held.every((i) => i.subjectType === 'Subject1')).toBe(true);
      for (const [n, xml] of sent) expect((await store.getInvoice(n, SAMPLE_SELLER_NIP))!.xml.equals(xml)).toBe(true);
      const got: InboundInvoice[] = [];
      await new PurchaseDelivery(store, () => [{ id: 'erp', receive: async (i) => { got.push(i); } }], { logger }).deliverDue();
      expect(got).toHaveLength(sent.size);
      expect(got.every((i) => i.subjectRole === 'seller' && i.contextNip === SAMPLE_SELLER_NIP)).toBe(true);
    } finally {
      await own.close();
      await store.close();
    }
  });

  it('stays inside the export budget of the hour, shared through the store', async () => {
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-')), 'g.sqlite'));
    const client = buyerClient();
    try {
      for (let i = 0; i < 19; i++) await store.logExport(BUYER, 'Subject1', `R${i}`, Date.now());
      const r = await newSync(store, client).sync(BUYER, 'Subject2');
      expect(r.exports).toBe(1);
      expect((await store.listInvoices({ limit: 100 })).length).toBe(4);
      expect(await newSync(store, client).sync(BUYER, 'Subject2')).toMatchObject({ outcome: 'no-budget', exports: 0 });
    } finally {
      await client.close();
      await store.close();
    }
  });

  it('brings a third party (Podmiot3) the invoices naming it (Subject3), and only those, handed over with the role third-party', async () => {
    const THIRD = '3333333333';
    const [[ksefNumber, xml]] = await issueInvoices(seller, 1, 'THIRD', (p2) => sampleWithOwnNumber('FA_3_Przyklad_10.xml', p2));
    await sleep(LAG + 50);
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-')), 'g.sqlite'));
    const third = new KsefClient({ baseUrl: sim.baseUrl, contextNip: THIRD, authPollIntervalMs: 20, rateLimits: 'off',
      auth: new KsefTokenAuth(sim.createToken({ nip: THIRD, permissions: ['InvoiceRead'] }).token) });
    try {
      expect(await newSync(store, third).sync(THIRD, 'Subject3')).toMatchObject({ outcome: 'synced', received: 1 });
      const held = await store.listInvoices({ limit: 100 });
      expect(held.map((i) => [i.ksefNumber, i.subjectType, i.contextNip])).toEqual([[ksefNumber, 'Subject3', THIRD]]);
      expect((await store.getInvoice(ksefNumber, THIRD))!.xml.equals(xml)).toBe(true);
      const got: InboundInvoice[] = [];
      await new PurchaseDelivery(store, () => [{ id: 'erp', receive: async (i) => { got.push(i); } }], { logger }).deliverDue();
      expect(got.map((i) => [i.ksefNumber, i.subjectRole])).toEqual([[ksefNumber, 'third-party']]);
      expect(got[0].metadata.thirdSubjects).toEqual([expect.objectContaining({ identifier: { type: 'Nip', value: THIRD } })]);
    } finally {
      await third.close();
      await store.close();
    }
  });

  it('brings the authorised subject (PodmiotUpowazniony) the invoices naming it (SubjectAuthorized), each once and only those, with authorizedSubject and the role authorized', async () => {
    const AUTH = '5555555555';
    const bailiff = (nip: string) => (p2: string) => Buffer.from(invoiceXml({ number: p2, authorizedSubject: { nip, name: `Komornik ${nip}`, role: 2 } }));
    const xsd = await Fa3XsdValidator.load(SCHEMAS_DIR);
    const named = await issueInvoices(seller, 3, 'AUTH', bailiff(AUTH));
    const other = await issueInvoices(seller, 1, 'AUTH-OTHER', bailiff('6666666666'));
    try {
      for (const x of [...named.values(), ...other.values()]) {
        expect(x.toString('utf8')).toContain(`<PodmiotUpowazniony>`);
        expect(xsd.validate(x)).toEqual([]);
      }
    } finally {
      xsd.dispose();
    }
    await sleep(LAG + 50);
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-')), 'g.sqlite'));
    const auth = new KsefClient({ baseUrl: sim.baseUrl, contextNip: AUTH, authPollIntervalMs: 20, rateLimits: 'off',
      auth: new KsefTokenAuth(sim.createToken({ nip: AUTH, permissions: ['InvoiceRead'] }).token) });
    const expected = { nip: AUTH, name: `Komornik ${AUTH}`, role: 2 };
    try {
      // The metadata query: exactly the invoices naming AUTH, each carrying authorizedSubject; as buyer it has none.
      const meta = await auth.queryInvoiceMetadata({ subjectType: 'SubjectAuthorized', dateRange: { dateType: 'PermanentStorage', from: since } }, { pageSize: 100 });
      expect(meta.invoices.map((i) => i.ksefNumber).sort()).toEqual([...named.keys()].sort());
      for (const i of meta.invoices) expect(i.authorizedSubject).toEqual(expected);
      expect((await auth.queryInvoiceMetadata({ subjectType: 'Subject2', dateRange: { dateType: 'PermanentStorage', from: since } })).invoices).toEqual([]);

      // The sync by export: what KSeF served is each named invoice once, and the store holds those bytes.
      expect(await newSync(store, auth).sync(AUTH, 'SubjectAuthorized')).toMatchObject({ outcome: 'synced', received: named.size });
      const served = sim.exportsServed(AUTH);
      expect(served.every((e) => e.subjectType === 'SubjectAuthorized')).toBe(true);
      expect(served.flatMap((e) => e.ksefNumbers).sort()).toEqual([...named.keys()].sort());
      const held = await store.listInvoices({ limit: 100 });
      expect(held.map((i) => [i.ksefNumber, i.subjectType, i.contextNip]).sort()).toEqual([...named.keys()].sort().map((n) => [n, 'SubjectAuthorized', AUTH]));
      for (const [n, x] of named) expect((await store.getInvoice(n, AUTH))!.xml.equals(x)).toBe(true);

      // The ERP adapter gets each once, with the export's _metadata.json entry; a second sync and delivery add nothing.
      const got: InboundInvoice[] = [];
      const delivery = new PurchaseDelivery(store, () => [{ id: 'erp', receive: async (i) => { got.push(i); } }], { logger });
      expect(await delivery.deliverDue()).toBe(named.size);
      expect((await newSync(store, auth).sync(AUTH, 'SubjectAuthorized')).received).toBe(0);
      expect(await delivery.deliverDue()).toBe(0);
      expect(got.map((i) => i.ksefNumber).sort()).toEqual([...named.keys()].sort());
      expect(got.every((i) => i.subjectRole === 'authorized' && i.contextNip === AUTH && i.sellerNip === SAMPLE_SELLER_NIP)).toBe(true);
      for (const i of got) expect(i.metadata.authorizedSubject).toEqual(expected);
      expect(got.map((i) => i.ksefNumber)).not.toContain([...other.keys()][0]);
    } finally {
      await auth.close();
      await store.close();
    }
  });
});
