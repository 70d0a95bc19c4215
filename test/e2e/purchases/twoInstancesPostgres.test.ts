import { jest } from '@jest/globals';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { parse } from 'csv-parse/sync';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import type { InboundInvoice } from '../../../core/plugin-api/index.js';
import { CsvInbox } from '../../../plugins/csv/CsvInbox.js';
import { dropSchema, pgTestUrl, testSchemaName } from '../../adapters/postgres-store/pgTestSchema.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { SAMPLE_SELLER_NIP } from '../ksef/support/samples.js';
import { issueInvoices } from './support/issueInvoices.js';

const BUYER = '1111111111';
const until = async (check: () => Promise<boolean>, ms = 60_000): Promise<void> => {
  const end = Date.now() + ms;
  while (!(await check())) {
    if (Date.now() > end) throw new Error('condition not met in time');
    await new Promise((r) => setTimeout(r, 100));
  }
};

describe('purchases: two gateway instances on one PostgreSQL schema', () => {
  let sim: RunningSimulator;
  let seller: KsefClient;
  const schema = testSchemaName();
  const dir = mkdtempSync(join(tmpdir(), 'gw-pur-pg2-'));
  const apps: GatewayApp[] = [];
  const registers = ['a', 'b'].map((id) => join(dir, id, 'erp', 'out', 'purchases.csv'));

  /** One gateway instance: its own data directory and ERP folders, the shared schema, the same context and plugin id. */
  async function gateway(id: string, buyerToken: string, masterKey: string): Promise<GatewayApp> {
    const env: NodeJS.ProcessEnv = {
      ...process.env, KSEF_GATEWAY_DATA_DIR: join(dir, id, 'var'), KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '',
      KSEF_GATEWAY_MASTER_KEY: masterKey, KSEF_GATEWAY_PG_URL: pgTestUrl(), BUYER_TOKEN: buyerToken,
    };
    writeFileSync(join(dir, `${id}.yaml`), [
      `ksef: { baseUrl: "${sim.baseUrl}" }`,
      `contexts: [{ nip: "${BUYER}", credential: { kind: token, token: "\${BUYER_TOKEN}" } }]`,
      'admin: { enabled: false }',
      `store: { kind: postgres, url: "\${KSEF_GATEWAY_PG_URL}", schema: ${schema}, poolSize: 3 }`,
      `purchases: { enabled: true, since: "${new Date(Date.now() - 3600_000).toISOString()}" }`,
      `plugins: [{ use: csv, id: erp, options: { inbox: "${join(dir, id, 'erp', 'in')}" } }]`,
    ].join('\n'));
    const app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, `${id}.yaml`), env }), env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    apps.push(app);
    return app;
  }

  beforeAll(async () => {
    // Packages of 4 invoices: a sync chains several exports, so the two instances have many moments to collide.
    sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0, exportLimits: { maxInvoices: 4 } });
    seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20,
      auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
  }, 60_000);
  afterAll(async () => {
    for (const app of apps) await app.stop();
    await seller.close();
    await sim.close();
    await dropSchema(schema);
  });

  it('stores each invoice once and hands it to the ERP once, whichever instance syncs; KSeF served each, every export is in the shared budget', async () => {
    const receive = jest.spyOn(CsvInbox.prototype, 'receive');
    try {
      const sent = await issueInvoices(seller, 10, 'PG2');
      const token = sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token;
      const masterKey = randomBytes(32).toString('base64');
      const [a, b] = [await gateway('a', token, masterKey), await gateway('b', token, masterKey)];
      // Each runs its first scheduled sync as it starts (b while a's may still run), then both are asked to sync at once.
      await a.start();
      await b.start();
      const first = (await Promise.all([a.purchases.syncNow(), b.purchases.syncNow()])).flat();
      expect(first.map((r) => r.outcome).every((o) => o === 'synced' || o === 'locked')).toBe(true);

      // More invoices while both run; again both sync together.
      for (const [k, v] of await issueInvoices(seller, 6, 'PG2-MORE')) sent.set(k, v);
      let rounds = 0;
      await until(async () => {
        rounds++;
        await Promise.all([a.purchases.syncNow(), b.purchases.syncNow()]);
        return (await a.purchaseStore.listInvoices({ limit: 1000 })).length >= sent.size;
      });
      expect(rounds).toBeLessThan(10);
      await until(async () => Object.values(await a.purchaseStore.pendingDeliveries()).every((n) => n === 0));

      // The store: each invoice once, byte for byte; the cursor counted each once.
      const held = await b.purchaseStore.listInvoices({ limit: 1000 });
      expect(held.map((i) => i.ksefNumber).sort()).toEqual([...sent.keys()].sort());
      for (const [n, xml] of sent) expect((await a.purchaseStore.getInvoice(n, BUYER))!.xml.equals(xml)).toBe(true);
      expect((await a.purchaseStore.cursor(BUYER, 'Subject2'))!.received).toBe(sent.size);

      // What KSeF served: every invoice, in packages of exports each logged once in the shared budget.
      const served = sim.exportsServed(BUYER);
      expect(new Set(served.flatMap((e) => e.ksefNumbers))).toEqual(new Set(sent.keys()));
      const started = sim.requestsReceived().filter((r) => r.method === 'POST' && r.path.endsWith('/invoices/exports')).length;
      expect(await a.purchaseStore.exportsSince(BUYER, 0)).toBe(started);

      // What the ERP got: one receive call per invoice across both instances, and one register row per invoice.
      const calls = receive.mock.calls.map(([inv]) => (inv as InboundInvoice).ksefNumber);
      expect(calls.sort()).toEqual([...sent.keys()].sort());
      const rows = registers.filter((f) => existsSync(f))
        .flatMap((f) => (parse(readFileSync(f, 'utf8'), { delimiter: ';' }) as string[][]).slice(1).map((r) => r[0]));
      expect(rows.sort()).toEqual([...sent.keys()].sort());
    } finally {
      receive.mockRestore();
    }
  }, 180_000);
});
