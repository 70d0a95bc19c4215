import { mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { startSimulator, type RunningSimulator } from '../../../adapters/ksef-simulator/startSimulator.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { GatewayApp } from '../../../core/di/GatewayApp.js';
import { KsefClient } from '../../../core/ksef/KsefClient.js';
import { KsefTokenAuth } from '../../../core/ksef/auth/KsefTokenAuth.js';
import { toInbound } from '../../../core/purchases/PurchaseDelivery.js';
import type { RestPlugin } from '../../../plugins/rest/RestPlugin.js';
import { dropSchema, pgTestUrl, testSchemaName } from '../../adapters/postgres-store/pgTestSchema.js';
import { SAMPLE_SELLER_NIP } from '../../e2e/ksef/support/samples.js';
import { issueInvoices } from '../../e2e/purchases/support/issueInvoices.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { eventually } from './restHarness.js';
import { startReceiver, verifyStandardWebhook } from './webhookReceiver.js';

const BUYER = '1111111111';
const OTHER = '5260250274';

interface Purchase { ksefNumber: string; context: string; subjectRole: string; invoiceNumber: string; sellerNip: string; invoiceHash: string; links: { xml: string }; metadata: Record<string, unknown> }

describe.each(['sqlite', 'postgres'] as const)('REST API: purchase invoices (%s store)', (storeKind) => {
  let sim: RunningSimulator;
  let seller: KsefClient;
  let app: GatewayApp;
  let rest: RestPlugin;
  let schema: string | undefined;
  const call = (path: string, key: string, init: RequestInit & { json?: unknown } = {}) => {
    const headers = new Headers(init.headers);
    headers.set('authorization', `Bearer ${key}`);
    if (init.json !== undefined) headers.set('content-type', 'application/json');
    return fetch(`${rest.url}${path}`, { ...init, headers, body: init.json !== undefined ? JSON.stringify(init.json) : init.body });
  };

  beforeAll(async () => {
    sim = await startSimulator({ rateLimits: 'off', processingDelayMs: 20, hwmLagMs: 0 });
    seller = new KsefClient({ baseUrl: sim.baseUrl, contextNip: SAMPLE_SELLER_NIP, authPollIntervalMs: 20,
      auth: new KsefTokenAuth(sim.createToken({ nip: SAMPLE_SELLER_NIP, permissions: ['InvoiceWrite'] }).token) });
    const dir = mkdtempSync(join(tmpdir(), 'gw-rest-pur-'));
    const env: NodeJS.ProcessEnv = {
      ...process.env, KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: '', KSEF_GATEWAY_MASTER_KEY: '',
      BUYER_TOKEN: sim.createToken({ nip: BUYER, permissions: ['InvoiceRead'] }).token,
    };
    const store: string[] = [];
    if (storeKind === 'postgres') {
      schema = testSchemaName();
      env.KSEF_GATEWAY_PG_URL = pgTestUrl();
      store.push(`store: { kind: postgres, url: "\${KSEF_GATEWAY_PG_URL}", schema: ${schema}, poolSize: 2 }`);
    }
    writeFileSync(join(dir, 'gw.yaml'), [
      `ksef: { baseUrl: "${sim.baseUrl}" }`,
      `contexts: [{ nip: "${BUYER}", credential: { kind: token, token: "\${BUYER_TOKEN}" } }, { nip: "${OTHER}" }]`,
      'admin: { enabled: false }',
      `purchases: { enabled: true, since: "${new Date(Date.now() - 3600_000).toISOString()}" }`,
      'plugins: [{ use: rest, id: api, options: { port: 0, webhooks: { pollMs: 50, firstRetryMs: 100 } } }]',
      ...store,
    ].join('\n'));
    app = await GatewayApp.create({ loaded: loadConfig({ file: join(dir, 'gw.yaml'), env }), env, logDestination: new Writable({ write(_c, _e, cb) { cb(); } }) });
    await app.start();
    rest = app.plugins.registry.adapter('api') as RestPlugin;
  }, 60_000);
  afterAll(async () => {
    await app.stop();
    await seller.close();
    await sim.close();
    if (schema) await dropSchema(schema);
  });

  it('lists, shows and serves byte for byte each received invoice, announces it once as purchase.received, and hides it from other contexts', async () => {
    const key = (await rest.keys.create({ name: 'erp', contexts: [BUYER], scope: 'read' })).key;
    const otherKey = (await rest.keys.create({ name: 'other', contexts: [OTHER], scope: 'read' })).key;
    const writeKey = (await rest.keys.create({ name: 'hooks', contexts: [BUYER], scope: 'write' })).key;
    const receiver = await startReceiver();
    try {
      const sub = await (await call('/v1/webhooks', writeKey, { method: 'POST', json: { url: receiver.url, events: ['purchase.received'] } })).json() as { secret: string };
      const sent = await issueInvoices(seller, 3, 'REST');
      await app.purchases.syncNow({ contexts: [BUYER] });
      await eventually(async () => ((await app.purchaseStore.pendingDeliveries()).api ? undefined : true));

      const first = await (await call('/v1/purchases?limit=2', key)).json() as { items: Purchase[]; next?: string };
      expect(first.items).toHaveLength(2);
      expect(first.next).toBeDefined();
      const second = await (await call(`/v1/purchases?limit=2&cursor=${first.next}`, key)).json() as { items: Purchase[]; next?: string };
      expect(second.next).toBeUndefined();
      const all = [...first.items, ...second.items];
      expect(all.map((p) => p.ksefNumber).sort()).toEqual([...sent.keys()].sort());
      for (const p of all) expect(p).toMatchObject({ context: BUYER, subjectRole: 'buyer', sellerNip: SAMPLE_SELLER_NIP, metadata: expect.objectContaining({ ksefNumber: p.ksefNumber }) });
      expect((await (await call(`/v1/purchases?context=${BUYER}&from=${encodeURIComponent(new Date(Date.now() + 60_000).toISOString())}`, key)).json() as { items: unknown[] }).items).toEqual([]);

      const [n, xml] = [...sent.entries()][0];
      const one = await call(`/v1/purchases/${n}`, key);
      expect(one.status).toBe(200);
      const view = await one.json() as Purchase;
      expect(view.ksefNumber).toBe(n);
      const bytes = await call(view.links.xml, key);
      expect(bytes.headers.get('content-type')).toMatch(/^application\/xml/);
      expect(Buffer.from(await bytes.arrayBuffer()).equals(xml)).toBe(true);

      expect((await call(`/v1/purchases/${n}`, otherKey)).status).toBe(404);
      expect((await call(`/v1/purchases/${n}/xml`, otherKey)).status).toBe(404);
      expect((await (await call('/v1/purchases', otherKey)).json() as { items: unknown[] }).items).toEqual([]);
      expect((await call(`/v1/purchases?context=${BUYER}`, otherKey)).status).toBe(403);

      await eventually(async () => (receiver.received.length >= 3 ? true : undefined));
      const announced = receiver.received.map((r) => {
        expect(verifyStandardWebhook(sub.secret, r.headers, r.body)).toBe(true);
        return JSON.parse(r.body) as { type: string; data: Purchase };
      });
      expect(announced.map((a) => a.type)).toEqual(['purchase.received', 'purchase.received', 'purchase.received']);
      expect(announced.map((a) => a.data.ksefNumber).sort()).toEqual([...sent.keys()].sort());

      // A redelivery (the gateway crashed before the acknowledgement) adds neither a list entry nor a webhook.
      await rest.receive(toInbound((await app.purchaseStore.getInvoice(n, BUYER))!));
      await new Promise((r) => setTimeout(r, 500));
      expect(receiver.received).toHaveLength(3);
      expect((await (await call('/v1/purchases', key)).json() as { items: unknown[] }).items).toHaveLength(3);
    } finally {
      await receiver.close();
    }
  }, 120_000);

  it('answers 404 for an unknown KSeF number and 422 for a malformed one', async () => {
    const key = (await rest.keys.create({ name: 'erp2', contexts: [BUYER], scope: 'read' })).key;
    expect((await call(`/v1/purchases/${SAMPLE_SELLER_NIP}-20260101-000000000000-00`, key)).status).toBe(404);
    expect((await call('/v1/purchases/not%20a%20number', key)).status).toBe(422);
  });
});
