import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { assertRequestConforms, assertResponseConforms, resolvePathTemplate } from './openapiConformance.js';
import { KSEF_DIR } from './sharedDir.js';

const EXAMPLES_DIR = join(KSEF_DIR, 'api-examples');
/**
 * MF's own examples that break MF's own schema: Base64 fields abbreviated to "...", a 10-char Peppol id against
 * `^P[A-Z]{2}[0-9]{6}$`, a 440 item without the required invoiceHash, a VAT-UE id outside its pattern.
 */
const KNOWN_BAD_EXAMPLES = [
  'GET_peppol_query.response.200.json',
  'GET_security_public-key-certificates.response.200.json',
  'GET_sessions_referenceNumber_invoices_invoiceReferenceNumber.response.200.json',
  'POST_auth_ksef-token.request.json',
  'POST_permissions_query_eu-entities_grants.request.json',
  'POST_sessions_online_referenceNumber_invoices.request.json',
];

/** `POST_sessions_online_referenceNumber_invoices.response.202.json` -> method, path template, kind, status. */
function parseExampleName(file: string): { method: string; path: string; kind: string; status?: number } | undefined {
  const m = /^(GET|POST|DELETE|PUT)_(.+?)\.(request|response)(?:\.(\d{3}))?(?:\.examples)?\.json$/.exec(file);
  if (!m) return undefined;
  const underscored = m[2];
  return { method: m[1], path: underscored, kind: m[3], status: m[4] ? Number(m[4]) : undefined };
}

describe('openapiConformance', () => {
  it('resolves concrete paths, prefers literal segments and strips /v2 and the query', () => {
    expect(resolvePathTemplate('GET', 'http://127.0.0.1:1234/v2/sessions/20250625-SO-2C3E6C8000-B675CF5D68-07?x=1'))
      .toBe('/sessions/{referenceNumber}');
    expect(resolvePathTemplate('GET', '/v2/sessions/R/invoices/failed')).toBe('/sessions/{referenceNumber}/invoices/failed');
    expect(resolvePathTemplate('GET', '/sessions/R/invoices/I')).toBe('/sessions/{referenceNumber}/invoices/{invoiceReferenceNumber}');
    expect(resolvePathTemplate('POST', '/v2/sessions/online')).toBe('/sessions/online');
    expect(() => resolvePathTemplate('GET', '/v2/no/such/thing')).toThrow(/no operation/);
  });

  it('accepts the example payloads of the spec', () => {
    const templatesByKey = new Map<string, string>();
    const spec = JSON.parse(readFileSync(join(KSEF_DIR, 'openapi.json'), 'utf8')) as { paths: Record<string, unknown> };
    for (const t of Object.keys(spec.paths)) templatesByKey.set(t.replace(/[{}]/g, '').split('/').filter(Boolean).join('_'), t);
    let checked = 0;
    const failures: string[] = [];
    for (const file of readdirSync(EXAMPLES_DIR)) {
      const parsed = parseExampleName(file);
      if (!parsed || file.includes('.examples.')) continue;
      const template = templatesByKey.get(parsed.path);
      if (!template) continue;
      const body = JSON.parse(readFileSync(join(EXAMPLES_DIR, file), 'utf8')) as unknown;
      const ct = parsed.status === 410 ? 'application/problem+json' : 'application/json';
      try {
        if (parsed.kind === 'request') assertRequestConforms(parsed.method, template, body);
        else assertResponseConforms(parsed.method, template, parsed.status!, body, ct);
        checked++;
      } catch {
        failures.push(file);
      }
    }
    expect(failures).toEqual(KNOWN_BAD_EXAMPLES);
    expect(checked).toBeGreaterThan(40);
  });

  it('rejects a response missing a required property, naming it', () => {
    expect(() => assertResponseConforms('POST', '/v2/sessions/online/X/invoices', 202, {})).toThrow(/referenceNumber/);
  });

  it('accepts null for nullable properties and rejects it for the others', () => {
    const base = {
      ordinalNumber: 1, referenceNumber: '20250625-EE-319D7EE000-B67F415CDC-2C', invoiceHash: 'A'.repeat(43) + '=',
      invoicingDate: '2025-07-11T12:23:56.0154302+00:00', status: { code: 100, description: 'x' },
    };
    const path = '/sessions/R/invoices/I';
    assertResponseConforms('GET', path, 200, { ...base, ksefNumber: null, invoicingMode: null, upoDownloadUrl: null });
    expect(() => assertResponseConforms('GET', path, 200, { ...base, invoicingDate: null })).toThrow(/invoicingDate/);
  });

  it('rejects undeclared statuses and bodies for bodiless operations', () => {
    expect(() => assertResponseConforms('POST', '/auth/challenge', 418, {})).toThrow(/not declared/);
    expect(() => assertRequestConforms('POST', '/auth/challenge', { a: 1 })).toThrow(/takes no body/);
    expect(() => assertRequestConforms('POST', '/auth/ksef-token', { Challenge: 'x' })).toThrow(/challenge/);
  });

  it('checks problem details by content type', () => {
    const problem = { title: 'Forbidden', status: 403, detail: 'x', reasonCode: 'missing-permissions', timestamp: '2025-01-01T00:00:00Z' };
    assertResponseConforms('GET', '/sessions', 403, problem, 'application/problem+json; charset=utf-8');
    expect(() => assertResponseConforms('GET', '/sessions', 403, problem, 'text/plain')).toThrow(/content type/);
  });
});
