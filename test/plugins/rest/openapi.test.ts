import { NIP_A, startRest, type RestHarness } from './restHarness.js';

describe('REST API: OpenAPI document and docs page', () => {
  let h: RestHarness;
  beforeAll(async () => { h = await startRest(); });
  afterAll(async () => { await h.stop(); });

  it('serves an OpenAPI 3.1 document of every route, without a key', async () => {
    const res = await h.call('/v1/openapi.json');
    expect(res.status).toBe(200);
    const doc = await res.json() as { openapi: string; paths: Record<string, Record<string, { responses: Record<string, unknown> }>>; components: { schemas: Record<string, unknown>; securitySchemes: Record<string, unknown> } };
    expect(doc.openapi).toBe('3.1.0');
    const ops = Object.entries(doc.paths).flatMap(([p, methods]) => Object.keys(methods).map((m) => `${m.toUpperCase()} ${p}`)).sort();
    expect(ops).toEqual([
      'DELETE /v1/webhooks/{id}', 'GET /v1/contexts', 'GET /v1/invoices', 'GET /v1/invoices/{id}', 'GET /v1/invoices/{id}/upo',
      'GET /v1/invoices/{id}/xml', 'GET /v1/purchases', 'GET /v1/purchases/{ksefNumber}', 'GET /v1/purchases/{ksefNumber}/xml', 'GET /v1/webhooks', 'GET /v1/webhooks/{id}/deliveries', 'POST /v1/invoices', 'POST /v1/invoices/{id}/retry-delivery',
      'POST /v1/invoices:batch', 'POST /v1/webhooks', 'POST /v1/webhooks/{id}/redeliver', 'POST /v1/webhooks/{id}/rotate-secret',
    ].sort());
    expect(Object.keys(doc.components.schemas)).toEqual(expect.arrayContaining(['Problem', 'Invoice', 'InvoiceRequest', 'ApiError', 'Purchase']));
    expect(doc.paths['/v1/invoices'].post.responses).toHaveProperty('422');
    expect(doc.components.securitySchemes).toHaveProperty('apiKey');
  });

  it('serves a docs page whose every asset comes from the gateway itself', async () => {
    const page = await h.call('/docs');
    expect(page.status).toBe(200);
    const html = await page.text();
    const refs = [...html.matchAll(/(?:src|href)="([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThanOrEqual(3);
    for (const ref of refs) {
      expect(ref.startsWith('/')).toBe(true);
      const asset = await h.call(ref);
      expect(asset.status).toBe(200);
      expect((await asset.arrayBuffer()).byteLength).toBeGreaterThan(0);
    }
    expect(await (await h.call('/docs/init.js')).text()).toContain("'/v1/openapi.json'");
    expect((await h.call('/docs/..%2Fpackage.json')).status).toBe(404);
    expect((await h.call('/v1/invoices', { key: await h.key([NIP_A]) })).status).toBe(200);
  });
});
