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
import { SAMPLE_SELLER_NIP, sampleWithOwnNumber, uniqueP2 } from '../ksef/support/samples.js';
import { until } from '../ksef/support/until.js';
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
    const session = await seller.openOnlineSession();
    const xml = Buffer.from(sampleWithOwnNumber('FA_3_Przyklad_10.xml', uniqueP2('THIRD')));
    const { invoiceReferenceNumber } = await seller.sendOnlineInvoice(session, xml);
    await seller.closeOnlineSession(session);
    const st = await until(() => seller.getSessionInvoice(session.referenceNumber, invoiceReferenceNumber), (x) => x.status.code !== 100 && x.status.code !== 150);
    expect(st.status.code).toBe(200);
    await sleep(LAG + 50);
    const store = new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-')), 'g.sqlite'));
    const third = new KsefClient({ baseUrl: sim.baseUrl, contextNip: THIRD, authPollIntervalMs: 20, rateLimits: 'off',
      auth: new KsefTokenAuth(sim.createToken({ nip: THIRD, permissions: ['InvoiceRead'] }).token) });
    try {
      expect(await newSync(store, third).sync(THIRD, 'Subject3')).toMatchObject({ outcome: 'synced', received: 1 });
      const held = await store.listInvoices({ limit: 100 });
      expect(held.map((i) => [i.ksefNumber, i.subjectType, i.contextNip])).toEqual([[st.ksefNumber, 'Subject3', THIRD]]);
      expect((await store.getInvoice(st.ksefNumber!, THIRD))!.xml.equals(xml)).toBe(true);
      const got: InboundInvoice[] = [];
      await new PurchaseDelivery(store, () => [{ id: 'erp', receive: async (i) => { got.push(i); } }], { logger }).deliverDue();
      expect(got.map((i) => [i.ksefNumber, i.subjectRole])).toEqual([[st.ksefNumber, 'third-party']]);
      expect(got[0].metadata.thirdSubjects).toEqual([expect.objectContaining({ identifier: { type: 'Nip', value: THIRD } })]);
    } finally {
      await third.close();
      await store.close();
    }
  });
});
