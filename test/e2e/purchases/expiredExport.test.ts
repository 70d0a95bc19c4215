import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pino } from 'pino';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { SqlitePurchaseStore } from '../../../adapters/sqlite-store/SqlitePurchaseStore.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { PurchaseDelivery } from '../../../core/purchases/PurchaseDelivery.js';
import { PurchaseSync } from '../../../core/purchases/PurchaseSync.js';
import { SAMPLE_SELLER_NIP } from '../ksef/support/samples.js';
import { issueInvoices } from './support/issueInvoices.js';

const BUYER = '1111111111';
const logger = pino({ level: 'silent' });
let sim: RunningSimulator;
let client: KsefClient;
let sent: Map<string, Buffer>;
const since = new Date(Date.now() - 60_000).toISOString();

beforeAll(async () => {
  // Packages of 4 invoices in parts of 3,000 bytes: every package has several parts, so one can expire between two.
  sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0, exportLimits: { maxInvoices: 4, maxPartBytes: 3000 } });
  const seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20,
    auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
  sent = await issueInvoices(seller, 10, 'EXPIRY');
  await seller.close();
  client = new KsefClient({ baseUrl: sim.baseUrl, contextNip: BUYER, auth: new KsefTokenAuth(sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token),
    authPollIntervalMs: 20, rateLimits: 'off', retry: { maxAttempts: 2, baseDelayMs: 20, maxDelayMs: 100 } });
}, 60_000);
afterAll(async () => {
  await client.close();
  await sim.close();
});
afterEach(() => sim.setFaults({}));

const newStore = (): SqlitePurchaseStore => new SqlitePurchaseStore(join(mkdtempSync(join(tmpdir(), 'gw-pur-exp-')), 'g.sqlite'));
const newSync = (store: SqlitePurchaseStore): PurchaseSync => new PurchaseSync(store, { forContext: async () => client }, {
  owner: 'test', consumers: () => ['erp'], initialSince: () => since, pollIntervalMs: 20, maxExportsPerRun: 8, logger,
});

/** Every invoice held once, byte for byte, and handed to the ERP once. */
async function expectEachOnce(store: SqlitePurchaseStore): Promise<void> {
  const held = await store.listInvoices({ limit: 1000 });
  expect(held.map((i) => i.ksefNumber).sort()).toEqual([...sent.keys()].sort());
  for (const [n, xml] of sent) expect((await store.getInvoice(n, BUYER))!.xml.equals(xml)).toBe(true);
  const got: string[] = [];
  const delivery = new PurchaseDelivery(store, () => [{ id: 'erp', receive: async (i) => { got.push(i.ksefNumber); } }], { logger });
  while ((await delivery.deliverDue()) > 0);
  expect(got.sort()).toEqual([...sent.keys()].sort());
  expect((await store.cursor(BUYER, 'Subject2'))!.received).toBe(sent.size);
}

describe('purchase sync: an export that expires before or during its download', () => {
  it('exports the range again when a package has expired by the time it is ready (210), and stores each invoice once', async () => {
    const store = newStore();
    const before = sim.exportsServed(BUYER).length;
    sim.setFaults({ exportExpiry: { afterParts: 0, exports: 1 } });
    try {
      const r = await newSync(store).sync(BUYER, 'Subject2');
      expect(r).toMatchObject({ outcome: 'synced', received: sent.size });
      const served = sim.exportsServed(BUYER).slice(before);
      expect(served[0]).toMatchObject({ expired: true, partsServed: 0 });
      // The export after the expired one covers the same range: what it and those after it served is every invoice.
      expect(r.exports).toBe(served.length);
      expect(new Set(served.slice(1).flatMap((e) => e.ksefNumbers))).toEqual(new Set(sent.keys()));
      await expectEachOnce(store);
      expect((await store.cursor(BUYER, 'Subject2'))!.lastError).toBeNull();
    } finally {
      await store.close();
    }
  });

  it('exports the range again when parts vanish mid-download, after some parts were fetched, and stores each invoice once', async () => {
    const store = newStore();
    const before = sim.exportsServed(BUYER).length;
    // The first package of the run and the one of the following export both expire after one part.
    sim.setFaults({ exportExpiry: { afterParts: 1, exports: 2 } });
    try {
      const r = await newSync(store).sync(BUYER, 'Subject2');
      expect(r).toMatchObject({ outcome: 'synced', received: sent.size });
      const served = sim.exportsServed(BUYER).slice(before);
      expect(served.slice(0, 2).map((e) => e.expired)).toEqual([true, true]);
      expect(served.slice(0, 2).every((e) => e.partsServed >= 1 && e.ksefNumbers.length > 0)).toBe(true);
      expect(served.slice(2).every((e) => !e.expired)).toBe(true);
      expect(new Set(served.slice(2).flatMap((e) => e.ksefNumbers))).toEqual(new Set(sent.keys()));
      await expectEachOnce(store);
    } finally {
      await store.close();
    }
  });

  it('gives up after the run\'s export limit when every package expires, keeps its cursor and says why; the next sync gets everything once', async () => {
    const store = newStore();
    sim.setFaults({ exportExpiry: { afterParts: 1 } });
    try {
      await expect(newSync(store).sync(BUYER, 'Subject2')).rejects.toMatchObject({ code: 'GW_KSEF_EXPORT_EXPIRED' });
      expect(await store.exportsSince(BUYER, 0)).toBe(8);
      expect(await store.listInvoices({ limit: 1000 })).toHaveLength(0);
      const cursor = await store.cursor(BUYER, 'Subject2');
      expect(cursor!.lastError).toMatch(/expired/);
      expect(cursor!.continueFrom ?? null).toBeNull();

      sim.setFaults({});
      expect(await newSync(store).sync(BUYER, 'Subject2')).toMatchObject({ outcome: 'synced', received: sent.size });
      await expectEachOnce(store);
    } finally {
      await store.close();
    }
  });
});
