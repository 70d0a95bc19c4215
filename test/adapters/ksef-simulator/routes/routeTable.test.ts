import { readFileSync } from 'node:fs';
import { Router } from '../../../../adapters/ksef-simulator/http/Router.js';
import { ROUTE_MODULES, type RouteDeps } from '../../../../adapters/ksef-simulator/routes/index.js';
import type { SimContext } from '../../../../adapters/ksef-simulator/SimContext.js';
import { OPENAPI_PATH } from '../../../support/sharedDir.js';

describe('simulator route table', () => {
  const router = new Router();
  // Registration only stores handlers; nothing touches the context until a request comes.
  for (const register of ROUTE_MODULES) register(router, {} as SimContext, {} as RouteDeps);
  const spec = JSON.parse(readFileSync(OPENAPI_PATH, 'utf8')) as { paths: Record<string, Record<string, unknown>> };

  it('serves only operations that openapi.json declares, under /v2', () => {
    const api = router.list().filter((r) => r.path.startsWith('/v2/'));
    expect(api.length).toBeGreaterThan(30);
    const unknown = api.filter((r) => !spec.paths[r.path.slice(3)]?.[r.method.toLowerCase()]).map((r) => `${r.method} ${r.path}`);
    expect(unknown).toEqual([]);
  });

  it('covers the operations the gateway uses', () => {
    const served = new Set(router.list().map((r) => `${r.method} ${r.path.slice(3)}`));
    const used = [
      'GET /security/public-key-certificates', 'POST /auth/challenge', 'POST /auth/ksef-token', 'GET /auth/{referenceNumber}',
      'POST /auth/token/redeem', 'POST /auth/token/refresh', 'GET /auth/sessions', 'POST /tokens', 'GET /tokens', 'GET /tokens/{referenceNumber}',
      'DELETE /tokens/{referenceNumber}', 'POST /sessions/online', 'POST /sessions/online/{referenceNumber}/invoices',
      'POST /sessions/online/{referenceNumber}/close', 'POST /sessions/batch', 'POST /sessions/batch/{referenceNumber}/close', 'GET /sessions',
      'GET /sessions/{referenceNumber}', 'GET /sessions/{referenceNumber}/invoices', 'GET /sessions/{referenceNumber}/invoices/failed',
      'GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}', 'GET /sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}/upo',
      'GET /sessions/{referenceNumber}/invoices/ksef/{ksefNumber}/upo', 'GET /sessions/{referenceNumber}/upo/{upoReferenceNumber}',
      'GET /invoices/ksef/{ksefNumber}', 'POST /invoices/query/metadata', 'GET /rate-limits', 'GET /limits/context', 'POST /testdata/attachment',
    ];
    expect(used.filter((u) => !served.has(u))).toEqual([]);
  });
});
