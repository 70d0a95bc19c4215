import { AdminServer, type HealthReport } from '../../../core/admin/AdminServer.js';
import { PromMetrics } from '../../../core/admin/PromMetrics.js';

describe('AdminServer', () => {
  let server: AdminServer;
  let url: string;
  let health: HealthReport;
  const metrics = new PromMetrics({ processMetrics: false });

  beforeAll(async () => {
    server = new AdminServer({ host: '127.0.0.1', port: 0, registry: metrics.registry, health: async () => health });
    ({ url } = await server.listen());
  });
  afterAll(() => server.close());

  it('listens on loopback', () => {
    expect(url).toMatch(/^http:\/\/127\.0\.0\.1:\d+$/);
  });

  it('serves queue depth, accepted/rejected counts, KSeF latency, 429s and token status as Prometheus text', async () => {
    metrics.transition('5265877635', 'accepted');
    metrics.transition('5265877635', 'accepted');
    metrics.transition('5265877635', 'rejected');
    metrics.queueDepth([{ contextNip: '5265877635', state: 'queued', count: 7 }, { contextNip: null, state: 'invalid', count: 1 }]);
    metrics.queueDepth([{ contextNip: '5265877635', state: 'queued', count: 3 }]);
    metrics.ksefLatency('sendOnlineInvoice', 120, true);
    metrics.rateLimited('5265877635');
    metrics.credentialStatus('5265877635', 'revoked');
    const res = await fetch(`${url}/metrics`);
    expect(res.status).toBe(200);
    expect(res.headers.get('content-type')).toMatch(/^text\/plain/);
    const text = await res.text();
    expect(text).toContain('ksef_gateway_document_transitions_total{context="5265877635",state="accepted"} 2');
    expect(text).toContain('ksef_gateway_document_transitions_total{context="5265877635",state="rejected"} 1');
    expect(text).toContain('ksef_gateway_queue_depth{context="5265877635",state="queued"} 3');
    expect(text).not.toContain('state="invalid"} 1'); // the newer round replaced the older one
    expect(text).toContain('ksef_gateway_ksef_request_duration_seconds_bucket{le="0.25",operation="sendOnlineInvoice",ok="true"} 1');
    expect(text).toContain('ksef_gateway_ksef_rate_limited_total{context="5265877635"} 1');
    expect(text).toContain('ksef_gateway_credential_status{context="5265877635",status="revoked"} 1');
    expect(text).toContain('ksef_gateway_credential_status{context="5265877635",status="active"} 0');
  });

  it('answers /healthz 200 when up or degraded and 503 when down, with every check', async () => {
    health = { status: 'degraded', checks: { store: { status: 'up' }, 'plugin:inbox': { status: 'degraded', detail: 'slow' } } };
    let res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual(health);
    health = { status: 'down', checks: { store: { status: 'down', detail: 'disk full' } } };
    res = await fetch(`${url}/healthz`);
    expect(res.status).toBe(503);
    expect((await res.json()).checks.store.detail).toBe('disk full');
  });

  it('answers 404 for other paths and 405 for other methods', async () => {
    expect((await fetch(`${url}/documents`)).status).toBe(404);
    expect((await fetch(`${url}/metrics`, { method: 'POST' })).status).toBe(405);
  });
});

describe('AdminServer port', () => {
  it('names admin.port when the port is already taken', async () => {
    const first = new AdminServer({ host: '127.0.0.1', port: 0, registry: new PromMetrics({ processMetrics: false }).registry, health: async () => ({ status: 'up', checks: {} }) });
    const { url } = await first.listen();
    const second = new AdminServer({ host: '127.0.0.1', port: Number(new URL(url).port), registry: new PromMetrics({ processMetrics: false }).registry, health: async () => ({ status: 'up', checks: {} }) });
    try {
      await expect(second.listen()).rejects.toMatchObject({ code: 'GW_ADMIN_LISTEN', kind: 'config', location: 'admin.port' });
    } finally {
      await first.close();
    }
  });
});
