import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { mkdirSync, mkdtempSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { KsefReachability } from '../../../core/admin/KsefReachability.js';
import { loadConfig } from '../../../core/config/loadConfig.js';
import { DEMO_NIP, GatewayApp } from '../../../core/di/GatewayApp.js';
import { DocumentIntakeToken } from '../../../core/plugins/DocumentIntake.js';
import { SCHEMAS_DIR } from '../../support/sharedDir.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { runCli } from '../../support/runCli.js';

const sink = () => new Writable({ write(_c, _e, cb) { cb(); } });

describe('KSeF reachability for /healthz', () => {
  it('is up while KSeF answers, degraded naming the URL once it stops, and probes at most once per interval', async () => {
    let requests = 0;
    const server = createServer((req, res) => {
      requests += 1;
      res.writeHead(req.url === '/v2/security/public-key-certificates' ? 200 : 404, { 'content-type': 'application/json' }).end('[]');
    });
    await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
    const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}/v2`;
    let now = 1_000_000;
    const ksef = new KsefReachability(() => base, { ttlMs: 10_000, timeoutMs: 2_000, now: () => now });
    expect(await ksef.check()).toEqual({ status: 'up', detail: base });
    now += 5_000;
    expect((await ksef.check()).status).toBe('up');
    expect(requests).toBe(1);
    server.closeAllConnections();
    await new Promise((r) => server.close(r));
    now += 10_000;
    const down = await ksef.check();
    expect(down.status).toBe('degraded');
    expect(down.detail).toContain(`unreachable, documents wait in the outbox: ${base}`);
  });
});

describe('a failing outcome delivery', () => {
  it('shows in /healthz (degraded, with the reason) and in `status`, next to KSeF reachable', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'gw-failing-delivery-'));
    const inbox = join(dir, 'in');
    mkdirSync(inbox);
    const config = join(dir, 'gw.yaml');
    writeFileSync(config, [
      'ksef: { simulator: { enabled: true, rateLimits: "off" } }',
      'admin: { port: 0 }',
      'scheduler: { batchMaxWaitMs: 0 }',
      `plugins: [{ use: folder-inbox, id: erp, options: { inbox: ${JSON.stringify(inbox)} }, pollIntervalMs: 100 }]`,
    ].join('\n'));
    const env = { KSEF_GATEWAY_DATA_DIR: dir, KSEF_SCHEMAS_DIR: SCHEMAS_DIR, KSEF_GATEWAY_CONFIG: config, KSEF_GATEWAY_LOG_LEVEL: 'silent' };
    const app = await GatewayApp.create({ loaded: loadConfig({ file: config, env }), env, logDestination: sink() });
    let health: { status: string; checks: Record<string, { status: string; detail?: string }> } | undefined;
    try {
      // Submitted by an ERP instance that is no longer in the config: its outcome has nowhere to go.
      await app.container.get(DocumentIntakeToken).submit('old-erp', { erpId: 'FV-LOST', payload: { format: 'fa3-xml', xml: invoiceXml({ sellerNip: DEMO_NIP, number: `FV/LOST/${Date.now()}` }) } });
      await app.start();
      const fresh = await (await fetch(`${app.adminUrl}/healthz`)).json() as NonNullable<typeof health>;
      expect(fresh.checks.ksef).toEqual({ status: 'up', detail: app.simulator!.baseUrl });
      for (let i = 0; i < 300 && (await app.store.failingDeliveries(1)).count === 0; i += 1) await new Promise((r) => setTimeout(r, 100));
      health = await (await fetch(`${app.adminUrl}/healthz`)).json() as typeof health;
    } finally {
      await app.stop();
    }
    expect(health!.status).toBe('degraded');
    expect(health!.checks.deliveries.status).toBe('degraded');
    expect(health!.checks.deliveries.detail).toMatch(/^1 outcome\(s\) not taken by their plugin; latest: FV-LOST \(plugin old-erp, \d+ attempt\(s\)\): No ERP adapter instance "old-erp" is loaded/);

    const { out, code } = await runCli(['status'], env);
    expect(code).toBe(0);
    expect(out).toMatch(/Outcome deliveries failing: 1 outcome\(s\) not taken by their plugin/);
    expect(out).toMatch(/\S+\s+FV-LOST\s+old-erp\s+\d+\s+\d{4}-\d\d-\d\dT\S+\s+No ERP adapter instance "old-erp" is loaded/);
    const json = JSON.parse((await runCli(['status', '--json'], env)).out) as { failingDeliveries: { count: number } };
    expect(json.failingDeliveries.count).toBe(1);
  });
});
