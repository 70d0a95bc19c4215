import fc from 'fast-check';
import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { NIP_A, startRest, type RestHarness } from './restHarness.js';

const OK = new Set([200, 202, 400, 403, 413, 415, 422]);
let seq = 0;

interface Problem { status: number; code: string; errors?: { pointer?: string; xmlPath?: string }[] }

/** Every answer is an expected status; every error answer is problem+json; invoice errors are located. */
async function expectAnswered(res: Response, where: 'json' | 'xml'): Promise<void> {
  expect(OK.has(res.status)).toBe(true);
  if (res.status < 400) return;
  expect(res.headers.get('content-type')).toMatch(/^application\/problem\+json/);
  const p = await res.json() as Problem;
  expect(p.status).toBe(res.status);
  if (p.code === 'GW_REST_INVALID_INVOICE' || p.code === 'GW_REST_INVALID_REQUEST') {
    expect(p.errors!.length).toBeGreaterThan(0);
    for (const e of p.errors!) {
      if (where === 'json') expect(e.pointer ?? e.xmlPath).toBeDefined();
      else expect(e.xmlPath ?? e.pointer).toBeDefined();
    }
  }
}

describe('REST API under fuzzed bodies', () => {
  let h: RestHarness;
  let key: string;
  beforeAll(async () => {
    h = await startRest({ limits: { requestsPerSecond: 100_000 } });
    key = await h.key([NIP_A]);
  });
  afterAll(async () => {
    await h.stop();
    expect(h.logs()).not.toMatch(/"msg":"request failed"/);
  });

  it('answers any JSON value with a located problem, never a 500', async () => {
    await fc.assert(fc.asyncProperty(fc.jsonValue({ maxDepth: 4 }), async (body) => {
      await expectAnswered(await h.call('/v1/invoices', { method: 'POST', key, json: body }), 'json');
    }), { numRuns: 150 });
  });

  it('answers a real invoice with any one field replaced by any JSON value, never a 500', async () => {
    const base = readFa3(invoiceXml({ sellerNip: NIP_A, number: 'FV/FUZZ/1' })) as unknown as Record<string, unknown>;
    const paths: string[][] = [];
    const walk = (node: unknown, path: string[]): void => {
      if (node !== null && typeof node === 'object') for (const [k, v] of Object.entries(node)) walk(v, [...path, k]);
      else paths.push(path);
    };
    walk(base, []);
    await fc.assert(fc.asyncProperty(fc.constantFrom(...paths), fc.jsonValue({ maxDepth: 2 }), async (path, value) => {
      const invoice = structuredClone(base) as Record<string, unknown>;
      let node = invoice as Record<string, unknown>;
      for (const k of path.slice(0, -1)) node = node[k] as Record<string, unknown>;
      node[path.at(-1)!] = value;
      (invoice.Fa as Record<string, unknown>).P_2 = `FV/FUZZ/${(seq += 1)}-${Date.now()}`;
      await expectAnswered(await h.call('/v1/invoices?dryRun=true', { method: 'POST', key, json: { erpId: `F-${seq}`, invoice } }), 'json');
    }), { numRuns: 150 });
  });

  it('answers any text, and any cut or mangled FA(3) XML, as XML, never a 500', async () => {
    const xml = invoiceXml({ sellerNip: NIP_A, number: 'FV/FUZZX/1' });
    const mangled = fc.oneof(
      fc.string({ maxLength: 300 }),
      fc.nat({ max: xml.length }).map((n) => xml.slice(0, n)),
      fc.tuple(fc.nat({ max: xml.length - 1 }), fc.string({ minLength: 1, maxLength: 5 })).map(([i, s]) => xml.slice(0, i) + s + xml.slice(i + 1)),
      fc.constantFrom('<!DOCTYPE x [<!ENTITY a "aaaa">]><Faktura>&a;</Faktura>', '\uFEFF' + xml, xml.replace('UTF-8', 'ISO-8859-2')),
    );
    await fc.assert(fc.asyncProperty(mangled, async (body) => {
      await expectAnswered(await h.call(`/v1/invoices?dryRun=true&erpId=X-${(seq += 1)}`, { method: 'POST', key,
        headers: { 'content-type': 'application/xml' }, body }), 'xml');
    }), { numRuns: 150 });
  });

  it('answers fuzzed batches item by item, never a 500', async () => {
    const item = fc.record({ erpId: fc.string({ minLength: 1, maxLength: 20 }), invoice: fc.object({ maxDepth: 2 }) }, { requiredKeys: [] });
    await fc.assert(fc.asyncProperty(fc.array(fc.oneof(item, fc.jsonValue({ maxDepth: 2 })), { maxLength: 6 }), async (invoices) => {
      const res = await h.call('/v1/invoices:batch?dryRun=true', { method: 'POST', key, json: { invoices } });
      await expectAnswered(res, 'json');
      if (res.status === 200) {
        const { results } = await res.json() as { results: { status: number }[] };
        expect(results).toHaveLength(invoices.length);
        for (const r of results) expect(OK.has(r.status)).toBe(true);
      }
    }), { numRuns: 60 });
  });
});
