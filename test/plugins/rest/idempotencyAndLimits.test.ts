import { readFa3 } from '../../../core/fa3/Fa3Reader.js';
import { invoiceXml } from '../../support/pipeline/invoiceXml.js';
import { NIP_A, startRest, type RestHarness } from './restHarness.js';

const uniq = () => `${Date.now()}-${Math.random().toString(36).slice(2, 8)}`;
const invoice = () => readFa3(invoiceXml({ sellerNip: NIP_A, number: `FV/I/${uniq()}` }));

describe('REST API: idempotency keys', () => {
  let h: RestHarness;
  let key: string;
  beforeAll(async () => {
    h = await startRest();
    key = await h.key([NIP_A]);
  });
  afterAll(async () => { await h.stop(); });

  const post = (idem: string, body: unknown, k = key) => h.call('/v1/invoices', { method: 'POST', key: k, json: body, headers: { 'idempotency-key': idem } });

  it('answers the same key with the same body with the first answer, marked as replayed', async () => {
    const body = { erpId: `I-${uniq()}`, invoice: invoice() };
    const idem = `k-${uniq()}`;
    const first = await post(idem, body);
    const again = await post(idem, body);
    expect([first.status, again.status]).toEqual([202, 202]);
    expect(await again.text()).toBe(await first.text());
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    expect(first.headers.get('idempotent-replayed')).toBeNull();
    expect(again.headers.get('location')).toBe(first.headers.get('location'));
  });

  it('refuses the same key with a different body (422) and keys of other API keys are their own', async () => {
    const idem = `k-${uniq()}`;
    expect((await post(idem, { erpId: `I-${uniq()}`, invoice: invoice() })).status).toBe(202);
    const other = await post(idem, { erpId: `I-${uniq()}`, invoice: invoice() });
    expect(other.status).toBe(422);
    expect((await other.json()).code).toBe('GW_REST_IDEMPOTENCY_KEY_REUSED');
    const secondKey = await h.key([NIP_A]);
    expect((await post(idem, { erpId: `I-${uniq()}`, invoice: invoice() }, secondKey)).status).toBe(202);
  });

  it('creates one document when two identical requests with one key arrive at once', async () => {
    const body = { erpId: `RACE-${uniq()}`, invoice: invoice() };
    const idem = `race-${uniq()}`;
    const answers = await Promise.all(Array.from({ length: 6 }, () => post(idem, body)));
    const texts = await Promise.all(answers.map((r) => r.text()));
    expect(answers.map((r) => r.status)).toEqual(Array(6).fill(202));
    expect(new Set(texts).size).toBe(1);
    expect(answers.filter((r) => r.headers.get('idempotent-replayed') === 'true')).toHaveLength(5);
    const docs = await h.app.store.listDocuments({ source: 'api', erpId: `${NIP_A}/${body.erpId}`, limit: 10 });
    expect(docs).toHaveLength(1);
  });

  it('creates one document for identical concurrent requests without a key too (the ERP id is the business key)', async () => {
    const body = { erpId: `RACE2-${uniq()}`, invoice: invoice() };
    const answers = await Promise.all(Array.from({ length: 4 }, () => h.call('/v1/invoices', { method: 'POST', key, json: body })));
    const ids = await Promise.all(answers.map(async (r) => (await r.json() as { id: string }).id));
    expect(new Set(ids).size).toBe(1);
    expect(answers.map((r) => r.status).sort()).toEqual([200, 200, 200, 202]);
  });

  it('keeps a 422 answer for its key as well, and refuses a malformed key', async () => {
    const idem = `bad-${uniq()}`;
    const body = { erpId: `I-${uniq()}`, invoice: { ...invoice(), Fa: { P_2: 'x' } } };
    const first = await post(idem, body);
    expect(first.status).toBe(422);
    const again = await post(idem, body);
    expect(again.status).toBe(422);
    expect(again.headers.get('idempotent-replayed')).toBe('true');
    const malformed = await post('x'.repeat(300), body);
    expect(malformed.status).toBe(422);
    expect((await malformed.json() as { errors: { pointer: string }[] }).errors[0].pointer).toBe('/headers/idempotency-key');
  });
});

describe('REST API: limits', () => {
  let h: RestHarness;
  let key: string;
  beforeAll(async () => {
    h = await startRest({ limits: { requestsPerSecond: 5, invoiceBytes: 20_000, attachmentBytes: 60_000 } });
    key = await h.key([NIP_A]);
  });
  afterAll(async () => { await h.stop(); });

  it('answers 413 for an invoice over the size limit and for a body over the transport limit', async () => {
    const big = invoiceXml({ sellerNip: NIP_A, number: `FV/BIG/${uniq()}`, lines: 100 });
    expect(Buffer.byteLength(big)).toBeGreaterThan(20_000);
    const res = await h.call(`/v1/invoices?erpId=BIG-${uniq()}`, { method: 'POST', key, headers: { 'content-type': 'application/xml' }, body: big });
    expect(res.status).toBe(413);
    expect((await res.json()).code).toBe('GW_REST_PAYLOAD_TOO_LARGE');
    const huge = await h.call(`/v1/invoices?erpId=HUGE-${uniq()}`, { method: 'POST', key, headers: { 'content-type': 'application/xml' }, body: 'x'.repeat(200_000) });
    expect(huge.status).toBe(413);
    expect(huge.headers.get('content-type')).toMatch(/problem\+json/);
  });

  it('answers 429 with Retry-After past the per-key rate, and other keys are not slowed', async () => {
    await new Promise((r) => setTimeout(r, 1100));
    const answers = await Promise.all(Array.from({ length: 8 }, () => h.call('/v1/invoices?limit=1', { key })));
    const limited = answers.filter((r) => r.status === 429);
    expect(limited.length).toBeGreaterThanOrEqual(3);
    expect(Number(limited[0].headers.get('retry-after'))).toBeGreaterThanOrEqual(1);
    expect((await limited[0].json()).code).toBe('GW_REST_RATE_LIMITED');
    const other = await h.key([NIP_A]);
    expect((await h.call('/v1/invoices?limit=1', { key: other })).status).toBe(200);
  });
});
